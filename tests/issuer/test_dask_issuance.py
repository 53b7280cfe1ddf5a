"""Bulk issuance on a Dask cluster (``issue-bulk --dask-scheduler``), both backends: a real
``distributed`` LocalCluster of two worker processes on loopback runs the batches; every record
is issued exactly once, no status index twice, and a second run issues nothing. The address
rules (no secrets in clear over the network) and the missing-extra message need no cluster."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from issuer_helpers import (
    PEPPER,
    PUBLIC_URL,
    assert_consistent,
    credentials,
    generated,
    import_named,
)

from vc_led.cli import main
from vc_led.errors import ConfigurationError
from vc_led_issuer.context import Registry
from vc_led_issuer.jobs.cluster import check_address


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster: two worker processes with one thread each, on 127.0.0.1."""
    import pytest_socket
    from distributed import LocalCluster

    pytest_socket.enable_socket()
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        pytest_socket.enable_socket()  # teardown may run under another test's restrictions
        cluster.close()


@pytest.fixture
def registry_env(
    registry: Registry, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Registry:
    for name, value in {
        "VCLED_MODE": "demo",
        "VCLED_DATA_DIR": str(registry.settings.data_dir),
        "DATABASE_URL": database_url,
        "VCLED_PUBLIC_URL": PUBLIC_URL,
        "VCLED_PEPPER": PEPPER.decode(),
        "VCLED_KEY_PASSPHRASE": "test passphrase",
    }.items():
        monkeypatch.setenv(name, value)
    return registry


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_issue_bulk_on_a_dask_cluster(
    registry_env: Registry,
    scheduler: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    registry = registry_env
    assert import_named(registry, generated(tmp_path, persons=8)).ok
    command = ["issue-bulk", "--dask-scheduler", scheduler, "--batch-size", "3", "--quiet"]
    assert main(command) == 0, capsys.readouterr().err
    err = capsys.readouterr().err
    assert "2 worker thread(s)" in err and "0 failed" in err
    issued = assert_consistent(registry, complete=True)
    assert issued >= 10
    assert main(command) == 0
    assert "0 issued" in capsys.readouterr().err  # nothing twice
    assert len(credentials(registry)) == issued


@pytest.mark.parametrize(
    "address",
    ["tcp://10.1.2.3:8786", "10.1.2.3:8786", "tcp://scheduler.example:8786", "http://x:1"],
)
def test_secrets_never_cross_the_network_in_clear(address: str) -> None:
    with pytest.raises(ConfigurationError):
        check_address(address)


@pytest.mark.parametrize(
    ("address", "insecure"),
    [
        ("tls://scheduler.example:8786", False),
        ("tcp://127.0.0.1:8786", False),
        ("tcp://[::1]:8786", False),
        ("localhost:8786", False),
        ("tcp://10.1.2.3:8786", True),
    ],
)
def test_addresses_that_are_allowed(address: str, insecure: bool) -> None:
    check_address(address, allow_insecure=insecure)


def test_issue_bulk_dask_options(
    registry_env: Registry, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = ["issue-bulk", "--dask-scheduler", "tcp://10.1.2.3:8786", "--quiet"]
    assert main(remote) == 2
    assert "tls://" in capsys.readouterr().err
    both = ["issue-bulk", "--dask-scheduler", "tcp://127.0.0.1:1", "--workers", "2"]
    assert main(both) == 2
    assert "exclude each other" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "distributed", None)  # as without the dask extra
    assert main(["issue-bulk", "--dask-scheduler", "tcp://127.0.0.1:1", "--quiet"]) == 2
    assert "pip install 'vc-led[dask]'" in capsys.readouterr().err
    assert credentials(registry_env) == []


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    from vc_led_issuer.jobs.cluster import dask_cluster

    with pytest.raises(ConfigurationError, match="cannot reach the Dask scheduler"):
        with dask_cluster("tcp://127.0.0.1:9", timeout=1):
            pass
