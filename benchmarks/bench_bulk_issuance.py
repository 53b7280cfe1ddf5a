"""Bulk issuance of N generated LED records on SQLite and on PostgreSQL: import time, issuance
credentials/second, peak memory of the main process and of the issuing workers.

Each backend is measured in a process of its own (so that peak memory is that run's): a data set is
generated (:func:`vc_led.led.synthetic.write_generated`, a little more than N registered records),
imported (:func:`vc_led_issuer.jobs.importer.import_files`, timed), then the first N registered
records are issued by one ``issue-bulk`` run (:func:`vc_led_issuer.jobs.issuance.run_issuance` on
its process pool, ``--workers``, default the CPU count), timed from the job's start to its end (pool
start-up included). Afterwards the run is checked: N credentials, one per record, no status index
twice, no unbound allocation, an intact audit chain.

    .venv/bin/python benchmarks/bench_bulk_issuance.py                      # 100,000, both
    .venv/bin/python benchmarks/bench_bulk_issuance.py --records 5000 --backend sqlite

Peak memory: of the main process (generation, import, the job's bookkeeping) its ``getrusage``
``ru_maxrss``; of the workers the largest ``VmHWM`` (resident high-water mark since the worker
started) read from ``/proc`` every half second while the job runs (Linux). ``RUSAGE_CHILDREN``
would not do: on Linux a spawned child inherits the parent's high-water mark from before its
``exec``, so it reports the parent's size.
PostgreSQL: a database ``vcled_bench_<hex>`` on 127.0.0.1:5432 (user postgres), created and
dropped by the run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _bench_db import create_database, drop_database

RECORDS_PER_PERSON = 4.0  # under the generator's mean, so enough records are registered


def _mib(kib: int) -> float:
    return round(kib / 1024, 1)


class _WorkerMemory:
    """The largest ``VmHWM`` (KiB) of this process's descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.5) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    def __enter__(self) -> _WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _children(pid: int) -> list[int]:
        found: list[int] = []
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    found.extend(int(child) for child in fh.read().split())
        except OSError:
            pass
        return found

    @staticmethod
    def _hwm(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            pending, seen = self._children(os.getpid()), set()
            while pending:
                pid = pending.pop()
                if pid not in seen:
                    seen.add(pid)
                    self.peak_kib = max(self.peak_kib, self._hwm(pid))
                    pending.extend(self._children(pid))


def _check(registry: Any, wanted: int) -> dict[str, Any]:
    from sqlmodel import col, func, select

    from vc_led_issuer import audit
    from vc_led_issuer.models import IssuedCredential, StatusAllocation

    with registry.read() as session:
        rows = session.exec(select(IssuedCredential.record_id, IssuedCredential.document)).all()
        unbound = session.exec(
            select(func.count())
            .select_from(StatusAllocation)
            .where(col(StatusAllocation.credential_id).is_(None))
        ).one()
        chain_ok = audit.verify_chain(session).ok
    entries: Counter[tuple[str, str]] = Counter()
    for _, document in rows:
        status = json.loads(document).get("credentialStatus", [])
        for entry in status if isinstance(status, list) else [status]:
            entries[(entry["statusListCredential"], entry["statusListIndex"])] += 1
    per_record = Counter(record_id for record_id, _ in rows)
    ok = (
        len(rows) == wanted
        and all(n == 1 for n in per_record.values())
        and all(n == 1 for n in entries.values())
        and unbound == 0
        and chain_ok
    )
    return {"credentials": len(rows), "status_entries": sum(entries.values()), "checked": ok}


def measure(backend: str, wanted: int, workers: int, batch_size: int) -> dict[str, Any]:
    """One backend, in this process: generate, import, issue, check."""
    from sqlmodel import col, select

    from vc_led.led.synthetic import write_generated
    from vc_led_issuer.context import open_registry
    from vc_led_issuer.demo import demo_holder
    from vc_led_issuer.jobs.importer import import_files
    from vc_led_issuer.jobs.issuance import run_issuance
    from vc_led_issuer.jobs.where import Where
    from vc_led_issuer.lifecycle import init_registry
    from vc_led_issuer.models import Record
    from vc_led_issuer.settings import load_settings

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        url, database = create_database(backend, tmp)
        try:
            settings = load_settings(mode="demo", data_dir=tmp / "data", database_url=url)
            registry = open_registry(settings)
            init_registry(registry, actor="bench")
            data = tmp / "led.jsonl"
            persons = int(wanted / RECORDS_PER_PERSON) + 10
            write_generated(persons=persons, seed=2026, fmt="jsonl", out=data)
            began = time.perf_counter()
            imported = import_files(registry, [data], actor="bench", holder_profile=demo_holder)
            import_s = time.perf_counter() - began
            records = imported.created
            with registry.read() as session:
                query = select(Record.id).where(Record.state == "registered")
                ids = [i for i in session.exec(query.order_by(col(Record.id)).limit(wanted))]
            if len(ids) < wanted:
                raise SystemExit(f"only {len(ids)} registered records were generated")
            began = time.perf_counter()
            with _WorkerMemory() as worker_memory:
                report = run_issuance(
                    registry,
                    where=Where(max_id=ids[-1]),
                    workers=workers,
                    batch_size=batch_size,
                    actor="bench",
                )
            issue_s = time.perf_counter() - began
            # peak memory of the run itself, before the check reads every credential back
            peak_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            peak_worker = worker_memory.peak_kib
            checked = _check(registry, wanted)
            registry.engine.dispose()
        finally:
            drop_database(database)
    return {
        "backend": backend,
        "records": wanted,
        "imported": records,
        "import_s": round(import_s, 1),
        "import_per_s": round(records / import_s, 1),
        "workers": workers,
        "issued": report.issued,
        "failed": report.failed,
        "error": report.error,
        "issue_s": round(issue_s, 1),
        "credentials_per_s": round(report.issued / issue_s, 1),
        "peak_rss_main_mib": _mib(peak_main),
        "peak_rss_worker_mib": _mib(peak_worker),
        **checked,
    }


COLUMNS = [
    ("backend", "backend"),
    ("records", "records"),
    ("imported", "imported"),
    ("import_s", "import s"),
    ("import_per_s", "import rec/s"),
    ("workers", "workers"),
    ("issued", "issued"),
    ("issue_s", "issue s"),
    ("credentials_per_s", "credentials/s"),
    ("peak_rss_main_mib", "peak RSS main MiB"),
    ("peak_rss_worker_mib", "peak RSS worker MiB"),
    ("checked", "checked"),
]


def table(results: list[dict[str, Any]]) -> str:
    """A Markdown table of the results."""
    lines = [
        "| " + " | ".join(title for _, title in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for result in results:
        cells = [
            f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)
            for v in (result[key] for key, _ in COLUMNS)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="one backend, a JSON result line")
    args = parser.parse_args()
    if args.json:
        if args.backend == "both":
            parser.error("--json measures one backend")
        result = measure(args.backend, args.records, args.workers, args.batch_size)
        print(json.dumps(result))
        return 0
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        print(f"{backend}: {args.records:,} records, {args.workers} workers", file=sys.stderr)
        command = [
            sys.executable,
            __file__,
            "--json",
            f"--backend={backend}",
            f"--records={args.records}",
            f"--workers={args.workers}",
            f"--batch-size={args.batch_size}",
        ]
        done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    print(table(results))
    ok = all(r["checked"] and r["issued"] == args.records for r in results)
    print("PASS" if ok else "FAIL", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
