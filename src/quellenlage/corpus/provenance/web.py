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


def mount(app: Any, query: QueryFn) -> None:
    """Add /corpus/stories, /corpus/stories/{id} and /corpus/claims/{id} to ``app``."""

    def fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return query(sql, params)[1]

    fetch_: Fetch = fetch

    async def ready() -> HTMLResponse | None:
        try:
            await run_in_threadpool(require_tables, fetch_)
        except InvalidInput as exc:
            return _html("error.html", 404, title="No provenance", status=404, message=str(exc))
        return None

    @app.get("/corpus/stories", include_in_schema=False)
    async def stories(min_articles: int = Query(2, ge=1, le=1000)) -> Any:
        missing = await ready()
        if missing is not None:
            return missing
        found = await run_in_threadpool(lambda: story_list(fetch_, min_articles=min_articles))
        return _html("story_index.html", title="Stories", stories=found, min_articles=min_articles)

    @app.get("/corpus/stories/{story_id}", include_in_schema=False)
    async def story(story_id: str) -> Any:
        missing = await ready()
        if missing is not None:
            return missing
        page = await run_in_threadpool(story_page, fetch_, story_id)
        if page is None:
            return _not_found(f"story {story_id}")
        return _html("story.html", title=page.story.title, ctx=story_context(page, SERVER_LINKS))

    @app.get("/corpus/claims/{claim_id}", include_in_schema=False)
    async def claim(claim_id: str) -> Any:
        missing = await ready()
        if missing is not None:
            return missing
        found = await run_in_threadpool(claim_story, fetch_, claim_id)
        if found is None:
            return _not_found(f"claim {claim_id}")
        page, c = found
        ctx = story_context(page, SERVER_LINKS)
        ctx["timeline"] = timeline(page, SERVER_LINKS, c)  # coloured by this claim
        return _html(
            "claim.html", title="Claim", ctx=ctx, claim_view=claim_view(c, page, SERVER_LINKS)
        )
