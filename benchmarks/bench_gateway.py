"""The citizen gateway under load: credential downloads and OpenID4VCI credential requests per
second with p50/p99 latency, on SQLite and on PostgreSQL, against the same server returning a
static file of the same size (the ceiling), measured in the same run.

Per backend: a demo registry (``prepare_demo``: the synthetic data set imported and issued) in a
throw-away database, the demo OpenID Provider (``scripts/oidc-op``) and the real service under
uvicorn on 127.0.0.1 (``_gateway_server.py``: ``create_app`` + a ``StaticFiles`` mount of files
with exactly the sizes of the downloads, in the benchmark's instance only). Prepared, untimed:
citizens logged in through the provider (their session cookies and credential downloads), one
pre-authorized offer per credential request redeemed at ``/oid4vci/token``, a key proof per
request signed by its own wallet key. Timed, in ``--rounds`` rounds (so that the ceiling and
the phases it is compared with share the machine's load as it changes), each round in turn:

- ``wrk`` (one thread, ``--connections``, ``--seconds``): the static files, then the downloads
  (``GET /records/{id}/credential.json`` with the citizen's session cookie), both cycled;
- the asyncio client (``_loadgen.py``, the same connections and seconds): the static files, the
  downloads, then its share of the OpenID4VCI requests: ``POST /oid4vci/nonce`` (the nonces its
  credential requests then use) and ``POST /oid4vci/credential`` (each request once: an access
  token, a fresh nonce and its proof; a credential signed, recorded and checked to be bound to
  the wallet's key), bounded by ``--credentials`` and ``--credential-seconds`` in all.

Each phase's figures are over all its rounds; a ratio is a phase's requests/s over the static
files' with the same load generator.

    .venv/bin/python benchmarks/bench_gateway.py                       # both backends, ~2 min
    .venv/bin/python benchmarks/bench_gateway.py --backend sqlite --rounds 5 --seconds 10 \\
        --credentials 3000 --credential-seconds 120

``wrk`` comes from Debian (``apt-get install -y wrk``; installed here when missing and root).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from _bench_db import create_database, drop_database
from _gateway_prep import (
    citizen_downloads,
    credential_requests,
    status_duplicates,
    token_requests,
)
from _loadgen import Load, Request, Sample, run_requests, run_wrk, summarize

HERE = Path(__file__).resolve().parent
WARM_UP = 10  # credential requests before the timed phases (the key file is decrypted then)
PHASES = {
    "wrk static": "static file (ceiling)",
    "wrk download": "credential download",
    "asyncio static": "static file (ceiling)",
    "asyncio download": "credential download",
    "asyncio nonce": "OID4VCI nonce",
    "asyncio credential": "OID4VCI credential",
}


def _ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit("wrk is missing: apt-get install -y wrk (as root)")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _server(port: int, static: Path, env: dict[str, str]) -> Iterator[None]:
    command = [sys.executable, str(HERE / "_gateway_server.py"), "--port", str(port)]
    process = subprocess.Popen([*command, "--static-dir", str(static)], env=env, cwd=HERE.parent)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the gateway did not start") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _row(phase: str, load: Load, ceiling: Load | None, connections: int) -> dict[str, Any]:
    ratio = round(load.per_second / ceiling.per_second, 3) if ceiling else None
    return {"phase": phase, "connections": connections, **asdict(load), "ratio": ratio}


def _bodies(answers: list[bytes | None], key: str) -> list[str]:
    return [str(json.loads(a)[key]) for a in answers if a is not None]


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class Served:
    """A running gateway with what the timed phases need."""

    port: int
    public: str
    static: list[tuple[str, dict[str, str]]]  # the ceiling: the downloads' sizes, same order
    downloads: list[tuple[str, dict[str, str]]]  # path, Cookie
    tokens: list[str]  # access tokens, one per credential request
    record_ids: list[int]  # the record of each


def _server_env(config: dict[str, Any], op: Any, secret: Path) -> dict[str, str]:
    return os.environ | {
        "VCLED_MODE": "demo",
        "VCLED_DATA_DIR": str(config["data_dir"]),
        "VCLED_DATABASE_URL": str(config["database_url"]),
        "VCLED_PUBLIC_URL": str(config["public_url"]),
        "VCLED_OIDC_ISSUER": op.issuer,
        "VCLED_OIDC_CLIENT_ID": op.client_id,
        "VCLED_OIDC_CLIENT_SECRET_FILE": str(secret),
        # prepared nonces and proofs stay valid through a long run (the checks are the same)
        "VCLED_OID4VCI_NONCE_SECONDS": "3600",
        "VCLED_OID4VCI_PROOF_MAX_AGE_SECONDS": "3600",
    }


@contextmanager
def _served(backend: str, tmp: Path, args: argparse.Namespace) -> Iterator[Served]:
    """Prepare the registry, the provider and the server; log in; make the access tokens."""
    from vc_led_issuer.context import open_registry
    from vc_led_issuer.demo import prepare_demo
    from vc_led_issuer.demo_op import DEMO_PASSWORD, demo_citizens, run_op
    from vc_led_issuer.settings import load_settings

    began = time.perf_counter()
    url, database = create_database(backend, tmp)
    try:
        port = _free_port()
        public = f"http://127.0.0.1:{port}"
        config = {"data_dir": tmp / "data", "database_url": url, "public_url": public}
        registry = open_registry(load_settings(mode="demo", **config))
        prepare_demo(registry, persons=args.persons, progress=False)
        demo_s = time.perf_counter() - began
        citizens = demo_citizens(persons=args.persons, count=args.citizens)
        static, workdir = tmp / "static", tmp / "op"
        static.mkdir()
        workdir.mkdir()
        with run_op(workdir, gateway_url=public, citizens=citizens) as op:
            secret = tmp / "client-secret"
            secret.write_text(op.client_secret + "\n")
            with _server(port, static, _server_env(config, op, secret)):
                found = [
                    d for c in citizens for d in citizen_downloads(public, c.login, DEMO_PASSWORD)
                ]
                if not found:
                    raise RuntimeError("no credential to download")
                for i, download in enumerate(found):
                    (static / f"{i}.json").write_bytes(download.body)
                login_s = time.perf_counter() - began - demo_s
                requests, record_ids = token_requests(registry, args.credentials + WARM_UP)
                answers = run_requests(port, requests, concurrency=4, max_seconds=600)[1]
                tokens = _bodies(answers, "access_token")
                if len(tokens) != len(requests):
                    raise RuntimeError("a pre-authorized code was refused at /oid4vci/token")
                sizes = sorted(len(d.body) for d in found)
                _say(
                    f"{backend}: prepared in {time.perf_counter() - began:.0f} s (demo data "
                    f"{demo_s:.0f} s, server and logins {login_s:.0f} s): "
                    f"{len(found)} downloads of {len(citizens)} citizens "
                    f"({sizes[0]:,}..{sizes[-1]:,} bytes), {len(tokens)} access tokens"
                )
                yield Served(
                    port=port,
                    public=public,
                    static=[(f"/bench-static/{i}.json", {}) for i in range(len(found))],
                    downloads=[(d.path, {"Cookie": d.cookie}) for d in found],
                    tokens=tokens,
                    record_ids=record_ids,
                )
                entries, doubled = status_duplicates(registry)
                _say(f"{backend}: {entries:,} status entries, {doubled} of them doubled")
                if doubled:
                    raise RuntimeError("a status index was handed out twice")
        registry.engine.dispose()
    finally:
        drop_database(database)


def _cycled(items: list[tuple[str, dict[str, str]]], count: int) -> list[Request]:
    return [
        Request("GET", p, tuple(h.items()))
        for p, h in (items[i % len(items)] for i in range(count))
    ]


def _check_credential(answer: bytes, did: str) -> bool:
    document = json.loads(answer)["credentials"][0]["credential"]
    return bool(document["credentialSubject"].get("id") == did and document.get("proof"))


class _Wallets:
    """The credential requests, taken a chunk at a time: each chunk's nonces are fetched
    (timed: the ``nonce`` phase), its proofs signed (untimed), then its requests sent."""

    def __init__(self, served: Served, connections: int) -> None:
        self.served, self.connections, self.next = served, connections, 0

    def round(self, count: int, max_seconds: float) -> tuple[Sample, Sample]:
        s, c = self.served, self.connections
        tokens = s.tokens[self.next : self.next + count]
        records = s.record_ids[self.next : self.next + count]
        nonce = Request("POST", "/oid4vci/nonce")
        nonces, answers = run_requests(s.port, [nonce] * len(tokens), concurrency=c, max_seconds=60)
        if nonces.errors:
            raise RuntimeError(f"nonce requests refused: {nonces.statuses}")
        requests, dids = credential_requests(s.public, tokens, records, _bodies(answers, "c_nonce"))
        done, answers = run_requests(s.port, requests, concurrency=c, max_seconds=max_seconds)
        if done.errors:
            raise RuntimeError(f"credential requests refused: {done.statuses}")
        checked = [_check_credential(a, did) for a, did in zip(answers, dids, strict=True) if a]
        if not checked or not all(checked):
            raise RuntimeError("a credential is not bound to its wallet key")
        self.next += count
        return nonces, done


def measure(backend: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    """One backend: prepare, then ``--rounds`` rounds of the timed phases (module docstring)."""
    c, seconds = args.connections, args.seconds
    samples: dict[str, list[Sample]] = {name: [] for name in PHASES}
    with tempfile.TemporaryDirectory() as name, _served(backend, Path(name), args) as s:
        wallets = _Wallets(s, c)
        wallets.round(WARM_UP, 120)  # the key file is decrypted at the first issuance
        bounded = {"concurrency": c, "max_seconds": seconds, "keep_bodies": False}
        per_round = -(-args.credentials // args.rounds)
        for _ in range(args.rounds):
            samples["wrk static"].append(run_wrk(s.port, s.static, seconds=seconds, connections=c))
            samples["wrk download"].append(
                run_wrk(s.port, s.downloads, seconds=seconds, connections=c)
            )
            count = args.max_rate * seconds
            static = run_requests(s.port, _cycled(s.static, count), **bounded)[0]
            samples["asyncio static"].append(static)
            downloads = run_requests(s.port, _cycled(s.downloads, count), **bounded)[0]
            samples["asyncio download"].append(downloads)
            nonces, credentials = wallets.round(per_round, args.credential_seconds / args.rounds)
            samples["asyncio nonce"].append(nonces)
            samples["asyncio credential"].append(credentials)
    loads = {name: summarize(found) for name, found in samples.items()}
    ceilings = {"wrk": loads["wrk static"], "asyncio": loads["asyncio static"]}
    rows = []
    for name, label in PHASES.items():
        load = loads[name]
        ceiling = None if name.endswith("static") else ceilings[load.generator]
        rows.append(_row(label, load, ceiling, c))
    return [{"backend": backend, **row} for row in rows]


def _table(rows: list[dict[str, Any]]) -> str:
    columns = "backend phase generator conn. requests req/s p50_ms p99_ms errors ratio".split()
    head = "| " + " | ".join(c.replace("_", " ") for c in columns) + " |"
    lines = [head, "|" + "---|" * len(columns)]
    for r in rows:
        ratio = "1" if r["ratio"] is None else f"{r['ratio']:.3f}"
        lines.append(
            f"| {r['backend']} | {r['phase']} | {r['generator']} | {r['connections']} | "
            f"{r['requests']:,} | {r['per_second']:,.1f} | {r['p50_ms']:.2f} | "
            f"{r['p99_ms']:.2f} | {r['errors']} | {ratio} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the benchmark; print the table (and the rows as JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all phases")
    parser.add_argument("--seconds", type=int, default=2, help="static/download phase per round")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--credentials", type=int, default=240, help="credential requests")
    parser.add_argument("--credential-seconds", type=int, default=15, help="at most, in all")
    parser.add_argument("--persons", type=int, default=12, help="demo data set size")
    parser.add_argument("--citizens", type=int, default=3, help="logged-in citizens")
    parser.add_argument("--max-rate", type=int, default=20_000, help="asyncio client: req/s cap")
    parser.add_argument("--json", type=Path, help="write the rows here")
    args = parser.parse_args(argv)
    _ensure_wrk()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    rows: list[dict[str, Any]] = []
    began = time.perf_counter()
    for backend in backends:
        rows += measure(backend, args)
    print(_table(rows))
    print(f"(total {time.perf_counter() - began:.0f} s; load average {os.getloadavg()[0]:.2f})")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
