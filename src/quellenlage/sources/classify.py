"""Source typing: what kind of source a mention names (taxonomy v2) and which identity.

A cleaned mention (``mention.py``) gets its type and canonical name by the first of these that
applies, each a named decision (its evidence label in ``decisions.BY``):

1. coordination ("Der Kreml und Peking", "sowohl Billa als auch Hofer"): each part typed;
2. a pronoun or ``man``: its referent in the discourse (``coref.py``);
3. a post, tweet, page or video on a platform: ``social_media``, with the author behind it;
4. an outlet: ``media``; a named person: ``person`` (full name from the first mention);
5. a known body by name (``bodies.tsv``: the Fed, the BND, the EU Commission …);
6. the head noun (``source_nouns.tsv``): a role (person; definite role nouns resolved to the
   person; a spokesperson's identity is the body they speak for), an authority, government,
   organisation, media or document noun, an anonymous or vague group;
7. an organisation name; a country or capital as actor: its government;
8. otherwise ``unknown``, with the mention as its name.
"""

from __future__ import annotations

import itertools
from itertools import islice

from ..annotate import entities as names
from ..doc import Doc, EntitySpan, SourceInfo, Token
from ..lang import de
from ..lang.de.sources import (
    body,
    english_government,
    nominative_noun,
    noun_type,
    unnamed_type,
)
from ..model import SourceType
from .coref import DOCUMENT, PRONOUN, ROLE_NOUN, Discourse
from .decisions import BY
from .identity import (
    ANTECEDENT,
    PLACE,
    RECENT_ENTITIES,
    body_antecedent,
    local_authorities,
    place_of,
)
from .mention import Mention

_PRONOUNS = de.word_class("source-pronoun") | de.word_class("possessive") | {"ihn", "sie"}
_COORD = de.word_class("coordinator")
_DETERMINERS = de.word_class("determiner")
_INDEFINITE = de.word_class("indefinite-article")
_SPOKES = ("sprecher", "sprecherin", "sprechers", "sprecherinnen")
# Nouns for unnamed people that, in the definite singular, name one person ("Der Beamte").
_PERSON_GROUPS = frozenset(
    {"beamte", "beamter", "beamtin", "offizielle", "insider", "vertraute", "diplomat"}
)


def _info(m: Mention, typ: SourceType, canonical: str | None, head: str, rule: str) -> SourceInfo:
    return SourceInfo(
        _text(m), m.start, m.end, typ, canonical, head=head, evidence=[*m.evidence, BY[rule]]
    )


def _text(m: Mention) -> str:
    toks = m.toks
    out = toks[0].text
    for prev, tok in itertools.pairwise(toks):
        out += (" " if tok.start > prev.end else "") + tok.text
    return out


def _nounlike(tok: Token) -> bool:
    if tok.tag:
        return tok.tag in {"NN", "NE", "FM", "XY", "TRUNC"} or (
            tok.tag == "PIS" and tok.text.lower() in de.word_class("vague-quantifier")
        )
    return tok.text[:1].isupper() and tok.text.lower() not in _DETERMINERS


def head_index(toks: list[Token]) -> int | None:
    """The head noun: the first noun that is not a prenominal genitive ("Russlands")."""
    for i, tok in enumerate(toks):
        if not _nounlike(tok) or tok.text.lower() in _DETERMINERS or tok.tag == "TRUNC":
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if tok.text.endswith("s") and nxt is not None and _nounlike(nxt) and not tok.text.isupper():
            continue  # "Russlands Präsident", "Nordkoreas Machthaber"
        return i
    return None


def split_coordination(toks: list[Token]) -> list[list[Token]]:
    """ "Der Kreml und Peking" → two conjuncts when each side carries a noun; a comma is a
    conjunction only in a list that ends in und/sowie."""
    has_coord = any(t.text.lower() in _COORD for t in toks)
    parts: list[list[Token]] = [[]]
    for k, tok in enumerate(toks):
        low = tok.text.lower()
        joined = k > 0 and toks[k - 1].tag == "TRUNC"  # "Hotel- und Gaststättenverband"
        if (low in _COORD and not joined) or (tok.text == "," and has_coord):
            parts.append([])
        elif low not in {"sowohl", "als", "auch"}:
            parts[-1].append(tok)
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(head_index(p) is not None for p in parts):
        return parts
    return [toks]


def classify(doc: Doc, m: Mention, discourse: Discourse) -> SourceInfo:
    """The type and identity of the source that mention ``m`` names."""
    conjuncts = split_coordination(m.toks)
    if len(conjuncts) > 1:
        return _coordination(doc, m, conjuncts, discourse)
    first = m.toks[0]
    if len(m.toks) == 1 and first.text.lower() in _ANAPHORIC_ADVERBS:
        return _anaphoric_adverb(m, first, discourse)
    if len(m.toks) == 1 and first.text.lower() in GROUP_PRONOUNS:
        # "Alle weisen die Vorwürfe zurück": the people just spoken of, as a group
        return _info(m, "person", None, first.text, "pronoun")
    if first.text.lower() in _PRONOUNS and (
        len(m.toks) == 1 or (m.toks[1].tag or "").startswith("APPR")
    ):
        return _pronoun(m, first, discourse)
    ents = doc.entities_within(m.start, m.end)
    hi = head_index(m.toks)
    head = m.toks[hi].text if hi is not None else m.toks[-1].text
    for step in (_platform, _named, _by_head):
        found = step(doc, m, ents, hi, head, discourse)
        if found is not None:
            return found
    return _fallback(m, ents, hi, head)


def _coordination(
    doc: Doc, m: Mention, conjuncts: list[list[Token]], discourse: Discourse
) -> SourceInfo:
    parts = [classify(doc, Mention(p), discourse) for p in conjuncts]
    types = {p.type for p in parts}
    typ: SourceType = parts[0].type
    if (
        len(types) > 1
        and "government" in types
        and types <= {"government", "unknown", "organisation"}
    ):
        typ = "government"  # "Der Kreml und Peking": states speaking together
    elif "vague" in types and types <= {"vague", "person"}:
        typ = "vague"  # "Bewohnern und eines Arztes": an unnamed group
    joined = " + ".join(p.canonical or p.text for p in parts)
    info = _info(m, typ, joined, " + ".join(p.head for p in parts), "coordination")
    info.parts = parts
    return info


GROUP_PRONOUNS = de.word_class("group-pronoun")
_ANAPHORIC_ADVERBS = frozenset({"demnach", "danach", "darin", "darnach", "dort"})


def _anaphoric_adverb(m: Mention, tok: Token, discourse: Discourse) -> SourceInfo:
    """ "Demnach …", "Darin heißt es …": what the last source said or wrote."""
    ref = discourse.last_speaker(tok.start)
    if ref is None:
        return _info(m, "unknown", None, tok.text, "pronoun")
    info = _info(m, ref.type, ref.canonical, tok.text, "pronoun")
    info.evidence.append(DOCUMENT)
    return info


def _pronoun(m: Mention, tok: Token, discourse: Discourse) -> SourceInfo:
    if tok.text.lower() == "man":
        return _info(m, "vague", None, tok.text, "pronoun")
    ref = discourse.pronoun(tok.text, tok.start)
    if ref is None:
        return _info(m, "unknown", None, tok.text, "pronoun")
    info = _info(m, ref.type, ref.canonical, tok.text, "pronoun")
    info.evidence.append(PRONOUN)
    return info


def _platform(
    doc: Doc, m: Mention, ents: list[EntitySpan], hi: int | None, head: str, discourse: Discourse
) -> SourceInfo | None:
    """A post on a platform: the post is the source, the author behind it the next link."""
    social = noun_type(head) == "social_media" or (
        names.lookup_platform(head) and noun_type(head) in {"document", None}
    )
    if not social:
        return None
    rest = m.toks[hi + 1 :] if hi is not None else []
    behind = None
    if rest and any(_nounlike(t) for t in rest):
        inner = classify(doc, Mention(rest), discourse)
        if inner.type != "unknown" or any(e.label == "PER" for e in ents):
            behind = inner
    elif "-" in head and not names.lookup_platform(head.split("-", 1)[0]):
        owner = head.split("-", 1)[0]  # "Billa-Facebookseite": the page of Billa
        behind = SourceInfo(owner, m.start, m.start + len(owner), "organisation", owner)
    info = _info(m, "social_media", behind.canonical if behind else None, head, "platform")
    info.behind = behind
    return info


def _named(
    doc: Doc, m: Mention, ents: list[EntitySpan], hi: int | None, head: str, discourse: Discourse
) -> SourceInfo | None:
    """An outlet, a named person or a known body."""
    media = [e for e in ents if e.label == "MEDIA"]
    persons = [e for e in ents if e.label == "PER"]
    head_type = noun_type(head)
    role = head_type in {"person", "anonymous"} and not names.lookup_outlet(head)
    if (media or names.lookup_outlet(head)) and not role:
        # "ein ORF-Sprecher", "einer ORF-Quelle": the outlet is whom the role speaks for
        name = media[0].canonical if media else (_name_after(m.toks, hi) or head)
        return _info(m, "media", name, head, "outlet")
    described = (
        len(m.toks) == 2
        and m.toks[0].text.lower() in {"der", "die", "dem", "den", "des"}
        and head_type == "person"
    )  # "Der Kaufmann" is a merchant even when a Herbert Kaufmann is in the text
    if persons and head_type in {None, "person", "anonymous"} and not described:
        # the name at or after the role noun is the speaker ("Prieths Anwalt Mathias
        # Kapferer"), not a genitive before it; "X, Sprecher von Y": the first name
        head_start = m.toks[hi].start if hi is not None else m.start
        commas = [t.start for t in m.toks if t.text == ","]
        if commas:  # "Der Bürgermeister von Valea Brazilor, Ion Mărgineanu": the apposed name
            head_start = max(head_start, commas[0])
        after = [e for e in persons if e.end > head_start]
        who = after[0] if after else persons[0]
        return _info(m, "person", who.canonical, head, "person")
    known = body(" ".join(t.text for t in m.toks)) or body(head)
    gov = names.government_of(head) if known is None else None
    named_after = hi is not None and any((t.tag or "") in {"NE", "NN"} for t in m.toks[hi + 1 :])
    if gov is not None and head_type in {None, "government"} and not named_after:
        # "Riad Haddad" is a man, not Saudi Arabia: a capital stands for its state alone
        info = _info(m, "government", gov, head, "state")  # "der Kreml", "Peking", "Nordkorea"
        en = english_government(gov)
        info.aliases = [en] if en else []
        return info
    if known is not None:
        national = _national(m, hi) if known.canonical.lower() == head.lower() else None
        info = _info(m, known.type, national or known.canonical, head, "body")
        info.aliases = list(known.aliases)
        if national is None:
            _local_identity(doc, m, info, discourse)
        return info
    return None


def _national(m: Mention, hi: int | None) -> str | None:
    """ "die türkische Armee", "der ägyptischen Sicherheitskräfte": a generic body of one
    country is named with its nationality ("türkische Armee"), as an editor writes it."""
    if hi is None:
        return None
    for tok in m.toks[:hi]:
        if tok.tag == "ADJA" and names.country_of_adjective(tok.text):
            low = tok.text.lower()
            stem = low[:-1] if low.endswith(("en", "er", "es", "em")) else low
            return f"{stem if stem.endswith('e') else stem + 'e'} {m.toks[hi].text}"
    return None


def _by_head(
    doc: Doc, m: Mention, ents: list[EntitySpan], hi: int | None, head: str, discourse: Discourse
) -> SourceInfo | None:
    """The kind of source the head noun names."""
    head_type = noun_type(head)
    if head_type is None:
        return None
    if hi is None:  # the tagger missed the noun: the last word is the head
        hi = len(m.toks) - 1
    det = m.toks[0].text.lower() if m.toks[0].text.lower() in _DETERMINERS else ""
    if head_type == "person":
        return _role(doc, m, ents, hi, head, det, discourse)
    if head_type in {"anonymous", "vague"}:
        if (
            det in {"der", "dem", "des"}
            and unnamed_type(head) is None
            and head.lower() in _PERSON_GROUPS
        ):
            return _role(doc, m, ents, hi, head, det, discourse)  # "Der Beamte": one person
        return _info(m, head_type, None, head, "head-noun")
    if head_type == "media":
        name = _name_after(m.toks, hi)
        if name is None and det in {"der", "die", "das", "dem", "den", "des"} and _singular(head):
            ref = discourse.last_of(("media",), m.start)  # "das Portal": the one named before
            name = ref.canonical if ref is not None else None
        info = _info(m, "media", name, head, "head-noun")
        info.plural = not _singular(head) or det == ""
        return info
    if (
        head_type == "document"
        and det in {"der", "die", "das", "dem", "den", "des"}
        and hi == len(m.toks) - 1
    ):
        ref = discourse.document(m.start)
        info = _info(
            m, "document", ref.canonical if ref else _strip_det(_text(m)), head, "head-noun"
        )
        if ref is not None:
            info.evidence.append(DOCUMENT)
        return info
    national = _national(m, hi) if head_type == "authority" else None
    canonical = national or _institution_name(m, ents, head_type)
    info = _info(m, head_type, canonical, head, "head-noun")
    if national is None:
        _local_identity(doc, m, info, discourse)
    if head_type == "government":
        en = english_government(canonical or "")
        info.aliases = [en] if en else []
    return info


def _singular(noun: str) -> bool:
    """A media noun in the singular ("Portal", "Zeitung"), not "Medienberichten", "Sender"s."""
    low = noun.lower()
    return not low.endswith(
        ("berichten", "berichte", "medien", "sendern", "zeitungen", "agenturen")
    )


def _role(
    doc: Doc, m: Mention, ents: list[EntitySpan], hi: int, head: str, det: str, discourse: Discourse
) -> SourceInfo:
    """A role noun: a described person, an unnamed insider, or someone named before."""
    low = head.lower()
    named = _apposed_name(doc, m)
    if named is not None:  # "Die Vorsitzende im Hauptverband, Ulrike Rabmer-Koller, …"
        return _info(m, "person", named.canonical, head, "person")
    if low.endswith(_SPOKES):
        body_name = _spokesperson_body(m, hi, head, ents)
        if body_name is None and det in {"der", "die", "dem"} | _INDEFINITE:
            # "der Sprecher", "eine Sprecherin": of the body the text is about
            ref = discourse.last_body(("authority", "government", "organisation"), m.start)
            body_name = ref.canonical if ref is not None else None
        info = _info(m, "person", body_name, head, "spokesperson")
        if body_name:
            spoken_for = _info(m, "authority", body_name, body_name, "spokesperson")
            _local_identity(doc, m, spoken_for, discourse)
            info.canonical = spoken_for.canonical
            info.evidence.extend(spoken_for.evidence[len(m.evidence) + 1 :])
            info.aliases = [_strip_det(_text(m)), f"Sprecher der {body_name}"]
        return info
    if det in _INDEFINITE or not det:
        if det in _INDEFINITE:
            return _info(m, unnamed_type(head) or "person", None, head, "head-noun")
        typ = unnamed_type(head)
        if typ is not None and low.endswith(("en", "er")) and not low.endswith("er" * 2):
            return _info(m, typ, None, head, "head-noun")
    ref = discourse.role(head, m.start, det)
    if ref is not None:
        info = _info(m, "person", ref.canonical, head, "head-noun")
        info.evidence.append(ROLE_NOUN)
        return info
    return _info(m, "person", None, head, "head-noun")


def _apposed_name(doc: Doc, m: Mention) -> EntitySpan | None:
    """A person named in apposition right after the role mention (", Name,")."""
    sent = doc.sentences[m.toks[-1].sent]
    after = doc.text[m.end : min(sent.end, m.end + 80)]
    if not after.lstrip().startswith(","):
        return None
    for e in doc.entities:
        if e.label == "PER" and m.end < e.start <= m.end + 80 and e.end <= sent.end:
            gap = doc.text[m.end : e.start]
            return (
                e if gap.count(",") == 1 and gap.strip().startswith(",") and len(gap) < 60 else None
            )
    return None


def _spokesperson_body(m: Mention, hi: int, head: str, ents: list[EntitySpan]) -> str | None:
    """The body a spokesperson speaks for: "Polizeisprecher" → Polizei, "Sprecher des
    Innenministeriums" → Innenministerium, "Sprecher von Erwin Pröll" → Erwin Pröll."""
    rest = m.toks[hi + 1 :]
    if rest:
        inner = [t for t in rest if t.text.lower() not in _DETERMINERS | {"von", "vom"}]
        if inner:
            named = [e for e in ents if e.start >= inner[0].start]
            if named:
                return named[0].canonical
            known = body(" ".join(t.text for t in inner))
            return known.canonical if known else _nominative([t.text for t in inner])
    low = head.lower()
    for suffix in _SPOKES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            prefix = head[: len(head) - len(suffix)].rstrip("-")
            known = body(prefix) or body(prefix.rstrip("s"))
            if known:
                return known.canonical
            return prefix.rstrip("s") if prefix.endswith("s") and len(prefix) > 5 else prefix
    return None


def _institution_name(m: Mention, ents: list[EntitySpan], head_type: SourceType) -> str | None:
    """The canonical name of an authority, government, organisation or document mention."""
    k = len(m.toks)
    while k > 0 and m.toks[k - 1].tag in {"NE", "FM"}:
        k -= 1
    if head_type == "organisation" and 0 < k < len(m.toks) and noun_type(m.toks[k - 1].text):
        # "der US-Konzern Lockheed Martin": the name apposed to the noun is the identity
        return " ".join(t.text for t in m.toks[k:])
    orgs = [e for e in ents if e.label == "ORG"]
    if orgs and head_type in {"organisation", "authority"}:
        return orgs[0].canonical
    words = [t.text for t in m.toks]
    for k, word in enumerate(words):
        country = names.country_of_adjective(word)
        if country is not None and head_type == "government":
            gov = names.government_of(country)
            if gov and words[k + 1 :] and words[-1].lower().startswith("regierung"):
                return gov
    if head_type == "government":
        for e in ents:
            if e.label == "LOC":
                gov = names.government_of(e.text)
                if gov and m.toks[-1].text.lower().startswith("regierung"):
                    return gov
    return _nominative(_strip_det(_text(m)).split(" "))


def _nominative(words: list[str]) -> str:
    """A name whose last noun is in the genitive, with that noun in the nominative
    ("Bundesgesundheitsministeriums" → "Bundesgesundheitsministerium")."""
    return " ".join([*words[:-1], nominative_noun(words[-1])]) if words else ""


def _local_identity(doc: Doc, m: Mention, info: SourceInfo, discourse: Discourse) -> None:
    """An unnamed body: the police of the place, the ministry named before."""
    head = info.head
    bare = (info.canonical or "").lower() == head.lower()
    if not bare:
        return
    if head in local_authorities():
        place = place_of(doc, m.toks, m.start)
        if place:
            info.canonical = f"{head} {place}"
            info.aliases = [head]
            info.evidence.append(PLACE)
        return
    earlier = (
        r.canonical for r in reversed(discourse.speakers) if r.canonical and r.start < m.start
    )
    found = body_antecedent(doc.entities_before(m.start), earlier, head, m.start)
    if found is None and head.lower() in de.word_class("generic-body"):
        # "die Organisation", "der Konzern": the body of that kind the text named before (a
        # fire brigade is no "Konzern": a name whose own noun is of another kind is skipped)
        ref = discourse.last_of((info.type,), m.start)
        found = ref.canonical if ref is not None and ref.canonical != info.canonical else None
        if found is None:
            recent = islice(doc.entities_before(m.start), RECENT_ENTITIES)
            org = next((e for e in recent if e.label == "ORG"), None)
            found = org.canonical if org is not None and org.canonical != info.canonical else None
        if found is not None and _other_kind(found, info.type):
            found = None
    if found:
        info.canonical = found
        info.evidence.append(ANTECEDENT)


def _other_kind(name: str, typ: SourceType) -> bool:
    """Whether a name's own head noun says it is another kind of source ("Feuerwehr
    Ludwigshafen" is an authority, not the "Konzern" a later sentence speaks of)."""
    words = name.split()
    kinds = {noun_type(w) for w in words} - {None}
    return bool(kinds) and typ not in kinds


def _fallback(m: Mention, ents: list[EntitySpan], hi: int | None, head: str) -> SourceInfo:
    orgs = [e for e in ents if e.label in {"ORG", "MEDIA"}]
    if orgs:
        return _info(m, "organisation", orgs[0].canonical, head, "organisation")
    for e in ents:
        if e.label == "LOC":
            gov = names.government_of(e.text)
            if gov is None and len(e.text.split()) > 1:
                continue  # "Riad Haddad": a place name that is no state is not a state
            return _info(m, "government", gov or e.canonical, head, "state")
    return _info(m, "unknown", _strip_det(_text(m)), head, "unknown")


def _name_after(toks: list[Token], hi: int | None) -> str | None:
    """The name that follows a media noun: die Zeitung „Daily NK“ → Daily NK."""
    if hi is None:
        return None
    words = [t.text for t in toks[hi + 1 :] if t.text not in {'"', "„", "“", "”", "»", "«", ","}]
    return " ".join(words) or None


def _strip_det(text: str) -> str:
    """The name without its article; a genitive after "des" loses its ending."""
    words = text.split()
    genitive = bool(words) and words[0].lower() in {"des", "eines"}
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if genitive and len(words) == 1 and len(words[0]) > 5 and words[0].endswith("s"):
        words[0] = words[0][:-2] if words[0].endswith("es") else words[0][:-1]
    return " ".join(words) or text
