"""Test support for the citizen gateway: the demo OpenID Provider and a scripted login.

``running_op(tmp, gateway_url=...)`` starts ``scripts/oidc-op`` (node, oidc-provider) on a
free loopback port with demo citizens of the synthetic data set ``persons``/``seed`` 1;
``oidc_login(client, op, citizen)`` plays the browser through the code flow with an in-process
gateway ``TestClient`` (the provider is reached over loopback with its own cookie jar).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx2

from vc_led.led.holder import synthetic_insz
from vc_led_issuer.demo_op import DemoCitizen, RunningOp, demo_citizens, run_op
from vc_led_issuer.gateway_settings import GatewaySettings, load_gateway_settings

DEMO_PERSONS = 6  # the synthetic data set (seed 1) the gateway tests import


class Clock:
    """A clock the tests can move (session expiry)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


NEWCOMER = DemoCitizen(
    login="nieuw.iemand",
    password="demo",
    given_name="Nieuw",
    family_name="Iemand",
    birth_date="1990-01-01",
    records=0,
    insz=synthetic_insz(date(1990, 1, 1), 997),
)
"""A citizen the provider knows but the LED does not (no records): always the last one."""


@contextmanager
def running_op(tmp: Path, *, gateway_url: str, count: int = 2) -> Iterator[RunningOp]:
    """The demo provider with ``count`` citizens of the :data:`DEMO_PERSONS` data set, and
    :data:`NEWCOMER`."""
    citizens = [*demo_citizens(persons=DEMO_PERSONS, count=count), NEWCOMER]
    with run_op(tmp, gateway_url=gateway_url, citizens=citizens) as op:
        yield op


def gateway_settings(op: RunningOp, tmp: Path, **overrides: Any) -> GatewaySettings:
    """Gateway settings for ``op`` (the client secret in a file, as in production)."""
    secret = tmp / "oidc-client-secret"
    secret.write_text(op.client_secret + "\n")
    values: dict[str, Any] = {
        "oidc_issuer": op.issuer,
        "oidc_client_id": op.client_id,
        "oidc_client_secret_file": secret,
    }
    return load_gateway_settings(**(values | overrides))


def op_login(authorize_url: str, citizen: DemoCitizen, *, password: str | None = None) -> str:
    """Log ``citizen`` in at the provider; the redirect back to the gateway (its URL)."""
    base = "{0.scheme}://{0.netloc}".format(urlsplit(authorize_url))
    with httpx2.Client(base_url=base, follow_redirects=False, timeout=20) as op:
        response = op.get(authorize_url)
        while response.status_code in (302, 303):
            response = op.get(urljoin(base, response.headers["location"]))
        match = re.search(r'action="(/interaction/[^"]+/login)"', response.text)
        assert match, response.text[:500]
        form = {"login": citizen.login, "password": password or citizen.password}
        response = op.post(match.group(1), data=form)
        for _ in range(5):
            assert response.status_code in (302, 303), response.text[:500]
            location = urljoin(base, response.headers["location"])
            if not location.startswith(base):
                return location
            response = op.get(location)
    raise AssertionError("the provider did not send the browser back")


def oidc_login(client: Any, citizen: DemoCitizen, *, next_path: str = "/") -> Any:
    """The whole login with a gateway ``TestClient``; the gateway's last response."""
    start = client.get("/login", params={"next": next_path})
    assert start.status_code == 302, start.text
    back = op_login(start.headers["location"], citizen)
    return client.get(back)
