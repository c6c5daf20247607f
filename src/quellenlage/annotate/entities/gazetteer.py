"""The entity gazetteers: outlets, platforms, countries, capitals, metonyms, known bodies,
organisation cues, role nouns and first names from ``lang/de/data``, in lookup-ready form,
with the lookups the later stages ask for (the government a place stands for, …)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ...lang import de
from ...model import EntityLabel
from ..tokenize import tokenize


@dataclass(frozen=True, slots=True)
class _Entry:
    label: EntityLabel
    canonical: str
    kind: str  # outlet, platform, country, capital, institution, org
    ambiguous: bool = False  # a common word too ("Welt", "Krone"): needs context


@dataclass(slots=True)
class _Gazetteer:
    by_first: dict[str, list[tuple[tuple[str, ...], _Entry]]]
    names: dict[str, _Entry]  # normalised full name → entry
    government: dict[str, str]  # normalised name → government
    outlets: dict[str, str]
    platforms: dict[str, str]
    adjectives: dict[str, str]  # adjective stem → country
    org_suffix: tuple[str, ...]
    org_noun: frozenset[str]
    org_word: frozenset[str]
    roles: frozenset[str]
    role_suffixes: tuple[str, ...]  # lower-cased roles that also end compounds (Kremlsprecher)
    first_names: frozenset[str]


_ADJECTIVE_STEMS = ("isch", "lich", "ig", "deutsch", "neu", "allgemein")


def _inflected(name: str) -> list[str]:
    """The genitive/dative forms of an outlet name that opens with adjectives, as news writes
    it after a preposition or article: "Süddeutsche Zeitung" → "Süddeutschen Zeitung",
    "Bayerischer Rundfunk" → "Bayerischen Rundfunk", "Neue Zürcher Zeitung" → "Neuen …"."""
    words = name.split()
    if len(words) < 2:
        return []
    changed = False
    out = []
    for w in words[:-1]:
        stem = w[:-2] if w.endswith("er") else w[:-1] if w.endswith("e") else None
        weak = w.endswith("e") and w.lower() not in {"die", "the", "le", "la"}  # "Kleine"
        if stem is not None and (weak or stem.lower().endswith(_ADJECTIVE_STEMS)):
            out.append(stem + "en")
            changed = True
        else:
            out.append(w)
    return [" ".join([*out, words[-1]])] if changed else []


def _norm(name: str) -> str:
    return " ".join(name.replace("\u00ad", "").split()).casefold()


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    entries: list[tuple[str, _Entry]] = []
    government: dict[str, str] = {}
    outlets: dict[str, str] = {}
    platforms: dict[str, str] = {}
    adjectives: dict[str, str] = {}
    for name, canonical, _kind, _note in de.outlets():
        # A single capitalised word that is also a common German word needs context.
        ambiguous = " " not in name and name[:1].isupper() and name[1:].islower()
        for form in (name, *_inflected(name)):
            outlets[_norm(form)] = canonical
            entries.append((form, _Entry("MEDIA", canonical, "outlet", ambiguous)))
    for name, canonical in de.platforms():
        platforms[_norm(name)] = canonical
        ambiguous = len(name) < 3 or name in {"Signal", "Threads", "Meta"}
        entries.append((name, _Entry("ORG", canonical, "platform", ambiguous)))
    for name, adj, gov, _gov_en, aliases in de.countries():
        others = [o.strip() for o in aliases.split(",")] if aliases else []
        for n in [name, *others]:
            entries.append((n, _Entry("LOC", name, "country")))
            government[_norm(n)] = gov
        adjectives[adj.casefold()] = name
    for name, kind, gov in de.metonyms():
        government[_norm(name)] = gov
        if kind == "institution":
            entries.append((name, _Entry("ORG", gov, "institution")))
        else:
            entries.append((name, _Entry("LOC", name, "capital")))
    suffix: list[str] = []
    noun: set[str] = set()
    word: set[str] = set()
    for cue, kind, _note in de.org_cues():
        if kind == "suffix":
            suffix.append(cue.casefold())
            noun.add(cue)
        elif kind == "noun":
            noun.add(cue)
        elif kind == "word":
            word.add(cue)
    for name, _type, canonical, _aliases, _note in de.bodies():
        entries.append((name, _Entry("ORG", canonical, "body")))
    roles = de.person_roles().column("role")
    by_first: dict[str, list[tuple[tuple[str, ...], _Entry]]] = {}
    names: dict[str, _Entry] = {}
    for name, entry in entries:
        toks = tuple(t.text for t in tokenize(name))
        if not toks:
            continue
        by_first.setdefault(toks[0], []).append((toks, entry))
        names.setdefault(_norm(name), entry)
    for lst in by_first.values():
        lst.sort(key=lambda x: -len(x[0]))  # longest match first
    return _Gazetteer(
        by_first=by_first,
        names=names,
        government=government,
        outlets=outlets,
        platforms=platforms,
        adjectives=adjectives,
        org_suffix=tuple(sorted(suffix, key=len, reverse=True)),
        org_noun=frozenset(noun),
        org_word=frozenset(word),
        roles=frozenset(roles),
        role_suffixes=tuple(r.casefold() for r in roles if r[:1].isupper() and len(r) > 4),
        first_names=frozenset(de.first_names().column("name")),
    )


_ARTICLES = ("der ", "die ", "das ", "des ", "dem ", "den ")


def _lookup_key(name: str) -> list[str]:
    """Normalised lookup keys: as written, without article/quotes, without genitive -s."""
    n = _norm(name.strip().strip("„“”\"»«‚‘'’"))
    for art in _ARTICLES:
        if n.startswith(art):
            n = n[len(art) :]
            break
    keys = [n]
    if n.endswith("s") and len(n) > 3:
        keys.append(n[:-1])
    if n.endswith("es") and len(n) > 4:
        keys.append(n[:-2])
    return keys


def government_of(name: str) -> str | None:
    """The government a place or institution stands for as a speaker ("Kreml" → Russian
    government, "Peking" → Chinese government, "Nordkoreas" → North Korean government)."""
    gov = _gazetteer().government
    for key in _lookup_key(name):
        if key in gov:
            return gov[key]
    return None


def lookup_outlet(name: str) -> bool:
    """Whether ``name`` is a known news outlet or agency ("Daily NK", "dpa", "der Spiegel")."""
    outlets = _gazetteer().outlets
    return any(k in outlets for k in _lookup_key(name))


def lookup_platform(name: str) -> bool:
    """Whether ``name`` is a social platform (Twitter, X, Telegram...); compounds such as
    "Twitter-Posting" or "Telegram-Kanal" count by their first part."""
    platforms = _gazetteer().platforms
    keys = _lookup_key(name)
    if "-" in name:
        keys += _lookup_key(name.split("-", 1)[0])
    return any(k in platforms for k in keys)


def country_of_adjective(word: str) -> str | None:
    """The country of a German nationality adjective ("nordkoreanischer" → "Nordkorea")."""
    low = word.casefold()
    adjectives = _gazetteer().adjectives
    for end in ("en", "em", "er", "es", "e", ""):
        if end and not low.endswith(end):
            continue
        stem = low[: len(low) - len(end)] if end else low
        if stem in adjectives:
            return adjectives[stem]
    return None


def organisation_cue(word: str) -> bool:
    """Whether a noun names an organisation ("Polizei", "US-Geheimdienst", "Innenministerium")."""
    g = _gazetteer()
    if word in g.org_noun or word in g.org_word:
        return True
    last = word.rsplit("-", 1)[-1]
    return last[:1].isupper() and last.casefold().endswith(g.org_suffix)


def is_role_noun(word: str) -> bool:
    """Whether a noun is a role that introduces a person ("Präsident", "Journalistin")."""
    g = _gazetteer()
    if word in g.roles:
        return True
    last = word.rsplit("-", 1)[-1]  # "Ex-Präsident", "Kremlsprecher"
    return last in g.roles or (last[:1].isupper() and last.casefold().endswith(g.role_suffixes))
