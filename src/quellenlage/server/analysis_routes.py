"""Routes of the analysis service: the JSON API (``/v1/...``, ``/healthz``) and the pages to
paste, upload or fetch an article (``/``, ``/report``) and read the API (``/docs``).

Handlers find the worker pool, settings and limits on ``request.app.state`` (set by
``app.create_app``), so that this router needs no globals.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.formparsers import MultiPartException

from ..about import __version__
from ..errors import InvalidInput, MissingExtra
from ..model import Analysis, ArticleMeta, json_schema
from .pages import endpoints, page, request_lang
from .workers import Job

router = APIRouter()


class AnalyzeRequest(BaseModel):
    """Body of ``POST /v1/analyze``: exactly one of ``text`` (scraped plain text), ``html`` or
    ``url`` (a public http(s) page, fetched under the same rules as ``quellenlage analyze URL``).
    """

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="the article as plain (scraped) text")
    html: str | None = Field(default=None, description="the article page as HTML")
    url: str | None = Field(
        default=None,
        description="a public http(s) page to fetch and analyse (robots.txt respected)",
        max_length=2000,
    )
    meta: ArticleMeta | None = Field(
        default=None, description="what is known about the article (outlet, url, date, ...)"
    )

    @model_validator(mode="after")
    def _exactly_one(self) -> AnalyzeRequest:
        if [self.text, self.html, self.url].count(None) != 2:
            raise ValueError("give exactly one of 'text' or 'html' (or 'url': a page to fetch)")
        return self

    def job(self, request: Request) -> Job:
        """The worker job for this body."""
        settings = request.app.state.settings
        if self.text is not None:
            return Job(kind="text", content=self.text, settings=settings, meta=self.meta)
        if self.url is not None:
            return Job(kind="url", content=self.url, settings=settings, meta=self.meta)
        return Job(kind="html", content=self.html or "", settings=settings, meta=self.meta)


class ErrorResponse(BaseModel):
    """Every error the API returns: a stable code and a sentence for people."""

    error: str
    message: str
    details: list[dict[str, Any]] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorResponse, "description": "request body over the limit"},
    422: {"model": ErrorResponse, "description": "bad JSON, bad fields, or no analysable text"},
    503: {"model": ErrorResponse, "description": "the analysis took too long, or server busy"},
}


@router.post(
    "/v1/analyze",
    response_model=Analysis,
    responses=ERROR_RESPONSES,
    summary="Analyse one article",
    tags=["api"],
)
async def api_analyze(req: AnalyzeRequest, request: Request) -> Any:
    """Analyse one German news article, sent as "text" (scraped plain text), as "html" (the
    page) or as "url" (a public page to fetch); returns the Analysis JSON."""
    text, _frag, _title = await request.app.state.runner.run(req.job(request))
    return Response(text, media_type="application/json")


@router.get("/v1/schema", summary="JSON Schema of the Analysis", tags=["api"])
async def api_schema() -> Any:
    """The JSON Schema that every /v1/analyze answer follows."""
    return JSONResponse(json_schema())


@router.get("/healthz", summary="Liveness and version", tags=["api"])
async def healthz(request: Request) -> dict[str, Any]:
    """Liveness: version, schema version, workers and limits."""
    state = request.app.state
    return {
        "status": "ok",
        "version": __version__,
        "schema_version": Analysis.model_fields["schema_version"].default,
        "workers": state.runner.workers,
        "executor": state.runner.kind,
        "timeout_seconds": state.runner.timeout,
        "max_body_bytes": state.max_body_bytes,
        "corpus": state.corpus is not None,
    }


def _form_page(request: Request, **ctx: Any) -> Any:
    state = request.app.state
    return page(
        request,
        "index.html",
        nav="analyse",
        max_body=state.max_body_bytes,
        timeout=state.runner.timeout,
        **ctx,
    )


@router.get("/", include_in_schema=False)
async def index(request: Request) -> Any:
    return _form_page(request, text="", report=None, title=None)


@router.post("/report", include_in_schema=False)
async def report(request: Request) -> Any:
    settings = request.app.state.settings
    form = await _read_form(request, request.app.state.max_body_bytes)
    upload = form.get("file")
    text = form.get("text")
    url = form.get("url")
    data: bytes | None = None
    name = "-"
    lang = request_lang(request)
    if upload is not None and not isinstance(upload, str):
        data = await upload.read()
        name = upload.filename or "upload"
    if data:
        job = Job("bytes", data, settings, name=name, want_report=True, ui_lang=lang)
        shown = ""
    elif isinstance(text, str) and text.strip():
        job = Job("text", text, settings, want_report=True, ui_lang=lang)
        shown = text
    elif isinstance(url, str) and url.strip():
        job = Job("url", url.strip(), settings, want_report=True, ui_lang=lang)
        shown = ""
    else:
        raise InvalidInput("paste a text or choose a file to analyse")
    _json, fragment, title = await request.app.state.runner.run(job)
    return _form_page(request, text=shown, report=Markup(fragment), title=title)


@router.get("/docs", include_in_schema=False)
async def docs(request: Request) -> Any:
    spec = request.app.openapi()
    return page(request, "docs.html", nav="api", spec=spec, endpoints=endpoints(spec))


async def _read_form(request: Request, max_bytes: int) -> Any:
    """Parse a form post; the parts may be as large as the whole body limit allows."""
    try:
        return await request.form(max_files=1, max_fields=4, max_part_size=max_bytes)
    except MultiPartException as exc:
        raise InvalidInput(f"the form could not be read: {exc}") from exc
    except AssertionError as exc:  # python-multipart missing
        raise MissingExtra("forms need python-multipart: pip install 'quellenlage[serve]'") from exc
