"""The citizen gateway in Debian's headless Chromium, driven by Playwright (from PyPI; its own
browser download is not used): the real server (uvicorn) on a free loopback port beside the
demo OpenID Provider (node). A citizen logs in at the provider, sees her records, switches to
English (the choice persists), downloads the credential and the PDF -- the PDF's attached
credential verifies and its QR code decodes to the verification page, which opens --, opens a
wallet offer, and logs out here and at the provider. Screenshots of each page are kept in the
test's temporary directory."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "issuer"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "issuer" / "gateway"))

from gateway_checks import assert_verifies, pdf_attachment, pdf_qr_text
from gateway_support import DEMO_PERSONS, gateway_settings, running_op
from issuer_helpers import import_named, make_registry

from vc_led.led.synthetic import write_generated
from vc_led_issuer.api.main import create_app
from vc_led_issuer.context import Registry
from vc_led_issuer.db import make_engine, migrate
from vc_led_issuer.demo_op import RunningOp
from vc_led_issuer.jobs.issuance import run_issuance
from vc_led_issuer.settings import load_settings

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, RunningOp, Registry]]:
    """(base URL, provider, registry) of a running gateway with the demo data issued."""
    import uvicorn

    tmp = tmp_path_factory.mktemp("gateway")
    base = f"http://127.0.0.1:{_free_port()}"
    url = f"sqlite:///{tmp / 'registry.sqlite3'}"
    engine = make_engine(url, settings=load_settings(data_dir=tmp / "data", mode="demo"))
    migrate(engine)
    registry = make_registry(engine, url, tmp, public_url=base)
    registry.clock = lambda: datetime.now(UTC)
    data = tmp / "led.jsonl"
    write_generated(persons=DEMO_PERSONS, seed=1, fmt="jsonl", out=data)
    import_named(registry, data, actor="test")
    run_issuance(registry, workers=0, actor="test")
    with running_op(tmp, gateway_url=base) as op:
        app = create_app(registry, admin_token="t" * 40, gateway=gateway_settings(op, tmp))
        port = int(base.rsplit(":", 1)[1])
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        try:
            yield base, op, registry
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            engine.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run scripts/setup (apt-get install chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield chromium
        finally:
            chromium.close()


def test_a_citizen_logs_in_downloads_and_adds_to_wallet(
    site: tuple[str, RunningOp, Registry], browser: object, tmp_path: Path
) -> None:
    base, op, registry = site
    citizen = op.citizens[0]
    context = browser.new_context(  # type: ignore[attr-defined]
        accept_downloads=True, locale="nl-BE", viewport={"width": 1100, "height": 1300}
    )
    page = context.new_page()
    shots = tmp_path / "screenshots"
    shots.mkdir()

    page.goto(f"{base}/")
    assert page.locator("h1").inner_text() == "Mijn kwalificaties"
    page.screenshot(path=str(shots / "1-portal.png"), full_page=True)
    page.get_by_role("link", name="Aanmelden").click()
    assert page.url.startswith(op.issuer)
    page.get_by_label("Login").fill(citizen.login)
    page.get_by_label("Password").fill(citizen.password)
    page.screenshot(path=str(shots / "2-provider.png"))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    header = page.locator("header .who").inner_text()
    assert f"{citizen.given_name} {citizen.family_name}" in header
    assert page.locator("h2").count() >= 1
    records = page.locator("ul.cards li h3 a")
    assert records.count() == citizen.records - _cancelled(registry, citizen.insz)
    page.screenshot(path=str(shots / "3-records-nl.png"), full_page=True)

    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "My qualifications"
    page.goto(f"{base}/")  # the choice persists
    assert page.locator("h1").inner_text() == "My qualifications"
    page.screenshot(path=str(shots / "4-records-en.png"), full_page=True)

    page.locator("ul.cards li h3 a").first.click()
    page.screenshot(path=str(shots / "5-record.png"), full_page=True)
    with page.expect_download() as json_download:
        page.get_by_role("link", name="Download the credential (JSON)").click()
    stapled = json.loads(Path(json_download.value.path()).read_text())
    assert json_download.value.suggested_filename.endswith(".json")
    assert citizen.insz not in json_download.value.suggested_filename
    assert_verifies(registry, stapled)
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download as PDF").click()
    pdf = Path(pdf_download.value.path()).read_bytes()
    name, attached, spec = pdf_attachment(pdf)
    assert name == json_download.value.suggested_filename
    assert spec["/AFRelationship"] == "/Data"
    assert attached["credential"] == stapled["credential"]
    assert_verifies(registry, attached)
    verify_url = pdf_qr_text(pdf, tmp_path)
    assert verify_url == f"{base}/verify/{stapled['credential']['id'].removeprefix('urn:uuid:')}"
    (shots / "6-document.pdf").write_bytes(pdf)

    record_url = page.url
    stranger = browser.new_context()  # type: ignore[attr-defined]
    scan = stranger.new_page()
    scan.goto(verify_url)
    assert "is valid" in scan.locator("main").inner_text() or "is geldig" in scan.content()
    scan.screenshot(path=str(shots / "7-verify.png"), full_page=True)
    scan.goto(record_url)  # another browser: the record asks for a login, never shows it
    assert scan.url.startswith(op.issuer)
    stranger.close()

    page.get_by_role("button", name="Add to my wallet").click()
    page.wait_for_load_state()
    offer = page.content()
    assert "openid-credential-offer://" in offer
    assert "SD-JWT VC for EU wallets" in offer and "W3C Verifiable Credential" in offer
    page.screenshot(path=str(shots / "8-wallet-offer.png"), full_page=True)

    page.goto(f"{base}/")  # log out here and at the provider (RP-initiated logout)
    page.get_by_role("button", name="Log out").click()
    assert page.url.startswith(f"{op.issuer}/session/end")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="Log in").count() == 1
    page.goto(record_url)  # the session is gone: the record page asks for a login again
    assert page.url.startswith(op.issuer)
    context.close()


def _cancelled(registry: Registry, insz: str) -> int:
    from sqlmodel import col, select

    from vc_led_issuer.models import Holder, Record, RecordState
    from vc_led_issuer.privacy import InszHasher

    digest = InszHasher(registry.settings.pepper_bytes()).digest(insz)
    with registry.read() as session:
        holder = session.exec(select(Holder).where(col(Holder.insz_hash) == digest)).one()
        query = select(Record.id).where(col(Record.holder_id) == holder.id)
        query = query.where(col(Record.state) == RecordState.CANCELLED.value)
        return len(list(session.exec(query)))
