"""The gateway benchmark's load generator (benchmarks/_loadgen.py): wrk's Lua summary parsed,
latencies merged over rounds, and the asyncio client against a loopback server (keep-alive,
``Content-Length`` and chunked answers, each request once, the time bound)."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bench_loadgen", ROOT / "benchmarks" / "_loadgen.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


lg = _module()


def test_weighted_percentile_is_nearest_rank() -> None:
    points = [(3.0, 1.0), (1.0, 1.0), (100.0, 1.0), (2.0, 1.0)]
    assert lg.weighted_percentile(points, 0.5) == 2.0
    assert lg.weighted_percentile(points, 0.99) == 100.0
    assert lg.weighted_percentile([], 0.5) == 0.0


def test_wrk_summary_and_quantiles_are_parsed() -> None:
    lines = ["Running 1s test", "SUMMARY 2000 1000000 1 2"]
    lines += [f"Q {1000 * (p + 1)}" for p in range(1000)]  # 1 ms .. 1000 ms
    sample = lg.parse_wrk("\n".join(lines))
    assert (sample.requests, sample.seconds, sample.errors, sample.weight) == (2000, 1.0, 3, 2.0)
    load = lg.summarize([sample])
    assert (load.per_second, load.p50_ms, load.p99_ms) == (2000.0, 500.0, 990.0)
    with pytest.raises(ValueError, match="unexpected wrk output"):
        lg.parse_wrk("SUMMARY 1 1 0 0\nQ 5")


def test_rounds_merge_by_weight() -> None:
    wrk = lg.Sample("wrk", 1000, 1.0, 0, tuple(10.0 for _ in range(1000)), 1.0)
    slow = lg.Sample("wrk", 100, 1.0, 1, tuple(500.0 for _ in range(1000)), 0.1)
    load = lg.summarize([wrk, slow])
    assert (load.requests, load.seconds, load.per_second, load.errors) == (1100, 2.0, 550.0, 1)
    assert load.p50_ms == 10.0 and load.p99_ms == 500.0


class _Server:
    """A loopback HTTP/1.1 server: ``/chunked`` answers chunked, anything else by length."""

    def __init__(self) -> None:
        self.port = 0
        self.seen: list[bytes] = []
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while not reader.at_eof():
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length)
                path = head.split(b" ")[1]
                self.seen.append(path + b" " + body)
                if path == b"/chunked":
                    writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
                    writer.write(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                else:
                    writer.write(b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\nno")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()
        server.close()
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(server.wait_closed())
        self.loop.close()


@pytest.fixture
def server() -> Iterator[_Server]:
    running = _Server()
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    assert running.ready.wait(10)
    yield running
    running.loop.call_soon_threadsafe(running.loop.stop)
    thread.join(10)


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_asyncio_client_sends_each_request_once(server: _Server) -> None:
    requests = [lg.Request("POST", "/chunked", body=f"#{i}".encode()) for i in range(20)]
    requests.append(lg.Request("GET", "/missing"))
    sample, bodies = lg.run_requests(server.port, requests, concurrency=3, max_seconds=30)
    assert sample.requests == 21 and sample.errors == 1 and sample.statuses == {200: 20, 404: 1}
    assert bodies[:20] == [b"abcde"] * 20 and bodies[20] is None
    assert sorted(server.seen) == sorted(
        [f"/chunked #{i}".encode() for i in range(20)] + [b"/missing "]
    )
    assert len(sample.latencies_ms) == 21 and sample.weight == 1.0


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_asyncio_client_stops_at_its_time_bound(server: _Server) -> None:
    requests = [lg.Request("GET", "/chunked")] * 100_000
    sample, _ = lg.run_requests(server.port, requests, concurrency=2, max_seconds=0.2)
    assert 0 < sample.requests < 100_000 and sample.seconds < 30
