"""Swagger UI served by the app itself: ``/docs`` works offline and loads nothing from a CDN.

FastAPI's own ``/docs`` page pulls Swagger UI from a CDN without integrity hashes, on the page
where operators paste their bearer token. :func:`install_local_docs` serves the Swagger UI
files of the ``fastapi-offline`` package (Swagger UI 5, which renders the OpenAPI 3.1 that
FastAPI writes; MIT, installed with the ``issuer`` extra) and a page without inline script,
so :data:`vc_led_issuer.api.hardening.DOCS_CSP` (``script-src 'self'``) applies.

Create the app with ``docs_url=None, redoc_url=None`` and call
``install_local_docs(app)``; used by the registry and the citizen gateway.
"""

from __future__ import annotations

import html
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

__all__ = ["SWAGGER_ASSETS", "install_local_docs", "swagger_assets_dir"]

SWAGGER_ASSETS = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png")
"""The files the page references (under ``<docs_url>/assets/``)."""

_INIT_JS = """"use strict";
(function () {
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{docs}/init.js"></script>
</body>
</html>
"""


def swagger_assets_dir() -> Path:
    """The installed Swagger UI files (``fastapi_offline/static``).

    Raises:
        RuntimeError: when the package is missing or lacks a file of :data:`SWAGGER_ASSETS`.
    """
    try:
        folder = Path(str(files("fastapi_offline") / "static"))
    except ModuleNotFoundError:
        raise RuntimeError("install vc-led[issuer]: fastapi-offline is missing") from None
    missing = [name for name in SWAGGER_ASSETS if not (folder / name).is_file()]
    if missing:
        raise RuntimeError(f"the Swagger UI files are incomplete: {', '.join(missing)}")
    return folder


def install_local_docs(app: FastAPI, *, docs_url: str = "/docs") -> None:
    """Serve Swagger UI at ``docs_url`` from local files (``<docs_url>/assets/...``).

    Args:
        app: an app created with ``docs_url=None`` (its ``openapi_url`` is used).
        docs_url: where the page is served.

    Raises:
        RuntimeError: when the app still has FastAPI's CDN page, or the files are missing.
    """
    if app.docs_url is not None:
        raise RuntimeError("create the app with docs_url=None to serve local docs")
    openapi_url = app.openapi_url or "/openapi.json"
    title = f"{app.title} - API documentation"
    app.mount(f"{docs_url}/assets", StaticFiles(directory=swagger_assets_dir()), name="docs-assets")

    @app.get(docs_url, include_in_schema=False)
    def docs_page(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        page = _PAGE.format(
            title=html.escape(title),
            assets=html.escape(f"{root}{docs_url}/assets"),
            docs=html.escape(f"{root}{docs_url}"),
            openapi=html.escape(f"{root}{openapi_url}"),
        )
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    @app.get(f"{docs_url}/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(_INIT_JS, media_type="text/javascript")
