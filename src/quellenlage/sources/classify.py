"""Source typing: who speaks (person, government, media, a social-media post, ...) and as whom.

A source span from the attribution stage ("einem Twitter-Posting der Journalistin Sarah
Hurst", "Der Kreml und Peking", "er") becomes a typed ``Source`` with a canonical identity:
entities inside the span first, then the head noun looked up in ``source_nouns.tsv``, then the
government metonyms of the annotate stage. Pronouns link back to the last fitting source.
"""

from __future__ import annotations

import re
from functools import cache

from ..annotate import entities as entity_lexicon
from ..doc import Doc, EntitySpan, SourceInfo, Token
from ..lang import de
from ..model import SourceType

_DETERMINERS = de.word_class("determiner")
_INDEFINITE = de.word_class("indefinite-article")
_PRONOUNS = de.word_class("source-pronoun")
_COORD = de.word_class("coordinator")
_SOCIAL_PLATFORMS = re.compile(
    r"twitter|tweet|\bx\b|facebook|instagram|telegram|tiktok|youtube|x-|truth social|bluesky"
    r"|mastodon|threads|weibo|vk\b|linkedin|snapchat|reddit",
    re.IGNORECASE,
)


@cache
def _suffixes() -> tuple[tuple[str, SourceType], ...]:
    rows = de.source_nouns()
    # Longest suffix first so that "sprecherin" wins over "in"-less variants.
    return tuple(sorted(((r[0].lower(), r[1]) for r in rows), key=lambda x: -len(x[0])))  # type: ignore[misc]


@cache
def _unnamed_types() -> dict[str, SourceType]:
    rows = de.source_nouns()
    return {r[0].lower(): r[3] for r in rows if r[3]}  # type: ignore[misc]


def unnamed_type(word: str) -> SourceType | None:
    """The type of an unnamed, indefinite role noun ("ein Mitarbeiter": anonymous)."""
    w = word.lower()
    for suffix, typ in _unnamed_types().items():
        if w == suffix or (len(suffix) >= 5 and w.endswith(suffix)):
            return typ
    return None


def noun_type(word: str) -> SourceType | None:
    """The source type a head noun names, by the longest matching suffix of the lexicon."""
    w = word.lower().rsplit("-", 1)[-1] if "-" in word else word.lower()
    full = word.lower()
    for suffix, typ in _suffixes():
        if full == suffix or w == suffix or (len(suffix) >= 4 and w.endswith(suffix)):
            return typ
    return None


def _government(name: str) -> str | None:
    return entity_lexicon.government_of(name)


def _is_outlet(name: str) -> bool:
    return entity_lexicon.lookup_outlet(name)


def _is_nounlike(tok: Token) -> bool:
    if tok.tag:
        return tok.tag in {"NN", "NE", "FM", "XY"} or (
            tok.tag == "PIS" and tok.text.lower() in de.word_class("vague-quantifier")
        )
    return tok.text[:1].isupper() and tok.text.lower() not in _DETERMINERS


def _head_index(toks: list[Token]) -> int | None:
    """Index of the head noun: the first noun that is not a prenominal genitive ("Russlands")."""
    for i, tok in enumerate(toks):
        if not _is_nounlike(tok) or tok.text.lower() in _DETERMINERS:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if (
            tok.text.endswith("s")
            and nxt is not None
            and _is_nounlike(nxt)
            and not tok.text.isupper()
        ):
            # "Russlands Präsident", "Nordkoreas Machthaber": the genitive modifies the next noun.
            continue
        return i
    return None


def _entities_in(entities: list[EntitySpan], start: int, end: int) -> list[EntitySpan]:
    return [e for e in entities if e.start >= start and e.end <= end]


def _split_coordination(toks: list[Token]) -> list[list[Token]]:
    """Split "Der Kreml und Peking" into conjuncts when each side carries a noun."""
    parts: list[list[Token]] = [[]]
    for tok in toks:
        if tok.text.lower() in _COORD or tok.text == ",":
            parts.append([])
        else:
            parts[-1].append(tok)
    parts = [p for p in parts if p]
    if len(parts) > 1 and all(_head_index(p) is not None for p in parts):
        return parts
    return [toks]


def classify(
    doc: Doc, toks: list[Token], entities: list[EntitySpan], previous: list[SourceInfo]
) -> SourceInfo:
    """Type the source tokens and find its canonical identity; ``previous`` resolves pronouns."""
    start, end = toks[0].start, toks[-1].end
    text = doc.text[start:end]
    conjuncts = _split_coordination(toks)
    if len(conjuncts) > 1:
        typed = [classify(doc, p, entities, previous) for p in conjuncts]
        parts = typed
        types = {p.type for p in parts}
        typ: SourceType = parts[0].type
        if (
            len(types) > 1
            and "government" in types
            and types <= {"government", "unknown", "organisation"}
        ):
            typ = "government"  # "Der Kreml und Peking": states speaking together
        joined = " + ".join(p.canonical or p.text for p in parts)
        return SourceInfo(
            text, start, end, typ, joined, parts, head=" + ".join(t.head for t in typed)
        )
    if toks[0].text.lower() in _PRONOUNS and (
        len(toks) == 1 or (toks[1].tag or "").startswith("APPR")
    ):
        # "sie" or "sie auf einer Pressekonferenz": the pronoun is the source.
        return _resolve_pronoun(toks[0], text, start, end, previous, entities)

    ents = _entities_in(entities, start, end)
    hi = _head_index(toks)
    head = toks[hi].text if hi is not None else toks[-1].text
    head_type = noun_type(head)
    if (
        head_type is None
        and hi is not None
        and toks[hi].text.lower() in {"viele", "manche", "einige"}
    ):
        head_type = "vague"
    det = toks[0].text.lower()
    persons = [e for e in ents if e.label == "PER"]
    orgs = [e for e in ents if e.label in {"ORG", "MEDIA"}]
    media = [e for e in ents if e.label == "MEDIA"]

    # A post on a platform: the post is the source, the author behind it the next link.
    if head_type == "social_media" or (
        head_type in {"document", None} and _SOCIAL_PLATFORMS.search(head) is not None
    ):
        rest = toks[hi + 1 :] if hi is not None else []
        behind = None
        if rest:
            inner = classify(doc, rest, entities, previous)
            if inner.type != "unknown" or persons:
                behind = inner
        poster = behind.canonical if behind else None
        return SourceInfo(text, start, end, "social_media", poster, behind=behind, head=head)
    gov = _government(head) if hi is not None else None
    if head_type in {"media"} or media or _is_outlet(head):
        name = media[0].canonical if media else (_name_after(toks, hi) or head)
        return _make(text, start, end, "media", name, head)
    if persons and head_type in {None, "person", "anonymous"}:
        return _make(text, start, end, "person", persons[0].canonical, head)
    if head_type == "anonymous":
        return _make(text, start, end, "anonymous", None, head)
    if head_type == "person" and det in _INDEFINITE and not persons and hi is not None:
        # "Ein Sprecher des Ministeriums" is a described person (DESIGN.md §3: "der Sprecher");
        # "ein Mitarbeiter" an anonymous insider, by the lexicon's unnamed-type column.
        return _make(text, start, end, unnamed_type(head) or "person", None, head)
    if head_type == "person" and det not in _INDEFINITE:
        # "der Sprecher", "die Ministerin": the person introduced earlier with this role.
        named = _role_antecedent(doc, head, start, entities)
        return _make(text, start, end, "person", named or _strip_det(text), head)
    if gov and head_type in {None, "government"}:
        return _make(text, start, end, "government", gov, head)
    if head_type is not None:
        canonical: str | None = None
        canonical = orgs[0].canonical if orgs and head_type == "organisation" else _strip_det(text)
        if head_type == "government":
            canonical = gov or canonical
        if head_type in {"vague"}:
            canonical = None
        return _make(text, start, end, head_type, canonical, head)
    if orgs:
        return _make(text, start, end, "organisation", orgs[0].canonical, head)
    if any(e.label == "LOC" for e in ents):
        loc = next(e for e in ents if e.label == "LOC")
        return _make(text, start, end, "government", _government(loc.text) or loc.canonical, head)
    return _make(text, start, end, "unknown", _strip_det(text), head)


def _make(
    text: str, start: int, end: int, typ: SourceType, canonical: str | None, head: str
) -> SourceInfo:
    return SourceInfo(text, start, end, typ, canonical, head=head)


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


def _role_antecedent(doc: Doc, head: str, start: int, entities: list[EntitySpan]) -> str | None:
    """The last person named next to the same role noun before ``start`` ("Sprecher Lars B.")."""
    for ent in reversed([e for e in entities if e.label == "PER" and e.end <= start]):
        around = doc.text[max(0, ent.start - 60) : ent.start] + doc.text[ent.end : ent.end + 40]
        if head in around:
            return ent.canonical
    return None


def _resolve_pronoun(
    tok: Token,
    text: str,
    start: int,
    end: int,
    previous: list[SourceInfo],
    entities: list[EntitySpan],
) -> SourceInfo:
    """Link er/sie/ihm to the closest earlier source or named person that fits."""
    word = tok.text.lower()
    if word == "man":
        return _make(text, start, end, "vague", None, tok.text)
    wanted = (
        {"person"} if word in {"er", "ihm"} else {"person", "organisation", "government", "media"}
    )
    found: list[tuple[int, SourceType, str]] = [
        (src.start, src.type, src.canonical)
        for src in previous
        if src.type in wanted and src.canonical and src.end <= start
    ]
    found += [
        (e.start, "person", e.canonical) for e in entities if e.label == "PER" and e.end <= start
    ]
    if found:
        _, typ, canonical = max(found, key=lambda f: f[0])
        return _make(text, start, end, typ, canonical, tok.text)
    return _make(text, start, end, "unknown", None, tok.text)
