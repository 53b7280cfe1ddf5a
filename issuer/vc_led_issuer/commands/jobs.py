"""``vc-led import``, ``vc-led issue-bulk``, ``vc-led export``."""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from pathlib import Path

from ..jobs.progress import Progress
from ..jobs.where import parse_where
from ._common import (
    FAILED,
    OK,
    USAGE,
    Subparsers,
    cli_actor,
    common_options,
    guarded,
    open_cli_registry,
    say,
)

__all__ = ["register"]

MAX_PROBLEMS_SHOWN = 200


def register(sub: Subparsers) -> None:
    """Add ``import``, ``issue-bulk`` and ``export``."""
    common = common_options()
    imp = sub.add_parser(
        "import", parents=[common], help="import LED records (MAGDA XML or JSON lines)"
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="files or directories")
    imp.add_argument("--format", choices=["magda", "jsonl"], help="default: per file")
    imp.add_argument("--batch-size", type=int, default=200, help="records per transaction")
    imp.add_argument(
        "--demo-names",
        action="store_true",
        help="demo mode only: made-up names for synthetic holders (so they can be issued)",
    )
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    imp.set_defaults(handler=guarded(run_import))

    bulk = sub.add_parser(
        "issue-bulk", parents=[common], help="issue the credentials of every issuable record"
    )
    _where(bulk)
    bulk.add_argument("--workers", type=int, help="worker processes (default: CPUs; 0: inline)")
    bulk.add_argument("--batch-size", type=int, default=50, help="records per batch")
    bulk.add_argument(
        "--dask-scheduler",
        metavar="ADDRESS",
        help="run the batches on this Dask cluster (tls://host:8786) instead of local processes",
    )
    bulk.add_argument(
        "--dask-insecure",
        action="store_true",
        help="allow a plain tcp:// scheduler on another host (the job's secrets travel in clear)",
    )
    bulk.add_argument("--quiet", action="store_true", help="no progress bar")
    bulk.set_defaults(handler=guarded(run_issue_bulk))

    holders = sub.add_parser("holders", help="holders' names and birth dates (for issuance)")
    hsub = holders.add_subparsers(dest="holders_command", metavar="COMMAND", required=True)
    hold = hsub.add_parser(
        "import", parents=[common], help="CSV: insz,given_name,family_name,birth_date"
    )
    hold.add_argument("file", metavar="FILE.csv")
    hold.set_defaults(handler=guarded(run_holders_import))

    exp = sub.add_parser("export", parents=[common], help="write issued credentials as files")
    exp.add_argument("--out", required=True, metavar="DIR", help="directory (created if needed)")
    _where(exp)
    exp.add_argument("--include-revoked", action="store_true", help="also revoked credentials")
    exp.add_argument("--quiet", action="store_true", help="no progress bar")
    exp.set_defaults(handler=guarded(run_export))


def _where(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="EXPR",
        help="supplier=NAME, id>=N, id<=N, updated>=DATE, updated<DATE (repeatable: all hold)",
    )


def run_import(args: argparse.Namespace) -> int:
    """Import files; exit 1 when a record or a file failed."""
    from ..demo import demo_holder
    from ..jobs.importer import import_files
    from ..jobs.sources import InputFormat

    if args.batch_size < 1:
        say("error: --batch-size must be at least 1")
        return USAGE
    with open_cli_registry(args) as registry:
        if args.demo_names and not registry.settings.demo:
            say("error: --demo-names is for demo mode only")
            return USAGE
        progress = Progress("import", enabled=not args.quiet)
        report = import_files(
            registry,
            args.files,
            fmt=InputFormat(args.format) if args.format else None,
            batch_size=args.batch_size,
            progress=progress,
            holder_profile=demo_holder if args.demo_names else None,
            actor=cli_actor(),
        )
        progress.close()
        for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
            say(f"not imported: {problem}")
        if report.failed > MAX_PROBLEMS_SHOWN:
            say(f"... and {report.failed - MAX_PROBLEMS_SHOWN} more not imported")
        say(report.summary())
        return OK if report.ok else FAILED


def run_holders_import(args: argparse.Namespace) -> int:
    """Store holder names; exit 1 when a line was refused."""
    from ..jobs.holders import import_holder_names

    with open_cli_registry(args) as registry:
        report = import_holder_names(registry, Path(args.file), actor=cli_actor())
    for line, code in report.problems[:MAX_PROBLEMS_SHOWN]:
        say(f"line {line}: {code}")
    say(f"{report.stored} holder(s) stored, {len(report.problems)} line(s) refused")
    return OK if not report.problems else FAILED


def run_issue_bulk(args: argparse.Namespace) -> int:
    """Issue credentials; exit 1 when a record failed or the run stopped early."""
    from ..jobs.issuance import run_issuance

    where = parse_where(args.where)  # a WhereError is a usage error (exit 2) through guarded
    if args.batch_size < 1 or (args.workers is not None and args.workers < 0):
        say("error: --batch-size must be at least 1 and --workers at least 0")
        return USAGE
    if args.dask_scheduler and args.workers is not None:
        say("error: --workers and --dask-scheduler exclude each other")
        return USAGE
    with open_cli_registry(args) as registry, ExitStack() as stack:
        executor, workers = None, args.workers
        if args.dask_scheduler:
            from ..jobs.cluster import dask_cluster

            cluster = stack.enter_context(
                dask_cluster(args.dask_scheduler, allow_insecure=args.dask_insecure)
            )
            executor, workers = cluster.executor, cluster.slots
            say(f"Dask cluster at {args.dask_scheduler}: {workers} worker thread(s)")
        progress = Progress("issue", unit="credentials", enabled=not args.quiet)
        report = run_issuance(
            registry,
            where=where,
            workers=workers,
            executor=executor,
            batch_size=args.batch_size,
            progress=progress,
            actor=cli_actor(),
        )
        progress.close()
        for code, ids in _by_code(report.failures).items():
            shown = ", ".join(map(str, ids[:10])) + (", ..." if len(ids) > 10 else "")
            say(f"not issued: {len(ids)} record(s) {code}: {shown}")
        if report.error:
            say(f"stopped: {report.error} (run issue-bulk again to resume)")
        say(
            f"job {report.job_id}: {report.issued} issued, {report.skipped} already issued, "
            f"{report.failed} failed"
        )
        return OK if report.ok else FAILED


def _by_code(failures: list[tuple[int, str]]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for record_id, code in failures:
        grouped.setdefault(code, []).append(record_id)
    return {code: sorted(ids) for code, ids in grouped.items()}


def run_export(args: argparse.Namespace) -> int:
    """Export credentials as files."""
    from ..jobs.export import export_credentials

    where = parse_where(args.where)  # a WhereError is a usage error (exit 2) through guarded
    with open_cli_registry(args) as registry:
        progress = Progress("export", unit="credentials", enabled=not args.quiet)
        report = export_credentials(
            registry,
            out=Path(args.out),
            where=where,
            include_revoked=args.include_revoked,
            progress=progress,
        )
        progress.close()
        left_out = f"{report.revoked} revoked left out"
        say(f"{report.written} written, {report.unchanged} unchanged, {left_out}")
        if report.withheld:
            say(
                f"{report.withheld} withheld: an INSZ in their text (revoke them and issue the "
                f"corrected records again): {', '.join(report.withheld_ids)}"
            )
            return FAILED
        return OK
