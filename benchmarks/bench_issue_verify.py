"""Issue and verify throughput of vc-led against digitalbazaar (Node), measured in one run.

Usage: .venv/bin/python benchmarks/bench_issue_verify.py [--iterations N] [--suite S]

Both peers sign and verify the same two LED-like credentials (benchmarks/data: a diploma and a
competence record with 5 competences) with the same key, sequentially on one core, after a
warm-up. The ratio vc-led / digitalbazaar is printed per operation; > 1 means vc-led is faster.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vc_led import KeyPair, KeyType, VerificationPolicy, Verifier, sign_credential

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
INPUTS = ["diploma.json", "competence.json"]


def _ops_per_s(func, iterations: int, warmup: int) -> float:
    for _ in range(warmup):
        func()
    start = time.perf_counter()
    for _ in range(iterations):
        func()
    return iterations / (time.perf_counter() - start)


def measure_ours(docs: dict[str, dict], key: KeyPair, suite: str, n: int, warmup: int) -> dict:
    verifier = Verifier(VerificationPolicy(trusted_issuers={key.controller}))
    out = {}
    for name, doc in docs.items():
        signed = sign_credential(doc, key=key, cryptosuite=suite)
        assert verifier.verify_credential(signed).verified
        out[(name, "issue")] = _ops_per_s(
            lambda d=doc: sign_credential(d, key=key, cryptosuite=suite), n, warmup
        )
        out[(name, "verify")] = _ops_per_s(
            lambda s=signed: verifier.verify_credential(s), n, warmup
        )
    return out


def measure_peer(files: dict[str, Path], key_file: Path, suite: str, n: int, warmup: int) -> dict:
    cmd = [
        "node",
        str(ROOT / "benchmarks" / "node" / "bench.mjs"),
        "--key",
        str(key_file),
        "--suite",
        suite,
        "--iterations",
        str(n),
        "--warmup",
        str(warmup),
        *map(str, files.values()),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    by_stem = {p.stem: name for name, p in files.items()}
    out = {}
    for line in proc.stdout.splitlines():
        row = json.loads(line)
        out[(by_stem[row["input"]], row["op"])] = row["ops_per_s"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument(
        "--suite", default="eddsa-rdfc-2022", choices=["eddsa-rdfc-2022", "ecdsa-rdfc-2019"]
    )
    args = parser.parse_args(argv)
    key = KeyPair.generate(KeyType.ED25519 if args.suite == "eddsa-rdfc-2022" else KeyType.P256)
    with tempfile.TemporaryDirectory() as tmp:
        key_file = Path(tmp) / "key.json"
        key.save(key_file)
        docs, files = {}, {}
        for name in INPUTS:
            text = (DATA / name).read_text().replace("ISSUER_DID", key.controller)
            docs[name] = json.loads(text)
            files[name] = Path(tmp) / name
            files[name].write_text(text)
        ours = measure_ours(docs, key, args.suite, args.iterations, args.warmup)
        peer = measure_peer(files, key_file, args.suite, args.iterations, args.warmup)
    print(f"{'input':<18}{'op':<8}{'vc-led ops/s':>14}{'digitalbazaar':>15}{'ratio':>8}")
    ratios = []
    for (name, op), value in sorted(ours.items()):
        theirs = peer[(name, op)]
        ratios.append(value / theirs)
        print(f"{name:<18}{op:<8}{value:>14.1f}{theirs:>15.1f}{value / theirs:>7.2f}x")
    print(f"minimum ratio: {min(ratios):.2f}x ({args.suite}, {args.iterations} iterations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
