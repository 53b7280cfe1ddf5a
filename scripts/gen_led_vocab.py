"""Regenerate the LED vocabulary products from vc_led/led/vocab/terms.json.

Writes contexts/led/v1.jsonld, contexts/led/v1.html, the manifest entry of the context and the
credential JSON Schemas in vc_led/led/schemas/. ``--check`` writes nothing and exits 1 when a
file is out of date (tests/led/test_led_vocab.py does the same check).

    .venv/bin/python scripts/gen_led_vocab.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vc_led.led.vocab.generate import generated_files  # noqa: E402


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for relative, data in generated_files(ROOT).items():
        target = ROOT / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        stale.append(relative)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for relative in stale:
        print(("out of date: " if check else "wrote ") + relative)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
