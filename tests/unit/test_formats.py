"""The formats registry of ``Verifier.verify`` (issue 11): a second format plugs in without
touching the engine — here a toy compact ``~``-separated format standing in for SD-JWT VC."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from vc_led import CheckResult, CheckStatus, ErrorCode, VerificationResult, Verifier
from vc_led._checks import finish
from vc_led._engine import Engine, Kind, VerifyRequest
from vc_led._formats import CREDENTIAL, DEFAULT_FORMATS
from vc_led._presentation import PRESENTATION
from vc_led.sdjwt import SDJWT_VC
from vc_led.stapled import STAPLED

NOW = datetime(2026, 1, 1, tzinfo=UTC)


class CompactFormat:
    """Claims ``<header>~<disclosure>~`` text before any JSON parsing."""

    name = "compact"
    kind: Kind = "credential"

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def claims_text(self, text: str) -> bool:
        return "~" in text and not text.lstrip().startswith("{")

    def claims(self, document: Mapping[str, Any]) -> bool:
        return False

    def verify(self, engine: Engine, document: Any, request: VerifyRequest) -> VerificationResult:
        self.seen.append((document, request.now, engine.canonicalizer.budget is not None))
        check = CheckResult(
            "structure", CheckStatus.FAILED, ErrorCode.STRUCTURE_MALFORMED_JSON, "toy format"
        )
        return finish("credential", [check], None)


def test_the_default_formats_are_sdjwt_stapled_presentation_credential():
    assert DEFAULT_FORMATS == (SDJWT_VC, STAPLED, PRESENTATION, CREDENTIAL)
    kinds = [f.kind for f in DEFAULT_FORMATS]
    assert kinds == ["credential", "credential", "presentation", "credential"]


def test_a_text_format_is_offered_the_raw_input_before_json_parsing():
    compact = CompactFormat()
    verifier = Verifier(formats=(compact, *DEFAULT_FORMATS))
    result = verifier.verify(b"eyJhbGciOiJFUzI1NiJ9.e30.sig~WyJzYWx0IiwiYSIsMV0~", now=NOW)
    assert result.check("structure").message == "toy format"
    assert compact.seen == [("eyJhbGciOiJFUzI1NiJ9.e30.sig~WyJzYWx0IiwiYSIsMV0~", NOW, True)]
    # JSON input is not claimed by the text format and keeps its own verdict
    assert [c.value for c in verifier.verify(b"{}", now=NOW).codes] == ["structure.missing_context"]
    # a credential-kind format answers verify_credential, never verify_presentation
    assert verifier.verify_credential("a~b", now=NOW).check("structure").message == "toy format"
    assert verifier.verify_presentation("a~b", now=NOW).codes == (
        ErrorCode.STRUCTURE_MALFORMED_JSON,
    )
    assert len(compact.seen) == 2


def test_without_the_format_the_same_text_is_malformed_json():
    result = Verifier().verify("a~b", now=NOW)
    assert result.kind == "credential" and result.codes == (ErrorCode.STRUCTURE_MALFORMED_JSON,)
