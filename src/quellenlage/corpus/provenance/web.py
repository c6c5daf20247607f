"""The provenance pages of ``quellenlage serve --db``: stories, one story, one claim.

``mount(app, query)`` adds the routes to the server's FastAPI app; ``query(sql, params)`` is
the server's read-only query function (it returns column names and rows). Each page carries
its own Content-Security-Policy (our style block and the report's script, by hash), which the
server's security middleware leaves in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from ... import __version__
from ...errors import InvalidInput
from .render import SERVER_LINKS, claim_view, csp, render_page, story_context, timeline
from .views import Fetch, claim_story, require_tables, story_list, story_page

QueryFn = Callable[[str, list[Any] | None], tuple[list[str], list[tuple[Any, ...]]]]


def _html(template: str, http_status: int = 200, **ctx: Any) -> HTMLResponse:
    """A provenance page with its own Content-Security-Policy."""
    page = render_page(template, version=__version__, **ctx)
    return HTMLResponse(
        page, status_code=http_status, headers={"content-security-policy": csp(server=True)}
    )


def _not_found(what: str) -> HTMLResponse:
    return _html(
        "error.html", 404, title="Not found", status=404, message=f"no {what} in this store"
    )


def _guarded(build: Callable[..., HTMLResponse], fetch: Fetch, *args: Any) -> HTMLResponse:
    """A page, or the note that ``quellenlage provenance`` has not run on this store yet."""
    try:
        require_tables(fetch)
    except InvalidInput as exc:
        return _html("error.html", 404, title="No provenance", status=404, message=str(exc))
    return build(fetch, *args)


def _stories(fetch: Fetch, min_articles: int) -> HTMLResponse:
    found = story_list(fetch, min_articles=min_articles)
    return _html("story_index.html", title="Stories", stories=found, min_articles=min_articles)


def _story(fetch: Fetch, story_id: str) -> HTMLResponse:
    page = story_page(fetch, story_id)
    if page is None:
        return _not_found(f"story {story_id}")
    return _html("story.html", title=page.story.title, ctx=story_context(page, SERVER_LINKS))


def _claim(fetch: Fetch, claim_id: str) -> HTMLResponse:
    found = claim_story(fetch, claim_id)
    if found is None:
        return _not_found(f"claim {claim_id}")
    page, claim = found
    ctx = story_context(page, SERVER_LINKS)
    ctx["timeline"] = timeline(page, SERVER_LINKS, claim)  # coloured by this claim
    view = claim_view(claim, page, SERVER_LINKS)
    return _html("claim.html", title="Claim", ctx=ctx, claim_view=view)


def mount(app: Any, query: QueryFn) -> None:
    """Add /corpus/stories, /corpus/stories/{id} and /corpus/claims/{id} to ``app``."""

    def fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return query(sql, params)[1]

    @app.get("/corpus/stories", include_in_schema=False)
    async def stories(min_articles: int = Query(2, ge=1, le=1000)) -> Any:
        return await run_in_threadpool(_guarded, _stories, fetch, min_articles)

    @app.get("/corpus/stories/{story_id}", include_in_schema=False)
    async def story(story_id: str) -> Any:
        return await run_in_threadpool(_guarded, _story, fetch, story_id)

    @app.get("/corpus/claims/{claim_id}", include_in_schema=False)
    async def claim(claim_id: str) -> Any:
        return await run_in_threadpool(_guarded, _claim, fetch, claim_id)
