"""The unit of batch input: ``InputRecord``, the reading options, and stable record ids.

This is the lowest layer of the readers: ``csvfile``, ``jsonl``, ``warc``, ``urls`` and
``sources`` import it, it imports none of them (no cycle between the readers and the
dispatcher).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidInput
from ..model import ArticleMeta
from ..settings import DEFAULT_SETTINGS, Settings
from .metadata import split_authors

FORMATS = ("auto", "text", "html", "warc", "jsonl", "csv")
# Input fields with a meaning: they fill ArticleMeta (or the title); all others go to extra.
# Each has the names it goes by in common exports (case-insensitive); the first one present
# wins, the others stay in extra.
META_FIELDS: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "uri", "permalink"),
    "date": (
        *("date", "published", "published_at", "publication_date", "pubdate"),
        *("date_published", "datepublished", "publishdate", "datetime"),
    ),
    "outlet": ("outlet", "publisher", "site_name", "sitename", "medium", "newspaper"),
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline"),
    "section": ("section", "ressort", "rubrik", "category", "department"),
}
_ALIASES = {alias: name for name, aliases in META_FIELDS.items() for alias in aliases}


@dataclass(slots=True)
class SourceOptions:
    """How to read inputs: the format (or auto), the CSV dialect and columns, the limits."""

    format: str = "auto"
    text_column: str = "text"
    csv_sep: str = ","
    csv_quote: str = '"'
    # None: a header row exists iff the text column is given by name (not by number).
    csv_header: bool | None = None
    # Refuse single records larger than this (bytes of text/HTML).
    max_record_bytes: int = DEFAULT_SETTINGS.max_input_bytes
    # Line, nesting and decompression limits (see Settings).
    limits: Settings = DEFAULT_SETTINGS
    # Files with one URL per line (batch --urls): each URL is fetched by the worker.
    url_files: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise InvalidInput(f"unknown input format {self.format!r}; known: {', '.join(FORMATS)}")
        if len(self.csv_sep) != 1 or len(self.csv_quote) != 1:
            raise InvalidInput("--csv-sep and --csv-quote must be single characters")
        if self.text_column.isdigit() and int(self.text_column) < 1:
            raise InvalidInput("--text-column numbers start at 1")


@dataclass(slots=True)
class InputRecord:
    """One unit of input: an article to analyse, or the reason why it is not one.

    Exactly one of ``text`` (plain text), ``html`` (markup), ``data`` (raw bytes of a whole
    text or HTML file, decoded by the ingest in the worker), ``fetch_url`` (a URL the worker
    fetches), ``error`` (code, message) or ``skip`` (reason) is set.
    """

    doc_id: str
    input: str
    record: str
    input_format: str
    url: str | None = None
    date: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    section: str | None = None
    meta_id: str | None = None
    text: str | None = None
    html: str | None = None
    data: bytes | None = None
    content_type: str | None = None
    fetch_url: str | None = None
    # When the record was crawled (WARC-Date): not the publication date.
    fetched: str | None = None
    # True when ``--format`` named the format: the worker must not second-guess it.
    forced: bool = False
    error: tuple[str, str] | None = None
    skip: str | None = None
    # Input columns/fields without a meaning here, and what the reader changed.
    extra: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def article_meta(self) -> ArticleMeta:
        """The metadata this record gives its article; each given field is marked ``input``."""
        given = {
            "id": self.meta_id,
            "url": self.url,
            "date": self.date,
            "author": self.author,
            "outlet": self.outlet,
            "section": self.section,
            "fetched": self.fetched,
        }
        provenance = {k: "input" for k, v in given.items() if v is not None and k != "fetched"}
        authors = split_authors(self.author) if self.author else []
        given["author"] = authors[0] if authors else self.author
        return ArticleMeta(
            **given,
            authors=authors,
            input_format=self.input_format,
            provenance=provenance,
            notes=list(self.notes),
            extra=dict(self.extra),
        )


def make_id(path: str, record: str, content: bytes | str) -> str:
    """Stable document id: hash of absolute path, place in the file and content hash."""
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(content).hexdigest()
    return hashlib.sha256(f"{path}\n{record}\n{digest}".encode()).hexdigest()[:20]


def error_record(
    name: str, record: str, content: bytes | str, code: str, message: str, input_format: str
) -> InputRecord:
    """An error record at a place in a file; its id changes when the content there does."""
    return InputRecord(
        doc_id=make_id(name, record, content),
        input=name,
        record=record,
        input_format=input_format,
        error=(code, message),
    )


def split_fields(obj: Mapping[str, object]) -> tuple[dict[str, str], dict[str, str]]:
    """``(meta fields, extra fields)`` of a JSON object or CSV row, values as strings.

    Empty values are left out; the text/html/id fields are the caller's.
    """
    meta: dict[str, str] = {}
    extra: dict[str, str] = {}
    for key, value in obj.items():
        if value is None or value == "" or key in ("text", "html", "id"):
            continue
        as_text = value if isinstance(value, str) else _json_text(value)
        name = _ALIASES.get(key.lower())
        if name == "author" and isinstance(value, list):
            as_text = "; ".join(str(v) for v in value)  # split again by split_authors
        if name is not None and name not in meta:
            meta[name] = as_text
        else:
            extra[key] = as_text
    return meta, extra


def with_fields(rec: InputRecord, meta: dict[str, str]) -> InputRecord:
    """``rec`` with the metadata fields of ``split_fields`` set (url, date, outlet ...)."""
    for key, value in meta.items():
        setattr(rec, key, value)
    return rec


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value)
