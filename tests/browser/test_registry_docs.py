"""The registry's ``/docs`` in Debian's headless Chromium: Swagger UI, served from the
installed package under the page's CSP (``script-src 'self'``), renders the API's operations
with no network but the loopback server (issue 9: no CDN where operators paste their token)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from _server import free_port
from test_chromium import chromium

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
ROOT = Path(__file__).resolve().parents[2]


def _wait(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, "vc-led serve exited"
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                json.loads(answer.read())
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("vc-led serve did not answer in time")


def test_docs_render_offline_under_the_csp(tmp_path: Path) -> None:
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("VCLED_") and k != "DATABASE_URL"
    }
    env["VCLED_DATA_DIR"] = str(tmp_path / "data")
    command = [sys.executable, "-m", "vc_led.cli", "serve", "--port", str(port)]
    command += ["--demo-persons", "1", "--quiet"]
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait(f"http://127.0.0.1:{port}/health", server)
        url = f"http://127.0.0.1:{port}/docs"
        dom = chromium(tmp_path, "--virtual-time-budget=15000", "--dump-dom", url).stdout.decode()
    finally:
        server.terminate()
        server.wait(20)
        log.close()
    assert 'data-path="/health"' in dom
    assert 'data-path="/admin/credentials/{credential_id}/revoke"' in dom
