"""Trust registry rows, afnemer protocols and resumable jobs (both backends)."""

from __future__ import annotations

from datetime import date

import pytest
from issuer_helpers import NOW
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from vc_led_issuer import audit, crud
from vc_led_issuer.db import read_session, write_session
from vc_led_issuer.errors import NotFoundError

DID = "did:web:onderwijs.vlaanderen.be"


def test_issuers_and_accreditations(engine: Engine) -> None:
    with write_session(engine) as session:
        issuer = crud.add_issuer(session, did=DID, name="Secundair onderwijs", actor="op", now=NOW)
        crud.add_accreditation(
            session,
            issuer=issuer,
            scope="Secundair onderwijs",
            coverage_start=date(2001, 9, 1),
            actor="op",
            now=NOW,
        )
        crud.set_issuer_status(
            session, did=DID, status="suspended", actor="op", reason="audit", now=NOW
        )
    with read_session(engine) as session:
        [(row, accreditations)] = crud.list_issuers(session)
        assert (row.did, row.status, row.role) == (DID, "suspended", "Leverancier")
        assert [(a.scope, a.coverage_start) for a in accreditations] == [
            ("Secundair onderwijs", date(2001, 9, 1))
        ]
        assert audit.verify_chain(session).entries == 3
    with write_session(engine) as session, pytest.raises(NotFoundError):
        crud.set_issuer_status(session, did="did:web:x", status="active", actor="op", reason="-")
    with write_session(engine) as session, pytest.raises(IntegrityError):
        crud.add_issuer(session, did=DID, name="again", actor="op")


def test_afnemer_protocol(engine: Engine) -> None:
    with write_session(engine) as session:
        crud.add_protocol(
            session,
            code="zorg-2023",
            afnemer="Departement Zorg",
            legal_basis="Protocol LED - Departement Zorg (2023)",
            purpose="recognition of care professions",
            allowed_fields=["basis.full_title", "basis.issue_date"],
            record_filters={"basis.subject": ["1234", "5678"]},
            retention_days=365,
            valid_from=date(2023, 1, 1),
            actor="op",
            now=NOW,
        )
    with read_session(engine) as session:
        protocol = crud.get_protocol(session, code="zorg-2023")
        assert protocol is not None
        assert protocol.allowed_fields == ["basis.full_title", "basis.issue_date"]
        assert protocol.record_filters == {"basis.subject": ["1234", "5678"]}
        assert crud.get_protocol(session, code="nope") is None


def test_job_progress_survives_a_new_session(engine: Engine) -> None:
    with write_session(engine) as session:
        job = crud.create_job(session, kind="issue-bulk", params={"where": "all"}, total=3, now=NOW)
    for cursor in ("1", "2"):
        with write_session(engine) as session:
            crud.update_job(session, job_id=job.id, cursor=cursor, done=1, now=NOW)
    with read_session(engine) as session:
        resumed = crud.get_job(session, job_id=job.id)
        assert resumed is not None
        assert (resumed.state, resumed.cursor, resumed.done, resumed.total) == (
            "running",
            "2",
            2,
            3,
        )
    with write_session(engine) as session:
        crud.update_job(session, job_id=job.id, cursor="3", failed=1, now=NOW)
        done = crud.finish_job(session, job_id=job.id, error="1 record failed", now=NOW)
        assert (done.state, done.done, done.failed) == ("failed", 2, 1)
    with write_session(engine) as session, pytest.raises(NotFoundError):
        crud.update_job(session, job_id="missing", cursor=None)
