"""The verification report people read, in English and Dutch.

:func:`build_report` turns a :class:`~vc_led.VerificationResult` into a :class:`Report`: the
verdict first, then what the credential says (holder, birth date, qualification, institution,
date, level with EQF, authenticity), then every check with one line of explanation keyed by
its stable code. :func:`render_text` prints it (``vc-led verify``); the web verifier renders
the same :class:`Report`. :func:`summarize` reads the facts alone.
"""

from __future__ import annotations

from ._model import CheckLine, FieldLine, Report, build_report, render_text
from ._summary import CredentialSummary, summarize
from ._texts import LANGUAGES, explain, format_age, language, texts

__all__ = [
    "LANGUAGES",
    "CheckLine",
    "CredentialSummary",
    "FieldLine",
    "Report",
    "build_report",
    "explain",
    "format_age",
    "language",
    "render_text",
    "summarize",
    "texts",
]
