"""The plain-text report of a verification result, in English or Dutch: the verdict first, then
what the credential says, then each check with a one-line explanation (see
:mod:`vc_led.report`)."""

from __future__ import annotations

from ..report import render_text
from ..results import VerificationResult

__all__ = ["render_report"]


def render_report(result: VerificationResult, *, lang: str = "en") -> str:
    """A human-readable report.

    Args:
        result: the verification result.
        lang: ``en`` or ``nl``.

    Returns:
        The report text.
    """
    return render_text(result, lang=lang)
