"""Multibase (base58btc ``z``, base64url ``u``) and unsigned-varint helpers.

Decoding is strict (W3C Controlled Identifiers §2.4, "Multibase"; RFC 4648 §5): a ``u`` value
is base64url *without padding*, every character in ``A-Z a-z 0-9 - _``, and canonical (the
unused bits of the last character are zero), so exactly one text decodes to given bytes; a ``z``
value uses only the base58btc alphabet. Anything else raises ``ValueError``: Python's
``base64.urlsafe_b64decode`` alone silently skips characters outside the alphabet.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = [
    "b58decode",
    "b58encode",
    "b64url_decode",
    "b64url_encode",
    "multibase_decode",
    "multibase_encode_b58",
    "multibase_encode_b64url",
]

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
_B64URL = re.compile(r"[A-Za-z0-9_-]*\Z")


def b58encode(data: bytes) -> str:
    """Encode bytes as base58btc (Bitcoin alphabet)."""
    zeros = len(data) - len(data.lstrip(b"\0"))
    num = int.from_bytes(data, "big")
    out = []
    while num:
        num, rem = divmod(num, 58)
        out.append(_ALPHABET[rem])
    return "1" * zeros + "".join(reversed(out))


#: Longest base58 text decoded (decoding is quadratic in the length): 4 KiB of output.
MAX_B58_CHARS = 5600


def b58decode(text: str) -> bytes:
    """Decode base58btc.

    Raises:
        ValueError: on a character outside the alphabet, or a text over ``MAX_B58_CHARS``.
    """
    if len(text) > MAX_B58_CHARS:
        raise ValueError("base58 text is too long")
    num = 0
    for ch in text:
        try:
            num = num * 58 + _INDEX[ch]
        except KeyError:
            raise ValueError(f"invalid base58 character {ch!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = num.to_bytes((num.bit_length() + 7) // 8, "big") if num else b""
    return b"\0" * zeros + body


def multibase_encode_b58(data: bytes) -> str:
    """Multibase base58btc: ``z`` + base58btc."""
    return "z" + b58encode(data)


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 4648 §5), as JOSE and multibase ``u`` use it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def multibase_encode_b64url(data: bytes) -> str:
    """Multibase base64url without padding: ``u`` + base64url."""
    return "u" + b64url_encode(data)


def b64url_decode(text: str) -> bytes:
    """Decode base64url without padding, strictly (RFC 4648 §5, canonical per §3.5).

    Raises:
        ValueError: on padding, a character outside ``A-Z a-z 0-9 - _``, an impossible length
            or non-zero unused bits in the last character.
    """
    if not isinstance(text, str) or not _B64URL.match(text):
        raise ValueError("invalid base64url: only A-Z a-z 0-9 - _ and no padding are allowed")
    if len(text) % 4 == 1:
        raise ValueError("invalid base64url: impossible length")
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except binascii.Error as exc:  # not reachable after the checks above; kept strict
        raise ValueError("invalid base64url") from exc
    if base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii") != text:
        raise ValueError("invalid base64url: non-zero unused bits (not canonical)")
    return data


def multibase_decode(value: str) -> bytes:
    """Decode a ``z`` (base58btc) or ``u`` (base64url, no padding) multibase string.

    Raises:
        ValueError: on an unsupported prefix or an invalid encoding.
    """
    if not isinstance(value, str) or len(value) < 2:
        raise ValueError("multibase value must be a non-empty string")
    prefix, body = value[0], value[1:]
    if prefix == "z":
        return b58decode(body)
    if prefix == "u":
        return b64url_decode(body)
    raise ValueError(f"unsupported multibase prefix {prefix!r}")
