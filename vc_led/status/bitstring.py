"""The Bitstring Status List bitstring (W3C Bitstring Status List 1.0, §2.2, §3.3, §3.4) — hazmat.

A pure data structure: bits, MSB first (index 0 is the left-most bit of the first byte), one
bit per entry (``statusSize`` 1), encoded as GZIP then multibase base64url without padding
(``u`` prefix). Decoding is bounded: the compressed text and the decompressed size are capped
(a small ``encodedList`` cannot expand into gigabytes), and trailing or truncated GZIP data is
refused. Nothing here decides whether a list may be trusted; see
:class:`vc_led.ListStatusProvider` and :class:`vc_led.OnlineStatusProvider`.
"""

from __future__ import annotations

import base64
import zlib

from .._multibase import b64url_decode
from ..errors import InputError

__all__ = [
    "DEFAULT_MAX_DECODED_BYTES",
    "MIN_ENTRIES",
    "Bitstring",
    "BitstringDecodeError",
    "BitstringTooLargeError",
]

#: Minimum number of entries of a status list (herd privacy; the spec's 16 KB).
MIN_ENTRIES = 131_072

#: Largest decompressed bitstring accepted by :meth:`Bitstring.decode` (128 Mi entries).
DEFAULT_MAX_DECODED_BYTES = 16 * 1024 * 1024

_GZIP_WBITS = 16 + zlib.MAX_WBITS  # a GZIP (RFC 1952) wrapper, not zlib or raw deflate
_LEGACY_PREFIX = "H4sI"  # base64url of the GZIP magic 1f 8b 08: StatusList2021 had no multibase


class BitstringDecodeError(InputError):
    """An ``encodedList`` that is not multibase base64url GZIP, or that exceeds the bounds."""


class BitstringTooLargeError(BitstringDecodeError):
    """An ``encodedList`` whose text or decompressed bitstring exceeds ``max_decoded_bytes``
    (found before it is decoded, or as soon as decompression passes the bound)."""


class Bitstring:
    """A fixed-length bitstring, MSB first.

    Args:
        length: number of bits (entries); a multiple of 8, at least 8.

    Raises:
        ValueError: for a length that is not a positive multiple of 8.
    """

    __slots__ = ("_bits",)

    def __init__(self, length: int = MIN_ENTRIES) -> None:
        if length <= 0 or length % 8:
            raise ValueError("bitstring length must be a positive multiple of 8")
        self._bits = bytearray(length // 8)

    @classmethod
    def from_bytes(cls, data: bytes) -> Bitstring:
        """A bitstring over a copy of ``data`` (its first byte holds indexes 0..7).

        Raises:
            ValueError: for empty data.
        """
        if not data:
            raise ValueError("bitstring must not be empty")
        out = cls(8)
        out._bits = bytearray(data)
        return out

    def __len__(self) -> int:
        return len(self._bits) * 8

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bitstring) and self._bits == other._bits

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Bitstring(length={len(self)}, set={self.count()})"

    def _locate(self, index: int) -> tuple[int, int]:
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError("index must be an int")
        if not 0 <= index < len(self):
            raise IndexError(f"index {index} outside 0..{len(self) - 1}")
        return index >> 3, 0x80 >> (index & 7)

    def get(self, index: int) -> bool:
        """The bit at ``index``.

        Raises:
            IndexError: when ``index`` is outside the bitstring.
        """
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        """Set (or clear, with ``value=False``) the bit at ``index``.

        Raises:
            IndexError: when ``index`` is outside the bitstring.
        """
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def count(self) -> int:
        """How many bits are set."""
        return sum(bin(b).count("1") for b in self._bits if b)

    def to_bytes(self) -> bytes:
        """The raw, uncompressed bytes."""
        return bytes(self._bits)

    def copy(self) -> Bitstring:
        """An independent copy."""
        return Bitstring.from_bytes(bytes(self._bits))

    def encode(self) -> str:
        """The ``encodedList`` value: ``u`` + base64url-no-pad(GZIP(bits)).

        Deterministic (no timestamp, compression level 6): it reproduces the spec's example
        for an all-zero 16 KB list byte for byte.
        """
        compressor = zlib.compressobj(6, zlib.DEFLATED, _GZIP_WBITS)
        packed = compressor.compress(bytes(self._bits)) + compressor.flush()
        return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")

    @classmethod
    def decode(
        cls, encoded: str, *, max_decoded_bytes: int = DEFAULT_MAX_DECODED_BYTES
    ) -> Bitstring:
        """Decode an ``encodedList``.

        Accepts the multibase form (``u`` prefix) and, because it cannot be confused with it,
        the StatusList2021 form without a prefix (it always starts ``H4sI``, the GZIP magic);
        any other prefix is refused.

        Args:
            encoded: the ``encodedList`` text.
            max_decoded_bytes: the largest decompressed size accepted.

        Returns:
            The bitstring.

        Raises:
            BitstringDecodeError: on a bad prefix, bad base64url, bad or trailing GZIP data,
                an empty list or one larger than ``max_decoded_bytes``.
        """
        packed = _unbase(encoded, max_decoded_bytes)
        return cls.from_bytes(_gunzip(packed, max_decoded_bytes))


def _unbase(encoded: object, max_decoded_bytes: int) -> bytes:
    if not isinstance(encoded, str) or not encoded:
        raise BitstringDecodeError("encodedList must be a non-empty string")
    if encoded.startswith("u"):
        body = encoded[1:]
    elif encoded.startswith(_LEGACY_PREFIX):
        body = encoded
    else:
        raise BitstringDecodeError("encodedList must be multibase base64url ('u' prefix)")
    # deflate never expands by more than ~0.1% plus headers: a longer text cannot be in bounds
    if len(body) > (max_decoded_bytes + max_decoded_bytes // 512 + 1024) * 4 // 3:
        raise BitstringTooLargeError(f"encodedList is too long for {max_decoded_bytes} bytes")
    try:
        return b64url_decode(body)  # strict: alphabet, no padding, canonical
    except ValueError as exc:
        raise BitstringDecodeError("encodedList is not base64url without padding") from exc


def _gunzip(packed: bytes, max_decoded_bytes: int) -> bytes:
    if not packed.startswith(b"\x1f\x8b"):
        raise BitstringDecodeError("encodedList is not GZIP data")
    inflater = zlib.decompressobj(_GZIP_WBITS)
    try:
        data = inflater.decompress(packed, max_decoded_bytes + 1)
    except zlib.error as exc:
        raise BitstringDecodeError("encodedList is not valid GZIP data") from exc
    if len(data) > max_decoded_bytes or inflater.unconsumed_tail:
        raise BitstringTooLargeError(f"status list is larger than {max_decoded_bytes} bytes")
    if not inflater.eof:
        raise BitstringDecodeError("encodedList GZIP data is truncated")
    if inflater.unused_data:
        raise BitstringDecodeError("encodedList has data after the GZIP stream")
    if not data:
        raise BitstringDecodeError("status list is empty")
    return data
