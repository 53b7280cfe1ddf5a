"""Verify a credential offline, with no network and no database (the README example)."""

from __future__ import annotations

import sys

from vc_led import VerificationPolicy, Verifier

TRUSTED = {"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}


def main(path: str) -> int:
    verifier = Verifier(VerificationPolicy(trusted_issuers=TRUSTED))
    with open(path, "rb") as fh:
        result = verifier.verify_credential(fh.read())
    print(result.outcome.value)
    for check in result.checks:
        print(f"  {check.check:<15} {check.status.value:<13} {check.code or ''}")
    return 0 if result.verified else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
