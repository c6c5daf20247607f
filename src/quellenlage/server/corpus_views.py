"""The explorer's table views as data: columns, facets, search fields, and the SQL they make.

Every view (articles, statements, speech events, sources) is sortable by any column, filtered
by facets (outlet, source type, status, form, month) and a date range, searched by words,
paged, and exportable; all of it is built here from whitelisted column keys and bound
parameters, never from text the client sent.

Search is word search (every word must occur, case and accents ignored). DuckDB's ``fts``
extension does not serve here: it is downloaded on first use (no network at run time) and
its index must be written into the store, which the explorer opens read-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidInput
from .corpus_db import CorpusDB

MAX_PAGE = 1_000_000
PER_PAGE = (25, 50, 100, 200)
EXPORT_LIMIT = 100_000
FACET_LIMIT = 30
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Col:
    """One column of a view: its key (also the sort key), SQL, header and how to show it."""

    key: str
    expr: str
    de: str
    en: str
    kind: str = "text"  # text num status type form article statement event source outlet hidden
    search: bool = False


@dataclass(frozen=True, slots=True)
class View:
    """A table view over the store."""

    name: str
    de: str
    en: str
    source: str
    columns: tuple[Col, ...]
    facets: dict[str, str]
    date: str
    sort: str
    desc: bool = True
    where: str = ""
    group: bool = False
    links: dict[str, str] = field(default_factory=dict)  # doc_id / source filters

    def column(self, key: str) -> Col | None:
        return next((c for c in self.columns if c.key == key), None)


def _title(db: CorpusDB) -> str:
    return f"coalesce({db.col('a', 'articles', 'title')}, a.doc_id)"


def _month(db: CorpusDB) -> str:
    return f"nullif(left(CAST({db.col('a', 'articles', 'date')} AS VARCHAR), 7), '')"


def _article_cols(db: CorpusDB) -> tuple[Col, ...]:
    return (
        Col("article", _title(db), "Artikel", "Article", "article"),
        Col("outlet", db.col("a", "articles", "outlet"), "Medium", "Outlet", "outlet"),
        Col("date", db.col("a", "articles", "date"), "Datum", "Date"),
        Col("doc_id", "a.doc_id", "doc_id", "doc_id", "hidden"),
    )


SRC_NAME = "coalesce(e.source_canonical, e.source_text)"


def _articles_view(db: CorpusDB) -> View:
    outlet = db.col("a", "articles", "outlet")
    date = db.col("a", "articles", "date")
    title = _title(db)
    by_source = (
        f"EXISTS (SELECT 1 FROM speech_events e WHERE e.doc_id = a.doc_id AND {SRC_NAME} = ?)"
    )
    hearsay = "coalesce(TRY_CAST(json_extract(a.by_status, '$.hearsay') AS INT), 0)"
    articles = View(
        "articles",
        "Artikel",
        "Articles",
        "articles a",
        (
            Col("title", title, "Titel", "Title", "article", search=True),
            Col("outlet", outlet, "Medium", "Outlet", "outlet"),
            Col("date", date, "Datum", "Date"),
            Col(
                "statements",
                db.col("a", "articles", "n_statements", "0"),
                "Aussagen",
                "Statements",
                "num",
            ),
            Col(
                "events",
                db.col("a", "articles", "n_speech_events", "0"),
                "Redewiedergaben",
                "Speech events",
                "num",
            ),
            Col(
                "hearsay",
                hearsay if db.has("articles", "by_status") else "0",
                "Hörensagen",
                "Hearsay",
                "num",
            ),
            Col("lead", db.col("a", "articles", "lead"), "Vorspann", "Lead", "hidden", True),
            Col("text", db.col("a", "articles", "text"), "Text", "Text", "hidden", True),
            Col("doc_id", "a.doc_id", "doc_id", "doc_id", "hidden"),
        ),
        {"outlet": outlet, "month": _month(db)},
        date,
        "date",
        links={"doc_id": "a.doc_id = ?", "source": by_source},
    )
    return articles


def _statements_view(db: CorpusDB) -> View:
    outlet = db.col("a", "articles", "outlet")
    date = db.col("a", "articles", "date")
    # The sources behind each statement: the speech events it lists.
    src_agg = (
        "(SELECT x.doc_id, x.idx, "
        f"list_sort(list_distinct(list({SRC_NAME}))) AS sources, "
        "min(e.source_type) AS source_type "
        "FROM (SELECT doc_id, idx, unnest(events) AS event_id FROM statements) x "
        "JOIN speech_events e ON e.doc_id = x.doc_id AND e.event_id = x.event_id "
        "GROUP BY x.doc_id, x.idx)"
    )
    statements = View(
        "statements",
        "Aussagen",
        "Statements",
        "statements st JOIN articles a USING (doc_id) "
        f"LEFT JOIN {src_agg} src ON src.doc_id = st.doc_id AND src.idx = st.idx",
        (
            Col("statement", "st.text", "Aussage", "Statement", "statement", search=True),
            Col("status", "st.status", "Status", "Status", "status"),
            Col("sources", "src.sources", "Quellen", "Sources", "sources"),
            Col("source_type", "src.source_type", "Art der Quelle", "Source type", "type"),
            *_article_cols(db),
            Col("idx", "st.idx", "idx", "idx", "hidden"),
            Col("target", "st.target", "target", "target", "hidden"),
        ),
        {
            "outlet": outlet,
            "status": "st.status",
            "source_type": "src.source_type",
            "month": _month(db),
        },
        date,
        "date",
        links={"doc_id": "st.doc_id = ?", "source": "list_contains(src.sources, ?)"},
    )
    return statements


def _events_view(db: CorpusDB) -> View:
    outlet = db.col("a", "articles", "outlet")
    date = db.col("a", "articles", "date")
    events = View(
        "events",
        "Redewiedergaben",
        "Speech events",
        "speech_events e JOIN articles a USING (doc_id)",
        (
            Col("source", SRC_NAME, "Quelle", "Source", "source", search=True),
            Col("source_type", "e.source_type", "Art", "Type", "type"),
            Col("form", "e.form", "Form", "Form", "form"),
            Col("status", "e.status", "Status", "Status", "status"),
            Col("cue", "e.cue_text", "Signal", "Cue", search=True),
            Col("message", "e.message_text", "Inhalt", "Message", "event", search=True),
            *_article_cols(db),
            Col("idx", "e.idx", "idx", "idx", "hidden"),
            Col("target", "e.target", "target", "target", "hidden"),
        ),
        {
            "outlet": outlet,
            "status": "e.status",
            "source_type": "e.source_type",
            "form": "e.form",
            "month": _month(db),
        },
        date,
        "date",
        links={"doc_id": "e.doc_id = ?", "source": f"{SRC_NAME} = ?"},
    )
    return events


def _sources_view(db: CorpusDB) -> View:
    outlet = db.col("a", "articles", "outlet")
    date = db.col("a", "articles", "date")
    sources = View(
        "sources",
        "Quellen",
        "Sources",
        "sources s JOIN articles a USING (doc_id)",
        (
            Col("source", "coalesce(s.canonical, s.text)", "Quelle", "Source", "source", True),
            Col("source_type", "s.type", "Art", "Type", "type"),
            Col("events", "count(*)", "Redewiedergaben", "Speech events", "num"),
            Col("articles", "count(DISTINCT s.doc_id)", "Artikel", "Articles", "num"),
            Col("outlets", f"count(DISTINCT {outlet})", "Medien", "Outlets", "num"),
        ),
        {
            "outlet": outlet,
            "source_type": "s.type",
            "status": "s.event_status",
            "month": _month(db),
        },
        date,
        "events",
        # Coordinated sources count once per conjunct, uncoordinated ones as written.
        where="(s.part > 0 OR s.n_parts = 0)",
        group=True,
        links={"doc_id": "s.doc_id = ?", "source": "coalesce(s.canonical, s.text) = ?"},
    )
    return sources


def build_views(db: CorpusDB) -> dict[str, View]:
    """The four views of this store (columns it lacks read as NULL)."""
    views = (_articles_view(db), _statements_view(db), _events_view(db), _sources_view(db))
    return {v.name: v for v in views}


@dataclass(slots=True)
class ListParams:
    """What the reader asked of a view: filters, search, sort, page (validated)."""

    page: int = 1
    per_page: int = 50
    sort: str = ""
    desc: bool = True
    q: str = ""
    date_from: str = ""
    date_to: str = ""
    facets: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)


def _int(raw: str | None, default: int, name: str, lo: int, hi: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number, not {raw[:40]!r}") from None
    if not lo <= value <= hi:
        raise InvalidInput(f"{name} must be between {lo:,} and {hi:,}, not {value:,}")
    return value


def parse_params(view: View, query: Any) -> ListParams:
    """Validate the query string against the view; a bad value is an ``InvalidInput``."""
    p = ListParams(sort=view.sort, desc=view.desc)
    p.page = _int(query.get("page"), 1, "page", 1, MAX_PAGE)
    p.per_page = _int(query.get("per_page"), 50, "per_page", 1, max(PER_PAGE))
    sort = query.get("sort") or view.sort
    col = view.column(sort)
    if col is None or col.kind == "hidden":
        keys = ", ".join(c.key for c in view.columns if c.kind != "hidden")
        raise InvalidInput(f"cannot sort by {sort[:40]!r}; columns: {keys}")
    p.sort = sort
    direction = query.get("dir") or ("desc" if view.desc and sort == view.sort else "asc")
    if direction not in ("asc", "desc"):
        raise InvalidInput("dir must be asc or desc")
    p.desc = direction == "desc"
    p.q = (query.get("q") or "").strip()[:200]
    for name in ("date_from", "date_to"):
        value = (query.get(name) or "").strip()
        if value and not _DATE.match(value):
            raise InvalidInput(f"{name} must look like 2026, 2026-11 or 2026-11-25")
        setattr(p, name, value)
    p.facets = {k: query[k][:300] for k in view.facets if query.get(k)}
    p.links = {k: query[k][:300] for k in view.links if query.get(k)}
    return p


def _search(view: View, q: str) -> tuple[list[str], list[Any]]:
    fields = [c.expr for c in view.columns if c.search]
    where, args = [], []
    for word in q.split()[:8]:
        pattern = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        ors = [
            f"strip_accents(lower(coalesce(CAST({f} AS VARCHAR), ''))) LIKE "
            "'%' || strip_accents(lower(?)) || '%' ESCAPE '\\'"
            for f in fields
        ]
        where.append("(" + " OR ".join(ors) + ")")
        args += [pattern] * len(fields)
    return where, args


def _where(view: View, p: ListParams, skip_facet: str | None = None) -> tuple[str, list[Any]]:
    where = [view.where] if view.where else []
    args: list[Any] = []
    for key, value in p.facets.items():
        if key == skip_facet:
            continue
        if value == "-":  # the facet entry for "none given"
            where.append(f"{view.facets[key]} IS NULL")
        else:
            where.append(f"CAST({view.facets[key]} AS VARCHAR) = ?")
            args.append(value)
    for key, value in p.links.items():
        where.append(view.links[key])
        args.append(value)
    if p.date_from:
        where.append(f"CAST({view.date} AS VARCHAR) >= ?")
        args.append(p.date_from)
    if p.date_to:
        # "2026-11" as an upper bound includes all of November.
        where.append(f"left(CAST({view.date} AS VARCHAR), {len(p.date_to)}) <= ?")
        args.append(p.date_to)
    s_where, s_args = _search(view, p.q)
    where += s_where
    args += s_args
    return (" WHERE " + " AND ".join(where)) if where else "", args


def rows_sql(view: View, p: ListParams, *, export: bool = False) -> tuple[str, list[Any]]:
    """The page of rows (or, for an export, every row up to ``EXPORT_LIMIT``)."""
    select = ", ".join(f'{c.expr} AS "{c.key}"' for c in view.columns)
    where, args = _where(view, p)
    group = " GROUP BY ALL" if view.group else ""
    direction = "DESC" if p.desc else "ASC"
    ties = ", ".join(f'"{c.key}"' for c in view.columns if c.key != p.sort and not c.search)
    order = f' ORDER BY "{p.sort}" {direction} NULLS LAST' + (f", {ties}" if ties else "")
    if export:
        return f"SELECT {select} FROM {view.source}{where}{group}{order} LIMIT ?", [
            *args,
            EXPORT_LIMIT,
        ]
    sql = f"SELECT {select} FROM {view.source}{where}{group}{order} LIMIT ? OFFSET ?"
    return sql, [*args, p.per_page, (p.page - 1) * p.per_page]


def count_sql(view: View, p: ListParams) -> tuple[str, list[Any]]:
    where, args = _where(view, p)
    if view.group:
        keys = ", ".join(c.expr for c in view.columns if c.kind != "num")
        return f"SELECT count(*) FROM (SELECT {keys} FROM {view.source}{where} GROUP BY ALL)", args
    return f"SELECT count(*) FROM {view.source}{where}", args


def facet_sql(view: View, p: ListParams, key: str) -> tuple[str, list[Any]]:
    """Counts per value of one facet, under every other filter (so choices stay visible)."""
    where, args = _where(view, p, skip_facet=key)
    expr = view.facets[key]
    sql = (
        f"SELECT CAST({expr} AS VARCHAR) AS v, count(*) AS n FROM {view.source}{where} "
        f"GROUP BY 1 ORDER BY n DESC, v NULLS LAST LIMIT {FACET_LIMIT}"
    )
    return sql, args
