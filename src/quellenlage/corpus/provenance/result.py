"""The provenance JSON (``schema_version`` "1"): stories, claims with their occurrences,
citations. Field names are a public contract like the Analysis JSON: fields may be added,
never renamed without a new version. Offsets are offsets into ``articles.text`` of the store;
article ids are the input ids (JSONL/CSV ``id``), else the store's ``doc_id``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ...model import Status

PROVENANCE_SCHEMA_VERSION: Literal["1"] = "1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoryOut(_Model):
    """Articles about one event."""

    id: str
    title: str | None = None
    articles: list[str] = Field(description="article ids, earliest first")
    outlets: list[str] = Field(default_factory=list)
    first_seen: str | None = Field(default=None, description="earliest publication, UTC")


class OccurrenceOut(_Model):
    """One place where an article states, quotes or relays the claim."""

    article: str
    start: int
    end: int
    text: str
    status: Status
    form: str = Field(default="statement", description="the speech event's form, or statement")
    speaker: str | None = None
    relays: str | None = Field(default=None, description="the outlet or post it passes on")
    source: str | None = Field(
        default=None, description="the primary source it adds (None: relaying or unsourced)"
    )


class ClaimOut(_Model):
    """One proposition by one speaker, with every occurrence across the corpus."""

    id: str
    story: str
    canonical: str
    speaker: str | None = None
    occurrences: list[OccurrenceOut]
    origin: Literal["article", "external"]
    origin_article: str | None = None
    first_seen: str | None = None
    independent_sources: int
    sources: list[str] = Field(default_factory=list)
    status_by_article: dict[str, Status] = Field(default_factory=dict)
    evidence: list[str] = Field(default_factory=list)


class CitationOut(_Model):
    """An article naming another outlet, agency, account or post as its source."""

    article: str
    cited: str
    start: int | None = Field(description="None for a credit line the ingest removed")
    end: int | None = None
    text: str
    kind: str = "outlet"
    cited_article: str | None = Field(
        default=None, description="the corpus article of the cited outlet it relays, if any"
    )
    evidence: list[str] = Field(default_factory=list)


class Provenance(_Model):
    """Everything ``quellenlage provenance`` computes over a store."""

    schema_version: Literal["1"] = PROVENANCE_SCHEMA_VERSION
    stories: list[StoryOut] = Field(default_factory=list)
    claims: list[ClaimOut] = Field(default_factory=list)
    citations: list[CitationOut] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON text (UTF-8, German characters unescaped)."""
        return self.model_dump_json(indent=indent)
