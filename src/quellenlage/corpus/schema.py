"""The store's tables: one declared schema for DuckDB, Parquet and Spark, and the rows of an
``Analysis`` in it.

Every table is keyed by ``doc_id`` (see ``ingest.sources.make_id``). The declaration below is
the single source: DuckDB DDL, the Arrow schema and the Spark schema are derived from it, and
``docs/store.md`` documents the same columns (a test keeps both in step). ``STORE_VERSION``
is bumped whenever a column changes meaning or is removed; adding a column at the end is
backwards compatible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import Analysis, Span, SpeechEvent

STORE_VERSION = "1"

# Column types, backend-neutral: str, int, bool, double, str[] (list of strings), json (a JSON
# document stored as a string; query it with DuckDB's ``::JSON`` / ``json_extract``).
ColType = str


@dataclass(frozen=True, slots=True)
class Column:
    """One column: name, neutral type, and what it means (rendered into docs/store.md)."""

    name: str
    type: ColType
    doc: str


def _c(name: str, type_: ColType, doc: str) -> Column:
    return Column(name, type_, doc)


def _span_cols(prefix: str, what: str) -> list[Column]:
    return [
        _c(f"{prefix}_text", "str", f"{what}: its text (NULL when absent)"),
        _c(f"{prefix}_start", "int", f"{what}: start offset in articles.text"),
        _c(f"{prefix}_end", "int", f"{what}: end offset in articles.text"),
    ]


TABLES: dict[str, list[Column]] = {
    "articles": [
        _c("doc_id", "str", "stable document id: hash of input path, place in the file, content"),
        _c("input", "str", "absolute path of the input file"),
        _c("record", "str", "place in the file: `row N`, `line N`, a WARC-Record-ID, or empty"),
        _c("input_format", "str", "text, html, warc, jsonl or csv"),
        _c("meta_id", "str", "the input's own id (JSONL/CSV `id` field), if any"),
        _c("url", "str", "URL (WARC target URI, JSONL/CSV field or page metadata)"),
        _c("date", "str", "date as given (WARC-Date, field, or page metadata)"),
        _c("author", "str", "author from the page metadata or input field"),
        _c("outlet", "str", "outlet: input field, `--outlet`, site name or host"),
        _c("language", "str", "detected language (ISO 639-1); only `de` is analysed"),
        _c("supported", "bool", "false when the language is not supported (no events then)"),
        _c("kicker", "str", "kicker (Dachzeile), if any"),
        _c("title", "str", "title, if any"),
        _c("lead", "str", "lead (Vorspann), if any"),
        _c("text", "str", "the clean text that all offsets refer to"),
        _c("paragraphs", "json", "list of {text, kind (body|subheading), start, end}"),
        _c("blocks", "json", "list of {kind, start, end}: reading order of the clean text"),
        _c("media", "json", "list of {caption, credit}"),
        _c("furniture", "str[]", "page furniture removed from the text, for audit"),
        _c("n_statements", "int", "number of statements"),
        _c("n_speech_events", "int", "number of speech events"),
        _c("n_entities", "int", "number of entity mentions"),
        _c("by_status", "json", "summary: statements per status"),
        _c("by_source_type", "json", "summary: speech events per source type"),
        _c("notes", "str[]", "summary notes (e.g. why a text was not analysed)"),
        _c("engine", "json", "versions of the package and models that produced the row"),
        _c("analysis", "json", "the full Analysis JSON (the public contract, lossless)"),
        _c("seconds", "double", "wall time of the analysis of this document"),
    ],
    "statements": [
        _c("doc_id", "str", "the article (articles.doc_id)"),
        _c("idx", "int", "position of the statement in the article, from 0"),
        _c("start", "int", "start offset in articles.text"),
        _c("end", "int", "end offset in articles.text"),
        _c("text", "str", "the sentence or clause"),
        _c("block", "str", "kicker, title, lead, body or subheading"),
        _c("status", "str", "asserted|attributed|hearsay|denied|unverified|confirmed"),
        _c("events", "str[]", "ids of the speech events (speech_events.event_id) behind it"),
        _c("markers", "str[]", "hedges and other status signals found"),
        _c("target", "str", "for a denial/confirmation: the event or statement it is about"),
        _c("evidence", "str[]", "which rule or model decided"),
    ],
    "speech_events": [
        _c("doc_id", "str", "the article (articles.doc_id)"),
        _c("event_id", "str", "event id, unique within the article"),
        _c("idx", "int", "position of the event in the article, from 0"),
        _c("form", "str", "Direct|Indirect|FreeIndirect|IndirectFreeIndirect|Reported"),
        _c("medium", "str", "Speech|Thought|Writing|ST|SW|TW, or NULL"),
        _c("status", "str", "status of the event (same values as statements.status)"),
        _c("parent", "str", "event_id of the event this one is reported through"),
        _c("target", "str", "for a denial/confirmation: the event it is about"),
        *_span_cols("cue", "cue"),
        *_span_cols("message", "message"),
        *_span_cols("addressee", "addressee"),
        *_span_cols("frame", "frame"),
        *_span_cols("source", "source"),
        _c(
            "source_type",
            "str",
            "person|organisation|government|media|social_media|"
            "anonymous|vague|document|unknown, NULL without source",
        ),
        _c("source_canonical", "str", "canonical name of the source"),
        _c("markers", "str[]", "hedges and other status signals"),
        _c("chain", "json", "attribution chain: list of {name, type, event}"),
        _c("evidence", "str[]", "which rule or model decided"),
    ],
    "sources": [
        _c("doc_id", "str", "the article (articles.doc_id)"),
        _c("event_id", "str", "the speech event (speech_events.event_id)"),
        _c(
            "part",
            "int",
            '0: the source as written; 1..n: its conjuncts ("Der Kreml und '
            'Peking" → Kreml, Peking)',
        ),
        _c("n_parts", "int", "number of conjuncts (0 when the source is not coordinated)"),
        _c("text", "str", "the source's text"),
        _c("start", "int", "start offset in articles.text"),
        _c("end", "int", "end offset in articles.text"),
        _c("type", "str", "source type (see speech_events.source_type)"),
        _c("canonical", "str", "canonical name (NULL when unknown)"),
        _c("event_status", "str", "status of the speech event this source speaks in"),
    ],
    "entities": [
        _c("doc_id", "str", "the article (articles.doc_id)"),
        _c("idx", "int", "position of the mention in the article, from 0"),
        _c("text", "str", "the mention"),
        _c("start", "int", "start offset in articles.text"),
        _c("end", "int", "end offset in articles.text"),
        _c("label", "str", "PER|ORG|LOC|MEDIA|OTHER"),
        _c("canonical", "str", "the identity the mention refers to"),
    ],
    "errors": [
        _c("doc_id", "str", "stable id of the input record (same scheme as articles.doc_id)"),
        _c("input", "str", "absolute path of the input file"),
        _c("record", "str", "place in the file (row, line, WARC-Record-ID, byte offset) or empty"),
        _c("input_format", "str", "format of the input, `unknown` when it could not be read"),
        _c("url", "str", "URL of the record, if any"),
        _c(
            "outcome",
            "str",
            "`error` (could not be analysed) or `skipped` (not an article: redirect, PDF, ...)",
        ),
        _c(
            "code",
            "str",
            "machine-readable reason: empty, binary, corrupt_gzip, undecodable, "
            "invalid, too_large, truncated, timeout, no_sentence, crash, skipped, ...",
        ),
        _c("message", "str", "the reason, for people"),
    ],
}

CHILD_TABLES = ("statements", "speech_events", "sources", "entities")


def _span(span: Span | None) -> tuple[str | None, int | None, int | None]:
    return (span.text, span.start, span.end) if span is not None else (None, None, None)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _article_row(meta: dict[str, str | None], analysis: Analysis, seconds: float) -> dict[str, Any]:
    """The articles-table row: the record's identity, the clean text and the summary."""
    art = analysis.article
    am = art.meta
    return {
        "doc_id": meta["doc_id"],
        "input": meta["input"],
        "record": meta["record"],
        "input_format": meta["input_format"],
        "meta_id": am.id,
        "url": am.url,
        "date": am.date,
        "author": am.author,
        "outlet": am.outlet,
        "language": analysis.language,
        "supported": analysis.supported,
        "kicker": art.kicker,
        "title": art.title,
        "lead": art.lead,
        "text": art.text,
        "paragraphs": _dump([p.model_dump() for p in art.paragraphs]),
        "blocks": _dump([b.model_dump() for b in art.blocks]),
        "media": _dump([m.model_dump() for m in art.media]),
        "furniture": list(art.furniture),
        "n_statements": len(analysis.statements),
        "n_speech_events": len(analysis.speech_events),
        "n_entities": len(analysis.entities),
        "by_status": _dump(analysis.summary.by_status),
        "by_source_type": _dump(analysis.summary.by_source_type),
        "notes": list(analysis.summary.notes),
        "engine": _dump(analysis.engine),
        "analysis": analysis.to_json(indent=None),
        "seconds": round(seconds, 4),
    }


def _statement_rows(doc_id: str | None, analysis: Analysis) -> list[dict[str, Any]]:
    """The statements-table rows, in article order."""
    return [
        {
            "doc_id": doc_id,
            "idx": i,
            "start": st.start,
            "end": st.end,
            "text": st.text,
            "block": st.block,
            "status": st.status,
            "events": list(st.events),
            "markers": list(st.markers),
            "target": st.target,
            "evidence": list(st.evidence),
        }
        for i, st in enumerate(analysis.statements)
    ]


def _event_row(doc_id: str | None, i: int, ev: SpeechEvent) -> dict[str, Any]:
    """The speech_events-table row of one event (its spans flattened to text/start/end)."""
    row: dict[str, Any] = {
        "doc_id": doc_id,
        "event_id": ev.id,
        "idx": i,
        "form": ev.form,
        "medium": ev.medium,
        "status": ev.status,
        "parent": ev.parent,
        "target": ev.target,
    }
    for prefix, span in (
        ("cue", ev.cue),
        ("message", ev.message),
        ("addressee", ev.addressee),
        ("frame", ev.frame),
        ("source", ev.source),
    ):
        row[f"{prefix}_text"], row[f"{prefix}_start"], row[f"{prefix}_end"] = _span(span)
    row["source_type"] = ev.source.type if ev.source else None
    row["source_canonical"] = ev.source.canonical if ev.source else None
    row["markers"] = list(ev.markers)
    row["chain"] = _dump([c.model_dump() for c in ev.chain])
    row["evidence"] = list(ev.evidence)
    return row


def _source_rows(doc_id: str | None, ev: SpeechEvent) -> list[dict[str, Any]]:
    """The sources-table rows of one event: the source as written (part 0), then its conjuncts."""
    if ev.source is None:
        return []
    parts = [ev.source, *ev.source.parts]
    return [
        {
            "doc_id": doc_id,
            "event_id": ev.id,
            "part": p,
            "n_parts": len(ev.source.parts),
            "text": src.text,
            "start": src.start,
            "end": src.end,
            "type": src.type,
            "canonical": src.canonical,
            "event_status": ev.status,
        }
        for p, src in enumerate(parts)
    ]


def _entity_rows(doc_id: str | None, analysis: Analysis) -> list[dict[str, Any]]:
    """The entities-table rows, in article order."""
    return [
        {
            "doc_id": doc_id,
            "idx": i,
            "text": ent.text,
            "start": ent.start,
            "end": ent.end,
            "label": ent.label,
            "canonical": ent.canonical,
        }
        for i, ent in enumerate(analysis.entities)
    ]


def analysis_rows(
    meta: dict[str, str | None], analysis: Analysis, seconds: float
) -> dict[str, list[dict[str, Any]]]:
    """The rows of one analysed document in every table (plain dicts, column order kept).

    ``meta`` holds doc_id, input, record and input_format; the rest comes from the analysis.
    """
    doc_id = meta["doc_id"]
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["articles"].append(_article_row(meta, analysis, seconds))
    rows["statements"] = _statement_rows(doc_id, analysis)
    for i, ev in enumerate(analysis.speech_events):
        rows["speech_events"].append(_event_row(doc_id, i, ev))
        rows["sources"].extend(_source_rows(doc_id, ev))
    rows["entities"] = _entity_rows(doc_id, analysis)
    return rows


def error_row(meta: dict[str, str | None], outcome: str, code: str, message: str) -> dict[str, Any]:
    """The errors-table row of a record that did not become an article."""
    return {
        "doc_id": meta["doc_id"],
        "input": meta["input"],
        "record": meta["record"],
        "input_format": meta["input_format"],
        "url": meta.get("url"),
        "outcome": outcome,
        "code": code,
        "message": message,
    }


def markdown_tables() -> str:
    """The column reference of every table as Markdown (docs/store.md embeds exactly this)."""
    out: list[str] = []
    for name, cols in TABLES.items():
        out.append(f"### `{name}`\n\n| column | type | meaning |\n| --- | --- | --- |")
        out.extend(f"| `{c.name}` | {c.type} | {c.doc} |" for c in cols)
        out.append("")
    return "\n".join(out)
