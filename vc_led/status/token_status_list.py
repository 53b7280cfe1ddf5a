"""IETF Token Status List (draft-ietf-oauth-status-list-21, JWT form): the status list, the
``statuslist+jwt`` Status List Token, and a status provider over such tokens.

-21 is the latest revision at writing; what is implemented here reads the same in -20 (which
``docs/standards.md`` summarises) and in -14 (the revision HAIP 1.0 pins). The draft's ``iss``
rule (equal to the referenced token's ``iss`` when that has one) and the ``aggregation_uri``
member are left to the caller: the token's other claims are not interpreted.

A status list (§4) packs one ``bits``-wide status per referenced token (``bits`` is 1, 2, 4 or
8) into bytes, least significant bits first (index 0 is in the low bits of byte 0), compresses
it with ZLIB (RFC 1950, level 9 as the draft's examples) and base64url-encodes it without
padding: ``{"bits": 2, "lst": "eNo76fITAAPfAgc"}``. Decoding is bounded like
:mod:`vc_led.status.bitstring`: the text is checked against the bound first and decompression
stops one byte past it (``status.list_too_large``).

The token (§5) is a compact JWS with header ``typ: statuslist+jwt`` and claims ``sub`` (the
list URI), ``iat``, optional ``exp`` and ``ttl``, and ``status_list``; it is signed with a key
certified by an ``x5c`` chain (HAIP) or a configured key. Status values (§7): 0 VALID,
1 INVALID, 2 SUSPENDED; 3 and 0x0C-0x0F are application specific and any other value is
unassigned: both give ``indeterminate`` with ``status.unknown_value`` (fail closed).
"""

from __future__ import annotations

from ._token_list import (
    BITS,
    MEDIA_TYPE,
    TYP,
    StatusArray,
    StatusListToken,
    TokenStatus,
    TokenStatusError,
    build_status_list_token,
    decode_status_list,
    encode_status_list,
    read_status_list_token,
)
from ._token_provider import TokenStatusProvider

__all__ = [
    "BITS",
    "MEDIA_TYPE",
    "TYP",
    "StatusArray",
    "StatusListToken",
    "TokenStatus",
    "TokenStatusError",
    "TokenStatusProvider",
    "build_status_list_token",
    "decode_status_list",
    "encode_status_list",
    "read_status_list_token",
]
