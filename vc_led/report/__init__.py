"""The verification report people read, in English and Dutch.

:func:`build_report` turns a :class:`~vc_led.VerificationResult` into a :class:`Report`: the
verdict first, then what the credential says (holder, birth date, qualification, institution,
date, level with EQF, authenticity; for an LED record also its kind, an intermediate
certificate's programme, an equivalence decision's original qualification), then every check
with one line of explanation keyed by its stable code, then the LED terms it uses. Unless the
verification succeeded, every fact is marked *claimed, not verified*; an altered document's
content is not shown at all. :func:`render_text` prints it (``vc-led verify``); the web verifier
renders the same :class:`Report`. :func:`summarize` reads the facts alone.

The stable interface for callers that verify: ``build_report(result, lang=..., credential=...)``
takes a :class:`~vc_led.VerificationResult` (and optionally the parsed credential) and returns
the :class:`Report`; :meth:`Report.to_dict` is its JSON form.
"""

from __future__ import annotations

from ._facts import FieldLine, GlossaryLine
from ._model import CheckLine, Report, build_report
from ._render import render_report, render_text
from ._summary import CredentialSummary, summarize
from ._texts import LANGUAGES, explain, format_age, language, texts

__all__ = [
    "LANGUAGES",
    "CheckLine",
    "CredentialSummary",
    "FieldLine",
    "GlossaryLine",
    "Report",
    "build_report",
    "explain",
    "format_age",
    "language",
    "render_report",
    "render_text",
    "summarize",
    "texts",
]
