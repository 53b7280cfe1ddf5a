"""Verifications run in a small pool of worker processes, each under a wall-clock budget.

Python cannot stop a thread, so a verification that runs long (a pathological document, a
library bug) must not run in the server process: there it would keep a thread busy after its
client left, and keep the server from stopping. Each verification is sent to an idle worker
process instead:

- it answers within the budget: the :class:`~vc_led.VerificationResult`;
- it does not: the worker is killed and replaced, :class:`VerificationTimeoutError`;
- it raises or dies (a library bug, or past its address-space limit): replaced,
  :class:`VerificationAbortedError` (logged here in one bounded line -- the exception's type
  and where it was raised, not its message -- never shown to the client);
- the caller is cancelled (its client disconnected, the server stops): killed and replaced;
- no worker is free within the budget: :class:`PoolBusyError`;
- the pool is closed (the server stops): :class:`PoolClosedError`.

Workers are started with ``spawn`` (no fork of a threaded server), announce when their
verifier is built (a fresh worker's start-up never counts against a budget), ignore Ctrl-C
(the server ends them) and exit by themselves when the server process is gone. This module
imports no web framework: it is imported again in every worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from vc_led import TrustBundle, VerificationResult, Verifier
from vc_led._time import utcnow
from vc_led.errors import ServiceError

if TYPE_CHECKING:
    from .settings import VerifierSettings

__all__ = [
    "Job",
    "PoolBusyError",
    "PoolClosedError",
    "Recipe",
    "VerificationAbortedError",
    "VerificationTimeoutError",
    "WorkerPool",
    "run_job",
]

log = logging.getLogger("verifier")
_READY = "ready"
_POLL_SECONDS = 0.02
_RESPAWN_SECONDS = 1.0


class VerificationTimeoutError(ServiceError):
    """The verification did not finish within its budget (its worker was killed)."""


class VerificationAbortedError(ServiceError):
    """The worker raised or died during the verification (logged; nothing was decided)."""


class PoolBusyError(ServiceError):
    """No worker became free within the budget."""


class PoolClosedError(ServiceError):
    """The server is shutting down."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One verification: the document's bytes and how to verify it."""

    data: bytes
    challenge: str | None
    domain: str | None
    now: datetime


def run_job(verifier: Verifier, job: Job) -> VerificationResult:
    """The default work of a worker: verify ``job`` with ``verifier`` (any input it reads)."""
    return verifier.verify(job.data, challenge=job.challenge, domain=job.domain, now=job.now)


Task = Callable[[Verifier, Job], VerificationResult]


@dataclass(frozen=True, slots=True)
class Recipe:
    """What a worker builds its verifier from: the settings, made picklable (the bundle
    travels as its fields, the clock stays behind: jobs carry their time)."""

    settings: VerifierSettings
    bundle: dict[str, Any] | None

    @classmethod
    def of(cls, settings: VerifierSettings) -> Recipe:
        """The recipe of ``settings``."""
        bare = replace(settings, bundle=None, clock=utcnow)
        if settings.bundle is None:
            return cls(bare, None)
        parts = {f.name: getattr(settings.bundle, f.name) for f in fields(settings.bundle)}
        plain = {k: dict(v) if isinstance(v, MappingProxyType) else v for k, v in parts.items()}
        return cls(bare, plain)

    def verifier(self) -> Verifier:
        """The verifier of the settings (in the worker)."""
        if self.bundle is None:
            return self.settings.verifier()
        return replace(self.settings, bundle=TrustBundle(**self.bundle)).verifier()


def _portable(result: VerificationResult) -> VerificationResult:
    checks = tuple(replace(c, details=dict(c.details)) for c in result.checks)
    return replace(result, checks=checks, credentials=tuple(map(_portable, result.credentials)))


def _restored(result: VerificationResult) -> VerificationResult:
    checks = tuple(replace(c, details=MappingProxyType(dict(c.details))) for c in result.checks)
    return replace(result, checks=checks, credentials=tuple(map(_restored, result.credentials)))


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _attempt(verifier: Verifier, task: Task, job: Job) -> tuple[str, Any]:
    try:
        return "ok", _portable(task(verifier, job))
    except Exception as exc:  # a library bug: one bounded line in the log, nothing to the client
        # where it happened, not what it says: the message may quote the document
        frames = traceback.extract_tb(exc.__traceback__)
        ours = [f for f in frames if f"{os.sep}vc_led{os.sep}" in f.filename][-1:]
        shown = frames[-2:][::-1] + [f for f in ours if f not in frames[-2:]]
        where = " < ".join(f"{f.name} ({Path(f.filename).name}:{f.lineno})" for f in shown)
        log.error("verification aborted: %s in %.600s", type(exc).__name__, where)
        return "error", type(exc).__name__


def _limit_memory(max_bytes: int | None) -> None:
    if max_bytes is None:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError) as exc:  # not on this platform: time still bounds
        log.warning("cannot limit a verification worker's memory: %.200s", exc)


def _worker_main(
    conn: Connection, parent: int, recipe: Recipe, task: Task, max_bytes: int | None
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the server ends us
    _exit_with_parent(parent)
    verifier = recipe.verifier()
    _limit_memory(max_bytes)
    conn.send(_READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_attempt(verifier, task, job))


class _Worker:
    """One worker process. It is started from a thread: handing a large recipe to a spawned
    process blocks until the process has imported enough to read it."""

    def __init__(self, recipe: Recipe, task: Task, max_bytes: int | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, os.getpid(), recipe, task, max_bytes),
            name="vc-led-verifier-worker",
            daemon=True,
        )
        self.ready = False
        self.busy = False
        self._starter = threading.Thread(target=self._start, args=(child,), daemon=True)
        self._starter.start()

    def _start(self, child: Connection) -> None:
        try:
            self.process.start()
        except Exception as exc:  # retried by the pool, at most once a second
            log.error("cannot start a verification worker: %.300r", exc)
        finally:
            child.close()

    def alive(self) -> bool:
        """Starting or running."""
        return self._starter.is_alive() or self.process.is_alive()

    def usable(self) -> bool:
        """Whether it has announced that it is ready (reads that announcement)."""
        if self._starter.is_alive() or not self.process.is_alive():
            return False
        if not self.ready and self.conn.poll():
            try:
                self.ready = self.conn.recv() == _READY
            except (EOFError, OSError):
                self.ready = False
        return self.ready

    def stop(self) -> None:
        """Send it SIGKILL if it was started (no waiting, no lock)."""
        pid = self.process.pid
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def kill(self) -> None:
        """Kill it and wait until it has ended."""
        self._starter.join()
        self.stop()
        if self.process.pid is not None:
            self.process.join(timeout=5)
        self.conn.close()


async def _reply(conn: Connection, timeout: float) -> Any:
    loop = asyncio.get_running_loop()
    readable: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()

    def wake() -> None:
        if not readable.done():
            readable.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(readable, timeout)
    finally:
        loop.remove_reader(fd)
    return conn.recv()


class WorkerPool:
    """``size`` worker processes verifying one document at a time each.

    Args:
        size: how many workers (at least 1).
        budget: seconds one verification may take, and the longest wait for a free worker.
        recipe: what the workers build their verifier from.
        task: what a worker does with a job (default :func:`run_job`; a module-level function).
        max_bytes: each worker's address-space limit (``RLIMIT_AS``), or ``None``; a
            verification that needs more fails with ``MemoryError`` (or the worker dies).
    """

    def __init__(
        self,
        *,
        size: int,
        budget: float,
        recipe: Recipe,
        task: Task = run_job,
        max_bytes: int | None = None,
    ) -> None:
        self.size = max(1, size)
        self.budget = budget
        self._recipe = recipe
        self._task = task
        self._max_bytes = max_bytes
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        self._next_spawn = 0.0

    async def wait_ready(self, timeout: float) -> bool:
        """Start the workers if needed; wait until every one is ready (or ``timeout`` s)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                self._fill()
                ready = [w for w in self._workers if w.busy or w.usable()]
            if len(ready) >= self.size:
                return True
            await asyncio.sleep(_POLL_SECONDS)
        return False

    def close(self) -> None:
        """Kill every worker; verifications under way end with :class:`PoolClosedError`.

        Takes no lock (safe from a signal handler); idempotent."""
        self._closed = True
        for worker in list(self._workers):
            worker.stop()

    def join(self) -> None:
        """Close, and wait until every worker has ended."""
        self.close()
        for worker in list(self._workers):
            worker.kill()

    def _fill(self) -> None:
        self._workers = [w for w in self._workers if w.busy or w.alive()]
        missing = self.size - len(self._workers)
        if missing > 0 and not self._closed and time.monotonic() >= self._next_spawn:
            fresh = (_Worker(self._recipe, self._task, self._max_bytes) for _ in range(missing))
            self._workers.extend(fresh)
            self._next_spawn = time.monotonic() + _RESPAWN_SECONDS

    def _take(self) -> _Worker | None:
        with self._lock:
            self._fill()
            for worker in self._workers:
                if not worker.busy and worker.usable():
                    worker.busy = True
                    return worker
        return None

    async def _acquire(self) -> _Worker:
        deadline = time.monotonic() + self.budget
        while not self._closed:
            worker = self._take()
            if worker is not None:
                return worker
            if time.monotonic() >= deadline:
                raise PoolBusyError
            await asyncio.sleep(_POLL_SECONDS)
        raise PoolClosedError

    def _release(self, worker: _Worker, *, healthy: bool) -> None:
        if not healthy:
            worker.kill()
            with self._lock:
                self._workers = [w for w in self._workers if w is not worker]
                self._next_spawn = 0.0
                self._fill()
        worker.busy = False

    async def verify(self, job: Job) -> VerificationResult:
        """Verify ``job`` in a worker within the budget.

        Raises:
            VerificationTimeoutError: it took longer than the budget.
            VerificationAbortedError: the worker raised or died.
            PoolBusyError: no worker was free within the budget.
            PoolClosedError: the pool is closed.
        """
        worker = await self._acquire()
        healthy = False
        try:
            worker.conn.send(job)
            kind, value = await _reply(worker.conn, self.budget)
            healthy = kind == "ok"  # after a failure its state is suspect: replace it
        except TimeoutError:
            raise VerificationTimeoutError from None
        except (EOFError, OSError):
            raise (PoolClosedError if self._closed else VerificationAbortedError) from None
        finally:
            self._release(worker, healthy=healthy)
        if kind != "ok":
            raise VerificationAbortedError(value)
        result: VerificationResult = value
        return _restored(result)
