"""Reading and writing LED records: MAGDA ``GeefBewijs`` XML (XSD in ``data/xsd``), JSON
lines, and the JSON form of a record (:mod:`.codec`). Importers return an
:class:`.imported.ImportResult`."""

from __future__ import annotations

__all__: list[str] = []
