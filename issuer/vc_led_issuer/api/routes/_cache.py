"""Responses for published documents: ``Cache-Control`` from the ``ttl``, a strong ``ETag``,
``304 Not Modified`` for a matching ``If-None-Match``."""

from __future__ import annotations

from email.utils import format_datetime

from fastapi import Request, Response

from ...publish import Published

__all__ = ["VC_MEDIA_TYPE", "cached_response"]

VC_MEDIA_TYPE = "application/vc"


def cached_response(request: Request, published: Published, *, media_type: str) -> Response:
    """The document, or 304 when the client has these exact bytes."""
    headers = {
        "Cache-Control": f"public, max-age={published.max_age}",
        "ETag": published.etag,
        "Expires": format_datetime(published.valid_until, usegmt=True),
    }
    tags = {t.strip() for t in request.headers.get("if-none-match", "").split(",")}
    if published.etag in tags or "*" in tags:
        return Response(status_code=304, headers=headers)
    return Response(published.body, media_type=media_type, headers=headers)
