"""The gateway benchmark's load generators, both closed-loop and bounded, loopback only.

- :func:`run_wrk`: Debian's ``wrk`` (C, one thread, ``-c`` connections) for a list of GET
  requests cycled by a Lua script (path + Cookie per request), for ``seconds``; its counts and
  its latency quantiles at every 0.1 % (wrk 4.1's Lua API gives quantiles, not raw values).
- :func:`run_requests`: a small asyncio HTTP/1.1 client (keep-alive, ``concurrency``
  connections) that sends each of a list of prepared requests **once** (POSTs with one-time
  proofs cannot be repeated), until the list is done or ``max_seconds`` have passed; the
  latency of every request (from its first byte written to its last byte read), and optionally
  the bodies. It does no per-request work beyond writing prepared bytes and parsing the status
  line, the headers and a ``Content-Length`` or chunked body.

Each run is a :class:`Sample`; :func:`summarize` merges the samples of one phase taken in
several rounds (requests over seconds; percentiles of the merged latencies, a wrk quantile
weighing a thousandth of its run's requests).
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Load:
    """One measured phase (all its rounds)."""

    generator: str
    requests: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    statuses: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of a load generator: latencies (ms), each weighing ``weight`` requests."""

    generator: str
    requests: int
    seconds: float
    errors: int
    latencies_ms: tuple[float, ...]
    weight: float
    statuses: dict[int, int] = field(default_factory=dict)


def weighted_percentile(points: Sequence[tuple[float, float]], fraction: float) -> float:
    """The smallest value whose cumulative weight reaches ``fraction`` of the total."""
    ordered = sorted(points)
    target, seen = fraction * sum(w for _, w in ordered), 0.0
    for value, weight in ordered:
        seen += weight
        if seen >= target:
            return value
    return ordered[-1][0] if ordered else 0.0


def summarize(samples: Sequence[Sample]) -> Load:
    """The samples of one phase as one figure (see the module docstring)."""
    points = [(ms, s.weight) for s in samples for ms in s.latencies_ms]
    requests, seconds = sum(s.requests for s in samples), sum(s.seconds for s in samples)
    statuses: Counter[int] = Counter()
    for sample in samples:
        statuses.update(sample.statuses)
    return Load(
        generator=samples[0].generator,
        requests=requests,
        seconds=round(seconds, 2),
        per_second=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=round(weighted_percentile(points, 0.50), 2),
        p99_ms=round(weighted_percentile(points, 0.99), 2),
        errors=sum(s.errors for s in samples),
        statuses=dict(statuses),
    )


@dataclass(frozen=True, slots=True)
class Request:
    """A prepared request: method, path, extra headers, body."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def encode(self, port: int) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {HOST}:{port}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.body or self.method == "POST":
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


# ---- wrk ---------------------------------------------------------------------------------

_LUA = """
local items = {
%s
}
local i = 0
request = function()
  i = i %% #items + 1
  local item = items[i]
  return wrk.format("GET", item[1], item[2])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("SUMMARY %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status))
  for p = 1, 1000 do
    io.write(string.format("Q %%d\\n", latency:percentile(p / 10)))
  end
end
"""


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_wrk(output: str) -> Sample:
    """The figures that the Lua ``done`` of :data:`_LUA` printed (microseconds)."""
    summary = re.search(r"^SUMMARY (\d+) (\d+) (\d+) (\d+)$", output, re.MULTILINE)
    quantiles = [int(q) / 1000.0 for q in re.findall(r"^Q (\d+)$", output, re.MULTILINE)]
    if summary is None or len(quantiles) != 1000:
        raise ValueError(f"unexpected wrk output:\n{output}")
    requests, duration_us, socket_errors, status_errors = map(int, summary.groups())
    return Sample(
        generator="wrk",
        requests=requests,
        seconds=duration_us / 1e6,
        errors=socket_errors + status_errors,
        latencies_ms=tuple(quantiles),
        weight=requests / 1000.0,
    )


def run_wrk(
    port: int,
    items: Sequence[tuple[str, dict[str, str]]],
    *,
    seconds: float,
    connections: int,
) -> Sample:
    """``wrk -t1`` over ``items`` (path, headers), cycled, for ``seconds`` (whole seconds)."""
    rows = []
    for path, headers in items:
        pairs = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
        rows.append(f"  {{{_lua_string(path)}, {{{pairs}}}}},")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "requests.lua"
        script.write_text(_LUA % "\n".join(rows), encoding="utf-8")
        command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
        command += ["--timeout", "10s", "-s", str(script), f"http://{HOST}:{port}"]
        done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    return parse_wrk(done.stdout)


# ---- the asyncio client ------------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            parts.append(await reader.readexactly(size + 2))
            if size == 0:
                break
        body = b"".join(p[:-2] for p in parts)
    else:
        body = await reader.read()
    return status, body, headers.get("connection", "").lower() == "close"


async def _worker(
    port: int,
    queue: list[tuple[int, bytes]],
    deadline: float,
    results: list[tuple[int, float, int, bytes]],
    keep_bodies: bool,
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        while queue and time.perf_counter() < deadline:
            index, data = queue.pop()
            began = time.perf_counter()
            writer.write(data)
            await writer.drain()
            status, body, close = await _read_response(reader)
            took = time.perf_counter() - began
            results.append((index, took, status, body if keep_bodies else b""))
            if close:
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
    finally:
        writer.close()


async def _run(
    port: int, requests: Sequence[Request], concurrency: int, max_seconds: float, keep: bool
) -> tuple[list[tuple[int, float, int, bytes]], float]:
    queue = [(i, r.encode(port)) for i, r in enumerate(requests)][::-1]  # pop() takes the first
    results: list[tuple[int, float, int, bytes]] = []
    began = time.perf_counter()
    workers = [
        _worker(port, queue, began + max_seconds, results, keep)
        for _ in range(min(concurrency, len(requests)))
    ]
    await asyncio.gather(*workers)
    return results, time.perf_counter() - began


def run_requests(
    port: int,
    requests: Sequence[Request],
    *,
    concurrency: int,
    max_seconds: float,
    expect: int = 200,
    keep_bodies: bool = True,
) -> tuple[Sample, list[bytes | None]]:
    """Send each request once (see the module docstring); the sample and, by the request's
    index, the body of each answer with status ``expect`` (None: not sent or refused)."""
    results, seconds = asyncio.run(_run(port, requests, concurrency, max_seconds, keep_bodies))
    bodies: list[bytes | None] = [None] * len(requests)
    statuses = Counter(status for _, _, status, _ in results)
    for index, _, status, body in results:
        if status == expect:
            bodies[index] = body
    sample = Sample(
        generator="asyncio",
        requests=len(results),
        seconds=seconds,
        errors=sum(n for status, n in statuses.items() if status != expect),
        latencies_ms=tuple(took * 1000.0 for _, took, _, _ in results),
        weight=1.0,
        statuses=dict(statuses),
    )
    return sample, bodies
