"""Pages of the provenance result: what a story or claim page shows, read from the tables.

The loaders take ``fetch(sql, params) -> rows``, so the same code serves the web pages (the
server's read-only connection) and the one-file HTML report (a DuckDB connection). A page is
a story with its articles (outlet, time, title, where to read it), its claims and the
citations between its articles; the timeline geometry is computed in ``render``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...errors import InvalidInput
from .result import CitationOut, ClaimOut, OccurrenceOut, StoryOut
from .tables import PROVENANCE_TABLES, has_tables

Fetch = Callable[[str, list[Any]], list[tuple[Any, ...]]]


@dataclass(slots=True)
class ArticleInfo:
    """An article as the pages show it."""

    article_id: str
    doc_id: str
    outlet: str | None
    published: str | None
    title: str | None = None
    url: str | None = None


@dataclass(slots=True)
class StoryPage:
    """Everything a story page shows."""

    story: StoryOut
    articles: list[ArticleInfo]
    claims: list[ClaimOut]
    citations: list[CitationOut] = field(default_factory=list)


def require_tables(fetch: Fetch) -> None:
    """Refuse clearly when ``quellenlage provenance`` has not run on the store."""
    if not has_tables(fetch):
        raise InvalidInput(
            "this store has no provenance tables yet: run `quellenlage provenance --db FILE`"
        )


def _articles(fetch: Fetch, story_id: str) -> list[ArticleInfo]:
    rows = fetch(
        "SELECT s.article_id, s.doc_id, s.outlet, s.published, a.title, a.url "
        "FROM story_articles s LEFT JOIN articles a USING (doc_id) WHERE s.story_id = ? "
        "ORDER BY s.published NULLS LAST, s.article_id",
        [story_id],
    )
    return [ArticleInfo(*r) for r in rows]


def _claims(fetch: Fetch, where: str, params: list[Any]) -> list[ClaimOut]:
    cols = [n for n, _t, _d in PROVENANCE_TABLES["claims"]]
    rows = fetch(
        "SELECT " + ", ".join(f'"{c}"' for c in cols) + f" FROM claims WHERE {where} "
        "ORDER BY first_seen NULLS LAST, claim_id",
        params,
    )
    claims = [dict(zip(cols, r, strict=True)) for r in rows]
    if not claims:
        return []
    ids = [c["claim_id"] for c in claims]
    occ_cols = (
        "article_id",
        "start",
        "end",
        "text",
        "status",
        "form",
        "speaker",
        "relays",
        "source",
    )
    occs: dict[str, list[OccurrenceOut]] = {}
    marks = ", ".join("?" for _ in ids)
    for row in fetch(
        "SELECT claim_id, "
        + ", ".join(f'"{c}"' for c in occ_cols)
        + f" FROM claim_occurrences WHERE claim_id IN ({marks}) ORDER BY claim_id, rowid",
        ids,
    ):
        rec = dict(zip(("article", *occ_cols[1:]), row[1:], strict=True))
        occs.setdefault(row[0], []).append(OccurrenceOut(**rec))
    return [
        ClaimOut(
            id=c["claim_id"],
            story=c["story_id"],
            canonical=c["canonical"],
            speaker=c["speaker"],
            occurrences=occs.get(c["claim_id"], []),
            origin=c["origin"],
            origin_article=c["origin_article"],
            first_seen=c["first_seen"],
            independent_sources=c["independent_sources"],
            sources=list(c["sources"] or []),
            status_by_article=json.loads(c["status_by_article"] or "{}"),
            evidence=list(c["evidence"] or []),
        )
        for c in claims
    ]


def _citations(fetch: Fetch, article_ids: list[str]) -> list[CitationOut]:
    if not article_ids:
        return []
    marks = ", ".join("?" for _ in article_ids)
    rows = fetch(
        'SELECT article_id, cited, kind, "start", "end", text, cited_article, evidence '
        f"FROM citations WHERE article_id IN ({marks}) ORDER BY rowid",
        article_ids,
    )
    return [
        CitationOut(
            article=a,
            cited=c,
            kind=k,
            start=s,
            end=e,
            text=t,
            cited_article=ca,
            evidence=list(ev or []),
        )
        for a, c, k, s, e, t, ca, ev in rows
    ]


def story_page(fetch: Fetch, story_id: str) -> StoryPage | None:
    """The story ``story_id`` with its articles, claims and citations; None if unknown."""
    rows = fetch(
        "SELECT story_id, title, first_seen, outlets FROM stories WHERE story_id = ?", [story_id]
    )
    if not rows:
        return None
    sid, title, first, outlets = rows[0]
    articles = _articles(fetch, sid)
    story = StoryOut(
        id=sid,
        title=title,
        first_seen=first,
        outlets=list(outlets or []),
        articles=[a.article_id for a in articles],
    )
    claims = _claims(fetch, "story_id = ?", [sid])
    return StoryPage(story, articles, claims, _citations(fetch, story.articles))


def claim_story(fetch: Fetch, claim_id: str) -> tuple[StoryPage, ClaimOut] | None:
    """The story page of a claim, and the claim; None if unknown."""
    rows = fetch("SELECT story_id FROM claims WHERE claim_id = ?", [claim_id])
    if not rows:
        return None
    page = story_page(fetch, rows[0][0])
    if page is None:
        return None
    claim = next((c for c in page.claims if c.id == claim_id), None)
    return (page, claim) if claim is not None else None


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story in a list: enough to name and count it."""

    id: str
    title: str | None
    first_seen: str | None
    outlets: list[str]
    n_articles: int


def story_list(fetch: Fetch, *, min_articles: int = 2, limit: int = 200) -> list[StoryRow]:
    """Stories with at least ``min_articles`` articles, the largest first."""
    rows = fetch(
        "SELECT story_id, title, first_seen, outlets, n_articles FROM stories "
        "WHERE n_articles >= ? ORDER BY n_articles DESC, first_seen NULLS LAST, story_id "
        "LIMIT ?",
        [min_articles, limit],
    )
    return [StoryRow(s, t, f, list(o or []), int(n)) for s, t, f, o, n in rows]
