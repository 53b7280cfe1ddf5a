"""Hardened XML parsing and the bundled LED XSDs (lxml, imported lazily).

No DTD is accepted (no internal subset, no external one), entities are never expanded or
fetched, the network is never used and documents are size-capped. This stops XML bombs
("billion laughs", quadratic blow-up) and external-entity (XXE) reads before they start.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from ...errors import VcLedError
from ..issues import IssueCode

__all__ = [
    "GEEF_BEWIJS_NS",
    "MAX_XML_BYTES",
    "XmlRejectedError",
    "etree",
    "geef_bewijs_schema",
    "parse_xml",
]

GEEF_BEWIJS_NS = "http://geefbewijs.bewijsraadplegingdienst.led.vlaanderen.be"
MAX_XML_BYTES = 16 * 1024 * 1024
"""A MAGDA answer holds at most 99 records (a few hundred kB); larger input is refused."""

_XSD_DIR = Path(__file__).parent / "data" / "xsd"
_RESPONSE_XSD = _XSD_DIR / "LED.GeefBewijsDienst-02.00" / "WebService" / "GeefBewijsResponse.xsd"
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_UTF16_DTD = tuple(
    marker.decode().encode(encoding)
    for marker in _DTD_MARKERS
    for encoding in ("utf-16-le", "utf-16-be")
)


class XmlRejectedError(VcLedError):
    """The input cannot be parsed safely. Internal: turned into an input-level issue."""

    def __init__(self, code: IssueCode, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


def etree() -> Any:
    """The ``lxml.etree`` module, imported on first use (lxml ships no type stubs)."""
    from lxml import etree as module  # type: ignore[import-untyped]

    return module


def _parser() -> Any:
    return etree().XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def parse_xml(data: bytes, *, max_bytes: int = MAX_XML_BYTES) -> Any:
    """Parse ``data`` into an lxml element tree, refusing anything unsafe.

    Args:
        data: the raw document.
        max_bytes: the size cap.

    Returns:
        The ``lxml.etree._ElementTree``.

    Raises:
        XmlRejected: ``input.too_large``, ``input.forbidden_dtd`` or ``input.not_well_formed``.
    """
    if len(data) > max_bytes:
        raise XmlRejectedError(IssueCode.INPUT_TOO_LARGE, f"input is larger than {max_bytes} bytes")
    if any(marker in data for marker in _DTD_MARKERS + _UTF16_DTD):
        raise XmlRejectedError(IssueCode.INPUT_FORBIDDEN_DTD, _DTD_MESSAGE)
    try:
        root = etree().fromstring(data, parser=_parser())
    except etree().XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else None
        raise XmlRejectedError(
            IssueCode.INPUT_NOT_WELL_FORMED, _syntax_message(exc), line
        ) from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        raise XmlRejectedError(IssueCode.INPUT_FORBIDDEN_DTD, _DTD_MESSAGE)
    return tree


_DTD_MESSAGE = (
    "the document declares a DTD or entities; MAGDA answers never do, and they are refused "
    "to rule out XML bombs and external-entity reads"
)


def _syntax_message(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else "syntax error"
    return f"not well-formed XML (truncated or corrupted): {text}"


@functools.cache
def geef_bewijs_schema() -> Any:
    """The compiled ``GeefBewijsResponse`` schema (``lxml.etree.XMLSchema``), loaded once."""
    document = etree().parse(str(_RESPONSE_XSD), parser=_parser())
    return etree().XMLSchema(document)
