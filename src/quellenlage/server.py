"""Web service: a page to paste or upload an article, the JSON API, and corpus pages.

``create_app`` builds the FastAPI app; ``quellenlage serve`` runs it under uvicorn. Article
text is hostile, so:

* every page is rendered with autoescaping and served with a Content-Security-Policy that
  allows only our own inline style and script (pinned by hash, see ``render.html.assets``);
* request bodies are capped (2 MiB by default, 413 beyond) before any parsing;
* each analysis runs in a worker (a process by default) under a time limit; past it the
  client gets 503 and, for process workers, the stuck worker is killed and replaced;
* there is no URL input: the server never fetches anything, so it cannot be turned against
  private, loopback or link-local addresses (paste the text or upload the file instead).

FastAPI's own /docs page loads its scripts from a CDN, which neither works offline nor passes
our CSP; /docs here is a self-contained page generated from the same OpenAPI document that
/openapi.json serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import __version__
from .errors import (
    AnalysisTimeout,
    InputTooLarge,
    InvalidInput,
    MissingExtra,
    ModelError,
    QuellenlageError,
    require,
)
from .model import Analysis, ArticleMeta, json_schema
from .settings import DEFAULT_SETTINGS, MiB, Settings

DEFAULT_MAX_BODY = 2 * MiB
# Seconds one analysis may run when Settings.timeout says "no limit" (0): a server needs one.
DEFAULT_TIMEOUT = 30.0
# Seconds a request may wait for a free worker before the server says it is busy.
DEFAULT_QUEUE_WAIT = 60.0
# Seconds a fresh worker process may take to start and load the models.
STARTUP_LIMIT = 120.0

ExecutorKind = Literal["process", "thread"]


# ----------------------------------------------------------------------------- worker side


@dataclass(frozen=True, slots=True)
class Job:
    """One analysis request as a worker sees it (picklable: it crosses a process boundary)."""

    kind: Literal["text", "html", "bytes"]
    content: str | bytes
    settings: Settings
    name: str = "-"
    meta: ArticleMeta | None = None
    want_report: bool = False


def analyze_job(job: Job) -> Analysis:
    """The default analyzer: the same per-document functions the CLI and batch use."""
    from .pipeline import analyze, analyze_article, analyze_html

    if job.kind == "html":
        return analyze_html(str(job.content), meta=job.meta, settings=job.settings)
    if job.kind == "bytes":
        from .ingest import read_bytes

        article = read_bytes(bytes(job.content), name=job.name, settings=job.settings)
        if job.meta is not None:  # what the caller knows wins over what the file says
            article.meta = article.meta.model_copy(update=job.meta.model_dump(exclude_none=True))
        return analyze_article(article, settings=job.settings)
    return analyze(str(job.content), meta=job.meta, settings=job.settings)


def run_job(
    job: Job, analyzer: Callable[[Job], Analysis] = analyze_job
) -> tuple[str, str | None, str | None]:
    """Worker entry: the Analysis JSON, and the report fragment + title when a page wants it.

    Rendering happens here too, so that the event loop only moves strings around.
    """
    analysis = analyzer(job)
    text = analysis.to_json(indent=None)
    if not job.want_report:
        return text, None, None
    from .render.html import render_report_fragment

    return text, str(render_report_fragment(analysis)), analysis.article.title


def _warm_up(analyzer: Callable[[Job], Analysis] | None = None) -> str:
    """Import the pipeline (and load its models) in a fresh worker before the first request.

    ``analyzer`` is only passed so that unpickling it (importing its module) happens here too.
    """
    from .pipeline import analyze

    # A warm-up must never take the server down; real errors surface on real requests.
    with contextlib.suppress(QuellenlageError):
        analyze("Der Sprecher sagte am Montag, die Lage sei ruhig.")
    return "ok"


# ----------------------------------------------------------------------------- the runner


class Busy(AnalysisTimeout):
    """No worker became free in time (the server is overloaded): a timeout of the queue.

    It never reaches the CLI; it shares AnalysisTimeout's exit code on purpose.
    """

    code = "busy"


class Runner:
    """Runs jobs on a worker pool with a per-analysis time limit.

    A semaphore admits at most ``workers`` jobs at once, so the time limit counts the
    analysis itself, not the wait in the queue (that wait has its own, longer limit).
    """

    def __init__(
        self,
        *,
        workers: int,
        kind: ExecutorKind,
        timeout: float,
        queue_wait: float = DEFAULT_QUEUE_WAIT,
        analyzer: Callable[[Job], Analysis] = analyze_job,
    ) -> None:
        self.workers = max(1, workers)
        self.kind = kind
        self.timeout = timeout
        self.queue_wait = queue_wait
        self.analyzer = analyzer
        self._pool: Executor | None = None
        self._lock = threading.Lock()
        self._slots: asyncio.Semaphore | None = None
        self._warm: weakref.WeakSet[Executor] = weakref.WeakSet()  # pools whose workers are up

    def _new_pool(self) -> Executor:
        if self.kind == "thread":
            return ThreadPoolExecutor(self.workers, thread_name_prefix="quellenlage-analysis")
        import multiprocessing

        # spawn, not fork: the server process runs threads, and forking those is unsafe.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    @property
    def pool(self) -> Executor:
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def warm_up(self) -> None:
        """Start every worker and load the models (blocking; called at server start-up)."""
        if self.kind == "process":
            futures = [self.pool.submit(_warm_up, self.analyzer) for _ in range(self.workers)]
            for f in futures:
                f.result()
            self._warm.add(self.pool)

    def _recycle(self, broken: Executor) -> None:
        """Kill a process pool whose worker is stuck past the time limit; start a new one."""
        with self._lock:
            if self._pool is not broken:
                return
            self._pool = None
        processes = getattr(broken, "_processes", None) or {}
        for proc in list(processes.values()):
            proc.kill()
        broken.shutdown(wait=False, cancel_futures=True)

    async def run(self, job: Job) -> tuple[str, str | None, str | None]:
        """Run one job; raise ``AnalysisTimeout`` past the limit, ``Busy`` if none is free."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.queue_wait)
        except TimeoutError:
            raise Busy(
                f"all {self.workers} analysis workers stayed busy for {self.queue_wait:g} s; "
                "try again later"
            ) from None
        try:
            pool = self.pool
            loop = asyncio.get_running_loop()
            if self.kind == "process" and pool not in self._warm:
                # A fresh pool (first use, or after a kill) starts its worker and loads the
                # models first, so the time limit below counts the analysis alone.
                await asyncio.wait_for(
                    loop.run_in_executor(pool, _warm_up, self.analyzer), STARTUP_LIMIT
                )
                self._warm.add(pool)
            future = loop.run_in_executor(pool, run_job, job, self.analyzer)
            try:
                return await asyncio.wait_for(future, self.timeout or None)
            except TimeoutError:
                if self.kind == "process":
                    self._recycle(pool)
                raise AnalysisTimeout(
                    f"the analysis took longer than the limit of {self.timeout:g} s and was "
                    "stopped; try a shorter text"
                ) from None
            except BrokenExecutor:
                # Another request's timeout killed this pool while our job was on it.
                raise AnalysisTimeout(
                    "the analysis worker was restarted while this text was being analysed; "
                    "please retry"
                ) from None
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        # Idle workers exit on their own; one stuck in an analysis is killed after a grace.
        for proc in procs:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()


# ----------------------------------------------------------------------------- ASGI middleware


def _error_body(path: str, status: int, code: str, message: str) -> tuple[bytes, bytes]:
    """A JSON error for the API, a small HTML page for everything else."""
    if path.startswith("/v1/") or path.startswith("/openapi"):
        return (
            json.dumps({"error": code, "message": message}).encode(),
            b"application/json",
        )
    page = _render_page("error.html", title=f"Error {status}", status=status, message=message)
    return page.encode(), b"text/html; charset=utf-8"


class BodyLimit:
    """Refuse request bodies above ``max_bytes`` with 413, before the app parses anything.

    Content-Length is checked first; a body without one (chunked) is read up to the limit and
    replayed to the app, so no byte past the limit is ever buffered.
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._refuse(scope, send)
                return
            chunks.append(body)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: dict, send: Callable) -> None:
        body, ctype = _error_body(
            scope.get("path", ""),
            413,
            InputTooLarge.code,
            f"the request body is larger than the limit of {self.max_bytes:,} bytes",
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", ctype),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                    *_security_headers(),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _server_csp() -> str:
    """The page policy: our own style and script only; forms may post to this server only."""
    from .render.html import assets

    return assets().csp(form_action="'self'", frame_ancestors=True)


def _security_headers() -> list[tuple[bytes, bytes]]:
    from .render.html import assets

    return [
        (
            b"content-security-policy",
            assets().csp(form_action="'self'", frame_ancestors=True).encode(),
        ),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]


class SecurityHeaders:
    """Add the CSP and friends to every response (unless the route set its own)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.headers = _security_headers()

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _v in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, wrapped)


# ----------------------------------------------------------------------------- API models


class AnalyzeRequest(BaseModel):
    """Body of ``POST /v1/analyze``: exactly one of ``text`` (scraped plain text) or ``html``."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article as plain (scraped) text")
    html: str | None = Field(default=None, description="the article page as HTML")
    meta: ArticleMeta | None = Field(
        default=None, description="what is known about the article (outlet, url, date, ...)"
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> AnalyzeRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class ErrorResponse(BaseModel):
    """Every error the API returns: a stable code and a sentence for people."""

    error: str
    message: str
    details: list[dict[str, Any]] | None = None


def _http_status(exc: QuellenlageError) -> int:
    if isinstance(exc, InputTooLarge):
        return 413
    if isinstance(exc, (AnalysisTimeout, Busy)):
        return 503
    if isinstance(exc, MissingExtra):
        return 501
    if isinstance(exc, ModelError):
        return 500
    return 422  # the request was well-formed, but the text cannot be analysed


def _validation_message(errors: list[dict[str, Any]]) -> str:
    """One readable sentence for a request that failed validation."""
    parts = []
    for err in errors:
        if err.get("type") == "json_invalid":
            ctx = err.get("ctx") or {}
            where = err.get("loc", ["body", "?"])[-1]
            return (
                f"the request body is not valid JSON (at character {where}: "
                f"{ctx.get('error', 'parse error')}); send "
                '{"text": "..."} or {"html": "..."} with Content-Type: application/json'
            )
        if tuple(err.get("loc", ())) == ("body",) and err.get("type") in (
            "model_attributes_type",
            "dict_type",
            "missing",
        ):
            return (
                'the request body must be a JSON object: {"text": "..."} or {"html": "..."} '
                "with Content-Type: application/json"
            )
        loc = ".".join(str(x) for x in err.get("loc", ()) if x != "body") or "body"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}")
    return "invalid request: " + "; ".join(parts)


# ----------------------------------------------------------------------------- pages


def _render_page(template: str, **ctx: Any) -> str:
    from .render.html import assets, environment

    a = assets()
    ctx.setdefault("corpus", False)
    ctx.setdefault("version", __version__)
    return environment().get_template(template).render(css=Markup(a.css), js=Markup(a.js), **ctx)


def _page(template: str, http_status: int = 200, **ctx: Any) -> Any:
    return HTMLResponse(_render_page(template, **ctx), status_code=http_status)


# ----------------------------------------------------------------------------- the app


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
) -> Any:
    """The FastAPI app. ``db`` adds read-only pages over a corpus store (DuckDB file).

    ``timeout`` defaults to ``settings.timeout``, or 30 s when that is 0 (no limit); process
    workers can be stopped past it, thread workers only abandoned (use threads for tests).
    ``analyzer`` must be a picklable top-level function for process workers.
    """
    limit = timeout if timeout is not None else (settings.timeout or DEFAULT_TIMEOUT)
    runner = Runner(
        workers=workers or min(2, os.cpu_count() or 1),
        kind=executor,
        timeout=limit,
        queue_wait=queue_wait,
        analyzer=analyzer,
    )
    corpus = _Corpus(db) if db is not None else None

    @asynccontextmanager
    async def lifespan(_app: Any):
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
        description=(
            "Who says what, according to whom, and how sure anyone is: sourcing analysis for "
            "German news. POST an article to /v1/analyze and get the Analysis JSON "
            "(schema at /v1/schema)."
        ),
        docs_url=None,  # FastAPI's Swagger page needs a CDN; ours is self-contained
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runner = runner
    app.state.settings = settings
    app.state.max_body_bytes = max_body_bytes

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Any:
        errors = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in exc.errors()]
        message = _validation_message(list(exc.errors()))
        if not request.url.path.startswith("/v1/"):
            return _page("error.html", 422, title="Invalid request", status=422, message=message)
        return JSONResponse(
            {"error": "invalid_request", "message": message, "details": errors}, status_code=422
        )

    @app.exception_handler(QuellenlageError)
    async def _failed(request: Request, exc: QuellenlageError) -> Any:
        status = _http_status(exc)
        if not request.url.path.startswith("/v1/"):
            return _page(
                "error.html",
                status,
                title=f"Error {status}",
                status=status,
                message=exc.message,
                corpus=corpus is not None,
            )
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=status)

    # ---------------------------------------------------------------- JSON API

    error_responses: dict[int | str, dict[str, Any]] = {
        413: {"model": ErrorResponse, "description": "request body over the limit"},
        422: {"model": ErrorResponse, "description": "bad JSON, bad fields, or no analysable text"},
        503: {"model": ErrorResponse, "description": "the analysis took too long, or server busy"},
    }

    @app.post(
        "/v1/analyze",
        response_model=Analysis,
        responses=error_responses,
        summary="Analyse one article",
        tags=["api"],
    )
    async def api_analyze(req: AnalyzeRequest) -> Any:
        """Analyse one German news article, sent as "text" (scraped plain text) or as "html"
        (the page); returns the Analysis JSON (schema_version 1)."""
        kind = "text" if req.text is not None else "html"
        content = req.text if req.text is not None else req.html
        job = Job(kind=kind, content=content or "", settings=settings, meta=req.meta)
        text, _frag, _title = await runner.run(job)
        return Response(text, media_type="application/json")

    @app.get("/v1/schema", summary="JSON Schema of the Analysis", tags=["api"])
    async def api_schema() -> Any:
        """The JSON Schema that every /v1/analyze answer follows."""
        return JSONResponse(json_schema())

    @app.get("/healthz", summary="Liveness and version", tags=["api"])
    async def healthz() -> dict[str, Any]:
        """Liveness: version, schema version, workers and limits."""
        return {
            "status": "ok",
            "version": __version__,
            "schema_version": Analysis.model_fields["schema_version"].default,
            "workers": runner.workers,
            "executor": runner.kind,
            "timeout_seconds": runner.timeout,
            "max_body_bytes": max_body_bytes,
            "corpus": corpus is not None,
        }

    # ---------------------------------------------------------------- pages

    @app.get("/", include_in_schema=False)
    async def index() -> Any:
        return _page(
            "index.html",
            text="",
            report=None,
            title=None,
            corpus=corpus is not None,
            max_body=max_body_bytes,
            timeout=runner.timeout,
        )

    @app.post("/report", include_in_schema=False)
    async def report(request: Request) -> Any:
        form = await _read_form(request, max_body_bytes)
        upload = form.get("file")
        text = form.get("text")
        data: bytes | None = None
        name = "-"
        if upload is not None and not isinstance(upload, str):
            data = await upload.read()
            name = upload.filename or "upload"
        if data:
            job = Job(kind="bytes", content=data, name=name, settings=settings, want_report=True)
            shown = ""
        elif isinstance(text, str) and text.strip():
            job = Job(kind="text", content=text, settings=settings, want_report=True)
            shown = text
        else:
            raise InvalidInput("paste a text or choose a file to analyse")
        _json, fragment, title = await runner.run(job)
        return _page(
            "index.html",
            text=shown,
            report=Markup(fragment),
            title=title,
            corpus=corpus is not None,
            max_body=max_body_bytes,
            timeout=runner.timeout,
        )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> Any:
        spec = app.openapi()
        return _page("docs.html", spec=spec, endpoints=_endpoints(spec), corpus=corpus is not None)

    if corpus is not None:
        corpus.mount(app)

    # Outermost first: the body limit runs before anything reads the body.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return app


async def _read_form(request: Any, max_bytes: int) -> Any:
    """Parse a form post; the parts may be as large as the whole body limit allows."""
    from starlette.formparsers import MultiPartException

    try:
        return await request.form(max_files=1, max_fields=4, max_part_size=max_bytes)
    except MultiPartException as exc:
        raise InvalidInput(f"the form could not be read: {exc}") from exc
    except AssertionError as exc:  # python-multipart missing
        raise MissingExtra("forms need python-multipart: pip install 'quellenlage[serve]'") from exc


def _endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI paths flattened for the docs page, request and response schemas resolved."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            out.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "request": _ref_name(body.get("schema")),
                    "responses": [
                        {
                            "code": code,
                            "description": r.get("description", ""),
                            "schema": _ref_name(
                                r.get("content", {}).get("application/json", {}).get("schema")
                            ),
                        }
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return out


def _ref_name(schema: dict[str, Any] | None) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")


# ----------------------------------------------------------------------------- corpus pages


class _Corpus:
    """Read-only pages over a corpus store written by ``quellenlage batch --db``."""

    PAGE_SIZE = 50

    def __init__(self, db: Path) -> None:
        from .corpus.store import connect_readonly

        self.db = Path(db)
        self.con = connect_readonly(self.db, None)  # raises InvalidInput with a clear message
        self._lock = threading.Lock()

    def query(self, sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
        # One cursor per query: a DuckDB connection must not be shared across threads.
        with self._lock:
            cur = self.con.cursor()
        try:
            res = cur.execute(sql, params or [])
            return [d[0] for d in res.description], res.fetchall()
        finally:
            cur.close()

    def close(self) -> None:
        self.con.close()

    def mount(self, app: Any) -> None:
        async def q(sql: str, params: list[Any] | None = None) -> tuple[list[str], list[tuple]]:
            return await run_in_threadpool(self.query, sql, params)

        @app.get("/corpus", include_in_schema=False)
        async def corpus_index(page: int = Query(1, ge=1), outlet: str | None = None) -> Any:
            where, params = ("WHERE outlet = ?", [outlet]) if outlet else ("", [])
            _c, total = await q(f"SELECT count(*) FROM articles {where}", params)
            _c, stats = await q(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements), "
                "(SELECT count(*) FROM speech_events), (SELECT count(*) FROM errors)"
            )
            _c, by_status = await q("SELECT status, count(*) FROM statements GROUP BY status")
            cols, rows = await q(
                "SELECT doc_id, coalesce(title, '(untitled)') AS title, outlet, date, "
                "n_statements, n_speech_events, "
                "coalesce(TRY_CAST(json_extract(by_status, '$.hearsay') AS INT), 0) AS hearsay "
                f"FROM articles {where} ORDER BY date DESC NULLS LAST, doc_id "
                "LIMIT ? OFFSET ?",
                [*params, self.PAGE_SIZE, (page - 1) * self.PAGE_SIZE],
            )
            n_total = total[0][0]
            counts = dict(by_status)
            return _page(
                "corpus_index.html",
                corpus=True,
                stats=dict(
                    zip(("articles", "statements", "events", "errors"), stats[0], strict=True)
                ),
                status_counts=counts,
                status_total=sum(counts.values()),
                articles=[dict(zip(cols, r, strict=True)) for r in rows],
                page=page,
                pages=max(1, -(-n_total // self.PAGE_SIZE)),
                outlet=outlet,
                db_name=self.db.name,
            )

        @app.get("/corpus/articles/{doc_id}", include_in_schema=False)
        async def corpus_article(doc_id: str) -> Any:
            _c, rows = await q("SELECT analysis FROM articles WHERE doc_id = ?", [doc_id])
            if not rows:
                return _page(
                    "error.html",
                    404,
                    title="Not found",
                    status=404,
                    corpus=True,
                    message=f"no article with id {doc_id} in this store",
                )
            analysis = Analysis.model_validate_json(rows[0][0])
            from .render.html import render_report_fragment

            return _page(
                "corpus_article.html",
                corpus=True,
                title=analysis.article.title,
                report=Markup(render_report_fragment(analysis)),
            )

        @app.get("/corpus/sources", include_in_schema=False)
        async def corpus_sources(top: int = Query(10, ge=1, le=100)) -> Any:
            from .corpus.reports import REPORTS

            cols, rows = await q(REPORTS["sources"].replace("$top", "?"), [top])
            return _page(
                "corpus_table.html",
                corpus=True,
                title="Sources per outlet",
                intro=f"The {top} most frequent sources per outlet and source type.",
                columns=cols,
                rows=rows,
                shares=False,
                top=top,
            )

        @app.get("/corpus/outlets", include_in_schema=False)
        async def corpus_outlets() -> Any:
            from .corpus.reports import REPORTS

            cols, rows = await q(REPORTS["hearsay"])
            return _page(
                "corpus_outlets.html",
                corpus=True,
                title="Hearsay share per outlet",
                columns=cols,
                rows=[dict(zip(cols, r, strict=True)) for r in rows],
            )

        from .corpus.provenance.web import mount as mount_provenance

        mount_provenance(app, self.query)  # /corpus/stories, /corpus/claims (issue 11)


# ----------------------------------------------------------------------------- running it


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
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)


__all__: list[str] = ["Job", "analyze_job", "create_app", "run_server"]
