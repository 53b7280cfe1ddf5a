"""The web verifier in Debian's headless Chromium (installed by scripts/setup): the real server
on a free loopback port, a credential posted to it, then the result page loaded by the browser
-- its DOM must show the verdict and the qualification title, and its screenshot must be a
real (non-blank) PNG of the window's size. Never skipped: a missing Chromium is a failure."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from _png import decode, ink
from _server import post_file, request, running_server
from _world import World, build_world

from vc_led._time import utcnow
from vc_led.bundle import insecure_demo_registry_key

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1280, 1400)
pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(now=utcnow(), registry_key=insecure_demo_registry_key())


@pytest.fixture(scope="module")
def server(world: World, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("browser") / "led-trust-bundle.json"
    path.write_text(world.bundle().to_json())
    with running_server(bundle=path, pin=world.registry_key.public.multibase) as base:
        yield base


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM.exists(), "Chromium is missing: run scripts/setup (apt-get install chromium)"
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done


def verified_url(server: str, credential: dict, lang: str) -> str:
    status, headers, _ = post_file(
        f"{server}/verify?lang={lang}", json.dumps(credential).encode(), lang=lang
    )
    assert status == 303
    return server + headers["location"]


def test_result_page_dom_shows_verdict_and_title(server, world, tmp_path):
    url = verified_url(server, world.credentials["led_diploma"], "nl")
    dom = chromium(tmp_path, "--dump-dom", url).stdout.decode()
    assert '<h1 id="verdict" data-outcome="verified">GEVERIFIEERD</h1>' in dom
    assert "Master of Science in de sociologie" in dom and "VKS 7 (EQF 7)" in dom
    # the script ran under the page's CSP: it reveals the print button
    assert 'data-print=""' in dom and 'data-print="" hidden' not in dom


def test_failed_result_in_english(server, world, tmp_path):
    url = verified_url(server, world.credentials["led_revoked"], "en")
    dom = chromium(tmp_path, "--dump-dom", url).stdout.decode()
    assert 'data-outcome="failed">NOT VERIFIED</h1>' in dom
    assert "REVOKED" in dom and "status.revoked" in dom


def test_screenshot_is_a_real_picture(server, world, tmp_path):
    url = verified_url(server, world.credentials["led_diploma"], "en")
    shot = tmp_path / "result.png"
    size = f"--window-size={WINDOW[0]},{WINDOW[1]}"
    chromium(tmp_path, f"--screenshot={shot}", size, "--hide-scrollbars", url)
    data = shot.read_bytes()
    assert 20_000 < len(data) < 10_000_000
    width, height, rows = decode(data)
    assert (width, height) == WINDOW
    share, colours = ink(rows, bpp=len(rows[0]) // width)
    assert 0.01 < share < 0.9 and colours > 20, (share, colours)
    # the same page as the browser saw it carries the verdict and the title
    page = request(url)[2].decode()
    assert "VERIFIED" in page and "Master of Science in de sociologie" in page


def test_form_page_renders(server, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", f"{server}/?lang=nl").stdout.decode()
    assert '<label for="file">' in dom and "Verifiëren" in dom
