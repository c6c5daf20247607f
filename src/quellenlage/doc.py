"""The internal document that every pipeline stage fills (spaCy's ``Doc``, in small).

One ``Doc`` travels through the stages (``pipeline.py``): annotate sets tokens, sentences,
tags, lemmas, mood, language and entities; attribute sets ``events``; the sources stage gives
each event its typed ``source``; assess sets statuses, targets, parents, chains and the
``statements``. Only ``export.py`` turns a finished ``Doc`` into the public ``Analysis``.

One coordinate system: a token is named by its flat index ``i`` into ``Doc.tokens``; every
token knows its character offsets into ``Doc.text`` and its sentence; a sentence is a range of
tokens. Roles of events (message, cue, source, ...) are sorted lists of flat token indices.
The SpkAtt ``"s:t"`` notation exists only at the SpkAtt edge (``ref``/``flat`` below).
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from .errors import AnalysisTimeout
from .model import Article, BlockKind, EntityLabel, Form, Medium, SourceType, Status


@dataclass(slots=True)
class Token:
    """A token of the clean text: offsets into ``Doc.text``, its place, and what taggers set.

    ``tag`` is an STTS part-of-speech tag, ``mood`` is "Sub" for Konjunktiv forms, "Ind" for
    indicative finite verbs and ``None`` otherwise.
    """

    text: str
    start: int
    end: int
    i: int = 0
    sent: int = 0
    tag: str | None = None
    lemma: str | None = None
    mood: str | None = None
    space_after: bool = True


@dataclass(slots=True)
class Sentence:
    """A sentence: the token range ``[first, last)`` with its characters and its block.

    ``tokens`` is the slice ``Doc.tokens[first:last]`` (the same objects).
    """

    tokens: list[Token]
    start: int
    end: int
    block: BlockKind = "body"
    i: int = 0
    first: int = 0
    last: int = 0


@dataclass(slots=True)
class EntitySpan:
    """A named-entity mention: its text and offsets, label, and the identity it refers to."""

    text: str
    start: int
    end: int
    label: EntityLabel
    canonical: str


@dataclass(slots=True)
class SourceInfo:
    """The typed source of an event, as the sources stage decides it.

    ``parts`` are the conjuncts of a coordinated source; ``behind`` is the person or body
    behind a social-media post; ``head`` the noun that decided the type.
    """

    text: str
    start: int
    end: int
    type: SourceType
    canonical: str | None = None
    parts: list[SourceInfo] = field(default_factory=list)
    behind: SourceInfo | None = None
    head: str = ""
    inherited: bool = False
    """True when the event took the previous event's source instead of typing its own."""
    plural: bool = False
    """An unnamed plural or indefinite group ("Medienberichten", "Experten")."""
    aliases: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    """The decisions (evidence labels) that gave this source its span, type and identity."""


@dataclass(slots=True)
class Link:
    """One link of an attribution chain (outlet → post → person → government)."""

    name: str
    type: SourceType | Literal["outlet"]
    event: str | None = None


@dataclass(slots=True)
class Event:
    """A speech event (SpkAtt scheme). Roles are sorted flat token indices.

    Attribute stages set the roles, form, medium and nesting; the sources stage sets
    ``source_info``; assess sets ``id``, ``status``, ``target``, ``parent``, ``markers`` and
    ``chain``. ``evidence`` lists the labels (``evidence.py``) of every decision, in order.
    """

    form: Form
    message: list[int]
    cue: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    addr: list[int] = field(default_factory=list)
    frame: list[int] = field(default_factory=list)
    medium: Medium | None = None
    is_nested: bool = False
    has_nested: bool = False
    evidence: list[str] = field(default_factory=list)
    score: float = 1.0
    id: str = ""
    source_info: SourceInfo | None = None
    status: Status = "attributed"
    target: str | None = None
    parent: str | None = None
    markers: list[str] = field(default_factory=list)
    chain: list[Link] = field(default_factory=list)

    def copy(self) -> Event:
        """A copy whose role lists can be changed without touching this event."""
        return Event(
            self.form, list(self.message), list(self.cue), list(self.source), list(self.addr),
            list(self.frame), self.medium, self.is_nested, self.has_nested, list(self.evidence),
            self.score,
        )  # fmt: skip


@dataclass(slots=True)
class StatementInfo:
    """A sentence of title, lead or body with the status assess gives it."""

    id: str
    sentence: int
    status: Status = "asserted"
    events: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    target: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Doc:
    """The document every stage fills; see the module docstring for who sets what."""

    text: str
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    article: Article | None = None
    language: str | None = None
    notes: list[str] = field(default_factory=list)
    entities: list[EntitySpan] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[StatementInfo] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    """Names of the stages that have run, in order."""
    deadline: float = 0.0
    """``time.monotonic()`` by which the analysis must be done (0: no limit)."""
    _entity_index: tuple[tuple[int, int], list[int], list[EntitySpan]] = field(
        default_factory=lambda: ((0, -1), [], []), repr=False, compare=False
    )

    @classmethod
    def from_sentences(
        cls, text: str, sentences: list[tuple[list[Token], BlockKind]], article: Article | None
    ) -> Doc:
        """A Doc from sentences of tokens: numbers every token and sentence once."""
        doc = cls(text, article=article)
        for si, (toks, block) in enumerate(sentences):
            first = len(doc.tokens)
            for tok in toks:
                tok.i, tok.sent = len(doc.tokens), si
                doc.tokens.append(tok)
            start = toks[0].start if toks else 0
            end = toks[-1].end if toks else 0
            doc.sentences.append(Sentence(toks, start, end, block, si, first, len(doc.tokens)))
        return doc

    @classmethod
    def from_tokens(cls, sentences: list[list[str]]) -> Doc:
        """A Doc on exactly the given tokens (pre-tokenized input, e.g. SpkAtt files).

        The text is the tokens joined by single spaces, one sentence per line, so that the
        character offsets of free-text analysis and of token input speak the same language.
        """
        parts: list[str] = []
        out: list[tuple[list[Token], BlockKind]] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for i, toks in enumerate(sentences):
            if i:
                parts.append("\n")
                pos += 1
            sent_tokens: list[Token] = []
            s_start = pos
            for j, t in enumerate(toks):
                if j:
                    parts.append(" ")
                    pos += 1
                parts.append(t)
                sent_tokens.append(Token(t, pos, pos + len(t)))
                pos += len(t)
            out.append((sent_tokens, "body"))
            spans.append((s_start, pos))
        doc = cls.from_sentences("".join(parts), out, None)
        for sent, (start, end) in zip(doc.sentences, spans, strict=True):
            sent.start, sent.end = start, end
        return doc

    def ref(self, i: int) -> tuple[int, int]:
        """The SpkAtt ``(sentence, token)`` reference of flat token ``i``."""
        tok = self.tokens[i]
        return tok.sent, i - self.sentences[tok.sent].first

    def flat(self, sentence: int, token: int) -> int:
        """The flat index of SpkAtt reference ``(sentence, token)``."""
        return self.sentences[sentence].first + token

    def tokens_at(self, idx: list[int]) -> list[Token]:
        """The tokens ``idx`` in document order."""
        return [self.tokens[i] for i in sorted(idx)]

    def check_deadline(self) -> None:
        """Stop the analysis with ``AnalysisTimeout`` once its deadline has passed (stages
        call it between their steps; every stage is linear, so the overrun is bounded)."""
        if self.deadline and time.monotonic() > self.deadline:
            raise AnalysisTimeout("the analysis took longer than its time limit (timeout=)")

    def entities_within(self, start: int, end: int) -> list[EntitySpan]:
        """The entities that lie inside characters ``[start, end)``, found by bisection (the
        entity stage keeps them sorted by start), so looking them up per mention stays cheap
        in long documents."""
        key = (id(self.entities), len(self.entities))
        if self._entity_index[0] != key:
            ordered = sorted(self.entities, key=lambda e: e.start)
            self._entity_index = (key, [e.start for e in ordered], ordered)
        _key, starts, ordered = self._entity_index
        lo = bisect_left(starts, start)
        hi = bisect_left(starts, end)
        return [e for e in ordered[lo:hi] if e.end <= end]

    def entities_before(self, pos: int) -> Iterator[EntitySpan]:
        """The entities that end at or before character ``pos``, the nearest first (for
        backward searches that stop at the first fit)."""
        self.entities_within(0, 0)  # builds the sorted index
        _key, starts, ordered = self._entity_index
        for k in range(bisect_left(starts, pos) - 1, -1, -1):
            if ordered[k].end <= pos:
                yield ordered[k]

    def char_span(self, idx: list[int]) -> tuple[int, int] | None:
        """``(start, end)`` of the characters the tokens ``idx`` cover, or None when empty."""
        if not idx:
            return None
        return self.tokens[min(idx)].start, self.tokens[max(idx)].end

    def span_text(self, idx: list[int]) -> str:
        """The text covered by the tokens ``idx`` (first to last, discontinuities included)."""
        if not idx:
            return ""
        return self.text[self.tokens[min(idx)].start : self.tokens[max(idx)].end]
