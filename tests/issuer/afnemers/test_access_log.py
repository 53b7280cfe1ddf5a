"""Afnemer accesses in the audit log: written once per access, read back per holder and afnemer."""

from __future__ import annotations

from datetime import date, timedelta

from issuer_helpers import NOW
from sqlalchemy import Engine

from vc_led_issuer import audit
from vc_led_issuer.afnemers.access import Channel, accesses, record_access
from vc_led_issuer.crud.registry import add_protocol
from vc_led_issuer.db import read_session, write_session

ALICE = "a" * 64
BOB = "b" * 64


def _protocol(engine: Engine) -> None:
    with write_session(engine) as session:
        add_protocol(
            session,
            code="naric-2016-47",
            afnemer="NARIC Vlaanderen",
            legal_basis="Beraadslaging VTC nr. 2016/47",
            purpose="recognition of foreign qualifications",
            allowed_fields=["Bewijs.Titel"],
            record_filters={},
            retention_days=30,
            valid_from=date(2016, 1, 1),
            actor="test",
            now=NOW,
        )


def test_accesses_are_read_back_per_holder_and_afnemer(engine: Engine) -> None:
    _protocol(engine)
    from vc_led_issuer.crud.registry import get_protocol

    with write_session(engine) as session:
        protocol = get_protocol(session, code="naric-2016-47")
        assert protocol is not None
        for i, (who, holder) in enumerate([("naric", ALICE), ("zorg", ALICE), ("naric", BOB)]):
            record_access(
                session,
                afnemer_code=who,
                protocol=protocol,
                insz_hash=holder,
                record_ids=[3, 1] if i == 0 else [],
                fields=["Bewijs.Titel", "Bewijs.Titel"],
                channel=Channel.API if i else Channel.OPENID4VP,
                now=NOW + timedelta(minutes=i),
            )
    with read_session(engine) as session:
        alice = accesses(session, insz_hash=ALICE)
        naric = accesses(session, afnemer_code="naric")
        late = accesses(session, since=NOW + timedelta(minutes=1))
        assert audit.verify_chain(session).ok
    assert [(a.afnemer, a.record_ids) for a in alice] == [("naric", (1, 3)), ("zorg", ())]
    assert alice[0].legal_basis == "Beraadslaging VTC nr. 2016/47"
    assert alice[0].channel == "openid4vp" and alice[0].fields == ("Bewijs.Titel",)
    assert alice[0].purpose == "recognition of foreign qualifications"
    assert [a.seq for a in naric] == [alice[0].seq, naric[1].seq] and len(naric) == 2
    assert [a.afnemer for a in late] == ["zorg", "naric"]
