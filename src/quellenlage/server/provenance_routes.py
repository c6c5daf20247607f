"""The provenance pages of ``serve --db`` (issue 11): the stories, one story, one claim.

They read the tables ``quellenlage provenance`` writes into the store; on a store without them
each page says so (404). The pages extend the explorer's layout and carry their own
Content-Security-Policy (the report's style plus ``story.css`` in one block, and the report's
script, by hash), which the security middleware leaves in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from ..corpus.provenance.render import (
    SERVER_LINKS,
    claim_view,
    csp,
    page_assets,
    story_context,
    timeline,
)
from ..corpus.provenance.views import Fetch, claim_story, require_tables, story_list, story_page
from ..errors import InvalidInput
from .corpus_db import Corpus, CorpusDB
from .pages import page

router = APIRouter(prefix="/corpus", include_in_schema=False)


def _fetch(db: CorpusDB) -> Fetch:
    """The store's rows for one query (the provenance views need no column names)."""

    def fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        return db.query(sql, params)[1]

    return fetch


def _html(request: Request, template: str, http_status: int = 200, **ctx: Any) -> HTMLResponse:
    """A provenance page in the reader's language, with the style block its policy allows."""
    css, _js, _hash = page_assets()
    response = page(request, template, http_status, css=Markup(css), nav="stories", **ctx)
    response.headers["content-security-policy"] = csp(server=True)
    return response


def _not_found(request: Request, what: str) -> HTMLResponse:
    message = f"no {what} in this store"
    return _html(request, "error.html", 404, title="Not found", status=404, message=message)


def _guarded(
    request: Request, build: Callable[..., HTMLResponse], fetch: Fetch, *args: Any
) -> HTMLResponse:
    """A page, or the note that ``quellenlage provenance`` has not run on this store yet."""
    try:
        require_tables(fetch)
    except InvalidInput as exc:
        return _html(
            request, "error.html", 404, title="No provenance", status=404, message=str(exc)
        )
    return build(request, fetch, *args)


def _stories(request: Request, fetch: Fetch, min_articles: int) -> HTMLResponse:
    found = story_list(fetch, min_articles=min_articles)
    return _html(
        request, "story_index.html", title="Stories", stories=found, min_articles=min_articles
    )


def _story(request: Request, fetch: Fetch, story_id: str) -> HTMLResponse:
    found = story_page(fetch, story_id)
    if found is None:
        return _not_found(request, f"story {story_id}")
    ctx = story_context(found, SERVER_LINKS)
    return _html(request, "story.html", title=found.story.title, ctx=ctx)


def _claim(request: Request, fetch: Fetch, claim_id: str) -> HTMLResponse:
    found = claim_story(fetch, claim_id)
    if found is None:
        return _not_found(request, f"claim {claim_id}")
    story, claim = found
    ctx = story_context(story, SERVER_LINKS)
    ctx["timeline"] = timeline(story, SERVER_LINKS, claim)  # coloured by this claim
    view = claim_view(claim, story, SERVER_LINKS)
    return _html(request, "claim.html", title="Claim", ctx=ctx, claim_view=view)


@router.get("/stories")
async def stories(
    request: Request, db: Corpus, min_articles: int = Query(2, ge=1, le=1000)
) -> HTMLResponse:
    """The stories with at least ``min_articles`` articles, the largest first."""
    return await run_in_threadpool(_guarded, request, _stories, _fetch(db), min_articles)


@router.get("/stories/{story_id}")
async def story(request: Request, db: Corpus, story_id: str) -> HTMLResponse:
    """One story: its timeline of outlets, its claims, its articles."""
    return await run_in_threadpool(_guarded, request, _story, _fetch(db), story_id)


@router.get("/claims/{claim_id}")
async def claim(request: Request, db: Corpus, claim_id: str) -> HTMLResponse:
    """One claim: its variants, origin, sources, and the timeline coloured by it."""
    return await run_in_threadpool(_guarded, request, _claim, _fetch(db), claim_id)
