"""Serve the web verifier like ``vc-led verifier serve`` does (:func:`vc_led_verifier.app.serve`),
with the tricky worker task of ``_tricks.py`` and the given budget and body deadline.

Usage: python _serve_tricky.py PORT BUNDLE_FILE PIN BUDGET_SECONDS BODY_SECONDS
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _tricks import tricky_task

from vc_led import TrustBundle
from vc_led_verifier.app import serve
from vc_led_verifier.settings import VerifierSettings


def main(port: str, bundle: str, pin: str, budget: str, body: str) -> None:
    settings = VerifierSettings(
        bundle=TrustBundle.load(Path(bundle).read_bytes(), pinned_keys=[pin]),
        workers=1,
        verification_budget=timedelta(seconds=float(budget)),
        body_timeout=timedelta(seconds=float(body)),
        worker_task=tricky_task,
    )
    serve(settings, host="127.0.0.1", port=int(port))


if __name__ == "__main__":
    main(*sys.argv[1:])
