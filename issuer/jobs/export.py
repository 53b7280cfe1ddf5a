"""``vc-led export``: the issued credentials as files, one per credential, for operators and
audits.

A file is named after the credential id only (``<uuid>.json`` for a ``urn:uuid:`` id, else a
SHA-256 of the id), never after an INSZ, a LED or a supplier reference. Each file is written
to a temporary name and renamed, so a crash leaves whole files only; exporting again rewrites
nothing that is already there with the same bytes. Revoked credentials are left out unless
asked for.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, select

from ..context import Registry
from ..models import IssuedCredential, Record
from .progress import Progress
from .where import Where

__all__ = ["ExportReport", "export_credentials", "file_name"]

_UUID = re.compile(r"^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
_PAGE = 500


@dataclass(slots=True)
class ExportReport:
    """Files ``written``, ``unchanged`` (already there, same bytes), ``revoked`` left out."""

    written: int = 0
    unchanged: int = 0
    revoked: int = 0


def file_name(credential_id: str) -> str:
    """The export file name of a credential (see the module docstring)."""
    match = _UUID.match(credential_id.lower())
    if match:
        return f"{match.group(1)}.json"
    return f"{hashlib.sha256(credential_id.encode()).hexdigest()[:40]}.json"


def export_credentials(
    registry: Registry,
    *,
    out: Path,
    where: Where | None = None,
    include_revoked: bool = False,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the issued credentials of the matching records to ``out`` (created if needed).

    Returns:
        The :class:`ExportReport`.

    Raises:
        OSError: ``out`` cannot be written.
    """
    out.mkdir(parents=True, exist_ok=True)
    where, report, after = where or Where(), ExportReport(), 0
    base = where.apply(
        select(IssuedCredential).join(Record, col(Record.id) == IssuedCredential.record_id)
    )
    while True:
        query = base.where(col(IssuedCredential.id) > after).order_by(col(IssuedCredential.id))
        with registry.read() as session:
            rows = list(session.exec(query.limit(_PAGE)))
        if not rows:
            return report
        after = rows[-1].id or 0
        for row in rows:
            if row.revoked_at is not None and not include_revoked:
                report.revoked += 1
                continue
            _write(out / file_name(row.credential_id), row.document, report)
        if progress is not None:
            progress.advance(len(rows))


def _write(path: Path, document: str, report: ExportReport) -> None:
    data = (json.dumps(json.loads(document), indent=2, ensure_ascii=False) + "\n").encode()
    try:
        if path.read_bytes() == data:
            report.unchanged += 1
            return
    except FileNotFoundError:
        pass
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    report.written += 1
