"""SD-JWT VC next to Data Integrity: issue, present and verify ops/s, and whole records per
second, with the ``@sd-jwt/sd-jwt-vc`` 0.19.0 peer (Node) in the same run.

Usage: .venv/bin/python benchmarks/bench_sdjwt.py [--iterations N] [--warmup W] [--rounds R]
    [--keys P-256 Ed25519] [--no-peer] [--json OUT]

Per key type (P-256: ES256 and ecdsa-rdfc-2019; Ed25519: EdDSA and eddsa-rdfc-2022), one key
signs everything in the row, sequentially on one core, after a warm-up:

- DI issue / verify: ``sign_credential`` / ``Verifier.verify_credential`` on
  ``data/diploma.json`` (no credentialStatus: as ``bench_issue_verify.py``).
- SD-JWT issue: ``issue_sd_jwt_vc`` on the SD-JWT VC rendition
  (:func:`vc_led.led.profiles.sdjwt.sd_jwt_rendition`) of a LED qualification record of the
  synthetic data set (``_sdjwt_setup.py``: every claim, member and array element disclosable,
  53 disclosures), ``x5c`` chain, ``cnf``, ``status.status_list``.
- SD-JWT present: ``present_sd_jwt``, 4 nested claims (7 disclosures) and a KB-JWT.
- SD-JWT verify: ``Verifier.verify`` of that presentation with nonce and aud, the x5c chain
  checked against the root, ``iss`` against the leaf's SAN, the status read from an offline
  Status List Token (131,072 2-bit entries, signed with the same chain) by
  ``TokenStatusProvider``.
- Whole record: both renditions of that LED record with both status entries: three random,
  never-reused indexes drawn (the DI credential's revocation and suspension Bitstring Status
  List entries, as the registry gives a qualification, and the Token Status List entry), then
  :func:`vc_led.led.issuing.issue_credential` (W3C, Data Integrity, with its
  ``credentialStatus``) and :func:`vc_led.led.issuing_sdjwt.issue_sd_jwt_credential` (with its
  ``status``, ``x5c`` and ``cnf``): the LED profiles, their checks and the signing.
  **No database**: the registry's allocation transaction, the storage of both renditions and
  the audit entry are not in this figure (``bench_bulk_issuance.py`` measures them).

The peer (``node/bench_sdjwt.mjs``) issues, presents and verifies the same claims with the same
issuer and holder keys, the same disclosure structure (2 decoys per object), the same status
token and the same x5c chain; the ratio is vc-led / peer (> 1: vc-led is faster). Before timing,
each side's presentation is verified by the other.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sdjwt_setup import (
    AUD,
    HOLDER,
    ISS,
    NONCE,
    PRESENT,
    STATUS_URI,
    IndexDraw,
    Material,
    led_record,
    material,
    peer_frame,
    peer_presentation_frame,
    rendition,
)
from bench_issue_verify import _ops_per_s

from vc_led import KeyType, VerificationPolicy, Verifier, sign_credential
from vc_led.led.issuing import issue_credential
from vc_led.led.issuing_sdjwt import issue_sd_jwt_credential
from vc_led.sdjwt import issue_sd_jwt_vc, present_sd_jwt
from vc_led.status.token_status_list import TokenStatusProvider

ROOT = Path(__file__).resolve().parent.parent
DIPLOMA = ROOT / "benchmarks" / "data" / "diploma.json"
PEER = ROOT / "benchmarks" / "node" / "bench_sdjwt.mjs"
NO_STATUS = "sd-jwt verify, no status"
KEYS = {
    "P-256": (KeyType.P256, "ES256", "ecdsa-rdfc-2019"),
    "Ed25519": (KeyType.ED25519, "EdDSA", "eddsa-rdfc-2022"),
}
OPS = [
    "di issue",
    "di verify",
    "sd-jwt issue",
    "sd-jwt present",
    "sd-jwt verify",
    NO_STATUS,
    "whole record",
]
PEER_OPS = {
    "sd-jwt issue": "issue",
    "sd-jwt present": "present",
    "sd-jwt verify": "verify",
    NO_STATUS: "verify_no_status",
}


class Row:
    """One key type's documents and callables."""

    def __init__(self, key_type: KeyType, suite: str, now: datetime) -> None:
        self.m: Material = material(key_type, now)
        self.suite, self.now = suite, now
        text = DIPLOMA.read_text().replace("ISSUER_DID", self.m.key.controller)
        self.diploma: dict[str, Any] = json.loads(text)
        self.record = led_record()
        self.led = rendition(self.record, now)
        self.di_verifier = Verifier(VerificationPolicy(trusted_issuers={self.m.key.controller}))
        provider = TokenStatusProvider(tokens=[self.m.token], anchors=[self.m.root])
        self.verifier = Verifier(
            VerificationPolicy(trusted_issuers=frozenset({ISS})),
            x509_anchors=[self.m.root],
            token_status=provider,
        )
        self.draws = {p: IndexDraw() for p in ("revocation", "suspension", "token")}
        self.signed = self.di_issue()
        self.sd_jwt = self.sd_issue(self.m.valid_index)
        self.presentation = self.sd_present()
        self.bare = self.sd_present(self.sd_issue(None))

    def di_issue(self, document: dict[str, Any] | None = None) -> dict[str, Any]:
        return sign_credential(document or self.diploma, key=self.m.key, cryptosuite=self.suite)

    def sd_issue(self, index: int | None) -> str:
        return issue_sd_jwt_vc(
            vct=self.led.vct,
            claims=self.led.claims,
            disclosable=self.led.disclosable,
            issuer=ISS,
            key=self.m.key,
            issued_at=self.now,
            valid_from=self.led.not_before,
            valid_until=self.led.expires,
            holder_key=self.m.holder.public,
            status=None if index is None else {"status_list": {"idx": index, "uri": STATUS_URI}},
            x5c=self.m.x5c,
        )

    def sd_present(self, sd_jwt: str | None = None) -> str:
        return present_sd_jwt(
            sd_jwt or self.sd_jwt, disclose=PRESENT, holder_key=self.m.holder, aud=AUD, nonce=NONCE,
            now=self.now,
        )  # fmt: skip

    def sd_verify(self, text: str | None = None) -> Any:
        return self.verifier.verify(
            text or self.presentation, challenge=NONCE, domain=AUD, now=self.now
        )

    def whole_record(self) -> tuple[dict[str, Any], str]:
        """Both renditions of the LED record, each status index freshly drawn."""
        entries = [
            _bitstring_entry(purpose, self.draws[purpose].draw())
            for purpose in ("revocation", "suspension")
        ]
        di = issue_credential(
            record=self.record, holder=HOLDER, issuer_key=self.m.key,
            issuer=self.m.key.controller, status_entries=entries, now=self.now,
            cryptosuite=self.suite,
        )  # fmt: skip
        token = {"status_list": {"idx": self.draws["token"].draw(), "uri": STATUS_URI}}
        sd = issue_sd_jwt_credential(
            record=self.record, holder=HOLDER, issuer_key=self.m.key, issuer=ISS,
            holder_key=self.m.holder.public, status=token, x5c=self.m.x5c, now=self.now,
        )  # fmt: skip
        return di, sd

    def check(self) -> None:
        """Every operation works before it is timed."""
        assert self.di_verifier.verify_credential(self.signed).verified
        result = self.sd_verify()
        assert result.verified, result.to_dict()
        assert result.check("proof").details.get("key_source") == "x5c"
        assert result.check("status").status.value == "passed"
        disclosed = result.document
        assert disclosed is not None and "birthdate" not in disclosed
        assert set(disclosed["qualification"]) == {"title", "awarding_body", "level", "awarded_on"}
        di, sd = self.whole_record()
        assert len(di["credentialStatus"]) == 2
        assert self.di_verifier.verify_credential(di).check("proof").status.value == "passed"
        shown = present_sd_jwt(
            sd, disclose=PRESENT, holder_key=self.m.holder, aud=AUD, nonce=NONCE, now=self.now
        )
        assert self.sd_verify(shown).verified
        bare = self.sd_verify(self.bare)
        assert bare.verified and bare.check("status").status.value == "skipped"

    def callables(self) -> dict[str, Callable[[], Any]]:
        return {
            "di issue": self.di_issue,
            "di verify": lambda: self.di_verifier.verify_credential(self.signed),
            "sd-jwt issue": lambda: self.sd_issue(self.m.valid_index),
            "sd-jwt present": self.sd_present,
            "sd-jwt verify": self.sd_verify,
            NO_STATUS: lambda: self.sd_verify(self.bare),
            "whole record": self.whole_record,
        }


def _bitstring_entry(purpose: str, index: int) -> dict[str, str]:
    url = f"https://led.example.be/statuslists/{purpose}/1"
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def measure_peer(row: Row, alg: str, n: int, warmup: int, tmp: Path) -> dict[str, Any]:
    """Run the Node peer on the row's material (ops/s per peer operation); check each side's
    presentation with the other."""
    request = {
        "alg": alg,
        "keys": row.m.pems,
        "x5c": row.m.x5c,
        "iss": ISS,
        "vct": row.led.vct,
        "nbf": int(row.led.not_before.timestamp()),
        "exp": int(row.led.expires.timestamp()) if row.led.expires else None,
        "claims": row.led.claims,
        "frame": peer_frame(row.led.claims),
        "presentationFrame": peer_presentation_frame(),
        "status": {"status_list": {"idx": row.m.valid_index, "uri": STATUS_URI}},
        "statusToken": row.m.token,
        "aud": AUD,
        "nonce": NONCE,
        "now": int(row.now.timestamp()),
        "ours": row.presentation,
        "iterations": n,
        "warmup": warmup,
    }
    path = tmp / f"request-{alg}.json"
    path.write_text(json.dumps(request))
    proc = subprocess.run(["node", str(PEER), str(path)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"the peer failed: {proc.stderr.strip()[-2000:]}")
    out = json.loads(proc.stdout)
    if not out["verifiedOurs"]:
        raise RuntimeError(f"the peer did not verify vc-led's presentation: {out['error']}")
    theirs = row.sd_verify(out["presentation"])
    if not theirs.verified:
        raise RuntimeError(f"vc-led did not verify the peer's presentation: {theirs.to_dict()}")
    return dict(out["ops_per_s"])


def run(
    keys: list[str], n: int, warmup: int, *, rounds: int = 1, peer: bool = True
) -> list[dict[str, Any]]:
    """Measure every operation per key type, ``rounds`` times (vc-led then the peer in each
    round, so that both share the machine's load as it changes); rows of ``key, op, ours,
    peer`` with the median of the rounds."""
    rows: list[dict[str, Any]] = []
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        for name in keys:
            key_type, alg, suite = KEYS[name]
            row = Row(key_type, suite, now)
            row.check()
            ours: dict[str, list[float]] = {op: [] for op in OPS}
            theirs: dict[str, list[float]] = {op: [] for op in PEER_OPS.values()}
            for _ in range(rounds):
                for op, func in row.callables().items():
                    ours[op].append(_ops_per_s(func, n, warmup))
                if peer:
                    for op, value in measure_peer(row, alg, n, warmup, Path(tmp)).items():
                        theirs[op].append(value)
            for op in OPS:
                mine, other = ours[op], theirs.get(PEER_OPS.get(op, ""), [])
                rows.append({"key": f"{name} {alg}/{suite}", "op": op, "ours": median(mine),
                             "peer": median(other) if other else None,
                             "rounds": {"ours": mine, "peer": other}})  # fmt: skip
    return rows


def print_table(rows: list[dict[str, Any]], n: int, rounds: int) -> None:
    print(f"{'key':<32}{'operation':<26}{'vc-led ops/s':>13}{'sd-jwt-js':>11}{'ratio':>8}")
    for r in rows:
        peer = f"{r['peer']:>11.1f}{r['ours'] / r['peer']:>7.2f}x" if r["peer"] else f"{'-':>11}"
        print(f"{r['key']:<32}{r['op']:<26}{r['ours']:>13.1f}{peer}")
    by = {(r["key"], r["op"]): r["ours"] for r in rows}
    for key in dict.fromkeys(r["key"] for r in rows):
        issue = by[(key, "sd-jwt issue")] / by[(key, "di issue")]
        verify = by[(key, "sd-jwt verify")] / by[(key, "di verify")]
        print(f"{key}: SD-JWT/DI issue {issue:.2f}x, verify {verify:.2f}x")
    ratios = [r["ours"] / r["peer"] for r in rows if r["peer"]]
    if ratios:
        print(f"minimum ratio vc-led/sd-jwt-js: {min(ratios):.2f}x", end=" ")
    print(f"({n} iterations, median of {rounds} rounds)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="median of this many rounds")
    parser.add_argument("--keys", nargs="+", choices=list(KEYS), default=list(KEYS))
    parser.add_argument("--no-peer", action="store_true", help="vc-led only (no Node)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    rows = run(args.keys, args.iterations, args.warmup, rounds=args.rounds, peer=not args.no_peer)
    print_table(rows, args.iterations, args.rounds)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
