"""The provenance tables in the DuckDB store: declared once, written all-or-nothing.

They live beside the tables of ``quellenlage batch`` and are documented in ``docs/store.md``
(generated from the declaration below; a test keeps both in step). A run replaces them in one
transaction, so a reader sees the previous run or the new one, never half of one. The
``story_articles`` and ``claim_occurrences`` rows of the previous run are the state an
incremental run starts from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...errors import require
from .read import ArticleRec
from .result import PROVENANCE_SCHEMA_VERSION, Provenance
from .timeparse import iso_utc

_TYPES = {"str": "VARCHAR", "int": "BIGINT", "str[]": "VARCHAR[]", "json": "VARCHAR"}

PROVENANCE_TABLES: dict[str, list[tuple[str, str, str]]] = {
    "stories": [
        ("story_id", "str", "stable story id (hash of its first article's id)"),
        ("title", "str", "title of its first article"),
        ("first_seen", "str", "earliest publication, UTC ISO 8601"),
        ("n_articles", "int", "number of articles"),
        ("outlets", "str[]", "outlets that report it"),
    ],
    "story_articles": [
        ("story_id", "str", "the story (stories.story_id)"),
        ("doc_id", "str", "the article (articles.doc_id)"),
        ("article_id", "str", "the input's id (JSONL/CSV `id`), else doc_id"),
        ("outlet", "str", "the article's outlet"),
        ("published", "str", "publication instant, UTC ISO 8601 (NULL when unknown)"),
    ],
    "claims": [
        ("claim_id", "str", "stable claim id (hash of its first occurrence)"),
        ("story_id", "str", "the story it belongs to"),
        ("canonical", "str", "its most direct wording (a direct quote first)"),
        ("speaker", "str", "the named speaker, NULL when none is named"),
        ("origin", "str", "`article` (first corpus article) or `external`"),
        ("origin_article", "str", "article id of its first article"),
        ("first_seen", "str", "publication of its first article, UTC"),
        ("independent_sources", "int", "distinct primary sources behind it"),
        ("sources", "str[]", "those sources as `kind:name` (speaker, post, outlet, own)"),
        ("status_by_article", "json", "{article id: status the article leaves it in}"),
        ("evidence", "str[]", "the decisions behind it (evidence labels)"),
    ],
    "claim_occurrences": [
        ("claim_id", "str", "the claim (claims.claim_id)"),
        ("doc_id", "str", "the article (articles.doc_id)"),
        ("article_id", "str", "the input's id, else doc_id"),
        ("start", "int", "start offset in articles.text"),
        ("end", "int", "end offset in articles.text"),
        ("text", "str", "the occurrence itself"),
        ("status", "str", "its status in the article"),
        ("form", "str", "speech event form, `statement` or `question`"),
        ("speaker", "str", "its named speaker, if any"),
        ("relays", "str", "the outlet or post it passes on, if any"),
        ("source", "str", "the primary source it adds (`kind:name`), NULL if none"),
    ],
    "citations": [
        ("doc_id", "str", "the citing article (articles.doc_id)"),
        ("article_id", "str", "the citing article's input id"),
        ("cited", "str", "the outlet, agency or account named as the source"),
        ("kind", "str", "outlet, agency, post or credit (credit line or dateline)"),
        ("start", "int", "start offset in articles.text; NULL for a removed credit line"),
        ("end", "int", "end offset in articles.text"),
        ("text", "str", "the passage (or the removed credit line)"),
        ("cited_article", "str", "the cited outlet's earlier article in the story, if any"),
        ("evidence", "str[]", "the cue that decided (evidence label)"),
    ],
    "provenance_meta": [
        ("key", "str", "`schema_version`, `articles`, `stories`, `claims`, `citations`"),
        ("value", "str", "its value"),
    ],
}


def ddl(table: str) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for a provenance table."""
    cols = ", ".join(f'"{n}" {_TYPES[t]}' for n, t, _d in PROVENANCE_TABLES[table])
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})'


def markdown_tables() -> str:
    """The column reference of the provenance tables (docs/store.md embeds exactly this)."""
    out: list[str] = []
    for name, cols in PROVENANCE_TABLES.items():
        out.append(f"### `{name}`\n\n| column | type | meaning |\n| --- | --- | --- |")
        out.extend(f"| `{n}` | {t} | {d} |" for n, t, d in cols)
        out.append("")
    return "\n".join(out)


def previous_state(con: Any) -> tuple[dict[str, str], dict[tuple[str, int, int], str]]:
    """Story of each doc_id and claim of each occurrence ``(doc_id, start, end)`` last run."""
    have = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    stories: dict[str, str] = {}
    claims: dict[tuple[str, int, int], str] = {}
    if "story_articles" in have:
        stories = dict(con.execute("SELECT doc_id, story_id FROM story_articles").fetchall())
    if "claim_occurrences" in have:
        for doc, start, end, claim in con.execute(
            'SELECT doc_id, "start", "end", claim_id FROM claim_occurrences'
        ).fetchall():
            claims[(doc, int(start), int(end))] = claim
    return stories, claims


def write(con: Any, result: Provenance, articles: dict[str, ArticleRec]) -> None:
    """Replace the provenance tables with ``result`` in one transaction."""
    rows = {
        "stories": _story_rows(result),
        "story_articles": _member_rows(result, articles),
        "claims": _claim_rows(result),
        "claim_occurrences": _occurrence_rows(result, articles),
        "citations": _citation_rows(result, articles),
        "provenance_meta": _meta_rows(result),
    }
    pa = require("pyarrow", "store")
    con.execute("BEGIN")
    try:
        for table, cols in PROVENANCE_TABLES.items():
            con.execute(ddl(table))
            con.execute(f'DELETE FROM "{table}"')
            if not rows[table]:
                continue
            names = [n for n, _t, _d in cols]
            con.register("_prov_rows", pa.table({n: [r[n] for r in rows[table]] for n in names}))
            select = ", ".join(f'"{n}"' for n in names)
            con.execute(f'INSERT INTO "{table}" SELECT {select} FROM _prov_rows')
            con.unregister("_prov_rows")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


Row = dict[str, Any]


def _story_rows(result: Provenance) -> list[Row]:
    return [
        {
            "story_id": s.id,
            "title": s.title,
            "first_seen": s.first_seen,
            "n_articles": len(s.articles),
            "outlets": s.outlets,
        }
        for s in result.stories
    ]


def _member_rows(result: Provenance, articles: dict[str, ArticleRec]) -> list[Row]:
    return [
        {
            "story_id": s.id,
            "doc_id": articles[a].doc_id,
            "article_id": a,
            "outlet": articles[a].outlet,
            "published": iso_utc(articles[a].published),
        }
        for s in result.stories
        for a in s.articles
    ]


def _claim_rows(result: Provenance) -> list[Row]:
    return [
        {
            "claim_id": c.id,
            "story_id": c.story,
            "canonical": c.canonical,
            "speaker": c.speaker,
            "origin": c.origin,
            "origin_article": c.origin_article,
            "first_seen": c.first_seen,
            "independent_sources": c.independent_sources,
            "sources": c.sources,
            "status_by_article": json.dumps(c.status_by_article, ensure_ascii=False),
            "evidence": c.evidence,
        }
        for c in result.claims
    ]


def _occurrence_rows(result: Provenance, articles: dict[str, ArticleRec]) -> list[Row]:
    return [
        {
            "claim_id": c.id,
            "doc_id": articles[o.article].doc_id,
            "article_id": o.article,
            "start": o.start,
            "end": o.end,
            "text": o.text,
            "status": o.status,
            "form": o.form,
            "speaker": o.speaker,
            "relays": o.relays,
            "source": o.source,
        }
        for c in result.claims
        for o in c.occurrences
    ]


def _citation_rows(result: Provenance, articles: dict[str, ArticleRec]) -> list[Row]:
    return [
        {
            "doc_id": articles[c.article].doc_id,
            "article_id": c.article,
            "cited": c.cited,
            "kind": c.kind,
            "start": c.start,
            "end": c.end,
            "text": c.text,
            "cited_article": c.cited_article,
            "evidence": c.evidence,
        }
        for c in result.citations
    ]


def _meta_rows(result: Provenance) -> list[Row]:
    meta = {
        "schema_version": PROVENANCE_SCHEMA_VERSION,
        "articles": str(sum(len(s.articles) for s in result.stories)),
        "stories": str(len(result.stories)),
        "claims": str(len(result.claims)),
        "citations": str(len(result.citations)),
    }
    return [{"key": k, "value": v} for k, v in meta.items()]


def has_tables(fetch: Callable[[str, list[Any]], list[tuple[Any, ...]]]) -> bool:
    """Whether ``quellenlage provenance`` has run on the store ``fetch`` reads."""
    rows = fetch("SELECT table_name FROM information_schema.tables", [])
    return all(t in {r[0] for r in rows} for t in PROVENANCE_TABLES)
