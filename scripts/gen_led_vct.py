"""Regenerate the SD-JWT VC Type Metadata of the LED vcts (vc_led/led/vct/*.json).

``--check`` writes nothing and exits 1 when a file is out of date (tests/led/test_led_vct.py
does the same check).

    .venv/bin/python scripts/gen_led_vct.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vc_led.led.vct.build import generated_files  # noqa: E402

TARGET = ROOT / "vc_led" / "led" / "vct"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, data in generated_files().items():
        target = TARGET / name
        if target.is_file() and target.read_bytes() == data:
            continue
        stale.append(name)
        if not check:
            target.write_bytes(data)
    for name in stale:
        print(("out of date: " if check else "wrote ") + name)
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
