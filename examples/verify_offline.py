"""Verify a credential offline, with no network and no database (the README example).

Usage: python verify_offline.py [CREDENTIAL.json]

The issuer must be one this script trusts (``TRUSTED``) and resolvable offline (a ``did:key``).
Without an argument it verifies the shipped sample ``sample/alumni-did-key.json``: the W3C
example credential signed with the W3C test vector key, whose private key is published, so
"verified" means only that the sample is intact and signed by that key.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vc_led import VerificationPolicy, Verifier

TRUSTED = {"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}  # the W3C test key
SAMPLE = Path(__file__).resolve().parent / "sample" / "alumni-did-key.json"


def main(path: Path) -> int:
    verifier = Verifier(VerificationPolicy(trusted_issuers=TRUSTED))
    result = verifier.verify_credential(path.read_bytes())
    print(result.outcome.value)
    for check in result.checks:
        print(f"  {check.check:<15} {check.status.value:<13} {check.code or ''}")
    return 0 if result.verified else 1


if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit(__doc__)
    if len(sys.argv) == 1:
        print(f"(the shipped sample {SAMPLE.name}, signed with the W3C test key)", file=sys.stderr)
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) == 2 else SAMPLE))
