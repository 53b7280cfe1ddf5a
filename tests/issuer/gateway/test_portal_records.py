"""Mijn kwalificaties: a citizen sees and downloads only her own records (JSON with stapled
status, PDF with the credential attached and a QR code), never another's."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from gateway_checks import assert_verifies, pdf_attachment, pdf_qr_text
from gateway_support import Clock, oidc_login
from sqlmodel import col, select

from vc_led_issuer.context import Registry
from vc_led_issuer.crud import set_credential_status
from vc_led_issuer.demo_op import RunningOp
from vc_led_issuer.models import Holder, Record, RecordState, StatusPurpose
from vc_led_issuer.privacy import InszHasher

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _ids(registry: Registry, insz: str, *, cancelled: bool = False) -> list[int]:
    digest = InszHasher(registry.settings.pepper_bytes()).digest(insz)
    with registry.read() as session:
        holder = session.exec(select(Holder).where(col(Holder.insz_hash) == digest)).one()
        state = col(Record.state) == RecordState.CANCELLED.value
        query = select(Record.id).where(col(Record.holder_id) == holder.id)
        query = query.where(state if cancelled else ~state)
        return [int(i) for i in session.exec(query) if i is not None]


def _others(registry: Registry, mine: list[int]) -> list[int]:
    with registry.read() as session:
        return [int(i) for i in session.exec(select(Record.id)) if i not in mine]


def test_she_sees_and_downloads_her_own_records(
    gateway: TestClient,
    oidc_op: RunningOp,
    gateway_registry: Registry,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    citizen = oidc_op.citizens[0]
    oidc_login(gateway, citizen)
    mine = _ids(gateway_registry, citizen.insz)
    home = gateway.get("/")
    listed = {int(i) for i in re.findall(r'href="/records/(\d+)"', home.text)}
    assert listed == set(mine)
    assert "<h2" in home.text and "en getuigschriften" in home.text
    record = gateway.get(f"/records/{mine[0]}")
    assert record.status_code == 200
    assert f'action="/wallet/offer/{mine[0]}"' in record.text
    assert 'name="csrf_token"' in record.text
    download = gateway.get(f"/records/{mine[0]}/credential.json")
    assert download.status_code == 200
    name = re.search(r'filename="([^"]+)"', download.headers["content-disposition"]).group(1)
    assert re.fullmatch(r"(\d{4}-)?[a-z0-9-]+\.json", name), name
    assert citizen.insz not in name and citizen.insz not in download.text
    stapled = download.json()
    assert_verifies(gateway_registry, stapled)
    subject = stapled["credential"]["credentialSubject"]
    assert subject["givenName"] == citizen.given_name
    pdf = gateway.get(f"/records/{mine[0]}/credential.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-disposition"].endswith('.pdf"')
    attached_name, attached, spec = pdf_attachment(pdf.content)
    assert attached_name == name
    assert spec["/AFRelationship"] == "/Data"
    assert b"pdfaid:part" in pdf.content  # PDF/A identification in the XMP metadata
    assert_verifies(gateway_registry, attached)
    url = pdf_qr_text(pdf.content, tmp_path)
    uuid = stapled["credential"]["id"].removeprefix("urn:uuid:")
    assert url == f"http://testserver/verify/{uuid}"
    gateway.cookies.clear()  # whoever scans the QR code
    page = gateway.get(url.removeprefix("http://testserver"))
    assert page.status_code == 200 and "is geldig" in page.text
    assert citizen.family_name not in page.text and citizen.insz not in page.text
    assert citizen.insz not in caplog.text  # nor in any log line of all this


def test_she_never_gets_another_citizens_record(
    gateway: TestClient, oidc_op: RunningOp, gateway_registry: Registry
) -> None:
    citizen = oidc_op.citizens[0]
    oidc_login(gateway, citizen)
    mine = _ids(gateway_registry, citizen.insz)
    others = _others(gateway_registry, mine)[:5]
    assert others
    for record_id in [*others, 10**9]:
        for suffix in ("", "/credential.json", "/credential.pdf"):
            response = gateway.get(f"/records/{record_id}{suffix}")
            assert response.status_code == 404, (record_id, suffix)
            assert "credentialSubject" not in response.text
    for bad in ("/records/abc", "/records/-1", "/records/1%2F..%2F2/credential.json"):
        assert gateway.get(bad).status_code in (404, 422)


def test_cancelled_records_are_not_offered(
    gateway: TestClient, oidc_op: RunningOp, gateway_registry: Registry
) -> None:
    citizen = oidc_op.citizens[0]
    mine = _ids(gateway_registry, citizen.insz)
    with gateway_registry.write() as session:  # LED cancels one (status 10)
        row = session.get(Record, mine[0])
        assert row is not None
        row.state = RecordState.CANCELLED.value
        session.add(row)
    oidc_login(gateway, citizen)
    home = gateway.get("/").text
    assert f'href="/records/{mine[0]}"' not in home
    assert f'href="/records/{mine[1]}"' in home
    for suffix in ("", "/credential.json", "/credential.pdf"):
        assert gateway.get(f"/records/{mine[0]}{suffix}").status_code == 404


def test_no_record_without_a_live_session(
    gateway: TestClient, oidc_op: RunningOp, gateway_registry: Registry, clock: Clock
) -> None:
    citizen = oidc_op.citizens[0]
    mine = _ids(gateway_registry, citizen.insz)
    page = gateway.get(f"/records/{mine[0]}")
    assert page.status_code == 303
    assert page.headers["location"] == f"/login?next=%2Frecords%2F{mine[0]}"
    assert gateway.get(f"/records/{mine[0]}/credential.json").status_code == 403
    oidc_login(gateway, citizen)
    session = gateway.cookies.get("vcled_session")
    assert gateway.get(f"/records/{mine[0]}/credential.json").status_code == 200
    clock.advance(hours=1)  # expired
    assert gateway.get(f"/records/{mine[0]}/credential.json").status_code == 403
    oidc_login(gateway, citizen)
    token = re.search(r'name="csrf_token" value="([^"]+)"', gateway.get("/").text).group(1)
    session = gateway.cookies.get("vcled_session")
    assert gateway.post("/logout", data={"csrf_token": token}).status_code == 303
    gateway.cookies.clear()
    gateway.cookies.set("vcled_session", session)  # replayed after logout
    assert gateway.get(f"/records/{mine[0]}/credential.json").status_code == 403
    assert gateway.get(f"/records/{mine[0]}").status_code == 303


def test_language_dutch_by_default_english_by_preference_or_choice(
    gateway: TestClient,
) -> None:
    assert 'lang="nl"' in gateway.get("/").text
    english = {"accept-language": "nl;q=0.2, en-GB;q=0.8, fr"}
    assert 'lang="en"' in gateway.get("/", headers=english).text
    dutch = {"accept-language": "en;q=0.5, nl-BE;q=0.9"}
    assert 'lang="nl"' in gateway.get("/", headers=dutch).text
    chosen = gateway.get("/?lang=en", headers=dutch)
    assert 'lang="en"' in chosen.text and "My qualifications" in chosen.text
    assert "vcled_lang=en" in chosen.headers["set-cookie"]
    assert 'lang="en"' in gateway.get("/", headers=dutch).text  # the choice persists


def test_verification_page_for_unknown_ids(gateway: TestClient) -> None:
    unknown = gateway.get("/verify/00000000-0000-4000-8000-000000000000")
    assert unknown.status_code == 404
    assert gateway.get("/verify/not-a-uuid").status_code == 422


def test_the_pdf_instructions_work_offline(
    gateway: TestClient,
    oidc_op: RunningOp,
    gateway_registry: Registry,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`vc-led verify FILE --bundle BUNDLE --pinned-key KEY` (what the PDF says) on the download."""
    from vc_led.cli import main as vc_led

    citizen = oidc_op.citizens[0]
    oidc_login(gateway, citizen)
    record_id = _ids(gateway_registry, citizen.insz)[0]
    download = tmp_path / "credential.json"
    download.write_bytes(gateway.get(f"/records/{record_id}/credential.json").content)
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(gateway.get("/trust/bundle").content)
    with gateway_registry.read() as session:
        key = gateway_registry.current_key(session).public_multibase
    code = vc_led(["verify", str(download), "--bundle", str(bundle), "--pinned-key", key, "--json"])
    report = capsys.readouterr().out
    checks = {c["check"]: c["status"] for c in json.loads(report)["checks"]}
    assert checks["proof"] == "passed" and checks["status"] == "passed", report
    assert checks["issuer"] == "passed", report
    assert code == 0 and json.loads(report)["verified"] is True, report
    from vc_led_issuer.portal.pdf import PDF_TEXTS

    for texts in PDF_TEXTS.values():  # the PDF names every option this command needed
        assert "--bundle" in texts["offline"] and "--pinned-key" in texts["offline"]


@pytest.mark.parametrize("purpose", [StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION])
def test_a_revoked_or_suspended_credential_is_not_offered_and_says_so(
    gateway: TestClient, oidc_op: RunningOp, gateway_registry: Registry, purpose: StatusPurpose
) -> None:
    citizen = oidc_op.citizens[0]
    oidc_login(gateway, citizen)
    record_id = _ids(gateway_registry, citizen.insz)[0]
    credential_id = gateway.get(f"/records/{record_id}/credential.json").json()["credential"]["id"]
    with gateway_registry.write() as session:
        set_credential_status(
            session,
            credential_id=credential_id,
            purpose=purpose,
            value=True,
            actor="test",
            reason="test",
            now=gateway_registry.now(),
        )
    page = gateway.get(f"/records/{record_id}")
    assert page.status_code == 200 and "credential.json" not in page.text
    assert "geen digitaal bewijs beschikbaar" in page.text
    assert gateway.get(f"/records/{record_id}/credential.json").status_code == 404
    assert gateway.get(f"/records/{record_id}/credential.pdf").status_code == 404
    verdict = gateway.get(f"/verify/{credential_id.removeprefix('urn:uuid:')}").text
    expected = "is ingetrokken" if purpose is StatusPurpose.REVOCATION else "is geschorst"
    assert expected in verdict and "is geldig" not in verdict
