"""The bundle members for SD-JWT VCs (format 2, vocabulary :data:`BUNDLE_CONTEXT_V2`):

- ``x509TrustAnchors``: the registry's X.509 trust anchors for ``x5c`` chains, each standard
  base64 DER (as in ``x5c``), without PEM armour;
- ``tokenStatusLists``: Status List Tokens (``statuslist+jwt``, draft-ietf-oauth-status-list-21),
  compact JWS text, at most one per list URI (``sub``);
- ``jwtVcIssuerMetadata``: JWT VC Issuer Metadata documents (draft-ietf-oauth-sd-jwt-vc-19
  §4: ``issuer`` and ``jwks`` inline; ``jwks_uri`` needs a network and is refused).

Each is a JSON literal (``@json``) of the signed bundle, so the registry's proof covers it.
Reading checks that each decodes (a certificate, a token with a ``sub``, public JWKs); the
tokens' signatures are checked when a status is decided, at the verification time.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..jose import JoseError, parse_public_jwk, public_key_of_jwk
from ..keys import PublicKey
from ..status._token_provider import _sub_of
from ..status.token_status_list import TokenStatusError
from ._errors import BundleError, BundleErrorCode
from ._format import MAX_DOCUMENTS

__all__ = [
    "ANCHORS",
    "METADATA",
    "TOKENS",
    "anchors_member",
    "metadata_member",
    "read_anchors",
    "read_metadata",
    "read_tokens",
    "tokens_member",
]

ANCHORS = "x509TrustAnchors"
TOKENS = "tokenStatusLists"
METADATA = "jwtVcIssuerMetadata"
_MAX_ANCHORS = 100
_MAX_CERT_CHARS = 16_000
_MAX_KEYS = 100


def _content(message: str) -> BundleError:
    return BundleError(BundleErrorCode.CONTENT_INVALID, message)


def _list(value: Any, what: str, most: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > most:
        raise _content(f"{what} must be a list of at most {most} entries")
    return value


def read_anchors(value: Any) -> tuple[x509.Certificate, ...]:
    """The certificates of ``x509TrustAnchors`` (absent: none).

    Raises:
        BundleError: ``bundle.content_invalid`` for an entry that is not a base64 DER
            certificate, or one listed twice.
    """
    certs: list[x509.Certificate] = []
    for item in _list(value, ANCHORS, _MAX_ANCHORS):
        if not isinstance(item, str) or len(item) > _MAX_CERT_CHARS:
            raise _content(f"every entry of {ANCHORS} must be a base64 DER certificate")
        try:
            cert = x509.load_der_x509_certificate(base64.b64decode(item, validate=True))
        except (ValueError, binascii.Error):
            raise _content(f"an entry of {ANCHORS} is not a certificate") from None
        if cert in certs:
            raise _content(f"{ANCHORS} lists a certificate twice")
        certs.append(cert)
    return tuple(certs)


def read_tokens(value: Any) -> dict[str, str]:
    """List URI (``sub``) -> Status List Token, from ``tokenStatusLists`` (absent: none).

    Raises:
        BundleError: ``bundle.content_invalid`` for an entry that is not a token with a
            readable ``sub``, or two tokens for one URI.
    """
    tokens: dict[str, str] = {}
    for item in _list(value, TOKENS, MAX_DOCUMENTS):
        try:
            sub = _sub_of(item)
        except TokenStatusError:
            raise _content(f"an entry of {TOKENS} is not a Status List Token with a sub") from None
        if sub in tokens:
            raise _content(f"{TOKENS} has two tokens for {sub[:120]!r}")
        tokens[sub] = item
    return tokens


def _keys_of(entry: Mapping[str, Any]) -> tuple[PublicKey, ...]:
    jwks = entry.get("jwks")
    keys = jwks.get("keys") if isinstance(jwks, Mapping) else None
    if not isinstance(keys, list) or not keys or len(keys) > _MAX_KEYS:
        raise _content(f"every entry of {METADATA} needs jwks with keys inline")
    try:
        return tuple(public_key_of_jwk(parse_public_jwk(k)) for k in keys)
    except JoseError:
        raise _content(f"a key of {METADATA} is not a supported public JWK") from None


def read_metadata(value: Any) -> dict[str, tuple[PublicKey, ...]]:
    """``issuer`` -> its public keys, from ``jwtVcIssuerMetadata`` (absent: none).

    Raises:
        BundleError: ``bundle.content_invalid`` for an entry without an ``issuer`` or inline
            public keys (private members, other curves), or one issuer listed twice.
    """
    out: dict[str, tuple[PublicKey, ...]] = {}
    for entry in _list(value, METADATA, MAX_DOCUMENTS):
        issuer = entry.get("issuer") if isinstance(entry, Mapping) else None
        if not isinstance(issuer, str) or not issuer:
            raise _content(f"every entry of {METADATA} must be an object with an issuer")
        if issuer in out:
            raise _content(f"{METADATA} lists {issuer[:120]!r} twice")
        out[issuer] = _keys_of(entry)
    return out


def anchors_member(anchors: Iterable[x509.Certificate]) -> list[str]:
    """The ``x509TrustAnchors`` value of certificates (standard base64 DER)."""
    return [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in anchors]


def tokens_member(tokens: Iterable[str | bytes]) -> list[str]:
    """The ``tokenStatusLists`` value (checked by :func:`read_tokens`).

    Raises:
        BundleError: ``bundle.content_invalid`` (see :func:`read_tokens`).
    """
    listed = [t.decode() if isinstance(t, bytes) else t for t in tokens]
    read_tokens(listed)
    return listed


def metadata_member(metadata: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ``jwtVcIssuerMetadata`` value (checked by :func:`read_metadata`).

    Raises:
        BundleError: ``bundle.content_invalid`` (see :func:`read_metadata`).
    """
    listed = [dict(m) for m in metadata]
    read_metadata(listed)
    return listed
