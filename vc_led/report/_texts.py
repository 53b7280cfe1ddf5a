"""The report's words in English and Dutch, keyed by check, outcome and stable code
(``texts-en.json``, ``texts-nl.json`` next to this module; a test keeps them complete)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ..results import CheckResult, CheckStatus, ErrorCode, VerificationResult

__all__ = ["LANGUAGES", "explain", "format_age", "language", "texts"]

#: The report languages; the first is the default.
LANGUAGES = ("en", "nl")
_EARLY = ("structure", "context", "proof")


def language(value: str | None) -> str:
    """``en`` or ``nl`` from a language tag (``nl-BE``, ``NL``); English otherwise."""
    tag = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return tag if tag in LANGUAGES else LANGUAGES[0]


@cache
def texts(lang: str) -> Mapping[str, Any]:
    """The texts of ``lang`` (``en`` or ``nl``; anything else gives English)."""
    path = Path(__file__).with_name(f"texts-{language(lang)}.json")
    data: Mapping[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def format_age(seconds: int, lang: str) -> str:
    """A rounded age in words (``10 minutes``, ``3 dagen``)."""
    words = texts(lang)["age"]
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size or (unit == "minutes" and seconds >= size):
            return str(words[unit]).format(n=seconds // size)
    return str(words["seconds"]).format(n=max(0, seconds))


def _passed(check: CheckResult, lang: str) -> str:
    words = texts(lang)["passed"]
    details = check.details
    if check.check == "issuer" and "supplier" in details:
        return str(words["issuer_accredited"]).format(supplier=details["supplier"])
    if check.check == "status" and "snapshot_age_seconds" in details:
        source = str(details.get("source", "bundle"))
        return str(words["status_snapshot"]).format(
            source=texts(lang)["sources"].get(source, source),
            as_of=str(details.get("as_of", ""))[:16].replace("T", " "),
            age=format_age(int(details["snapshot_age_seconds"]), lang),
        )
    if check.check == "holder_binding":
        return _holder_passed(check, words)
    return str(words[check.check])


def _holder_passed(check: CheckResult, words: Mapping[str, Any]) -> str:
    """The holder check's sentence, from its stable ``binding`` detail."""
    binding = check.details.get("binding")
    if binding == "not_subject":
        return str(words["holder_binding_not_subject"])
    if binding == "bearer":
        numbers = str(check.details.get("bearer_credentials", ""))
        return str(words["holder_binding_bearer"]).format(numbers=numbers)
    if binding == "holder_key":
        return str(words["holder_binding"])
    return str(words["holder_binding_plain"])


def _skipped(check: CheckResult, result: VerificationResult, lang: str) -> str:
    words = texts(lang)["skipped"]
    if check.details.get("not_applicable"):
        return str(words["not_applicable"])
    stopped = any(
        c.check in _EARLY
        and c.status is not CheckStatus.PASSED
        and not c.details.get("not_applicable")
        for c in result.checks
        if c.check != check.check
    )
    if result.kind == "presentation":
        if check.check in ("issuer", "validity", "status") and not stopped:
            return str(words["presentation"])
        if check.check == "proof":
            return str(words["unsigned"])
    if stopped:
        return str(words["default"])
    binding = check.details.get("binding")
    if check.check == "holder_binding" and binding in ("bearer", "subject_key"):
        return str(words[f"holder_binding_{binding}"])
    if check.check in ("status", "holder_binding"):
        return str(words[check.check])
    return str(words["default"])


_STALE = ("list_valid_until", "max_age")


def _stale(check: CheckResult, lang: str) -> str:
    """Which limit of a ``status.stale`` ran out (its ``expired`` detail)."""
    details = check.details
    words = texts(lang)["stale"]
    if details["expired"] == "list_valid_until":
        until = str(details.get("valid_until", ""))[:16].replace("T", " ")
        return str(words["list_valid_until"]).format(valid_until=until)
    return str(words["max_age"]).format(
        age=format_age(int(details.get("age_seconds", 0)), lang),
        max_age=format_age(int(details.get("max_age_seconds", 0)), lang),
    )


def explain(check: CheckResult, *, result: VerificationResult, lang: str = "en") -> str:
    """One line for people on what ``check`` found, in ``lang``.

    Args:
        check: one check of ``result``.
        result: the whole result (it tells why a check was skipped).
        lang: ``en`` or ``nl``.

    Returns:
        The sentence (the check's own message for a code without a text).
    """
    if check.code is ErrorCode.STATUS_STALE and check.details.get("expired") in _STALE:
        return _stale(check, lang)
    if check.code is not None:
        return str(texts(lang)["codes"].get(check.code.value, check.message))
    if check.status is CheckStatus.PASSED:
        return _passed(check, lang)
    if check.status is CheckStatus.SKIPPED:
        return _skipped(check, result, lang)
    return check.message
