"""One error vocabulary (issue 11): every code a document error carries is an ``ErrorCode``,
an unknown code is a bug (never turned into ``context.invalid``), and every exception class of
vc_led, issuer and verifier is in the one tree under ``VcLedError``."""

from __future__ import annotations

import ast
import importlib
import inspect
import re

import pytest
from _graph import ROOT

from vc_led import DocumentError, ErrorCode, VcLedError
from vc_led._checks import check_from_error

PACKAGES = ("vc_led", "issuer", "verifier")
CODE = re.compile(r"(structure|context|proof|issuer|validity|status|holder_binding)\.[a-z_]+")


def test_an_unknown_code_is_a_bug_not_context_invalid():
    with pytest.raises(ValueError, match="not_a_code"):
        check_from_error("context", DocumentError("context.not_a_code", "?"))  # type: ignore[arg-type]
    known = check_from_error("context", DocumentError(ErrorCode.CONTEXT_UNDEFINED_TERM, "x"))
    assert known.code is ErrorCode.CONTEXT_UNDEFINED_TERM


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def test_no_verification_code_is_written_as_a_string_literal():
    """Codes are ``ErrorCode`` members; the enum itself is the only place their text is."""
    found = [
        f"{path}:{node.lineno}: {node.value}"
        for path, tree in _sources()
        if path.as_posix() != "vc_led/results.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE.fullmatch(node.value)
        and node.value in {c.value for c in ErrorCode}
    ]
    assert found == []


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[0] != "vc_led":  # issuer/vc_led_issuer/... is vc_led_issuer...
                parts = parts[1:]
            if parts[-1] == "__main__" or "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts)


def test_every_exception_class_is_in_the_one_tree():
    """Private helpers (``_Name``) included: what one module raises, another may catch."""
    strays = []
    for name in _modules():
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional dependency that is not installed
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name or not issubclass(cls, BaseException):
                continue
            if not issubclass(cls, VcLedError):
                strays.append(f"{name}.{cls.__qualname__}")
    assert strays == []


REGISTRY_CODE = re.compile(r"(holder|record|input|line|audit)\.[a-z_]+")


def _enum_bodies(tree: ast.AST) -> set[int]:
    """ids of the constants inside ``class X(StrEnum)`` bodies (where codes are defined)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            isinstance(b, ast.Name) and b.id == "StrEnum" for b in node.bases
        ):
            inside |= {id(n) for n in ast.walk(node) if isinstance(n, ast.Constant)}
    return inside


def _exempt(tree: ast.AST) -> set[int]:
    """Audit action names (``action="audit.keyed"``) are names of events, not codes."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword) and node.arg == "action"
    }


def test_no_registry_code_is_written_as_a_string_literal():
    """The registry's own codes (import, holder file, audit chain, refusals) are members of
    their enums (``ImportCode``, ``HolderFileCode``, ``ChainCode``, ``NotIssuableCode``); the
    holder file and the import report returned bare strings before."""
    found = [
        f"{path}:{node.lineno}: {node.value}"
        for path, tree in _sources()
        if path.parts[0] != "vc_led" and "migrations" not in path.parts
        for skip in [_enum_bodies(tree) | _exempt(tree)]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and REGISTRY_CODE.fullmatch(node.value)
        and not node.value.endswith((".html", ".json", ".css"))
        and id(node) not in skip
    ]
    assert found == []
