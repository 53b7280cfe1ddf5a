"""Verify a Flemish LED credential offline inside your own application (the README example).

Usage: python embed_verifier.py [BUNDLE.json CREDENTIAL.json]

Without arguments it verifies the shipped sample (``sample/``: a diploma, the trust bundle of
the DEMO registry and that registry's pin, made by ``scripts/make_example_sample.py``) as of the
sample's date: a bundle is a snapshot, refused once older than its maximum age (7 days), so
today it would be refused as too old. The DEMO registry's private key is public: "verified"
then means only that the sample is intact and consistent, not that LED issued it.

With arguments, the time is now and the pin is the LED registry's key (``publicKeyMultibase``):
``$VCLED_PINNED_REGISTRY_KEY``, else the keys in your pin file
(``$XDG_STATE_HOME/vc-led/pinned-registry-keys``, where running ``scripts/demo`` pins the demo
registry's key). There is no default pin.
"""

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from vc_led import BundleError, TrustBundle, Verifier
from vc_led.bundle import default_pin_file, read_pin_file

SAMPLE = Path(__file__).resolve().parent / "sample"
SAMPLE_NOW = datetime(2026, 1, 7, tzinfo=UTC)  # the sample's bundle is one day old then

if len(sys.argv) == 1:
    BUNDLE, CREDENTIAL = SAMPLE / "trust-bundle.json", SAMPLE / "diploma.json"
    PINS, NOW = list(read_pin_file(SAMPLE / "registry-pin.txt")), SAMPLE_NOW
    note = f"(the shipped sample, as of {NOW:%Y-%m-%d}; its DEMO pin's key is public)"
    print(note, file=sys.stderr)
elif len(sys.argv) == 3:
    BUNDLE, CREDENTIAL, NOW = Path(sys.argv[1]), Path(sys.argv[2]), None
    env = os.environ.get("VCLED_PINNED_REGISTRY_KEY", "")
    PINS = [k.strip() for k in env.split(",") if k.strip()] or list(
        read_pin_file(default_pin_file())
    )
    if not PINS:
        sys.exit("pin the LED registry's key: $VCLED_PINNED_REGISTRY_KEY or your pin file")
else:
    sys.exit(__doc__)

try:
    bundle = TrustBundle.load(BUNDLE.read_bytes(), pinned_keys=PINS, now=NOW)  # refused if bad
except BundleError as exc:
    sys.exit(f"trust bundle refused: {exc.code.value}: {exc.message}")
verifier = Verifier.from_bundle(bundle)  # keys, accredited issuers, status lists: no network
result = verifier.verify_credential(CREDENTIAL.read_bytes(), now=NOW)
print(result.outcome.value, result.authenticity.value if result.authenticity else "-")
for check in result.checks:
    print(f"  {check.check:<15} {check.status.value:<13} {check.code or ''}")
sys.exit(0 if result.verified else 1)
