"""Verify a Flemish LED credential offline inside your own application (the README example).

Usage: VC_LED_PINNED_REGISTRY_KEY=z6Mk... python embed_verifier.py BUNDLE.json CREDENTIAL.json

The pin is the LED registry's key (``publicKeyMultibase``): configuration, with no default.
"""

import os
import sys
from pathlib import Path

from vc_led import TrustBundle, Verifier

PIN = os.environ.get("VC_LED_PINNED_REGISTRY_KEY") or sys.exit("pin the LED registry's key")
bundle = TrustBundle.load(Path(sys.argv[1]).read_bytes(), pinned_keys=[PIN])  # refused if bad
verifier = Verifier.from_bundle(bundle)  # keys, accredited issuers, status lists: no network
result = verifier.verify_credential(Path(sys.argv[2]).read_bytes())
print(result.outcome.value, result.authenticity.value if result.authenticity else "-")
for check in result.checks:
    print(f"  {check.check:<15} {check.status.value:<13} {check.code or ''}")
sys.exit(0 if result.verified else 1)
