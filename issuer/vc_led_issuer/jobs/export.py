"""``vc-led export``: the issued credentials as files, one per credential, for operators and
audits.

A file is named after the credential id only (``<uuid>.json`` for a ``urn:uuid:`` id, else a
SHA-256 of the id), never after an INSZ, a LED or a supplier reference. Each file is written
to a temporary name and renamed, so a crash leaves whole files only; exporting again rewrites
nothing that is already there with the same bytes. Revoked credentials are left out unless
asked for. A credential that holds an INSZ in its text (signed before vc-led refused to sign
one, :mod:`vc_led.led.insz_text`) is withheld and named in the report: revoke it and issue
the corrected record again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import col, select

from vc_led.led.insz_text import insz_paths

from ..context import Registry
from ..models import IssuedCredential, Record
from .progress import Progress
from .where import Where

__all__ = ["ExportReport", "export_credentials", "file_name"]

_UUID = re.compile(r"^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
_PAGE = 500
_MAX_WITHHELD_LISTED = 100


@dataclass(slots=True)
class ExportReport:
    """Files ``written``, ``unchanged`` (already there, same bytes), ``revoked`` left out,
    and ``withheld``: how many hold an INSZ (their ids in ``withheld_ids``, at most 100)."""

    written: int = 0
    unchanged: int = 0
    revoked: int = 0
    withheld: int = 0
    withheld_ids: list[str] = field(default_factory=list)


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
        select(IssuedCredential)
        .join(Record, col(Record.id) == IssuedCredential.record_id)
        .where(IssuedCredential.format == "ldp_vc")  # SD-JWT VCs are wallet-bound: not exported
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
            document = json.loads(row.document)
            if next(insz_paths(document), None) is not None:
                report.withheld += 1
                if len(report.withheld_ids) < _MAX_WITHHELD_LISTED:
                    report.withheld_ids.append(row.credential_id)
                continue
            _write(out / file_name(row.credential_id), document, report)
        if progress is not None:
            progress.advance(len(rows))


def _write(path: Path, document: object, report: ExportReport) -> None:
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
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
