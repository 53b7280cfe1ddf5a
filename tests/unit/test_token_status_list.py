"""IETF Token Status List: encoding, the draft's examples, the token and its refusals."""

from __future__ import annotations

import json
import random
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from vc_led._multibase import b64url_decode, b64url_encode
from vc_led._time import MAX_CLOCK_SKEW
from vc_led.keys import KeyPair, KeyType
from vc_led.results import ErrorCode
from vc_led.status.token_status_list import (
    MEDIA_TYPE,
    TYP,
    StatusArray,
    TokenStatus,
    TokenStatusError,
    build_status_list_token,
    decode_status_list,
    encode_status_list,
    read_status_list_token,
)
from vc_led.x509 import issue_leaf, make_root_ca, x5c_of

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "ietf-status-list" / "vectors.json"
URI = "https://registry.led.example/tsl/1"
T0 = datetime(2026, 3, 1, tzinfo=UTC)
NOW = T0 + timedelta(hours=1)
MAX = 1 << 20


def _vectors() -> list[dict[str, Any]]:
    return list(json.loads(VECTORS.read_text(encoding="utf-8"))["vectors"])


def test_constants_and_status_values() -> None:
    assert (MEDIA_TYPE, TYP) == ("application/statuslist+jwt", "statuslist+jwt")
    assert [int(s) for s in TokenStatus] == [0, 1, 2]


@pytest.mark.parametrize("vector", _vectors(), ids=lambda v: v["name"])
def test_the_drafts_examples_decode(vector: dict[str, Any]) -> None:
    array = decode_status_list({"bits": vector["bits"], "lst": vector["lst"]}, max_bytes=MAX)
    assert array.bits == vector["bits"]
    if "bytes" in vector:
        assert array.data.hex() == vector["bytes"]
        statuses = vector["statuses"]
        assert [array.get(i) for i in range(len(statuses))] == statuses
        # level 9, as the draft recommends: our encoding is the draft's, byte for byte
        assert encode_status_list(statuses, bits=vector["bits"])["lst"] == vector["lst"]
    else:
        assert array.size == vector["size"]
        assert any(array.get(i) for i in range(array.size))


@pytest.mark.parametrize("bits", [1, 2, 4, 8])
def test_round_trip_for_every_width(bits: int) -> None:
    rng = random.Random(bits)
    values = [rng.randrange(1 << bits) for _ in range(1000)]
    encoded = encode_status_list(values, bits=bits)
    assert encoded["bits"] == bits
    array = decode_status_list(encoded, max_bytes=MAX)
    assert array.size == 1000 * bits // 8 * 8 // bits
    assert [array.get(i) for i in range(1000)] == values


def test_entries_are_packed_least_significant_bits_first() -> None:
    data = zlib.decompress(
        b64url_decode(encode_status_list([1, 0, 0, 0, 0, 0, 0, 0], bits=1)["lst"])
    )
    assert data == b"\x01"
    data = zlib.decompress(b64url_decode(encode_status_list([0, 0, 0, 2], bits=2)["lst"]))
    assert data == b"\x80"


def test_status_array_is_frozen_and_bounds_its_index() -> None:
    array = StatusArray(bits=2, data=b"\x00")
    assert array.size == 4
    with pytest.raises(IndexError):
        array.get(4)
    with pytest.raises(IndexError):
        array.get(-1)
    with pytest.raises(AttributeError):
        array.bits = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("values", "bits"), [([0], 3), ([0], 16), ([], 2), ([4], 2), ([-1], 2), ([True], 1)]
)
def test_encoding_refuses_bad_widths_and_values(values: list[int], bits: int) -> None:
    with pytest.raises(TokenStatusError) as info:
        encode_status_list(values, bits=bits)
    assert info.value.code is ErrorCode.STATUS_LIST_INVALID


def _zlib_lst(data: bytes) -> str:
    return b64url_encode(zlib.compress(data, 9))


@pytest.mark.parametrize(
    "status_list",
    [
        [],
        {"bits": 3, "lst": _zlib_lst(b"\x00")},
        {"bits": "2", "lst": _zlib_lst(b"\x00")},
        {"bits": 2},
        {"bits": 2, "lst": ""},
        {"bits": 2, "lst": "eNo76fITAAPfAgc="},  # padding
        {"bits": 2, "lst": "eNo7+fITAAPfAgc"},  # not base64url
        {"bits": 2, "lst": b64url_encode(b"not zlib")},
        {"bits": 2, "lst": _zlib_lst(b"")},  # empty
        {"bits": 2, "lst": b64url_encode(zlib.compress(b"\x01", 9)[:-2])},  # truncated
        {"bits": 2, "lst": b64url_encode(zlib.compress(b"\x01", 9) + b"x")},  # trailing
        {"bits": 2, "lst": b64url_encode(zlib.compress(b"\x01", 9, wbits=31))},  # gzip
    ],
)
def test_decoding_refuses_malformed_lists(status_list: Any) -> None:
    with pytest.raises(TokenStatusError) as info:
        decode_status_list(status_list, max_bytes=MAX)
    assert info.value.code is ErrorCode.STATUS_LIST_INVALID


def test_decoding_is_bounded_while_decompressing() -> None:
    bomb = _zlib_lst(bytes(MAX + 1))  # a few KB of text, one byte over the bound inflated
    assert len(bomb) < 3000
    with pytest.raises(TokenStatusError) as info:
        decode_status_list({"bits": 1, "lst": bomb}, max_bytes=MAX)
    assert info.value.code is ErrorCode.STATUS_LIST_TOO_LARGE
    assert (
        decode_status_list({"bits": 1, "lst": _zlib_lst(bytes(MAX))}, max_bytes=MAX).size == MAX * 8
    )


def test_a_text_too_long_for_the_bound_is_refused_before_decoding() -> None:
    with pytest.raises(TokenStatusError) as info:
        decode_status_list({"bits": 1, "lst": "A" * 3000}, max_bytes=1000)
    assert info.value.code is ErrorCode.STATUS_LIST_TOO_LARGE


# --- the token ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pki() -> dict[str, Any]:
    ca_key, signer = KeyPair.generate(KeyType.P256), KeyPair.generate(KeyType.P256)
    root = make_root_ca(
        name="LED test root", key=ca_key, not_before=T0, not_after=T0 + timedelta(days=3650)
    )
    leaf = issue_leaf(
        ca=root, ca_key=ca_key, subject_key=signer.public, name="LED status", not_before=T0,
        not_after=T0 + timedelta(days=365), uri="https://registry.led.example",
    )  # fmt: skip
    return {"root": root, "signer": signer, "x5c": x5c_of([leaf, root])}


def _token(pki: dict[str, Any], **overrides: Any) -> str:
    args: dict[str, Any] = {
        "uri": URI, "values": [0, 1, 2, 3], "key": pki["signer"], "issued_at": T0,
        "expires_at": T0 + timedelta(days=1), "ttl": 3600, "x5c": pki["x5c"],
    }  # fmt: skip
    return build_status_list_token(**{**args, **overrides})


def _parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


def test_the_token_has_the_drafts_header_and_claims(pki: dict[str, Any]) -> None:
    header, claims = _parts(_token(pki, kid="k1"))
    assert header == {"typ": "statuslist+jwt", "x5c": pki["x5c"], "kid": "k1", "alg": "ES256"}
    assert claims["sub"] == URI
    assert claims["iat"] == int(T0.timestamp())
    assert claims["exp"] == int((T0 + timedelta(days=1)).timestamp())
    assert claims["ttl"] == 3600
    assert claims["status_list"] == encode_status_list([0, 1, 2, 3])
    _, bare = _parts(_token(pki, expires_at=None, ttl=None, x5c=()))
    assert set(bare) == {"sub", "iat", "status_list"}


def test_read_through_the_x5c_chain(pki: dict[str, Any]) -> None:
    token = read_status_list_token(_token(pki), uri=URI, now=NOW, anchors=[pki["root"]])
    assert (token.uri, token.issued_at, token.ttl) == (URI, T0, 3600)
    assert token.expires_at == T0 + timedelta(days=1)
    assert [token.array.get(i) for i in range(4)] == [0, 1, 2, 3]
    assert token.san_uris == ("https://registry.led.example",)


@pytest.mark.parametrize("key_type", list(KeyType))
def test_read_with_a_configured_key(key_type: KeyType) -> None:
    signer, other = KeyPair.generate(key_type), KeyPair.generate(key_type)
    text = build_status_list_token(uri=URI, values=[1], key=signer, issued_at=T0, bits=1)
    token = read_status_list_token(text, uri=URI, now=NOW, keys=[other.public, signer.public])
    assert token.array.get(0) == TokenStatus.INVALID


def _forge(header: dict[str, Any], claims: dict[str, Any], signer: KeyPair) -> str:
    protected = b64url_encode(json.dumps(header).encode())
    payload = b64url_encode(json.dumps(claims).encode())
    signature = b64url_encode(signer.sign(f"{protected}.{payload}".encode()))
    return f"{protected}.{payload}.{signature}"


def _claims(**overrides: Any) -> dict[str, Any]:
    base = {"sub": URI, "iat": int(T0.timestamp()), "status_list": encode_status_list([0])}
    return {k: v for k, v in {**base, **overrides}.items() if v is not None}


def _refused(text: str, pki: dict[str, Any], **kwargs: Any) -> ErrorCode:
    args: dict[str, Any] = {"uri": URI, "now": NOW, "keys": [pki["signer"].public], **kwargs}
    with pytest.raises(TokenStatusError) as info:
        read_status_list_token(text, **args)
    return info.value.code


def test_refusals_of_the_header(pki: dict[str, Any]) -> None:
    s = pki["signer"]
    unverifiable, invalid = ErrorCode.STATUS_LIST_UNVERIFIABLE, ErrorCode.STATUS_LIST_INVALID
    assert _refused(_forge({"alg": "none", "typ": TYP}, _claims(), s), pki) is unverifiable
    assert _refused(_forge({"alg": "HS256", "typ": TYP}, _claims(), s), pki) is unverifiable
    assert _refused(_forge({"alg": "ES256", "typ": "JWT"}, _claims(), s), pki) is invalid
    assert _refused(_forge({"alg": "ES256"}, _claims(), s), pki) is invalid
    crit = {"alg": "ES256", "typ": TYP, "crit": ["x"], "x": 1}
    assert _refused(_forge(crit, _claims(), s), pki) is invalid
    assert _refused("a.b", pki) is invalid
    ok = {"alg": "ES256", "typ": MEDIA_TYPE}  # the full media type is the same typ
    assert read_status_list_token(_forge(ok, _claims(), s), uri=URI, now=NOW, keys=[s.public])


def test_refusals_of_the_signature(pki: dict[str, Any]) -> None:
    text = _token(pki, x5c=())
    stranger = KeyPair.generate(KeyType.P256)
    unverifiable = ErrorCode.STATUS_LIST_UNVERIFIABLE
    assert _refused(text, pki, keys=[stranger.public]) is unverifiable
    assert _refused(text, pki, keys=[]) is unverifiable
    assert _refused(text, pki, keys=[KeyPair.generate(KeyType.ED25519).public]) is unverifiable
    head, _payload, sig = text.split(".")
    tampered = _parts(text)[1] | {"status_list": encode_status_list([0, 0, 0, 0])}
    forged = f"{head}.{b64url_encode(json.dumps(tampered).encode())}.{sig}"
    assert _refused(forged, pki) is unverifiable


def test_an_untrusted_or_expired_chain_is_unverifiable(pki: dict[str, Any]) -> None:
    other_key = KeyPair.generate(KeyType.P256)
    other_root = make_root_ca(
        name="other", key=other_key, not_before=T0, not_after=T0 + timedelta(days=9)
    )
    with pytest.raises(TokenStatusError) as info:
        read_status_list_token(_token(pki), uri=URI, now=NOW, anchors=[other_root])
    assert info.value.code is ErrorCode.STATUS_LIST_UNVERIFIABLE
    assert info.value.details["certificate_code"] == ErrorCode.PROOF_CERTIFICATE_UNTRUSTED.value
    late = T0 + timedelta(days=400)
    text = _token(pki, expires_at=None)
    with pytest.raises(TokenStatusError) as info:
        read_status_list_token(text, uri=URI, now=late, anchors=[pki["root"]])
    assert info.value.details["certificate_code"] == ErrorCode.PROOF_CERTIFICATE_EXPIRED.value


def test_refusals_of_the_claims(pki: dict[str, Any]) -> None:
    s, header = pki["signer"], {"alg": "ES256", "typ": TYP}
    invalid = ErrorCode.STATUS_LIST_INVALID

    def code(**claims: Any) -> ErrorCode:
        return _refused(_forge(header, _claims(**claims), s), pki)

    assert code(sub="https://elsewhere.example/tsl/1") is invalid
    assert code(iat="2026-03-01") is invalid
    assert code(ttl=0) is invalid
    assert code(ttl="60") is invalid
    assert code(exp=True) is invalid
    assert code(status_list={"bits": 2}) is invalid
    assert code(status_list="x") is invalid
    future = int((NOW + MAX_CLOCK_SKEW + timedelta(seconds=1)).timestamp())
    assert code(iat=future) is ErrorCode.STATUS_LIST_NOT_YET_VALID
    skewed = _forge(header, _claims(iat=int((NOW + MAX_CLOCK_SKEW).timestamp())), s)
    assert read_status_list_token(skewed, uri=URI, now=NOW, keys=[s.public])
    with pytest.raises(TokenStatusError) as info:
        read_status_list_token(skewed, uri=URI, now=NOW, keys=[s.public], clock_skew=timedelta(0))
    assert info.value.code is ErrorCode.STATUS_LIST_NOT_YET_VALID
    assert code(exp=int(NOW.timestamp())) is ErrorCode.STATUS_STALE
    claims = _claims()
    claims.pop("iat")
    assert _refused(_forge(header, claims, s), pki) is invalid


def test_a_too_large_list_in_a_token(pki: dict[str, Any]) -> None:
    text = _token(pki, values=[0] * 80_000, x5c=())
    assert _refused(text, pki, max_bytes=10_000) is ErrorCode.STATUS_LIST_TOO_LARGE


def test_building_refuses_bad_arguments(pki: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="ttl"):
        _token(pki, ttl=0)
    with pytest.raises(ValueError, match="expires_at"):
        _token(pki, expires_at=T0)
    with pytest.raises(TokenStatusError):
        _token(pki, bits=3)
