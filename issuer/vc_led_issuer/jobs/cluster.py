"""Bulk issuance on an existing Dask cluster (``vc-led issue-bulk --dask-scheduler ADDRESS``),
for when one machine is not enough.

``distributed``'s client executor is a ``concurrent.futures.Executor``, so
:func:`vc_led_issuer.jobs.issuance.run_issuance` drives it exactly like its local process pool: the
same batches, the same transactions, the same resumability. What the workers need:

- vc-led installed (``pip install 'vc-led[issuer]'``), the same version as the client;
- the database reachable at the same ``DATABASE_URL`` (PostgreSQL; SQLite only when every
  worker shares the machine);
- the registry key: an encrypted key file on a shared data directory, or the same PKCS#11
  token;
- secrets configured as files present on every worker, or sent with the job. The job's
  configuration (database URL, and secrets configured as values) travels to the workers
  inside each task, so a scheduler address on another host must use ``tls://``: plain
  ``tcp://`` is refused unless it is loopback or ``allow_insecure`` says otherwise.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from vc_led.errors import ConfigurationError

__all__ = ["DaskCluster", "check_address", "dask_cluster"]


class DaskCluster:
    """A connected Dask client: its executor and how many tasks it runs at once."""

    def __init__(self, executor: Executor, slots: int) -> None:
        self.executor = executor
        self.slots = slots


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_address(address: str, *, allow_insecure: bool = False) -> None:
    """Refuse a scheduler address the job's configuration must not travel to in clear.

    Raises:
        ConfigurationError: not ``tls://``, ``tcp://`` or ``inproc://``, or plain ``tcp://`` to
            a host that is not loopback (without ``allow_insecure``).
    """
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme not in ("tcp", "tls", "inproc"):
        raise ConfigurationError(
            f"a Dask scheduler address is tcp://, tls:// or inproc://, not {parts.scheme}://"
        )
    if parts.scheme == "tcp" and not allow_insecure and not _is_loopback(parts.hostname or ""):
        raise ConfigurationError(
            "the job's configuration (database URL, secrets) would cross the network in clear:"
            " use a tls:// scheduler address, or --dask-insecure on a network you trust"
        )


@contextmanager
def dask_cluster(
    address: str, *, allow_insecure: bool = False, timeout: float = 30.0
) -> Iterator[DaskCluster]:
    """Connect to the Dask scheduler at ``address`` (closed afterwards; the cluster stays).

    Raises:
        ConfigurationError: ``distributed`` is not installed, the address is refused
            (:func:`check_address`), the scheduler cannot be reached, or it has no workers.
    """
    check_address(address, allow_insecure=allow_insecure)
    try:
        import distributed
    except ImportError:
        raise ConfigurationError("Dask is not installed: pip install 'vc-led[dask]'") from None
    try:
        client_class: Any = distributed.Client  # untyped
        client = client_class(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ConfigurationError(f"cannot reach the Dask scheduler: {type(exc).__name__}") from None
    try:
        slots = sum(client.nthreads().values())
        if slots < 1:
            raise ConfigurationError("the Dask cluster has no workers")
        yield DaskCluster(client.get_executor(pure=False), slots)
    finally:
        client.close()
