"""Write ``examples/sample/``: the small sample the examples run on with no arguments.

Reproducible (fixed keys, fixed times, a fixed generated record): running it again writes the
same bytes, and ``tests/unit/test_examples.py`` checks that the committed files are what it
writes. Run it after a change to the credential profiles or the bundle format::

    .venv/bin/python scripts/make_example_sample.py

What it writes, all signed with keys whose private keys are PUBLIC (a sample, not trust):

- ``diploma.json``: a LED credential (the first generated "Hoger onderwijs" record of seed 7,
  holder "An Peeters") issued by the DEMO registry (``vc_led.bundle.insecure_demo_registry_key``)
  on :data:`ISSUED`, with a revocation status entry (index 21, not set);
- ``trust-bundle.json``: the DEMO registry's trust bundle made at :data:`BUNDLE_CREATED` (the
  LED trust list, the registry's DID document, the status list snapshot);
- ``registry-pin.txt``: the DEMO registry's pin (its ``publicKeyMultibase``);
- ``alumni-did-key.json``: the W3C example credential signed with the W3C test vector key
  (``did:key``), for ``examples/verify_offline.py``.

A bundle is a snapshot and is refused when older than its maximum age (7 days), so the
examples verify the sample as of :data:`SAMPLE_NOW` (and say so).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vc_led import (  # noqa: E402
    Holder,
    TrustBundle,
    default_led_registry,
    issue_credential,
    load_key_file,
    sign_credential,
)
from vc_led.bundle import insecure_demo_registry_key  # noqa: E402
from vc_led.led import LedRecord  # noqa: E402
from vc_led.led.synthetic import generate_records  # noqa: E402
from vc_led.status import Bitstring, build_status_entry, build_status_list_credential  # noqa: E402

SAMPLE = ROOT / "examples" / "sample"
ISSUED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
BUNDLE_CREATED = datetime(2026, 1, 6, 0, 0, tzinfo=UTC)
#: The time the examples verify the sample at (the bundle is one day old then).
SAMPLE_NOW = datetime(2026, 1, 7, 0, 0, tzinfo=UTC)
LIST_URL = "https://registry.demo.vc-led.example/status/revocation/1"
CREDENTIAL_ID = "urn:uuid:5a3b1e52-7f3c-4c1e-9a57-0d1d6e0c2b21"
BUNDLE_ID = "urn:uuid:0c6f7c8e-3a51-4f9e-8a44-7f0b3a2d9e10"
W3C_VECTORS = ROOT / "tests" / "vectors" / "w3c" / "vc-di-eddsa"


def _record() -> LedRecord:
    for _, record in generate_records(persons=40, seed=7):
        supplier = record.supplier.name if record.supplier else None
        if supplier == "Hoger onderwijs" and not record.is_cancelled:
            return record
    raise SystemExit("no higher education record generated")


def _files() -> dict[str, str]:
    key = insecure_demo_registry_key()
    entry = build_status_entry(list_url=LIST_URL, index=21, purpose="revocation")
    holder = Holder(given_name="An", family_name="Peeters", birth_date=date(1990, 5, 1))
    diploma = issue_credential(
        record=_record(),
        holder=holder,
        issuer_key=key,
        credential_id=CREDENTIAL_ID,
        status_entries=[entry],
        now=ISSUED,
    )
    unsigned_list = build_status_list_credential(
        list_url=LIST_URL,
        issuer=key.controller,
        bitstring=Bitstring(),
        purpose="revocation",
        valid_from=ISSUED,
        valid_until=ISSUED + timedelta(days=30),
    )
    status_list = sign_credential(unsigned_list, key=key, created=ISSUED)
    bundle = TrustBundle.create(
        registry=default_led_registry(registry_did=key.controller),
        registry_key=key,
        status_lists=[status_list],
        now=BUNDLE_CREATED,
        bundle_id=BUNDLE_ID,
    )
    w3c_key = load_key_file(W3C_VECTORS / "keyPair.json")
    alumni = json.loads((W3C_VECTORS / "unsigned.json").read_text(encoding="utf-8"))
    alumni["issuer"] = w3c_key.controller
    pin = (
        "# The DEMO registry's key: its private key is PUBLIC\n"
        "# (vc_led.bundle.insecure_demo_registry_key).\n"
        "# A pin for the shipped sample only; a real verifier pins the LED registry's key.\n"
        f"{key.public.multibase}\n"
    )
    return {
        "diploma.json": _json(diploma),
        "trust-bundle.json": bundle.to_json(),
        "registry-pin.txt": pin,
        "alumni-did-key.json": _json(sign_credential(alumni, key=w3c_key, created=ISSUED)),
    }


def _json(doc: object) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def main(out: Path = SAMPLE) -> int:
    """Write the sample into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    files = _files()
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(sorted(files))} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE))
