"""The app factory: workers, limits, routers, error handlers and middleware in one place."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ..about import __version__
from ..errors import QuellenlageError, require
from ..model import Analysis
from ..render.i18n import UILang, choose_lang
from ..settings import DEFAULT_SETTINGS, Settings
from . import analysis_routes, corpus_routes, provenance_routes
from .corpus_db import CorpusDB
from .pages import error_page, http_status, validation_message
from .security import DEFAULT_MAX_BODY, BodyLimit, SecurityHeaders
from .workers import DEFAULT_QUEUE_WAIT, DEFAULT_TIMEOUT, ExecutorKind, Job, Runner, analyze_job

# Routers served only with a corpus store (``--db``). A corpus feature adds its router here.
CORPUS_ROUTERS: list[APIRouter] = [corpus_routes.router, provenance_routes.router]

DESCRIPTION = (
    "Who says what, according to whom, and how sure anyone is: sourcing analysis for German "
    "news. POST an article to /v1/analyze and get the Analysis JSON (schema at /v1/schema)."
)


def create_app(
    settings: Settings = DEFAULT_SETTINGS,
    db: Path | None = None,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    timeout: float | None = None,
    workers: int | None = None,
    executor: ExecutorKind = "process",
    queue_wait: float = DEFAULT_QUEUE_WAIT,
    analyzer: Callable[[Job], Analysis] = analyze_job,
    warm_up: bool = False,
    ui_lang: str | None = None,
) -> FastAPI:
    """The FastAPI app. ``db`` adds read-only pages over a corpus store (DuckDB file).

    ``timeout`` defaults to ``settings.timeout``, or 30 s when that is 0 (no limit); process
    workers can be stopped past it, thread workers only abandoned (use threads for tests).
    ``analyzer`` must be a picklable top-level function for process workers. ``ui_lang`` is
    the pages' default language (German unless "en"); readers switch with ``?lang=``.
    """
    limit = timeout if timeout is not None else (settings.timeout or DEFAULT_TIMEOUT)
    runner = Runner(
        workers=workers or min(2, os.cpu_count() or 1),
        kind=executor,
        timeout=limit,
        queue_wait=queue_wait,
        analyzer=analyzer,
    )
    corpus = CorpusDB(db) if db is not None else None
    lang: UILang = choose_lang(ui_lang)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            await asyncio.get_running_loop().run_in_executor(None, runner.warm_up)
        try:
            yield
        finally:
            runner.close()
            if corpus is not None:
                corpus.close()

    app = FastAPI(
        title="quellenlage",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's Swagger page needs a CDN; ours is self-contained
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runner = runner
    app.state.settings = settings
    app.state.max_body_bytes = max_body_bytes
    app.state.corpus = corpus
    app.state.ui_lang = lang
    _install_error_handlers(app)
    app.include_router(analysis_routes.router)
    if corpus is not None:
        for router in CORPUS_ROUTERS:
            app.include_router(router)
    # Outermost first: the body limit runs before anything reads the body.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes, lang=lang)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    """Validation and library errors: JSON under /v1/, an HTML page everywhere else."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in exc.errors()]
        message = validation_message(list(exc.errors()))
        if not request.url.path.startswith("/v1/"):
            return error_page(request, 422, message, "invalid_request")
        return JSONResponse(
            {"error": "invalid_request", "message": message, "details": errors}, status_code=422
        )

    @app.exception_handler(QuellenlageError)
    async def _failed(request: Request, exc: QuellenlageError) -> Any:
        status = http_status(exc)
        if not request.url.path.startswith("/v1/"):
            return error_page(request, status, exc.message)
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=status)


def run_server(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    db: Path | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    workers: int | None = None,
    timeout: float | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    log_level: str = "info",
    ui_lang: str | None = None,
) -> None:
    """Serve the app with uvicorn until interrupted."""
    uvicorn = require("uvicorn", "serve")
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"quellenlage: warning: serving on {host}: the service has no authentication",
            file=sys.stderr,
        )
    app = create_app(
        settings,
        db,
        max_body_bytes=max_body_bytes,
        timeout=timeout,
        workers=workers,
        executor="process",
        warm_up=True,
        ui_lang=ui_lang,
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
