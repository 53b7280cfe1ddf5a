"""The demo OpenID Provider beside the gateway: synthetic citizens and the node process.

The provider itself is ``scripts/oidc-op/op.mjs`` (npm ``oidc-provider``). This module picks
its citizens from the same deterministic synthetic data set that demo mode imports
(:func:`vc_led.led.generate_people` with the demo seed), so a demo login finds her records,
writes the provider's configuration (mode 0600: it holds the synthetic INSZ) and runs it.
Only synthetic INSZ (birth month + 60, never a real person's) ever go into it. It is used by
``scripts/demo`` and the tests; the gateway's own code never refers to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import subprocess
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from vc_led.led.holder import is_synthetic_insz
from vc_led.led.synthetic.generate import generate_people

from .demo import demo_holder

__all__ = ["OP_DIR", "DemoCitizen", "RunningOp", "demo_citizens", "run_op", "write_op_config"]

OP_DIR = Path(__file__).resolve().parent.parent.parent / "scripts" / "oidc-op"
DEMO_PASSWORD = "demo"
DEMO_SEED = 1  # the seed prepare_demo generates with


@dataclass(frozen=True, slots=True)
class DemoCitizen:
    """A synthetic citizen who can log in at the demo provider (``repr`` hides the INSZ)."""

    login: str
    password: str
    given_name: str
    family_name: str
    birth_date: str | None
    records: int
    insz: str = field(repr=False)

    def op_entry(self) -> dict[str, object]:
        """The provider's account entry (``sub`` is derived, never the INSZ)."""
        sub = hashlib.sha256(b"vc-led-demo-sub:" + self.insz.encode()).hexdigest()[:32]
        claims: dict[str, object] = {
            "name": f"{self.given_name} {self.family_name}",
            "given_name": self.given_name,
            "family_name": self.family_name,
            "egovNRN": self.insz,
        }
        if self.birth_date:
            claims["birthdate"] = self.birth_date
        return {"login": self.login, "password": self.password, "sub": sub, "claims": claims}


def _login(given: str, family: str, taken: set[str]) -> str:
    plain = unicodedata.normalize("NFKD", f"{given}.{family}").encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z.]", "", plain.lower())
    login, n = base, 1
    while login in taken:
        n += 1
        login = f"{base}{n}"
    taken.add(login)
    return login


def demo_citizens(*, persons: int = 50, seed: int = DEMO_SEED, count: int = 4) -> list[DemoCitizen]:
    """The demo logins: ``count`` of the data set's persons, those with the most kinds of
    records (intermediate proofs, self-declared, equivalences...) and at most 25 records.

    Args:
        persons: the size of the demo data set (``vc-led serve --demo-persons``).
        seed: its seed.
        count: how many citizens.
    """
    scored: list[tuple[int, int, str, int]] = []
    for index, pairs in enumerate(generate_people(persons=persons, seed=seed)):
        insz = pairs[-1][0].insz
        mine = [r for h, r in pairs if h.insz == insz]
        if not is_synthetic_insz(insz) or len(mine) > 25:
            continue
        kinds = {
            (r.is_intermediate, r.is_self_declared, r.is_cancelled, str(r.basis.proof_type))
            for r in mine
        }
        scored.append((-len(kinds), index, insz, len(mine)))
    taken: set[str] = set()
    chosen: list[DemoCitizen] = []
    for _, _, insz, records in sorted(scored)[:count]:
        from vc_led.led import HolderIdentity

        names = demo_holder(HolderIdentity(insz))
        assert names is not None  # synthetic
        given, family, birth = names.given_name, names.family_name, names.birth_date
        chosen.append(
            DemoCitizen(
                login=_login(given or "citizen", family or "", taken),
                password=DEMO_PASSWORD,
                given_name=given or "",
                family_name=family or "",
                birth_date=birth.isoformat() if birth else None,
                records=records,
                insz=insz,
            )
        )
    return chosen


def write_op_config(
    path: Path,
    *,
    citizens: Sequence[DemoCitizen],
    client_id: str,
    client_secret: str,
    gateway_url: str,
    port: int = 0,
) -> None:
    """Write the provider's configuration (mode 0600) for one gateway client."""
    gateway = gateway_url.rstrip("/")
    config = {
        "host": "127.0.0.1",
        "port": port,
        "clients": [
            {
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uris": [f"{gateway}/auth/callback"],
                "post_logout_redirect_uris": [f"{gateway}/"],
            }
        ],
        "citizens": [c.op_entry() for c in citizens],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(config, fh)


@dataclass(frozen=True, slots=True)
class RunningOp:
    """A started provider: its issuer URL and the client registration of the gateway."""

    issuer: str
    client_id: str
    client_secret: str
    citizens: tuple[DemoCitizen, ...]


@contextmanager
def run_op(
    workdir: Path,
    *,
    gateway_url: str,
    citizens: Sequence[DemoCitizen],
    client_id: str = "vc-led-gateway",
    port: int = 0,
    timeout: float = 30.0,
) -> Iterator[RunningOp]:
    """Start ``node scripts/oidc-op/op.mjs`` on loopback and stop it on exit.

    Raises:
        RuntimeError: node did not start or announce its URL within ``timeout``.
    """
    secret = secrets.token_urlsafe(32)
    config = workdir / "oidc-op.json"
    write_op_config(
        config,
        citizens=citizens,
        client_id=client_id,
        client_secret=secret,
        gateway_url=gateway_url,
        port=port,
    )
    process = subprocess.Popen(
        ["node", str(OP_DIR / "op.mjs"), str(config)],
        stdin=subprocess.PIPE,  # node exits when this pipe closes, even if we are killed
        stdout=subprocess.PIPE,
        text=True,
        cwd=OP_DIR,
    )
    try:
        issuer = _announced(process, timeout)
        yield RunningOp(issuer, client_id, secret, tuple(citizens))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()


def _announced(process: subprocess.Popen[str], timeout: float) -> str:
    import select

    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("listening "):
        raise RuntimeError("the demo OpenID Provider did not start (run scripts/setup)")
    return line.split(" ", 1)[1].strip()
