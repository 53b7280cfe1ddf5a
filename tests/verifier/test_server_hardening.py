"""The real server (uvicorn on 127.0.0.1, started like ``vc-led verifier serve``) under the
behaviour that depends on it (issue 9): SIGTERM during a verification that would never end
stops the server within seconds; a client that disconnects stops its verification; a body
that trickles in is refused; chunked and multipart bodies over the limit are refused while
they stream in.

The never-ending verification is injected (``_tricks.py``: a worker that sleeps two minutes
on a marked document), so the tests keep their meaning whatever documents cost to verify."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from _server import free_port, launched, request
from _tricks import ends_within, sleeping_pids

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
HERE = Path(__file__).resolve().parent
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def bundle_file(bundle, tmp_path) -> Path:
    path = tmp_path / "led-trust-bundle.json"
    path.write_text(bundle.to_json())
    return path


def tricky_server(world, bundle_file: Path, pid_dir: Path, *, budget: float, body: float = 30):
    port = free_port()
    pin = world.registry_key.public.multibase
    command = [
        sys.executable, str(HERE / "_serve_tricky.py"), str(port), str(bundle_file), pin,
        str(budget), str(body),
    ]  # fmt: skip
    return launched(command, port=port, env={**os.environ, "TRICKS_PID_DIR": str(pid_dir)})


def slow_document(world) -> bytes:
    return json.dumps({**world.credentials["registry_ok"], "sleep-here": True}).encode()


def test_sigterm_during_a_verification_stops_the_server_within_seconds(
    world, bundle_file, tmp_path
):
    answers: list[int] = []
    with tricky_server(world, bundle_file, tmp_path, budget=100) as (base, process):
        url = f"{base}/api/verify"
        client = threading.Thread(
            target=lambda: answers.append(request(url, data=slow_document(world), headers=JSON)[0])
        )
        client.start()
        (pid,) = sleeping_pids(tmp_path)
        assert request(f"{base}/health")[0] == 200  # the server itself is not held
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        stopped = time.monotonic() - started
        client.join(timeout=20)
        assert stopped < 10, stopped  # the worker would sleep two minutes
        assert ends_within(pid, 5)
        assert answers == [503]  # shutting-down, not a dropped connection


def test_a_client_that_disconnects_stops_its_verification(world, bundle_file, tmp_path):
    with tricky_server(world, bundle_file, tmp_path, budget=100) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        body = slow_document(world)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            head = (
                f"POST /api/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            raw.sendall(head.encode() + body)
            (pid,) = sleeping_pids(tmp_path)
        assert ends_within(pid, 15)  # long before the 100 s budget
        good = json.dumps(world.credentials["registry_ok"]).encode()
        status, _, answer = request(f"{base}/api/verify", data=good, headers=JSON)
        assert status == 200 and json.loads(answer)["verified"]  # its replacement serves


@pytest.mark.parametrize(
    ("length", "status", "slug"),
    [(1000, b"408", b"request_timeout"), (3_000_000, b"413", b"too_large")],
)
def test_a_body_that_trickles_in_is_refused(world, bundle_file, tmp_path, length, status, slug):
    """Also one over the limit, which is otherwise drained so browsers can read the answer."""
    with tricky_server(world, bundle_file, tmp_path, budget=30, body=2) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as raw:
            head = (
                "POST /api/verify HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{"
            )
            raw.sendall(head.encode())
            answer = b""
            while chunk := raw.recv(4096):  # the server closes the connection after it
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
        assert slug in answer


def _chunks(total: int, size: int = 64 * 1024):
    sent = 0
    while sent < total:
        yield b" " * min(size, total - sent)
        sent += size


@pytest.mark.parametrize("route", ["/api/verify", "/verify"])
def test_a_chunked_body_over_the_limit_is_refused_while_it_streams(
    world, bundle_file, tmp_path, route
):
    boundary = uuid.uuid4().hex
    if route == "/verify":
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        opening = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="c.json"\r\nContent-Type: application/json\r\n\r\n'
        ).encode()
    else:
        headers, opening = dict(JSON), b""
    headers["Accept"] = "application/json"

    def body():
        yield opening
        yield from _chunks(3 * 1024 * 1024)

    with tricky_server(world, bundle_file, tmp_path, budget=30) as (base, _):
        port = int(base.rsplit(":", 1)[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("POST", route, body=body(), headers=headers, encode_chunked=True)
            response = connection.getresponse()
            assert response.status == 413
            assert response.getheader("content-type") == "application/problem+json"
        finally:
            connection.close()


def test_serve_refuses_a_server_without_workers(world, bundle_file):
    command = [
        sys.executable, "-m", "vc_led.cli", "verifier", "serve", "--bundle", str(bundle_file),
        "--pinned-key", world.registry_key.public.multibase, "--workers", "0",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--workers" in done.stderr
