"""Issue 9 (denial of service): scoped contexts, context-processing work, deep JSON, crashes.

Timings are only "finishes and refuses" with generous bounds; what is asserted exactly is the
work done (term definitions created) and the stable codes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pyld import jsonld

from vc_led import ContextError, LimitExceededError, Limits, VerificationPolicy, Verifier
from vc_led.cli import main
from vc_led.jsonld import Canonicalizer
from vc_led.led.formats.jsonl import loads_line

V2 = "https://www.w3.org/ns/credentials/v2"
EX = "https://www.w3.org/ns/credentials/examples/v2"
CASES_VALID = (
    Path(__file__).resolve().parent.parent / "cases" / "valid-ed25519" / "input.json"
).read_text()


def _credential(extra_context: object, subject: dict) -> dict:
    return {
        "@context": [V2, EX, extra_context],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": subject,
    }


def _terms(n: int) -> dict[str, str]:
    return {f"t{i}": f"https://example.org/t{i}" for i in range(n)}


@pytest.fixture
def term_definitions(monkeypatch):
    """Counts pyld's term definitions (the unit of context-processing work)."""
    calls = [0]
    original = jsonld.JsonLdProcessor._create_term_definition

    def counting(self, *args, **kwargs):
        calls[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jsonld.JsonLdProcessor, "_create_term_definition", counting)
    return calls


def test_type_scoped_context_is_processed_once_not_per_node(term_definitions):
    """An inline type-scoped context was processed again for every node of its type
    (343 KB took 271 s); now once per active context."""
    terms, nodes = 400, 150
    ctx = {"Bomb": {"@id": "https://example.org/Bomb", "@context": _terms(terms)}}
    doc = _credential(ctx, {"items": [{"type": "Bomb", "t0": str(i)} for i in range(nodes)]})
    canon = Canonicalizer()
    canon.canonicalize(doc)  # warms the shipped contexts
    term_definitions[0] = 0
    assert canon.canonicalize(doc).nquads.count("https://example.org/t0") == nodes
    assert term_definitions[0] < 3 * terms  # was ~ nodes * terms


def test_context_processing_work_is_bounded():
    ctx = {"Bomb": {"@id": "https://example.org/Bomb", "@context": _terms(2_000)}}
    doc = _credential(ctx, {"items": [{"type": "Bomb", "t0": "x"}]})
    with pytest.raises(LimitExceededError) as exc:
        Canonicalizer(limits=Limits(max_context_work=1_000)).canonicalize(doc)
    assert exc.value.code == "context.processing_too_costly"
    assert Canonicalizer().canonicalize(doc).nquads  # within the default budget


def test_huge_scoped_context_refused_by_default():
    """50,000 terms (1.7 MB, under the size limit): refused, not processed for minutes; by
    the value count first, and by the context-processing bound when that count is raised."""
    ctx = {"Bomb": {"@id": "https://example.org/Bomb", "@context": _terms(50_000)}}
    raw = json.dumps(_credential(ctx, {"items": [{"type": "Bomb", "t0": "x"}] * 50})).encode()
    start = time.monotonic()
    result = Verifier(VerificationPolicy(accept_any_issuer=True)).verify_credential(raw)
    assert [c.value for c in result.codes] == ["structure.too_many_values"]
    lenient = VerificationPolicy(accept_any_issuer=True, limits=Limits(max_values=10**6))
    result = Verifier(lenient).verify_credential(raw)
    assert [c.value for c in result.codes] == ["context.processing_too_costly"]
    assert time.monotonic() - start < 60  # finishes and refuses (generous bound)


def test_canonicalizer_refuses_deep_mappings_before_recursing():
    nested: dict = {"name": "bottom"}
    for _ in range(5_000):
        nested = {"child": nested}
    with pytest.raises(LimitExceededError) as exc:
        Canonicalizer().canonicalize(_credential({}, {"tree": nested}))
    assert exc.value.code == "structure.too_deep"


def test_verify_cli_answers_deep_json_with_a_result(tmp_path, capsys):
    """`vc-led verify` parsed the input once more to tell a VP from a VC, and a 5,000-deep
    document raised RecursionError (a traceback) there."""
    path = tmp_path / "deep.json"
    path.write_bytes(b'{"a":' * 5000 + b"1" + b"}" * 5000)
    code = main(["verify", "--json", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert json.loads(out)["checks"][0]["code"] == "structure.too_deep"
    assert "Traceback" not in err


def test_verify_cli_deep_presentation_is_a_result(tmp_path, capsys):
    path = tmp_path / "deep-vp.json"
    path.write_bytes(b'{"type":"VerifiablePresentation","x":' + b"[" * 6000 + b"]" * 6000 + b"}")
    assert main(["verify", "--json", str(path)]) == 1
    assert json.loads(capsys.readouterr().out)["checks"][0]["code"] == "structure.too_deep"


def test_led_jsonl_line_nested_deeply_is_an_issue():
    issue = loads_line("[" * 5000 + "]" * 5000)
    assert issue.code.value == "line.not_json"  # type: ignore[union-attr]


def test_rdf_list_of_distinct_values_stays_cheap():
    """Honest long lists (distinct values: every list node is unique) are not refused."""
    ctx = {"marks": {"@id": "https://example.org/marks", "@container": "@list"}}
    doc = _credential(ctx, {"marks": [f"m{i}" for i in range(1_000)]})
    assert Canonicalizer().canonicalize(doc).nquads.count("rdf-syntax-ns#first>") == 1_000


def test_text_with_a_lone_surrogate_is_a_result():
    """Measuring the size of str input raised UnicodeEncodeError (found by the fuzz test)."""
    result = Verifier().verify_credential('{"a": "\ud800"}')
    assert [c.value for c in result.codes] == ["structure.malformed_json"]


def _presentation(credentials: list) -> dict:
    return {
        "@context": [V2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": credentials,
    }


def _verifier() -> Verifier:
    return Verifier(VerificationPolicy(accept_any_issuer=True, allow_unsigned_presentations=True))


def test_presentation_shares_one_work_budget(monkeypatch):
    """Each embedded credential got a fresh budget, so a presentation of many poisoned
    credentials multiplied the work; now one budget covers the whole verification."""
    from vc_led.jsonld import _rdfc

    spent = [0]
    original = _rdfc.Rdfc.canonicalize

    def metered(self, dataset):
        try:
            return original(self, dataset)
        finally:
            spent[0] += self.work

    monkeypatch.setattr(_rdfc.Rdfc, "canonicalize", metered)
    ring = [
        {"@id": f"_:r{i}", "https://example.org/next": {"@id": f"_:r{(i + 1) % 70}"}}
        for i in range(70)
    ]  # under the early refusal, over the budget
    poisoned = json.loads(CASES_VALID)
    poisoned["credentialSubject"]["https://example.org/ring"] = ring
    result = _verifier().verify_presentation(json.dumps(_presentation([poisoned] * 30)))
    codes = {c.value for r in result.credentials for c in r.codes}
    assert codes == {"context.canonicalization_too_costly"}
    assert spent[0] <= Limits().max_canonicalization_work + 10_000  # one budget, not 30


def test_presentation_of_identical_honest_credentials_verifies():
    """Twenty identical embedded credentials are twenty isomorphic graphs: still cheap."""
    result = _verifier().verify_presentation(
        json.dumps(_presentation([json.loads(CASES_VALID)] * 20))
    )
    assert result.verified, result.codes


@pytest.mark.parametrize(("length", "refused"), [(100, False), (200, True), (5_000, True)])
def test_term_dependency_chain_is_bounded_before_recursing(length, refused):
    """pyld defines a term's prefix term first, recursively: a chain of terms each using the
    next as a prefix is refused at a fixed depth, not by running out of stack."""
    terms = {f"t{i}": f"t{i + 1}:x" for i in range(length - 1)}
    terms[f"t{length - 1}"] = "https://example.org/"
    doc = _credential(terms, {"t0": "v"})
    if not refused:
        assert Canonicalizer().canonicalize(doc).nquads
        return
    with pytest.raises(ContextError) as exc:
        Canonicalizer().canonicalize(doc)
    assert exc.value.code == "context.invalid"
    assert "RecursionError" not in exc.value.message  # the bound, not the stack, refused it


def test_a_flat_document_of_many_values_is_refused_before_expansion():
    """200,000 short strings (2 MB, inside max_bytes) cost 8.5-14 s of linear JSON-LD expansion;
    the value count is bounded before expansion starts."""
    doc = json.loads(CASES_VALID)
    doc["credentialSubject"]["tags"] = [f"t{i}" for i in range(200_000)]
    data = json.dumps(doc).encode()
    assert len(data) < Limits().max_bytes
    start = time.monotonic()
    result = Verifier(VerificationPolicy(accept_any_issuer=True)).verify_credential(data)
    assert time.monotonic() - start < 5  # finishes and refuses (generous bound)
    structure = result.checks[0]
    assert (structure.check, structure.code) == ("structure", "structure.too_many_values")
    assert structure.details["limit"] == Limits().max_values
    doc["credentialSubject"]["tags"] = doc["credentialSubject"]["tags"][:1_000]
    honest = Verifier(VerificationPolicy(accept_any_issuer=True)).verify_credential(doc)
    assert honest.checks[0].status == "passed"  # a thousand values are fine
