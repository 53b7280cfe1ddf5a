"""Fuzzing the verifier's input parsing (hypothesis, bounded): whatever the bytes, verification
returns a result with stable codes and never raises (STYLE.md rule 2).

Each test is bounded in examples and has no deadline; together they run in well under a
minute. A failure prints the shrunk input to reproduce it.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vc_led import ErrorCode, Limits, VerificationPolicy, VerificationResult, Verifier
from vc_led._jsontext import loads_bounded, text_depth
from vc_led.errors import DocumentError
from vc_led.limits import json_depth

CASES = Path(__file__).resolve().parent.parent / "cases"
VC = (CASES / "valid-ed25519" / "input.json").read_bytes()
VP = (CASES / "vp-valid" / "input.json").read_bytes()
FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
VERIFIER = Verifier(VerificationPolicy(accept_any_issuer=True))

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["@context", "@id", "@type", "_:b0", "https://www.w3.org/ns/credentials/v2"]),
)
_KEYS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        [
            "@context",
            "@id",
            "@type",
            "@graph",
            "@list",
            "@set",
            "@reverse",
            "@included",
            "@nest",
            "@value",
            "@language",
            "@json",
            "id",
            "type",
            "proof",
            "credentialSubject",
            "issuer",
        ]
    ),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=25,
)
# raw tokens that stress the parser: brackets, escapes, surrogates, broken literals
_TOKENS = st.sampled_from(
    [
        b"[",
        b"]",
        b"{",
        b"}",
        b'"',
        b"\\",
        b"\\u",
        b"\\ud800",
        b"\\udc00",
        b",",
        b":",
        b"NaN",
        b"-Infinity",
        b"1e999999",
        b"\xff",
        b"\xed\xa0\x80",
        b"\x00",
        b"\xef\xbb\xbf",
        b" ",
        b"null",
    ]
)


def _never_raises(result: object) -> None:
    assert isinstance(result, VerificationResult)
    assert all(isinstance(code, ErrorCode) for code in result.codes)


def _mutate(base: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    data = bytearray(base)
    for at, length, chunk in edits:
        start = at % (len(data) + 1)
        data[start : start + length] = chunk
    return bytes(data)


_EDITS = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 8), st.binary(max_size=8) | _TOKENS),
    min_size=1,
    max_size=6,
)


@FUZZ
@given(st.binary(max_size=600) | st.lists(_TOKENS, max_size=400).map(b"".join))
def test_arbitrary_bytes_give_a_result(data):
    _never_raises(VERIFIER.verify_credential(data))
    _never_raises(VERIFIER.verify_presentation(data))


_SURROGATES = st.characters(categories=["Cs", "Lu", "Nd", "Po"])


@FUZZ
@given(st.text(_SURROGATES, max_size=40), st.sampled_from(["Bachelor", "did:key", "2025"]))
def test_text_with_lone_surrogates_gives_a_result(chunk, anchor):
    text = VC.decode("utf-8").replace(anchor, chunk, 1)
    _never_raises(VERIFIER.verify_credential(text))
    _never_raises(VERIFIER.verify_credential(chunk))


@FUZZ
@given(_EDITS)
def test_mutated_credential_gives_a_result(edits):
    _never_raises(VERIFIER.verify_credential(_mutate(VC, edits)))


@FUZZ
@given(_EDITS)
def test_mutated_presentation_gives_a_result(edits):
    _never_raises(VERIFIER.verify_presentation(_mutate(VP, edits), challenge="x"))


@FUZZ
@given(_JSON, st.sampled_from(["credentialSubject", "@context", "proof", "issuer"]))
def test_json_values_grafted_into_a_credential_give_a_result(value, key):
    doc = json.loads(VC)
    doc[key] = value
    _never_raises(VERIFIER.verify_credential(doc))
    _never_raises(VERIFIER.verify_credential(json.dumps(doc)))


@FUZZ
@given(st.integers(0, 6000), st.sampled_from(["[", '{"a":', '{"@context":[']), st.booleans())
def test_deep_nesting_is_refused_not_raised(depth, opener, closed):
    closer = {"[": "]", '{"a":': "}", '{"@context":[': "]}"}[opener]
    text = opener * depth + "1" + (closer * depth if closed else "")
    result = VERIFIER.verify_credential(text)
    _never_raises(result)
    if depth > Limits().max_depth:
        assert result.codes[0] in (ErrorCode.STRUCTURE_TOO_DEEP, ErrorCode.STRUCTURE_MALFORMED_JSON)


@FUZZ
@given(_JSON)
def test_text_depth_equals_parsed_depth(value):
    text = json.dumps(value, ensure_ascii=False)
    assert text_depth(text) == json_depth(value, limit=10**6)


@FUZZ
@given(st.text(max_size=300) | st.lists(_TOKENS, max_size=200).map(b"".join))
def test_loads_bounded_raises_only_document_errors(data):
    try:
        loads_bounded(data, max_depth=32)
    except DocumentError as exc:
        assert exc.code in {ErrorCode.STRUCTURE_TOO_DEEP, ErrorCode.STRUCTURE_MALFORMED_JSON}
