"""The ASGI application: routes, security headers, and the checking pool's life.

Routes: GET / (upload form), POST /check (form → result page), POST /api/check (multipart → the
JSON of `gklint check --format json`), GET /rules and /rules/{code}, GET /static/{name}. Every
response carries a strict Content-Security-Policy; result pages are not cached by the browser.
Only file names and timings are logged.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gklint import messages
from gklint.batch import selected_rules
from gklint.model import FileReport, RuleMeta
from gklint.series.postpass import add_series_findings
from gklint.serve import pages
from gklint.serve.compare import comparison_sections
from gklint.serve.limits import Limits
from gklint.serve.uploads import Upload, UploadError, read_uploads
from gklint.serve.work import Checker

log = logging.getLogger("gklint.serve")


class SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware: bodies pass as they are)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = {
            "Content-Security-Policy": pages.content_security_policy(),
            "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY",
            "Referrer-Policy": "no-referrer",
            "Cross-Origin-Opener-Policy": "same-origin",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in self.headers.items():
                    headers[key] = value
                headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(limits: Limits | None = None) -> ASGIApp:
    limits = limits or Limits()
    state: dict[str, Any] = {}  # the checker and the upload turns, made by lifespan in the server's loop
    metas: tuple[RuleMeta, ...] = tuple(r.meta for r in selected_rules((), (), ()))
    by_code = {m.code: m for m in metas}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        checker = Checker(limits)
        checker.warm()
        state["checker"] = checker
        state["turns"] = asyncio.Semaphore(limits.uploads_at_once)
        try:
            yield
        finally:
            checker.close()

    async def check_uploads(request: Request) -> list[FileReport]:
        """At most `uploads_at_once` uploads are held in memory and checked; the others wait."""
        async with state["turns"]:
            uploads = await read_uploads(
                request.headers.get("content-type", ""),
                request.headers.get("content-length"),
                request.stream(),
                limits,
            )
            return await _check_all(state["checker"], uploads)

    async def index(request: Request) -> Response:
        return HTMLResponse(pages.index_page(limits))

    async def check_form(request: Request) -> Response:
        try:
            reports = await check_uploads(request)
        except UploadError as e:
            return HTMLResponse(pages.index_page(limits, e.message), status_code=e.status)
        extra = comparison_sections(reports)
        return HTMLResponse(await asyncio.to_thread(pages.result_page, reports, metas, extra))

    async def check_api(request: Request) -> Response:
        try:
            reports = await check_uploads(request)
        except UploadError as e:
            return JSONResponse({"error": e.message}, status_code=e.status)
        body = await asyncio.to_thread(pages.api_json, reports, metas)
        return Response(body, media_type="application/json; charset=utf-8")

    async def rules(request: Request) -> Response:
        return HTMLResponse(pages.rules_page(metas))

    async def rule(request: Request) -> Response:
        meta = by_code.get(request.path_params["code"].upper())
        if meta is None:
            return HTMLResponse(pages.not_found_page(), status_code=404)
        return HTMLResponse(pages.rule_page(meta))

    async def static(request: Request) -> Response:
        found = pages.static_file(request.path_params["name"])
        if found is None:
            return HTMLResponse(pages.not_found_page(), status_code=404)
        content, media_type = found
        return Response(content, media_type=media_type, headers={"Cache-Control": "max-age=3600"})

    async def not_found(request: Request, exc: Exception) -> Response:
        return HTMLResponse(pages.not_found_page(), status_code=404)

    async def server_error(request: Request, exc: Exception) -> Response:
        """A bug of ours: a Chinese answer (the traceback goes to the log); the server goes on."""
        message = messages.text("serve-internal-error")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=500)
        return HTMLResponse(pages.index_page(limits, message), status_code=500)

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/check", check_form, methods=["POST"]),
            Route("/api/check", check_api, methods=["POST"]),
            Route("/rules", rules),
            Route("/rules/{code}", rule),
            Route("/static/{name}", static),
        ],
        exception_handlers={404: not_found, Exception: server_error},
        lifespan=lifespan,
    )
    return SecurityHeaders(app)


async def _check_all(checker: Checker, uploads: Sequence[Upload]) -> list[FileReport]:
    """Every upload checked at once (the pool bounds the work); logs names and timings only."""
    started = time.monotonic()

    async def timed(upload: Upload) -> tuple[FileReport, float]:
        t = time.monotonic()
        report = await checker.check(upload, series=len(uploads) > 1)
        return report, time.monotonic() - t

    results = await asyncio.gather(*(timed(u) for u in uploads))
    log.info(
        "checked %d file(s) in %.2fs: %s",
        len(uploads),
        time.monotonic() - started,
        ", ".join(f"{u.name} {s:.2f}s" for u, (_, s) in zip(uploads, results, strict=True)),
    )
    reports = [report for report, _ in results]
    if len(uploads) < 2:
        return reports
    # the cross-year post-pass, as `gklint check` runs it over several files; the series data is
    # kept for the comparisons on the result page
    rules = selected_rules((), (), ())
    return await asyncio.to_thread(add_series_findings, reports, lambda i: rules, keep_data=True)
