"""``python -m vc_led``: the ``vc-led`` command line (:func:`vc_led.cli.main`)."""

from __future__ import annotations

import sys

from .cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
