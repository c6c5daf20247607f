"""Gazetteers of the NER: the project's word lists turned into word flags and multi-word matches.

The lists (outlets, countries, metonyms, organisation cues, first names, person roles,
platforms, and the NER's own places and surnames in ``lang/de/data/``) are read live at run
time, so an entry added to a lexicon helps at once: the model learnt a weight for "is a
listed outlet", not for each outlet. They are reached through ``lexicon_rows`` only, the one
place that knows where the lexicons live.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ...errors import ModelError
from ...lexicon import tsv_rows

# Where the lexicons live, tried in order: the new home of the German word lists first, the
# old one (annotate/data) second, so the NER works before and after the move.
_LEXICON_HOMES: tuple[tuple[str, ...], ...] = (("lang", "de", "data"), ("annotate", "data"))

# Inflection endings a gazetteer token may carry in running text ("Süddeutschen Zeitung",
# "des Roten Kreuzes", "Deutschlands").
_INFLECTIONS = ("", "s", "n", "es", "en")
_ADJ_ENDINGS = ("e", "en", "er", "es", "em")


def lexicon_rows(name: str) -> list[list[str]]:
    """The rows of the project lexicon ``name`` (cells stripped); ``ModelError`` if absent."""
    root = resources.files("quellenlage")
    for home in _LEXICON_HOMES:
        if root.joinpath(*home, name).is_file():
            return [[c.strip() for c in row] for row in tsv_rows("quellenlage", *home, name)]
    raise ModelError(f"the NER needs the lexicon {name}, which is missing from quellenlage")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Word lists prepared for fast lookup."""

    words: dict[str, tuple[str, ...]]  # exact token → its flags (names of one token)
    first_names: frozenset[str]
    surnames: frozenset[str]
    roles: frozenset[str]
    role_suffixes: tuple[str, ...]  # lower case: "präsident" also ends "Bundespräsident"
    org_suffixes: tuple[str, ...]  # lower case: "ministerium" ends "Innenministerium"
    adjective_stems: frozenset[str]  # "deutsch", "russisch"
    multi: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first token form → entries
    multi_first: frozenset[str]  # every form a multi-word entry can start with


def _add(words: dict[str, list[str]], name: str, flag: str, *, inflect: bool = True) -> None:
    for ending in _INFLECTIONS if inflect else ("",):
        flags = words.setdefault(name + ending, [])
        if flag not in flags:
            flags.append(flag)


def _names() -> list[tuple[str, str]]:
    """(name as written, kind) of every listed name, in the lexicons' order."""
    out: list[tuple[str, str]] = []
    out += [(r[0], "outlet") for r in lexicon_rows("outlets.tsv")]
    out += [(r[0], "platform") for r in lexicon_rows("platforms.tsv")]
    for row in lexicon_rows("countries.tsv"):
        out.append((row[0], "country"))
        if len(row) > 3 and row[3]:
            out += [(alt.strip(), "country") for alt in row[3].split(",") if alt.strip()]
    out += [(r[0], "inst" if r[1] == "institution" else "capital") for r in _metonyms()]
    out += [(r[0], r[1] if len(r) > 1 and r[1] else "place") for r in lexicon_rows("places.tsv")]
    for row in lexicon_rows("org_cues.tsv"):
        if row[1] == "name":
            out.append((row[0], "orgname"))
        elif row[1] == "word":
            out.append((row[0], "legal"))
    return out


def _metonyms() -> list[list[str]]:
    return [r for r in lexicon_rows("metonyms.tsv") if len(r) > 1]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer built from the lexicons (once per process)."""
    words: dict[str, list[str]] = {}
    multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, kind in _names():
        parts = tuple(name.split())
        if len(parts) == 1:
            _add(words, name, kind, inflect=kind != "legal")
            continue
        for ending in _INFLECTIONS:
            entry = (parts, kind)
            bucket = multi.setdefault(parts[0] + ending, [])
            if entry not in bucket:
                bucket.append(entry)
    roles = [r[0] for r in lexicon_rows("person_roles.tsv")]
    cues = lexicon_rows("org_cues.tsv")
    return Gazetteer(
        words={k: tuple(v) for k, v in words.items()},
        first_names=frozenset(r[0] for r in lexicon_rows("first_names.tsv")),
        surnames=frozenset(r[0] for r in lexicon_rows("surnames.tsv")),
        roles=frozenset(roles),
        role_suffixes=tuple(sorted({r.lower() for r in roles if len(r) >= 6})),
        org_suffixes=tuple(sorted({r[0].lower() for r in cues if r[1] == "suffix"})),
        adjective_stems=frozenset(r[1].lower() for r in lexicon_rows("countries.tsv") if r[1]),
        multi={k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in multi.items()},
        multi_first=frozenset(multi),
    )


def word_flags(word: str) -> list[str]:
    """Gazetteer flags of one token (names of one token, cue words, adjective of a country)."""
    g = gazetteer()
    flags = list(g.words.get(word, ()))
    if word in g.first_names:
        flags.append("fn")
    if word in g.surnames or (word[-1:] == "s" and word[:-1] in g.surnames):
        flags.append("sn")
    low = word.lower()
    tail = low.rsplit("-", 1)[-1]
    # a case or plural ending hides the cue: "Koch-Instituts", "Präsidenten", "Banken"
    tails = (tail, tail[:-1], tail[:-2]) if tail.endswith(("s", "n")) else (tail,)
    if word[:1].isupper():
        if word in g.roles or any(t.endswith(g.role_suffixes) for t in tails):
            flags.append("role")
        if any(t.endswith(g.org_suffixes) for t in tails):
            flags.append("orgcue")
    for ending in _ADJ_ENDINGS:
        if low.endswith(ending) and low[: -len(ending)] in g.adjective_stems:
            flags.append("cadj")
            break
    return flags


@lru_cache(maxsize=50_000)
def is_org_noun(word: str) -> bool:
    """Whether a capitalised word (or its last hyphen part) ends in an organisation noun."""
    return "orgcue" in word_flags(word)


def _token_matches(token: str, part: str) -> bool:
    return token == part or (token.startswith(part) and token[len(part) :] in _INFLECTIONS)


def multiword_flags(words: list[str]) -> dict[int, str]:
    """Token index → "KIND_B" / "KIND_I" for the listed names of several tokens in a sentence
    (longest match first, left to right, no overlaps). Empty for almost every sentence."""
    g = gazetteer()
    out: dict[int, str] = {}
    if g.multi_first.isdisjoint(words):
        return out
    i, n = 0, len(words)
    while i < n:
        step = 1
        for parts, kind in g.multi.get(words[i], ()):
            k = len(parts)
            if i + k <= n and all(_token_matches(words[i + j], parts[j]) for j in range(1, k)):
                out[i] = kind + "_B"
                for j in range(1, k):
                    out[i + j] = kind + "_I"
                step = k
                break
        i += step
    return out
