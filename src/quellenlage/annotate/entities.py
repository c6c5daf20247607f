"""Entities: PER / ORG / LOC / MEDIA mentions with canonical identities, without NER training.

Evidence, in order of trust: gazetteers (``lang/de/data/outlets.tsv``, ``platforms.tsv``,
``countries.tsv``, ``metonyms.tsv``, ``org_cues.tsv``), then cues around capitalised words
(role nouns before a name: ``person_roles.tsv``; first names: ``first_names.tsv``;
organisation nouns and legal forms), then the tagger's NE tags.

Canonical names are resolved within the document: "Wladimir Putin", "Putin" and "Putins"
(genitive) are one person, canonical "Wladimir Putin"; "Kims" → "Kim Jong-un".

Metonyms, decided as follows: an *institution* that always stands for its government
("Kreml", "Weißes Haus", "Downing Street") is an ORG entity whose canonical name is the
government ("Russian government"); a *capital* or *country* ("Peking", "Nordkorea") is a LOC
entity with the place as its canonical name, and ``government_of(name)`` gives the government
the assess stage uses when such a name acts as a speaker. Social platforms are ORG entities;
``lookup_platform`` tells assess that they are social media. ``OTHER`` marks a proper name
whose kind the evidence does not settle.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..doc import Doc, EntitySpan, Token
from ..lang import de
from ..lang.de.punctuation import OPENING_QUOTES
from ..model import EntityLabel
from .tokenize import closed_class, tokenize

# --------------------------------------------------------------------------------- gazetteers


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
        outlets[_norm(name)] = canonical
        # A single capitalised word that is also a common German word needs context.
        ambiguous = " " not in name and name[:1].isupper() and name[1:].islower()
        entries.append((name, _Entry("MEDIA", canonical, "outlet", ambiguous)))
    for name, canonical in de.platforms():
        platforms[_norm(name)] = canonical
        ambiguous = len(name) < 3 or name in {"Signal", "Threads", "Meta"}
        entries.append((name, _Entry("ORG", canonical, "platform", ambiguous)))
    for name, adj, gov, aliases in de.countries():
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
        elif kind == "name":
            entries.append((cue, _Entry("ORG", cue, "org")))
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


# ---------------------------------------------------------------------------------- finding

_OPEN_Q = OPENING_QUOTES
_PLACE_PREPS = de.word_class("place-preposition")
_MEDIA_CUES = de.word_list("media-cue")
_INSTITUTION_PREFIXES = de.word_list("institution-prefix")
_ALWAYS_ORG_NOUNS = de.word_class("always-org-noun")


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    label: EntityLabel
    canonical: str
    parts: tuple[str, ...] = ()  # name tokens (PER/OTHER), genitive stripped
    toks: tuple[Token, ...] = ()


def _strip_gen(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


def _cap(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _properish(tok: Token) -> bool:
    """A capitalised token that can be part of a proper name."""
    t = tok.text
    if not t[:1].isupper() or t.casefold() in closed_class():
        return False
    return tok.tag in (None, "NE", "NN", "FM", "XY", "ADJA", "TRUNC") or tok.tag.startswith("V")


def _match_gazetteer(toks: list[Token], i: int, g: _Gazetteer) -> tuple[int, _Entry, bool] | None:
    """Longest gazetteer name starting at token ``i``: (length, entry, genitive)."""
    cands = g.by_first.get(toks[i].text)
    gen_first = None
    if cands is None and toks[i].text.endswith("s"):
        gen_first = g.by_first.get(toks[i].text[:-1])
        cands = [(n, e) for n, e in (gen_first or []) if len(n) == 1]
    if not cands:
        return None
    for name, entry in cands:
        n = len(name)
        if i + n > len(toks):
            continue
        words = [t.text for t in toks[i : i + n]]
        if words == list(name):
            return n, entry, False
        last = words[-1]
        if words[:-1] == list(name[:-1]) and last in (name[-1] + "s", name[-1] + "es"):
            return n, entry, True
    return None


def _accept_ambiguous(toks: list[Token], i: int, n: int) -> bool:
    """Context that makes a common-word outlet or platform name a name ("Welt", "X")."""
    prev = toks[i - 1].text if i > 0 else ""
    nxt = toks[i + n].text if i + n < len(toks) else ""
    if prev in _OPEN_Q and nxt in {"“", "”", '"', "«", "»", "‘", "'"}:
        return True
    low = prev.casefold()
    return any(low.endswith(c) for c in _MEDIA_CUES) or (
        low in {"auf", "via", "laut"} and (toks[i].tag == "NE")
    )


def find_entities(doc: Doc) -> list[EntitySpan]:
    """Find entity mentions in the document and link each to a canonical name."""
    g = _gazetteer()
    mentions: list[_Mention] = []
    for sent in doc.sentences:
        mentions.extend(_sentence_mentions(sent.tokens, g))
    mentions = _split_joined_names(mentions)
    mentions.extend(_surname_mentions(doc, mentions))
    _canonicalise(mentions)
    text = doc.text
    out = [
        EntitySpan(text[m.start : m.end], m.start, m.end, m.label, m.canonical)
        for m in sorted(mentions, key=lambda m: (m.start, m.end))
    ]
    return out


def _sentence_mentions(toks: list[Token], g: _Gazetteer) -> list[_Mention]:
    out: list[_Mention] = []
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        t = tok.text
        # 1. gazetteer names (outlets, platforms, countries, capitals, institutions, orgs)
        hit = _match_gazetteer(toks, i, g) if t[:1].isalpha() else None
        if hit is not None:
            length, entry, _gen = hit
            if not entry.ambiguous or _accept_ambiguous(toks, i, length):
                out.append(
                    _Mention(tok.start, toks[i + length - 1].end, entry.label, entry.canonical)
                )
                i += length
                continue
        # 2. hyphen compounds: a platform or outlet inside ("Twitter-Posting"), or an
        #    organisation noun with a name in front ("US-Geheimdienst", "EU-Kommission").
        if "-" in t[1:] and t[:1].isupper():
            first = t.split("-", 1)[0]
            if organisation_cue(t) and first[:1].isupper():
                out.append(_Mention(tok.start, tok.end, "ORG", t))
                i += 1
                continue
            fe = g.names.get(_norm(first))
            if fe is not None and fe.kind in {"platform", "outlet"} and not fe.ambiguous:
                out.append(_Mention(tok.start, tok.start + len(first), fe.label, fe.canonical))
                i += 1
                continue
            second = t.split("-", 1)[1]
            if not (first in g.first_names or second[:1].islower()):
                i += 1  # "Putin-Bitte", "Ukraine-Krieg": a compound noun, not a name
                continue
        # 3. legal forms: "Siemens AG", "Muster GmbH"
        if t in g.org_word and i > 0 and _cap(toks[i - 1]) and toks[i - 1].text[:1].isalpha():
            j = i - 1
            while j > 0 and _properish(toks[j - 1]) and i - j < 4:
                j -= 1
            # the name before may already be a mention: replace it
            out = [m for m in out if m.end <= toks[j].start]
            name = " ".join(x.text for x in toks[j : i + 1])
            out.append(_Mention(toks[j].start, tok.end, "ORG", name))
            i += 1
            continue
        # 4. acronyms: NATO, CDU, FBI (not roman numerals, not sentence-long shouting)
        if 2 <= len(t) <= 6 and t.isupper() and t.isalpha() and not set(t) <= set("IVXLCDM"):
            out.append(_Mention(tok.start, tok.end, "ORG", t))
            i += 1
            continue
        # 5. organisation nouns: "die Polizei", "Innenministerium", "Universität Wien"
        if t[:1].isupper() and tok.tag in (None, "NN", "NE") and organisation_cue(t):
            low = t.casefold()
            start_i, end_i = i, i + 1
            if i > 0 and toks[i - 1].tag == "ADJA" and _cap(toks[i - 1]) and i - 1 > 0:
                start_i = i - 1  # "Europäische Kommission" (not sentence-initial adjectives)
            if (
                end_i < n
                and toks[end_i].tag == "NE"
                and _cap(toks[end_i])
                and _match_gazetteer(toks, end_i, g) is None
            ):
                end_i += 1  # "Universität Wien" (but not "Nachrichtenagentur AFP")
            if (
                start_i < i
                or end_i > i + 1
                or t in _ALWAYS_ORG_NOUNS
                or low.startswith(_INSTITUTION_PREFIXES)
            ):
                span = " ".join(x.text for x in toks[start_i:end_i])
                out.append(_Mention(toks[start_i].start, toks[end_i - 1].end, "ORG", span))
                i = end_i
                continue
        # 6. people and other proper names
        person = _person_at(toks, i, g)
        if person is not None:
            j, label = person
            run = tuple(toks[i:j])
            if label == "PER":
                out.append(_per(run, toks[j] if j < n else None))
            else:
                parts = tuple(x.text for x in run)
                out.append(_Mention(tok.start, toks[j - 1].end, label, " ".join(parts), parts, run))
            i = j
            continue
        i += 1
    return out


def _person_at(toks: list[Token], i: int, g: _Gazetteer) -> tuple[int, EntityLabel] | None:
    """End index and label of a person (or other proper name) starting at token ``i``."""
    tok = toks[i]
    t = tok.text
    if not t[:1].isupper() or t.casefold() in closed_class() or not t[:1].isalpha():
        return None
    if is_role_noun(t) and t not in g.first_names:
        return None  # "Machthaber" before "Kim Jong-un" is a role, not part of the name
    after_role = i > 0 and is_role_noun(toks[i - 1].text)
    first_name = t in g.first_names
    if not (tok.tag == "NE" or first_name or (after_role and tok.tag in ("NN", "FM", None))):
        return None
    j = i + 1
    while j < len(toks) and j - i < 4:
        if _genitive_end(toks[j - 1].text, g):
            break  # "Putins Bitte", "Wladimir Putins Invasion": the name ends at the genitive
        nt = toks[j]
        if not _properish(nt) or nt.tag == "ADJA" or ("-" in nt.text and organisation_cue(nt.text)):
            break
        if _match_gazetteer(toks, j, g) is not None or is_role_noun(nt.text):
            break
        if nt.text in g.first_names and any(x.text not in g.first_names for x in toks[i:j]):
            break  # "Steiermark Franz Voves": a first name starts a new name
        if nt.tag != "NE" and not (first_name and j == i + 1) and nt.text not in g.first_names:
            break
        j += 1
    if j - i >= 2 or first_name or after_role:
        return j, "PER"
    # A lone NE: a place after a local preposition, else undecided for now; a word the
    # lemma table knows as a common noun ("Burg", "Euro") is a tagging error, not a name.
    if i == 0 or len(t) < 3 or _common_noun(t):
        return None
    prev = toks[i - 1].text.casefold()
    return j, ("LOC" if prev in _PLACE_PREPS else "OTHER")


def _common_noun(word: str) -> bool:
    """Whether the tagger's lemma table knows ``word`` as a common noun (NN) only."""
    from .tagger import load_tagger

    tagger = load_tagger()
    return tagger.knows(word, "NN") and not tagger.knows(word, "NE")


def _split_joined_names(mentions: list[_Mention]) -> list[_Mention]:
    """Split runs that glue two known people together ("Kim Putins Ansuchen")."""
    # The full names of the document, found by their surname and by each of their parts,
    # so that a mention is compared only with the names it shares a part with (linear).
    by_last: dict[str, list[tuple[tuple[str, ...], set[str]]]] = {}
    by_part: dict[str, list[tuple[tuple[str, ...], set[str]]]] = {}
    names = dict.fromkeys(m.parts for m in mentions if m.label == "PER" and len(m.toks) >= 2)
    for parts in names:
        entry = (parts, set(parts))
        by_last.setdefault(parts[-1], []).append(entry)
        for part in entry[1]:
            by_part.setdefault(part, []).append(entry)
    out: list[_Mention] = []
    for m in mentions:
        k = None
        if m.label == "PER" and len(m.toks) >= 2:
            for cut in range(1, len(m.toks)):
                sur = _strip_gen(m.toks[cut].text)
                head = set(m.parts[:cut])
                # the tail is another person's surname, the head part of a third name
                tail_owner = any(p != m.parts and not head <= ps for p, ps in by_last.get(sur, ()))
                head_owner = any(
                    p != m.parts and head <= ps and p[-1] != sur
                    for p, ps in by_part.get(m.parts[0], ())
                )
                if tail_owner and head_owner:
                    k = cut
                    break
        if k is None:
            out.append(m)
            continue
        out.append(_per(m.toks[:k]))
        out.append(_per(m.toks[k:], genitive=True))
    return out


def _per(toks: tuple[Token, ...], nxt: Token | None = None, genitive: bool = False) -> _Mention:
    """A person mention; its last part loses a genitive -s when a noun follows ("Putins
    Invasion") or when the caller knows it is a genitive. "Voves", "Haas" keep their s."""
    parts = tuple(t.text for t in toks)
    if genitive or (nxt is not None and nxt.text[:1].isupper() and nxt.tag in ("NN", "NE")):
        parts = (*parts[:-1], _strip_gen(parts[-1]))
    return _Mention(toks[0].start, toks[-1].end, "PER", " ".join(parts), parts, toks)


def _surname_mentions(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Mentions of a known person by surname alone that the tagger missed ("Putins" as APPR)."""
    surnames = {m.parts[-1] for m in mentions if m.label == "PER" and len(m.parts) >= 2}
    if not surnames:
        return []
    # the characters mentions cover, as disjoint sorted intervals (a bisection per token)
    covered: list[list[int]] = []
    for start, end in sorted((m.start, m.end) for m in mentions):
        if covered and start <= covered[-1][1]:
            covered[-1][1] = max(covered[-1][1], end)
        else:
            covered.append([start, end])
    starts = [c[0] for c in covered]
    out: list[_Mention] = []
    for sent in doc.sentences:
        for tok in sent.tokens:
            t = tok.text
            if not t[:1].isupper() or (t not in surnames and _strip_gen(t) not in surnames):
                continue
            k = bisect_right(starts, tok.start) - 1
            if k >= 0 and tok.start < covered[k][1]:
                continue
            out.append(_per((tok,)))
    return out


def _genitive_end(word: str, g: _Gazetteer) -> bool:
    """A name part in the genitive ("Putins"): the name cannot continue after it."""
    return _strip_gen(word) != word and word not in g.first_names


def _canonicalise(mentions: list[_Mention]) -> None:
    """Link short and genitive mentions to the full name of the same person in the document."""
    full = [m for m in mentions if m.label == "PER" and len(m.parts) >= 2]
    # the full names that hold each part, in document order (each mention once)
    holders: dict[str, list[int]] = {}
    for k, f in enumerate(full):
        for part in dict.fromkeys(f.parts):
            holders.setdefault(part, []).append(k)
    for m in mentions:
        if m.label not in ("PER", "OTHER", "LOC") or not m.parts or len(m.parts) >= 2:
            continue
        word = m.parts[0]
        best: _Mention | None = None
        # the first longest full name that holds the word or its genitive-less form
        for k in sorted({*holders.get(word, ()), *holders.get(_strip_gen(word), ())}):
            if best is None or len(full[k].parts) > len(best.parts):
                best = full[k]
        if best is not None:
            m.label = "PER"
            m.canonical = best.canonical
            m.parts = best.parts
    # "Wladimir Putins" (genitive, no noun after it) is "Wladimir Putin" when that is known.
    by_parts = {m.parts: m.canonical for m in full}
    for m in full:
        last = m.parts[-1]
        stripped = (*m.parts[:-1], _strip_gen(last))
        if stripped != m.parts and stripped in by_parts:
            m.canonical = by_parts[stripped]
            m.parts = stripped
    # Undecided single names that are never linked to a person keep their surface form.
    # (``counts`` follows the renames, as a fresh set of the other canonicals would.)
    counts = Counter(m.canonical for m in mentions)
    for m in mentions:
        if m.label == "OTHER" and m.canonical.endswith("s") and counts[m.canonical[:-1]] > 0:
            counts[m.canonical] -= 1
            m.canonical = m.canonical[:-1]
            counts[m.canonical] += 1
