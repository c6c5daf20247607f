"""The read layer: the store's analysed articles as small records for the provenance stage.

It reads the ``articles``, ``statements``, ``speech_events`` and ``entities`` tables by column
name and asks only for the columns it uses, so that columns the store adds later do not
matter; a column it needs and cannot find is one clear error. Offsets stay offsets into
``articles.text``. The article id is the input's own id (JSONL/CSV ``id``), else ``doc_id``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ...errors import InvalidInput
from .timeparse import parse_published


@dataclass(slots=True)
class StatementRec:
    """One statement (sentence) of an article with its status and events."""

    idx: int
    start: int
    end: int
    text: str
    block: str
    status: str
    events: list[str]
    markers: list[str]
    target: str | None
    boilerplate: bool = False  # the outlet prints it in many articles (see mark_boilerplate)


@dataclass(slots=True)
class EventRec:
    """One speech event: message span, source, status, nesting."""

    event_id: str
    form: str
    status: str
    parent: str | None
    target: str | None
    message: tuple[int, int, str]
    source_text: str | None
    source_type: str | None
    source_canonical: str | None
    source_span: tuple[int, int] | None
    cue: str | None
    frame: tuple[int, int] | None


@dataclass(slots=True)
class EntityRec:
    """An entity mention: span, label, canonical identity."""

    start: int
    end: int
    text: str
    label: str
    canonical: str


@dataclass(slots=True)
class ArticleRec:
    """An analysed article as the provenance stage sees it."""

    doc_id: str
    article_id: str
    outlet: str | None
    url: str | None
    date: str | None
    published: datetime | None
    title: str | None
    text: str
    furniture: list[str] = field(default_factory=list)
    statements: list[StatementRec] = field(default_factory=list)
    events: list[EventRec] = field(default_factory=list)
    entities: list[EntityRec] = field(default_factory=list)

    def sort_key(self) -> tuple[int, str, str]:
        """Earliest first by parsed instant (undated last), then by id: a total order."""
        ts = self.published.isoformat() if self.published else ""
        return (0 if self.published else 1, ts, self.article_id)


_ARTICLE_COLS = ("doc_id", "meta_id", "outlet", "url", "date", "title", "text")
_OPTIONAL_ARTICLE_COLS = ("furniture", "supported", "published")
_STATEMENT_COLS = ("doc_id", "idx", "start", "end", "text", "block", "status", "events")
_EVENT_COLS = (
    "doc_id",
    "event_id",
    "form",
    "status",
    "parent",
    "target",
    "message_start",
    "message_end",
    "message_text",
    "source_text",
    "source_type",
    "source_canonical",
    "source_start",
    "source_end",
    "cue_text",
    "frame_start",
    "frame_end",
)
_ENTITY_COLS = ("doc_id", "start", "end", "text", "label", "canonical")


def _columns(con: Any, table: str) -> set[str]:
    try:
        return {r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()}
    except Exception as exc:
        raise InvalidInput(f"the store has no table {table!r}: is it a quellenlage store?") from exc


def _select(con: Any, table: str, wanted: tuple[str, ...], optional: tuple[str, ...] = ()) -> str:
    have = _columns(con, table)
    missing = [c for c in wanted if c not in have]
    if missing:
        raise InvalidInput(f"the store's table {table!r} lacks the column(s) {', '.join(missing)}")
    cols = [f'"{c}"' for c in wanted]
    cols += [f'"{c}"' if c in have else f'NULL AS "{c}"' for c in optional]
    return ", ".join(cols)


def read_articles(con: Any, doc_ids: set[str] | None = None) -> list[ArticleRec]:
    """Every analysed article (or those of ``doc_ids``), earliest first."""
    where = ""
    if "supported" in _columns(con, "articles"):
        where = " WHERE coalesce(supported, true)"
    cols = _select(con, "articles", _ARTICLE_COLS, _OPTIONAL_ARTICLE_COLS)
    rows = con.execute(f"SELECT {cols} FROM articles{where}").fetchall()
    arts: dict[str, ArticleRec] = {}
    used_ids: set[str] = set()
    for row in sorted(rows, key=lambda r: r[0]):
        rec = dict(zip((*_ARTICLE_COLS, *_OPTIONAL_ARTICLE_COLS), row, strict=True))
        if doc_ids is not None and rec["doc_id"] not in doc_ids:
            continue
        art_id = rec["meta_id"] or rec["doc_id"]
        if art_id in used_ids:  # two inputs gave the same id: the later doc keeps its doc_id
            art_id = rec["doc_id"]
        used_ids.add(art_id)
        date = rec["published"] or rec["date"]
        arts[rec["doc_id"]] = ArticleRec(
            doc_id=rec["doc_id"],
            article_id=art_id,
            outlet=rec["outlet"],
            url=rec["url"],
            date=date,
            published=parse_published(date),
            title=rec["title"],
            text=rec["text"] or "",
            furniture=list(rec["furniture"] or []),
        )
    _attach_children(con, arts)
    return sorted(arts.values(), key=ArticleRec.sort_key)


def _grouped(
    con: Any, table: str, cols: tuple[str, ...], order: str, optional: tuple[str, ...] = ()
) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    sql = f"SELECT {_select(con, table, cols, optional)} FROM {table} ORDER BY doc_id, {order}"
    names = (*cols, *optional)
    for row in con.execute(sql).fetchall():
        out[row[0]].append(dict(zip(names, row, strict=True)))
    return out


def _attach_children(con: Any, arts: dict[str, ArticleRec]) -> None:
    statements = _grouped(con, "statements", _STATEMENT_COLS, "idx", ("markers", "target"))
    events = _grouped(con, "speech_events", _EVENT_COLS, "idx")
    entities = _grouped(con, "entities", _ENTITY_COLS, "start")
    for doc_id, art in arts.items():
        art.statements = [
            StatementRec(
                idx=r["idx"],
                start=r["start"],
                end=r["end"],
                text=r["text"] or "",
                block=r["block"] or "body",
                status=r["status"] or "asserted",
                events=list(r["events"] or []),
                markers=list(r["markers"] or []),
                target=r["target"],
            )
            for r in statements.get(doc_id, [])
        ]
        art.events = [_event(r) for r in events.get(doc_id, [])]
        art.entities = [
            EntityRec(r["start"], r["end"], r["text"] or "", r["label"] or "", r["canonical"] or "")
            for r in entities.get(doc_id, [])
        ]


def _event(r: dict) -> EventRec:
    src = None
    if r["source_start"] is not None and r["source_end"] is not None:
        src = (r["source_start"], r["source_end"])
    frame = None
    if r["frame_start"] is not None and r["frame_end"] is not None:
        frame = (r["frame_start"], r["frame_end"])
    return EventRec(
        event_id=r["event_id"],
        form=r["form"] or "",
        status=r["status"] or "attributed",
        parent=r["parent"],
        target=r["target"],
        message=(r["message_start"] or 0, r["message_end"] or 0, r["message_text"] or ""),
        source_text=r["source_text"],
        source_type=r["source_type"],
        source_canonical=r["source_canonical"],
        source_span=src,
        cue=r["cue_text"],
        frame=frame,
    )


BOILERPLATE_ARTICLES = 3  # a sentence one outlet prints word for word in this many articles


def mark_boilerplate(arts: list[ArticleRec]) -> None:
    """Flag the sentences an outlet repeats word for word across articles ("Der Volltext
    dieses Artikels steht nicht mehr zur Verfügung", "Mehr zum Thema"): they are furniture
    the ingest kept, and would otherwise tie unrelated articles together."""
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for art in arts:
        for st in art.statements:
            seen[(art.outlet or "", " ".join(st.text.split()).casefold())].add(art.doc_id)
    for art in arts:
        for st in art.statements:
            key = (art.outlet or "", " ".join(st.text.split()).casefold())
            st.boilerplate = len(seen[key]) >= BOILERPLATE_ARTICLES
