"""Entity mentions found by rules: gazetteer names, compounds, legal forms, acronyms,
organisation nouns and people (role nouns and first names before capitalised words)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ...doc import Doc, Token
from ...lang import de
from ...lang.de.punctuation import OPENING_QUOTES
from ...model import EntityLabel
from ..tagger import load_tagger
from ..tokenize import closed_class
from .gazetteer import _Entry, _Gazetteer, _norm, is_role_noun, organisation_cue

_OPEN_Q = OPENING_QUOTES
_PLACE_PREPS = de.word_class("place-preposition")
_MEDIA_CUES = de.word_list("media-cue")
_INSTITUTION_PREFIXES = de.word_list("institution-prefix")
_ALWAYS_ORG_NOUNS = de.word_class("always-org-noun")
_SURNAMES = frozenset(de.surnames().column("name"))


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


def sentence_mentions(toks: list[Token], g: _Gazetteer) -> list[_Mention]:
    """The rule-based mentions of one sentence, left to right (each step consumes tokens)."""
    out: list[_Mention] = []
    i = 0
    while i < len(toks):
        for step in (_gazetteer_name, _compound, _legal_form, _acronym, _org_noun, _person_name):
            nxt = step(toks, i, g, out)
            if nxt is not None:
                i = nxt
                break
        else:
            i += 1
    return out


def _gazetteer_name(toks: list[Token], i: int, g: _Gazetteer, out: list[_Mention]) -> int | None:
    """1. gazetteer names (outlets, platforms, countries, capitals, institutions, bodies)."""
    tok = toks[i]
    hit = _match_gazetteer(toks, i, g) if tok.text[:1].isalpha() else None
    if hit is None:
        return None
    length, entry, _gen = hit
    if entry.ambiguous and not _accept_ambiguous(toks, i, length):
        return None
    out.append(_Mention(tok.start, toks[i + length - 1].end, entry.label, entry.canonical))
    return i + length


def _compound(toks: list[Token], i: int, g: _Gazetteer, out: list[_Mention]) -> int | None:
    """2. hyphen compounds: a platform or outlet inside ("Twitter-Posting"), or an organisation
    noun with a name in front ("US-Geheimdienst", "EU-Kommission")."""
    tok, t = toks[i], toks[i].text
    if not ("-" in t[1:] and t[:1].isupper()):
        return None
    first = t.split("-", 1)[0]
    if organisation_cue(t) and first[:1].isupper():
        out.append(_Mention(tok.start, tok.end, "ORG", t))
        return i + 1
    fe = g.names.get(_norm(first))
    if fe is not None and fe.kind in {"platform", "outlet"} and not fe.ambiguous:
        out.append(_Mention(tok.start, tok.start + len(first), fe.label, fe.canonical))
        return i + 1
    second = t.split("-", 1)[1]
    if not (first in g.first_names or second[:1].islower()):
        return i + 1  # "Putin-Bitte", "Ukraine-Krieg": a compound noun, not a name
    return None


def _legal_form(toks: list[Token], i: int, g: _Gazetteer, out: list[_Mention]) -> int | None:
    """3. legal forms: "Siemens AG", "Muster GmbH" (the name before it joins the mention)."""
    tok, t = toks[i], toks[i].text
    if not (t in g.org_word and i > 0 and _cap(toks[i - 1]) and toks[i - 1].text[:1].isalpha()):
        return None
    j = i - 1
    while j > 0 and _properish(toks[j - 1]) and i - j < 4:
        j -= 1
    out[:] = [m for m in out if m.end <= toks[j].start]  # the name before may be a mention
    out.append(_Mention(toks[j].start, tok.end, "ORG", " ".join(x.text for x in toks[j : i + 1])))
    return i + 1


def _acronym(toks: list[Token], i: int, g: _Gazetteer, out: list[_Mention]) -> int | None:
    """4. acronyms: NATO, CDU, FBI (not roman numerals, not sentence-long shouting)."""
    tok, t = toks[i], toks[i].text
    if t.casefold() in closed_class():
        return None  # "DER STANDARD", "DIE ZEIT": an article in capitals is no acronym
    if 2 <= len(t) <= 6 and t.isupper() and t.isalpha() and not set(t) <= set("IVXLCDM"):
        out.append(_Mention(tok.start, tok.end, "ORG", t))
        return i + 1
    return None


def _org_noun(toks: list[Token], i: int, g: _Gazetteer, out: list[_Mention]) -> int | None:
    """5. organisation nouns: "die Polizei", "Innenministerium", "Universität Wien"."""
    tok, t = toks[i], toks[i].text
    if not (t[:1].isupper() and tok.tag in (None, "NN", "NE") and organisation_cue(t)):
        return None
    start_i, end_i = i, i + 1
    if i > 0 and toks[i - 1].tag == "ADJA" and _cap(toks[i - 1]) and i - 1 > 0:
        start_i = i - 1  # "Europäische Kommission" (not sentence-initial adjectives)
    nxt = toks[end_i] if end_i < len(toks) else None
    if (
        nxt is not None
        and nxt.tag == "NE"
        and _cap(nxt)
        and _match_gazetteer(toks, end_i, g) is None
    ):
        end_i += 1  # "Universität Wien" (but not "Nachrichtenagentur AFP")
    named = start_i < i or end_i > i + 1
    if not (named or t in _ALWAYS_ORG_NOUNS or t.casefold().startswith(_INSTITUTION_PREFIXES)):
        return None
    span = " ".join(x.text for x in toks[start_i:end_i])
    out.append(_Mention(toks[start_i].start, toks[end_i - 1].end, "ORG", span))
    return end_i


def _person_name(toks: list[Token], i: int, g: _Gazetteer, out: list[_Mention]) -> int | None:
    """6. people and other proper names."""
    person = _person_at(toks, i, g)
    if person is None:
        return None
    j, label = person
    run = tuple(toks[i:j])
    if label == "PER":
        out.append(_per(run, toks[j] if j < len(toks) else None))
    else:
        parts = tuple(x.text for x in run)
        out.append(_Mention(toks[i].start, toks[j - 1].end, label, " ".join(parts), parts, run))
    return j


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
    if len(t) >= 3 and t in _SURNAMES and tok.tag == "NE":
        return j, "PER"  # "…, erwiderte Müller": a family name the tagger calls a name
    if i == 0 or len(t) < 3 or _common_noun(t):
        return None
    prev = toks[i - 1].text.casefold()
    return j, ("LOC" if prev in _PLACE_PREPS else "OTHER")


def _common_noun(word: str | Token) -> bool:
    """Whether the tagger's lemma table knows ``word`` as a common noun (NN) only."""
    text = word if isinstance(word, str) else word.text
    tagger = load_tagger()
    return tagger.knows(text, "NN") and not tagger.knows(text, "NE")


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
