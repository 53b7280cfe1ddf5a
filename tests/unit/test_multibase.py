"""Strict multibase decoding (issue 11): base64url ``u`` and base58btc ``z`` accept exactly
their alphabets, ``u`` without padding and canonical (RFC 4648 §3.5, §5)."""

from __future__ import annotations

import os

import pytest

from vc_led._multibase import (
    b64url_decode,
    multibase_decode,
    multibase_encode_b58,
    multibase_encode_b64url,
)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 31, 32, 33, 64])
def test_round_trip_both_bases(size):
    data = os.urandom(size)
    assert b64url_decode(multibase_encode_b64url(data)[1:]) == data
    if size:  # a multibase value needs at least one character after the prefix
        assert multibase_decode(multibase_encode_b64url(data)) == data
        assert multibase_decode(multibase_encode_b58(data)) == data


@pytest.mark.parametrize(
    "value",
    [
        "uAA!!AA",  # the reported junk: Python's urlsafe_b64decode skips it
        "uAA AA",
        "uAA\nAA",
        "uAA.AA",
        "uAAÀA",
        "uAA+A",  # base64 (not url) alphabet
        "uAA/A",
        "uAAE=",  # padding
        "uAAE==",
        "uAAAAA",  # length 5: impossible (4n+1)
        "uAB",  # non-zero unused bits: "AA" is the canonical text of b"\0"
        "uAAF",  # non-zero unused bits in a 2-byte group
        "z0OIl",  # characters outside base58btc
        "z1 2",
        "z3!",
        "u",
        "z",
        "",
        "mAAEC",  # base64 with padding prefix: unsupported
    ],
)
def test_junk_is_refused(value):
    with pytest.raises(ValueError):
        multibase_decode(value)


def test_canonical_texts_decode():
    assert multibase_decode("uAA") == b"\0"
    assert multibase_decode("uAAE") == b"\0\1"
    assert multibase_decode("uAAEC") == b"\0\1\2"
    assert multibase_decode("u-_8") == b"\xfb\xff"
    assert b64url_decode("") == b""


def test_non_string_is_refused():
    with pytest.raises(ValueError):
        b64url_decode(b"AAEC")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        multibase_decode(None)  # type: ignore[arg-type]
