"""Gazetteers of the NER: the project's word lists turned into word flags and multi-word matches.

The lists (outlets, countries, metonyms, organisation cues, first names, person roles,
platforms, and the NER's own places and surnames in ``lang/de/data/``) are read live at run
time, so an entry added to a lexicon helps at once: the model learnt a weight for "is a
listed outlet", not for each outlet. They are read through the accessors of ``lang/de``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...lang import de

# Inflection endings a gazetteer token may carry in running text ("Süddeutschen Zeitung",
# "des Roten Kreuzes", "Deutschlands").
_INFLECTIONS = ("", "s", "n", "es", "en")
_ADJ_ENDINGS = ("e", "en", "er", "es", "em")


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
    out += [(r[0], "outlet") for r in de.outlets()]
    out += [(r[0], "platform") for r in de.platforms()]
    for name, _adj, _gov, _gov_en, aliases in de.countries():
        out.append((name, "country"))
        out += [(alt.strip(), "country") for alt in aliases.split(",") if alt.strip()]
    out += [(r[0], "inst" if r[1] == "institution" else "capital") for r in de.metonyms()]
    out += [(name, kind or "place") for name, kind in de.places()]
    # known bodies by name (bodies.tsv; organisation names were once in org_cues.tsv)
    out += [(r[0], "orgname") for r in de.bodies()]
    out += [(r[0], "legal") for r in de.org_cues() if r[1] == "word"]
    return out


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
    roles = list(de.person_roles().column("role"))
    cues = list(de.org_cues())
    return Gazetteer(
        words={k: tuple(v) for k, v in words.items()},
        first_names=frozenset(de.first_names().column("name")),
        surnames=frozenset(de.surnames().column("name")),
        roles=frozenset(roles),
        role_suffixes=tuple(sorted({r.lower() for r in roles if len(r) >= 6})),
        org_suffixes=tuple(sorted({r[0].lower() for r in cues if r[1] == "suffix"})),
        adjective_stems=frozenset(r[1].lower() for r in de.countries() if r[1]),
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
