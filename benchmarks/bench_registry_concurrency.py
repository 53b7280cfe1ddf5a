"""Evidence: N processes issuing credentials at once against one registry database — zero
duplicate status indexes, zero lost issuances — on SQLite and on PostgreSQL.

Each process runs the real bulk path (:func:`vc_led_issuer.jobs.issuance.run_issuance`, inline: its
own job, status index blocks reserved per batch, signing, one transaction per batch) on its
share of the records (``--where id>=A``/``id<=B``), all started together. ``--mode pool``
instead runs one ``issue-bulk`` on its process pool of N workers (the bulk issuance
benchmark: credentials/second and peak memory per worker). The data set is generated
(:func:`vc_led.led.synthetic.write_generated`) and imported first (timed separately).

    .venv/bin/python benchmarks/bench_registry_concurrency.py --backend both
    .venv/bin/python benchmarks/bench_registry_concurrency.py --backend sqlite --credentials 2000
    .venv/bin/python benchmarks/bench_registry_concurrency.py --mode pool --processes 2 \\
        --credentials 100000

PostgreSQL: a database ``vcled_bench_<random>`` on 127.0.0.1:5432 (user postgres), dropped
afterwards.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _bench_db import create_database, drop_database
from sqlmodel import col, func, select

from vc_led.led.synthetic import write_generated
from vc_led_issuer import audit
from vc_led_issuer.context import Registry, open_registry
from vc_led_issuer.demo import demo_holder
from vc_led_issuer.jobs.importer import import_files
from vc_led_issuer.jobs.issuance import run_issuance
from vc_led_issuer.jobs.where import Where
from vc_led_issuer.lifecycle import init_registry
from vc_led_issuer.models import IssuedCredential, Record, StatusAllocation
from vc_led_issuer.settings import Settings, load_settings

RECORDS_PER_PERSON = 4.0  # under the generator's mean, so enough records are registered


@dataclass(frozen=True)
class Share:
    settings: Settings
    url: str
    index: int
    min_id: int
    max_id: int


def _issue_share(share: Share, start_at: float) -> dict[str, Any]:
    registry = open_registry(share.settings, upgrade=False)  # settings name the database
    while time.time() < start_at:  # all processes start together
        time.sleep(0.001)
    began = time.perf_counter()
    report = run_issuance(
        registry,
        where=Where(min_id=share.min_id, max_id=share.max_id),
        workers=0,
        actor=f"bench-{share.index}",
    )
    return {
        "issued": report.issued,
        "failed": report.failed,
        "error": report.error,
        "seconds": time.perf_counter() - began,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _prepare(registry: Registry, tmp: Path, wanted: int) -> tuple[list[int], float]:
    init_registry(registry, actor="bench")
    data = tmp / "led.jsonl"
    write_generated(persons=int(wanted / RECORDS_PER_PERSON) + 10, seed=2026, fmt="jsonl", out=data)
    began = time.perf_counter()
    report = import_files(registry, [data], actor="bench", holder_profile=demo_holder)
    seconds = time.perf_counter() - began
    print(f"  import: {report.summary()} in {seconds:.1f} s", file=sys.stderr)
    with registry.read() as session:
        query = select(Record.id).where(Record.state == "registered").order_by(col(Record.id))
        ids = [i for i in session.exec(query.limit(wanted)) if i is not None]
    if len(ids) < wanted:
        raise SystemExit(f"only {len(ids)} registered records were generated")
    with registry.write() as session:  # keep exactly `wanted` issuable records
        extra = select(Record).where(col(Record.id) > ids[-1], Record.state == "registered")
        for row in session.exec(extra):
            row.state = "cancelled"
            session.add(row)
    return ids, seconds


def _check(registry: Registry, ids: list[int]) -> dict[str, Any]:
    with registry.read() as session:
        rows = session.exec(select(IssuedCredential)).all()
        allocations = session.exec(select(func.count()).select_from(StatusAllocation)).one()
        unbound = session.exec(
            select(func.count())
            .select_from(StatusAllocation)
            .where(col(StatusAllocation.credential_id).is_(None))
        ).one()
        chain = audit.verify_chain(session)
    entries: Counter[tuple[str, str]] = Counter()
    for row in rows:
        status = json.loads(row.document).get("credentialStatus", [])
        for entry in status if isinstance(status, list) else [status]:
            entries[(entry["statusListCredential"], entry["statusListIndex"])] += 1
    per_record = Counter(r.record_id for r in rows)
    return {
        "credentials": len(rows),
        "status_entries": sum(entries.values()),
        "duplicate_indexes": sum(1 for n in entries.values() if n > 1),
        "lost": sum(1 for i in ids if per_record[i] == 0),
        "doubled": sum(1 for n in per_record.values() if n > 1),
        "allocations": allocations,
        "unbound_allocations": unbound,
        "audit_ok": chain.ok,
    }


def _issue_processes(
    settings: Settings, url: str, ids: list[int], processes: int
) -> dict[str, Any]:
    """N independent processes, each running its own issue-bulk job on its share, at once."""
    step = -(-len(ids) // processes)
    shares = [
        Share(settings, url, n, ids[n * step], ids[min(len(ids), (n + 1) * step) - 1])
        for n in range(processes)
    ]
    ctx = multiprocessing.get_context("spawn")
    start_at = time.time() + 8  # time for the processes to start and import
    began = time.time()
    with ctx.Pool(processes) as pool:
        results = pool.starmap(_issue_share, [(s, start_at) for s in shares])
    return {
        "issued": sum(r["issued"] for r in results),
        "failed": sum(r["failed"] for r in results),
        "errors": [r["error"] for r in results if r["error"]],
        "issue_wall_s": time.time() - max(began, start_at),
        "peak_rss_mib_per_process": max(r["peak_rss_mib"] for r in results),
    }


def _issue_pool(registry: Registry, processes: int) -> dict[str, Any]:
    """One issue-bulk run on its default process pool of N workers (startup included)."""
    began = time.time()
    report = run_issuance(registry, workers=processes, actor="bench")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "issued": report.issued,
        "failed": report.failed,
        "errors": [report.error] if report.error else [],
        "issue_wall_s": time.time() - began,
        "peak_rss_mib_per_process": children,
    }


def run(backend: str, wanted: int, processes: int, mode: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        url, database = create_database(backend, tmp)
        try:
            settings = load_settings(mode="demo", data_dir=tmp / "data", database_url=url)
            registry = open_registry(settings)
            ids, import_s = _prepare(registry, tmp, wanted)
            if mode == "processes":
                issued = _issue_processes(settings, url, ids, processes)
            else:
                issued = _issue_pool(registry, processes)
            checked = _check(registry, ids)
            registry.engine.dispose()
        finally:
            drop_database(database)
    wall = issued.pop("issue_wall_s")
    return {
        "backend": backend,
        "mode": mode,
        "processes": processes,
        "wanted": wanted,
        "import_s": round(import_s, 1),
        "issue_wall_s": round(wall, 1),
        "credentials_per_s": round(issued["issued"] / wall, 1),
        **{k: round(v, 1) if isinstance(v, float) else v for k, v in issued.items()},
        **checked,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--credentials", type=int, default=25_000)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument(
        "--mode",
        choices=["processes", "pool"],
        default="processes",
        help="N independent issuing processes at once (default), or one issue-bulk pool of N",
    )
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    ok = True
    for backend in backends:
        what = f"{args.processes} processes, {args.credentials} credentials"
        print(f"{backend}: {what}", file=sys.stderr)
        result = run(backend, args.credentials, args.processes, args.mode)
        print(json.dumps(result, indent=2))
        ok = ok and result["duplicate_indexes"] == result["lost"] == result["doubled"] == 0
        ok = ok and result["issued"] == args.credentials and result["audit_ok"]
    print("PASS" if ok else "FAIL", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
