"""``python -m vc_led.cli``."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
