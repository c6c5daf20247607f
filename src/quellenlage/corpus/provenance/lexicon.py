"""The German word lists of the provenance stage, loaded once from ``lang/de/data``.

Each list is a documented TSV file read through its checked accessor in ``lang/de`` (see the
file's header); this module only turns rows into the small lookup structures the matchers
use, and compiles the regular expressions once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...annotate.tokenize import closed_class
from ...lang import de


@dataclass(frozen=True, slots=True)
class CitationCue:
    """One cue by which an article names its source: a label, a pattern, where NAME stands."""

    label: str
    pattern: re.Pattern[str]
    side: str  # before | after | either
    reach: int  # most characters between the cue and the NAME phrase


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the provenance matchers look up, from the TSV files of ``lang/de/data``."""

    media_nouns: dict[str, str]  # noun (case-folded) -> outlet|agency|post|forum
    cues: tuple[CitationCue, ...]
    number_words: dict[str, float]
    scales: dict[str, float]
    approx: frozenset[str]  # one- or two-word hedges ("gut", "mehr als")
    currencies: dict[str, str]
    units: dict[str, str]
    negations: tuple[str, ...]  # words; an entry ending in "*" is a prefix
    poles: tuple[tuple[str, str, str], ...]  # (word or prefix*, pair, pole)
    source_cues: dict[str, tuple[re.Pattern[str], ...]]  # public, own, anonymous, backref, ...
    note_nouns: frozenset[str]
    synonyms: dict[str, str]  # word (lower case) -> the first word of its group
    generic_speakers: frozenset[str]
    stopwords: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The loaded word lists (cached: they are read once per process)."""
    media = {noun.casefold(): kind for noun, kind in de.provenance_media_nouns()}
    cues = tuple(
        CitationCue(label, re.compile(pattern, re.IGNORECASE), side, int(reach))
        for label, pattern, side, reach, _example in de.provenance_citation_cues()
    )
    numbers: dict[str, float] = {}
    scales: dict[str, float] = {}
    approx: set[str] = set()
    currencies: dict[str, str] = {}
    units: dict[str, str] = {}
    for word, kind, value in de.provenance_quantities():
        if kind == "number":
            numbers[word] = float(value)
        elif kind == "scale":
            scales[word] = float(value)
        elif kind == "approx":
            approx.add(word)
        elif kind == "currency":
            currencies[word] = value
        elif kind == "unit":
            units[word] = value
    negations: list[str] = []
    poles: list[tuple[str, str, str]] = []
    for word, kind, pair, pole in de.provenance_qualifiers():
        if kind == "negation":
            negations.append(word)
        else:
            poles.append((word, pair, pole))
    source_cues: dict[str, list[re.Pattern[str]]] = {}
    for kind, pattern, _example in de.provenance_source_cues():
        source_cues.setdefault(kind, []).append(re.compile(pattern, re.IGNORECASE))
    return Lexicon(
        media_nouns=media,
        cues=cues,
        number_words=numbers,
        scales=scales,
        approx=frozenset(approx),
        currencies=currencies,
        units=units,
        negations=tuple(negations),
        poles=tuple(poles),
        source_cues={k: tuple(v) for k, v in source_cues.items()},
        note_nouns=frozenset(de.provenance_note_nouns().column("stem")),
        synonyms={
            w: head for head, others in de.provenance_synonyms() for w in [head, *others.split()]
        },
        generic_speakers=frozenset(de.provenance_generic_speakers().column("word")),
        stopwords=frozenset(closed_class()) | frozenset(de.provenance_stopwords().column("word")),
    )


@cache
def hedge_markers() -> frozenset[str]:
    """The status markers of the assess stage that make a statement hearsay ("sollen",
    "angeblich", "Medienberichten-zufolge", ...), case-folded, from its own marker list."""
    names = {name.casefold() for _p, status, name, *_ in de.markers() if status == "hearsay"}
    return frozenset({"sollen", *names})


def cue(kind: str, text: str) -> re.Match[str] | None:
    """The first match in ``text`` of a source cue of ``kind`` (public, own, anonymous, ...)."""
    for pattern in lexicon().source_cues.get(kind, ()):
        m = pattern.search(text)
        if m is not None:
            return m
    return None


def matches_word(word: str, entry: str) -> bool:
    """``entry`` is a word, or a prefix when it ends in ``*``; ``word`` is case-folded."""
    return word.startswith(entry[:-1]) if entry.endswith("*") else word == entry
