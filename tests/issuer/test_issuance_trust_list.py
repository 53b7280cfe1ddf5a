"""The registry issues only what its own trust list accepts: a record from before its
supplier's coverage date ("Opgenomen vanaf" in LED's table; secondary education from school
year 2001-2002) is refused with ``issuer.before_coverage``, counted in the job report and left
unissued, in bulk and to a wallet, with no status index spent on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from issuer_helpers import (
    NOW,
    credentials,
    generated,
    import_named,
    issue_all,
    unbound_allocations,
)
from sqlmodel import col, select

from vc_led import DidResolver, VerificationPolicy, Verifier, default_led_registry
from vc_led_issuer.context import Registry
from vc_led_issuer.jobs.credentials import NotIssuableError
from vc_led_issuer.jobs.issuance import count_issuable
from vc_led_issuer.jobs.where import Where
from vc_led_issuer.keys import keyring
from vc_led_issuer.models import Record
from vc_led_issuer.oid4vci.issuing import issue_to_wallet


def _backdate_a_secondary_diploma(registry: Registry, *, year: int) -> Record:
    """Make one registered secondary-education record a diploma awarded on 30 June ``year``."""
    with registry.write() as session:
        query = select(Record).where(Record.supplier == "Secundair onderwijs")
        record = session.exec(query.order_by(col(Record.id))).first()
        assert record is not None, "the generated data set has a secondary-education record"
        content = dict(record.content)
        content["basis"] = dict(content["basis"]) | {
            "issueDate": {"year": year, "month": 6, "day": 30}
        }
        record.content = content
        session.add(record)
    return record


def test_bulk_issuance_refuses_a_record_before_coverage(registry: Registry, tmp_path: Path):
    import_named(registry, generated(tmp_path, persons=10))
    early = _backdate_a_secondary_diploma(registry, year=2001)  # school year 2000-2001
    total = count_issuable(registry, where=Where())
    report = issue_all(registry)
    assert (report.issued, report.failed, report.error) == (total - 1, 1, None)
    assert report.failures == [(early.id, "issuer.before_coverage")]
    assert early.id not in {c.record_id for c in credentials(registry)}
    assert unbound_allocations(registry) == 0  # no status index spent on it
    assert count_issuable(registry, where=Where()) == 1  # left unissued, reported again
    with registry.read() as session:
        document = keyring.did_document(session, did=registry.did)
    trust = default_led_registry(registry_did=registry.did)  # nobody trusted but by the table
    verifier = Verifier(VerificationPolicy(), resolver=DidResolver({registry.did: document}),
                        trust=trust)  # fmt: skip
    for row in credentials(registry):
        issuer = verifier.verify_credential(row.document, now=NOW).check("issuer")
        assert issuer.status.value == "passed" and "accredited issuer" in issuer.message


def test_bulk_issuance_issues_the_first_covered_school_year(registry: Registry, tmp_path: Path):
    import_named(registry, generated(tmp_path, persons=10))
    first = _backdate_a_secondary_diploma(registry, year=2002)  # end of school year 2001-2002
    report = issue_all(registry)
    assert report.failed == 0 and first.id in {c.record_id for c in credentials(registry)}


def test_wallet_issuance_refuses_a_record_before_coverage(registry: Registry, tmp_path: Path):
    import_named(registry, generated(tmp_path, persons=10))
    early = _backdate_a_secondary_diploma(registry, year=2001)
    assert early.id is not None
    with pytest.raises(NotIssuableError) as refused:
        issue_to_wallet(
            registry,
            record_id=early.id,
            holder_id=early.holder_id,
            holder_did="did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            actor="test",
        )
    assert refused.value.code == "issuer.before_coverage"
    assert credentials(registry) == [] and unbound_allocations(registry) == 0
