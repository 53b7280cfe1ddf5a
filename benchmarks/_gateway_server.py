"""The gateway benchmark's server: the real service (``create_app``, as ``vc-led serve`` builds
it) under uvicorn on 127.0.0.1, plus — in this instance only — ``/bench-static/``, a Starlette
``StaticFiles`` mount of a directory of files the size of the downloaded credentials: the
ceiling, served by the same process, the same middleware and the same event loop.

    python benchmarks/_gateway_server.py --port P --static-dir DIR

Configured by the environment like ``vc-led serve`` (``VCLED_MODE``, ``VCLED_DATA_DIR``,
``VCLED_DATABASE_URL``, ``VCLED_PUBLIC_URL``, ``VCLED_OIDC_*``, ``VCLED_OID4VCI_*``); the data
directory is a prepared demo registry. Uvicorn's access log is off (one log line per request
would be measured too); everything else is the default single-process server.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Serve until terminated."""
    import uvicorn
    from starlette.staticfiles import StaticFiles

    from vc_led_issuer.api.main import create_app
    from vc_led_issuer.context import open_registry
    from vc_led_issuer.settings import load_settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--static-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    registry = open_registry(load_settings())
    app = create_app(registry, admin_token=registry.settings.admin_token_value())
    app.mount("/bench-static", StaticFiles(directory=args.static_dir), name="bench-static")
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
