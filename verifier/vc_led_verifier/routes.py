"""The pages and the small JSON API. Routes stay thin: they read the input, call
:class:`vc_led.Verifier`, and render :func:`vc_led.report.build_report`.

- ``GET /`` the form; ``POST /verify`` verifies and redirects (303) to ``GET /result/{id}``,
  the report (reloadable, printable, ``?lang=nl|en``); ``GET /result/{id}.json`` its JSON.
- ``POST /api/verify`` a credential or presentation as JSON -> the stable result JSON.
- ``GET /health``.

The routes do not parse the document: :meth:`vc_led.Verifier.verify` parses it once, with the
limits applied first, and tells a credential from a presentation. A document that is not JSON,
or is nested too deeply, is a verification result like any other (``structure.malformed_json``,
``structure.too_deep``: a report page, or the result JSON with status 200), not an error.

Verification runs in a worker process under a time budget (:mod:`vc_led_verifier.workers`); the two
POST routes are rate limited per client before their body is read. A verification that does
not finish in time answers 422 ``verification-timeout`` (the document was not judged; sending
it again will not help), one whose worker failed 422 ``verification-aborted``; no free worker
within the budget answers 503 ``busy``, a server shutting down 503 ``shutting-down`` (both with
``Retry-After``), too many requests 429 ``rate-limited``. A client that disconnects stops its
verification (the worker is replaced).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from fastapi import APIRouter
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from vc_led import ErrorCode, VerificationResult
from vc_led.bundle import DEMO_REGISTRY_PIN
from vc_led.report import build_report, format_age, texts

from .i18n import UI, pick_language
from .problems import WebProblemError
from .ratelimit import ConcurrencyLimit, RateLimiter, client_key
from .settings import VerifierSettings
from .store import ResultStore
from .workers import (
    Job,
    PoolBusyError,
    PoolClosedError,
    VerificationAbortedError,
    VerificationTimeoutError,
    WorkerPool,
)

__all__ = ["page_context", "router"]

router = APIRouter()
_LANGUAGE_NAMES = (("nl", "Nederlands"), ("en", "English"))
_JSON_TYPES = (
    "application/json",
    "application/ld+json",
    "application/vc",
    "application/vp",
    "application/dc+sd-jwt",  # SD-JWT VC (compact text; the verifier's format reads it)
    "application/vc+sd-jwt",
)
_ECHO_LIMIT = 64 * 1024
_NOT_AN_OBJECT = (ErrorCode.STRUCTURE_MALFORMED_JSON, ErrorCode.STRUCTURE_NOT_AN_OBJECT)
T = TypeVar("T")


def _settings(request: Request) -> VerifierSettings:
    settings: VerifierSettings = request.app.state.settings
    return settings


def _lang(request: Request, override: str | None = None) -> str:
    query = override or request.query_params.get("lang")
    return pick_language(query, request.headers.get("accept-language"))


def _bundle_line(settings: VerifierSettings, lang: str) -> str:
    bundle = settings.bundle
    if bundle is None:
        return UI[lang]["no_bundle"]
    age = int(bundle.age(now=settings.clock()).total_seconds())
    line = UI[lang]["bundle"].format(
        registry=bundle.registry_did,
        created=bundle.created.strftime("%Y-%m-%d %H:%M UTC"),
        age=format_age(max(age, 0), lang),
        issuers=len(bundle.registry),
    )
    if age > bundle.max_age.total_seconds():
        line = f"{line} {UI[lang]['bundle_old']}"
    demo = bundle.signing_key == DEMO_REGISTRY_PIN
    return f"{line} {UI[lang]['bundle_demo']}" if demo else line


def page_context(request: Request, lang: str) -> dict[str, Any]:
    """What every page shows: the texts, the language links, the trust bundle line."""
    return {
        "lang": lang,
        "t": UI[lang],
        "words": texts(lang),
        "languages": _LANGUAGE_NAMES,
        "bundle_line": _bundle_line(_settings(request), lang),
        "pasted": "",
        "challenge": "",
        "domain": "",
        "error": None,
    }


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request, name, context, status_code=status, headers={"Cache-Control": "no-store"}
    )
    return response


@router.get("/")
async def index(request: Request) -> Response:
    """The form."""
    return _render(request, "index.html", page_context(request, _lang(request)))


def _rate_limit(request: Request, lang: str) -> None:  # before the body is read
    limiter: RateLimiter | None = request.app.state.limiter
    client = client_key(request.client.host if request.client else None)
    wait = limiter.take(client) if limiter is not None else None
    if wait is not None:
        detail = UI[lang]["rate_limited"].format(seconds=wait)
        raise WebProblemError(429, "rate_limited", detail, {"Retry-After": str(wait)})


def _busy(request: Request, lang: str) -> WebProblemError:
    seconds = max(1, int(request.app.state.pool.budget))
    detail = UI[lang]["busy"].format(seconds=seconds)
    return WebProblemError(503, "busy", detail, {"Retry-After": str(seconds)})


@contextmanager
def _admitted(request: Request, lang: str) -> Iterator[None]:
    """Rate limit the client, then hold one of the places for requests under way (503 when
    none is free), so that the documents waiting for a worker are bounded."""
    _rate_limit(request, lang)
    admission: ConcurrencyLimit = request.app.state.admission
    if not admission.try_enter():
        raise _busy(request, lang)
    try:
        yield
    finally:
        admission.leave()


async def _disconnected(request: Request) -> None:
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def _unless_disconnected(request: Request, work: Awaitable[T]) -> T:
    """``work``'s result; cancelled (its worker replaced) if the client goes away first."""
    task = asyncio.ensure_future(work)
    watch = asyncio.ensure_future(_disconnected(request))
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watch.cancel()
        if not task.done():
            task.cancel()
            await asyncio.wait({task})  # it kills its worker
    if task.cancelled():
        raise WebProblemError(400, "disconnected", UI["en"]["bad_request"])
    return task.result()


async def _run(request: Request, job: Job, lang: str) -> VerificationResult:
    pool: WorkerPool = request.app.state.pool
    seconds = int(pool.budget)
    retry = {"Retry-After": str(max(1, seconds))}
    try:
        return await _unless_disconnected(request, pool.verify(job))
    except VerificationTimeoutError:
        detail = UI[lang]["timeout"].format(seconds=seconds)
        raise WebProblemError(422, "verification_timeout", detail) from None
    except VerificationAbortedError:
        raise WebProblemError(422, "verification_aborted", UI[lang]["aborted"]) from None
    except PoolBusyError:
        raise _busy(request, lang) from None
    except PoolClosedError:
        headers = {**retry, "Connection": "close"}
        raise WebProblemError(503, "shutting_down", UI[lang]["stopping"], headers) from None


def _unreadable(result: VerificationResult, lang: str) -> WebProblemError | None:
    """For the form: input that is not a JSON object at all (a paste gone wrong) is shown on
    the form again, with what was pasted, rather than as a report."""
    structure = result.check("structure")
    if structure.code not in (
        ErrorCode.STRUCTURE_MALFORMED_JSON,
        ErrorCode.STRUCTURE_NOT_AN_OBJECT,
    ):
        return None
    reason = structure.message.removeprefix("not valid JSON: ")
    return WebProblemError(400, "not_json", UI[lang]["not_json"].format(reason=reason))


async def _verify_and_keep(
    request: Request,
    data: bytes,
    lang: str,
    challenge: str | None,
    domain: str | None,
    *,
    form: bool = False,
) -> tuple[str, VerificationResult]:
    settings = _settings(request)
    if not data.strip():
        raise WebProblemError(400, "empty", UI[lang]["empty"])
    if len(data) > settings.max_document_bytes:
        limit = f"{settings.max_document_bytes / 1024 / 1024:.0f} MB"
        raise WebProblemError(413, "too_large", UI[lang]["too_large"].format(limit=limit))
    now: datetime = settings.clock()
    job = Job(data=data, challenge=challenge or None, domain=domain or None, now=now)
    result = await _run(request, job, lang)
    problem = _unreadable(result, lang) if form else None
    if problem is not None:
        raise problem
    store: ResultStore = request.app.state.store
    return store.put(result, now=now, size=len(data)), result


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value.strip()[:2000] if isinstance(value, str) else ""


@router.post("/verify")
async def verify_form(request: Request) -> Response:
    """Verify the uploaded or pasted document; redirect to its result page."""
    with _admitted(request, _lang(request)):
        return await _verify_form(request)


async def _verify_form(request: Request) -> Response:
    limit = _settings(request).max_body_bytes
    async with request.form(max_files=2, max_fields=12, max_part_size=limit) as form:
        lang = _lang(request, _field(form, "lang") or None)
        upload = form.get("file")
        data = b""
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read(limit + 1)
        pasted = form.get("document")
        challenge, domain = _field(form, "challenge"), _field(form, "domain")
    if not data.strip() and isinstance(pasted, str):
        data = pasted.encode("utf-8")
    try:
        key, _ = await _verify_and_keep(request, data, lang, challenge, domain, form=True)
    except WebProblemError as problem:
        context = page_context(request, lang) | {
            "error": problem.detail,
            "pasted": pasted[:_ECHO_LIMIT] if isinstance(pasted, str) else "",
            "challenge": challenge,
            "domain": domain,
        }
        response = _render(request, "index.html", context, problem.status)
        response.headers.update(problem.headers)
        return response
    return RedirectResponse(f"/result/{key}?lang={lang}", status_code=303)


def _stored(request: Request, key: str) -> Any:
    settings = _settings(request)
    found = request.app.state.store.get(key, now=settings.clock())
    if found is None:
        minutes = int(settings.result_ttl.total_seconds() // 60)
        detail = UI[_lang(request)]["not_found"].format(minutes=minutes)
        raise WebProblemError(404, "not_found", detail)
    return found


@router.get("/result/{key}.json")
async def result_json(request: Request, key: str) -> Response:
    """The stable JSON of a result."""
    found = _stored(request, key)
    headers = {
        "Cache-Control": "no-store",
        "Content-Disposition": 'attachment; filename="result.json"',
    }
    return JSONResponse(found.result.to_dict(), headers=headers)


@router.get("/result/{key}")
async def result_page(request: Request, key: str) -> Response:
    """The report of a result, in the visitor's language."""
    found = _stored(request, key)
    lang = _lang(request)
    minutes = int(_settings(request).result_ttl.total_seconds() // 60)
    context = page_context(request, lang) | {
        "report": build_report(found.result, lang=lang),
        "key": key,
        "verified_at": found.verified_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "kept": UI[lang]["kept"].format(minutes=minutes),
    }
    return _render(request, "result.html", context)


@router.post("/api/verify")
async def api_verify(
    request: Request, challenge: str | None = None, domain: str | None = None
) -> Response:
    """Verify a credential or presentation sent as JSON, or an SD-JWT VC
    (``application/dc+sd-jwt``; ``domain``/``challenge`` are the KB-JWT's ``aud``/``nonce``);
    answer the stable result JSON."""
    lang = _lang(request)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _JSON_TYPES:
        raise WebProblemError(415, "unsupported_media_type", UI[lang]["unsupported"])
    with _admitted(request, lang):
        data = await request.body()
        _, result = await _verify_and_keep(request, data, lang, challenge, domain)
    return JSONResponse(result.to_dict(), headers={"Cache-Control": "no-store"})


@router.get("/health")
async def health(request: Request) -> Response:
    """Liveness, and which trust bundle is loaded."""
    bundle = _settings(request).bundle
    info = None
    if bundle is not None:
        info = {"registry": bundle.registry_did, "created": bundle.created.isoformat()}
    return JSONResponse({"status": "ok", "bundle": info})
