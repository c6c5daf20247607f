"""Source lexicon lookups: head nouns, known bodies, governments, genders.

The source stage decides with them, and the attribution rules ask them whether a subject can
speak at all. All data is in ``data/`` (``source_nouns.tsv``, ``bodies.tsv``,
``countries.tsv``, ``first_names.tsv``); this module only puts it into lookup-ready form, once
per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...model import SOURCE_TYPES, SourceType
from .. import de


def _source_type(value: str, where: str) -> SourceType:
    for t in SOURCE_TYPES:
        if t == value:
            return t
    raise ValueError(f"{where}: unknown source type {value!r}; types: {SOURCE_TYPES}")


@cache
def _suffixes() -> dict[str, SourceType]:
    return {r[0].lower(): _source_type(r[1], "source_nouns.tsv") for r in de.source_nouns()}


@cache
def _unnamed_types() -> dict[str, SourceType]:
    return {r[0].lower(): _source_type(r[3], "source_nouns.tsv") for r in de.source_nouns() if r[3]}


@cache
def noun_type(word: str) -> SourceType | None:
    """The source type a head noun names, by the longest matching suffix of the lexicon; a
    genitive names the same ("des Nachrichtenmagazins", "eines Einwohners")."""
    found = _suffix_type(word.lower())
    if found is None and len(word) > 5 and word.endswith("s"):
        found = _suffix_type(word.lower()[: -2 if word.endswith("es") else -1])
        if found is None and word.endswith("es"):
            found = _suffix_type(word.lower()[:-1])
    return found


def nominative_noun(word: str) -> str:
    """A source noun in the genitive as its nominative, for a canonical name: the form
    without -s/-es whose suffix the lexicon knows ("Innenministeriums" → "Innenministerium",
    "Amtes" → "Amt"); any other word as it is (the lexicon knows "Medien", not "Mediens")."""
    if len(word) <= 5 or not word.endswith("s") or word.endswith("ss"):
        return word
    for cut in (2, 1) if word.endswith("es") else (1,):
        if _suffix_type(word.lower()[:-cut]) is not None:
            return word[:-cut]
    return word


_MIN_SUFFIX = 4
"""A lexicon entry shorter than this matches only a whole word, not the end of a compound."""


def _suffix_type(full: str) -> SourceType | None:
    """The type of the longest lexicon suffix of the word (the whole word, or the last part of
    a hyphenated compound, or its end): "sprecherin" wins over "in"-less entries. One dict
    lookup per suffix length, so the cost follows the word's length, not the lexicon's."""
    table = _suffixes()
    if full in table:
        return table[full]
    w = full.rsplit("-", 1)[-1]
    for k in range(len(w)):
        tail = w[k:]
        if (k == 0 or len(tail) >= _MIN_SUFFIX) and tail in table:
            return table[tail]
    return None


def unnamed_type(word: str) -> SourceType | None:
    """The type of an unnamed, indefinite role noun ("ein Mitarbeiter": anonymous)."""
    w = word.lower()
    for suffix, typ in _unnamed_types().items():
        if w == suffix or (len(suffix) >= 5 and w.endswith(suffix)):
            return typ
    return None


@dataclass(frozen=True, slots=True)
class Body:
    """A known body: its type, its canonical name and its other names."""

    type: SourceType
    canonical: str
    aliases: tuple[str, ...]


_ADJ_ENDING = re.compile(r"(?:en|em|er|es|e)$")


def _key(name: str) -> str:
    """A lookup key that ignores case and the inflection of words before the last one
    ("Statistischen Bundesamt" and "Statistisches Bundesamt" are one key)."""
    words = name.replace("\u00ad", "").casefold().split()
    return " ".join(
        [_ADJ_ENDING.sub("", w) if w[:1].isalpha() and len(w) > 4 else w for w in words[:-1]]
        + words[-1:]
    )


@cache
def _bodies() -> dict[str, Body]:
    out: dict[str, Body] = {}
    for name, typ, canonical, aliases, _note in de.bodies():
        als = tuple(a.strip() for a in aliases.split(",") if a.strip())
        out[_key(name)] = Body(_source_type(typ, "bodies.tsv"), canonical, als)
    return out


def body(name: str) -> Body | None:
    """The known body ``name`` names ("die Fed", "des BND": determiners and -s are dropped)."""
    words = name.split()
    while words and words[0].lower() in de.word_class("determiner"):
        words = words[1:]
    key = _key(" ".join(words))
    found = _bodies().get(key)
    if found is None and key.endswith("s") and len(key) > 4:  # not "uns" → "UN"
        found = _bodies().get(key[:-1])  # genitive: des Bundesnachrichtendiensts
    if found is None and key.endswith("es"):
        found = _bodies().get(key[:-2])
    return found


@cache
def _english_governments() -> dict[str, str]:
    """German canonical government name → its English name."""
    return {gov: gov_en for _n, _a, gov, gov_en, _al in de.countries()}


def english_government(german: str) -> str | None:
    """The English name of a government given by its German canonical name."""
    return _english_governments().get(german)


@cache
def _genders() -> dict[str, str]:
    return {name: gender for name, gender in de.first_names() if gender in {"f", "m"}}


def gender_of_name(full_name: str) -> str | None:
    """ "f" or "m" from the first name of a full name, when the lexicon records it."""
    first = full_name.split()[0] if full_name.split() else ""
    return _genders().get(first)


def gender_of_noun(word: str) -> str | None:
    """The grammatical gender a role noun shows: "Ministerin" f, "Minister" m, else None."""
    low = word.lower()
    if low.endswith("in") and noun_type(low) == "person" and noun_type(low[:-2]) == "person":
        return "f"
    if noun_type(low) == "person" and noun_type(low + "in") == "person":
        return "m"
    return None
