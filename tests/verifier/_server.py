"""Run ``vc-led verifier serve`` for real on a free loopback port, and talk to it with urllib.

Tests using it need ``@pytest.mark.enable_socket`` and ``@pytest.mark.allow_hosts(["127.0.0.1"])``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def request(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """GET or POST; answer (status, headers, body) without following redirects."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with _OPENER.open(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def post_form(url: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    body = urllib.parse.urlencode(fields).encode()
    return request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})


def post_file(url: str, content: bytes, **fields: str) -> tuple[int, dict[str, str], bytes]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="credential.json"\r\nContent-Type: application/json\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return request(url, data=body, headers=headers)


@contextmanager
def running_server(*, bundle: Path, pin: str, extra: Sequence[str] = ()) -> Iterator[str]:
    """Start the verifier; yield its base URL; stop it (by its own pid) afterwards."""
    port = free_port()
    command = [
        sys.executable, "-m", "vc_led.cli", "verifier", "serve", "--host", "127.0.0.1",
        "--port", str(port), "--bundle", str(bundle), "--pinned-key", pin, *extra,
    ]  # fmt: skip
    with launched(command, port=port) as (base, _):
        yield base


@contextmanager
def launched(
    command: Sequence[str], *, port: int, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run ``command`` (a server on ``port``) until it answers ``/health``; yield its base URL
    and process; stop it (by its own pid) afterwards."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise AssertionError(f"server exited: {process.stderr.read().decode()}")
            try:
                if request(base + "/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("server did not start within 30 s")
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        process.stdout.close()
        process.stderr.close()
