"""The one data model of quellenlage.

The **public contract** (pydantic models, ``Analysis`` at the top): what JSON, the store, the
web API and the HTML report speak. The JSON Schema is generated from these classes and
versioned by ``SCHEMA_VERSION`` (see ``../shared/DESIGN.md`` §2). Field names listed there are
never renamed without bumping the version; new fields may be added. The stages work on the
internal ``Doc`` (``doc.py``); ``export.py`` builds these models once, at the edge.

All character offsets are offsets into ``Article.text``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["2"] = "2"
"""Version of the JSON contract. "2" (taxonomy v2): the source type ``authority``, parliaments
under ``government``, German canonical names with ``Source.aliases``."""

Status = Literal["asserted", "attributed", "hearsay", "denied", "unverified", "confirmed"]
SourceType = Literal[
    "person",
    "government",
    "authority",
    "organisation",
    "media",
    "social_media",
    "anonymous",
    "vague",
    "document",
    "unknown",
]
Form = Literal["Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"]
Medium = Literal["Speech", "Thought", "Writing", "ST", "SW", "TW"]
EntityLabel = Literal["PER", "ORG", "LOC", "MEDIA", "OTHER"]
BlockKind = Literal["kicker", "title", "lead", "body", "subheading"]

STATUSES: tuple[Status, ...] = (
    "asserted",
    "attributed",
    "hearsay",
    "denied",
    "unverified",
    "confirmed",
)
SOURCE_TYPES: tuple[SourceType, ...] = (
    "person",
    "government",
    "authority",
    "organisation",
    "media",
    "social_media",
    "anonymous",
    "vague",
    "document",
    "unknown",
)
FORMS: tuple[Form, ...] = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
MEDIA: tuple[Medium, ...] = ("Speech", "Thought", "Writing", "ST", "SW", "TW")

# DESIGN.md §2: when several statuses apply, the first in this order wins.
STATUS_PRECEDENCE: tuple[Status, ...] = (
    "denied",
    "unverified",
    "confirmed",
    "hearsay",
    "attributed",
    "asserted",
)


def as_form(value: str) -> Form | None:
    """``value`` as a Form, or None when it is not one."""
    return next((f for f in FORMS if f == value), None)


def as_medium(value: str) -> Medium | None:
    """``value`` as a Medium (STWR), or None when it is not one."""
    return next((m for m in MEDIA if m == value), None)


def strongest_status(statuses: list[Status] | tuple[Status, ...] | set[Status]) -> Status:
    """The status that wins by DESIGN.md precedence; ``asserted`` when none is given."""
    for status in STATUS_PRECEDENCE:
        if status in statuses:
            return status
    return "asserted"


class _Model(BaseModel):
    # Unknown fields are an error at the edges (web API, persisted JSON): a typo must not pass.
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- public contract


class Span(_Model):
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Paragraph(_Model):
    """A body paragraph or a subheading, with its place in ``Article.text``."""

    text: str
    kind: Literal["body", "subheading"] = "body"
    start: int = Field(ge=0, description="offset of the paragraph in article.text")
    end: int = Field(ge=0)


class Block(_Model):
    """One structural part of the clean text, in reading order (kicker, title, lead, ...)."""

    kind: BlockKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class MediaItem(_Model):
    """An image or gallery item: its caption (kept once) and its credit line."""

    caption: str
    credit: str | None = None


class ArticleMeta(_Model):
    """Where an article came from, as far as the input says.

    Given metadata (an input field, a CLI option, a WARC header) wins over what the page
    says; ``provenance`` names, per field, which source gave the value that was kept.
    """

    id: str | None = None
    url: str | None = None
    date: str | None = Field(
        default=None,
        description="publication date, ISO 8601; with time and UTC offset when the source has them",
    )
    author: str | None = Field(default=None, description="the first author (see authors)")
    outlet: str | None = Field(
        default=None, description="who published it: input, publisher, site name or domain"
    )
    input_format: str | None = None
    encoding: str | None = None
    authors: list[str] = Field(default_factory=list, description="all authors, in page order")
    section: str | None = Field(default=None, description="the outlet's section (Politik ...)")
    modified: str | None = Field(default=None, description="last modification, ISO 8601")
    fetched: str | None = Field(
        default=None, description="when the page was fetched or crawled (WARC-Date), ISO 8601"
    )
    domain: str | None = Field(default=None, description="registered domain of the URL")
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="field → the source that won: input, json-ld, opengraph, meta, h1, "
        "markup, microdata, trafilatura, title-tag, outlets-table, domain, text ...",
    )
    notes: list[str] = Field(
        default_factory=list,
        description="what ingest changed in the input text (removed or replaced characters)",
    )
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="input columns or JSON fields without a meaning here, kept as given",
    )


class Article(_Model):
    """The article after ingest: structure, removed furniture, and the clean text."""

    kicker: str | None = None
    title: str | None = None
    lead: str | None = None
    paragraphs: list[Paragraph] = Field(default_factory=list)
    media: list[MediaItem] = Field(default_factory=list)
    furniture: list[str] = Field(
        default_factory=list, description="page furniture removed from the text, for audit"
    )
    text: str = Field(description="the clean text that all offsets refer to")
    blocks: list[Block] = Field(default_factory=list)
    meta: ArticleMeta = Field(default_factory=ArticleMeta)


class Entity(Span):
    """A named entity mention with the identity it refers to."""

    label: EntityLabel
    canonical: str


class Source(Span):
    """The source of a speech event, typed, with its canonical identity.

    ``parts`` lists the conjuncts of a coordinated source ("Der Kreml und Peking").
    """

    type: SourceType
    canonical: str | None = None
    aliases: list[str] = Field(
        default_factory=list,
        description="other names of the same identity (abbreviation, English name, the body "
        "a spokesperson speaks for)",
    )
    parts: list[Source] = Field(default_factory=list)


class ChainLink(_Model):
    """One link of an attribution chain: outlet → tweet → journalist → government."""

    name: str
    type: SourceType | Literal["outlet"]
    event: str | None = Field(default=None, description="the speech event this link speaks in")


class SpeechEvent(_Model):
    """One act of speech, thought or writing reproduced in the article (SpkAtt scheme)."""

    id: str
    form: Form
    medium: Medium | None = None
    cue: Span | None = None
    message: Span
    addressee: Span | None = None
    source: Source | None = None
    frame: Span | None = None
    parent: str | None = Field(default=None, description="the event this one is reported through")
    status: Status
    target: str | None = Field(
        default=None,
        description="for a denial/confirmation/verification note: the event it is about",
    )
    markers: list[str] = Field(default_factory=list, description="hedges and other status signals")
    chain: list[ChainLink] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list, description="which rule or model decided")


class Statement(Span):
    """A sentence of title, lead or body with its epistemic status."""

    id: str | None = None
    status: Status
    events: list[str] = Field(default_factory=list)
    markers: list[str] = Field(default_factory=list)
    target: str | None = None
    block: BlockKind = "body"
    evidence: list[str] = Field(default_factory=list)


class Summary(_Model):
    """Counts an editor reads first: how much is first-hand, and on whose word the rest rests."""

    statements: int
    by_status: dict[Status, int]
    by_source_type: dict[SourceType, int]
    speech_events: int = 0
    notes: list[str] = Field(default_factory=list)


class Analysis(_Model):
    """Everything quellenlage says about one article: the versioned JSON contract."""

    schema_version: Literal["2"] = SCHEMA_VERSION
    language: str
    supported: bool = True
    article: Article
    entities: list[Entity] = Field(default_factory=list)
    speech_events: list[SpeechEvent] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    summary: Summary
    engine: dict[str, str] = Field(
        default_factory=dict, description="versions of the package and models that produced this"
    )

    def to_json(self, indent: int | None = 2) -> str:
        """Serialise to the JSON contract (UTF-8 text, German characters unescaped)."""
        return self.model_dump_json(indent=indent)

    # Notebook views. The renderers sit above this module (they import it), so they register
    # themselves here (``register_view``) instead of being imported: no import cycle.
    def _repr_html_(self) -> str:
        """The HTML report inline in Jupyter and similar notebooks."""
        return str(_view("html")(self))

    def to_pandas(self, table: str = "statements") -> Any:
        """One table as a pandas DataFrame with the store's columns: ``statements`` (default),
        ``speech_events``, ``sources``, ``entities`` or ``articles`` (needs pandas)."""
        return _view("frame")(self, table)

    def statements_frame(self) -> Any:
        """The statements as a pandas DataFrame (``to_pandas("statements")``)."""
        return self.to_pandas("statements")


_VIEWS: dict[str, Callable[..., Any]] = {}


def register_view(name: str, view: Callable[..., Any]) -> None:
    """Register a renderer of ``Analysis`` views ("html" for notebooks, "frame" for pandas)."""
    _VIEWS[name] = view


def _view(name: str) -> Callable[..., Any]:
    try:
        return _VIEWS[name]
    except KeyError:
        raise RuntimeError(f"no {name!r} view registered (import quellenlage.render)") from None


def json_schema() -> dict:
    """The JSON Schema of ``Analysis``, generated from the model above."""
    schema = Analysis.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://quellenlage.invalid/schema/analysis-{SCHEMA_VERSION}.json"
    schema["title"] = f"quellenlage Analysis (schema_version {SCHEMA_VERSION})"
    return schema


def json_schema_text() -> str:
    """The JSON Schema as pretty-printed text."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2)
