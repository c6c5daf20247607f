"""Identities a careful reader would name for unnamed bodies: whose police, which ministry.

* a generic authority ("die Polizei", "die Staatsanwaltschaft", "ein Polizeisprecher") is the
  one of the place the article reports from: the place in the mention ("die Polizei in Wien"),
  else the dateline ("Köln – …"), else the last place named before (``identity:place``);
* a definite body noun without a name ("das Ministerium", "der Beirat", "die Organisation")
  is the body of that kind named before ("das Bildungsministerium", "Kunstrückgabebeirat")
  (``identity:antecedent``).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from ..doc import Doc, EntitySpan, Token
from ..evidence import decision
from ..lang import de

_STAGE = "sources.identity"
PLACE = decision(
    "identity:place",
    stage=_STAGE,
    en="a local authority is the one of the place the article reports from",
    de="eine örtliche Behörde ist die des Ortes, aus dem der Artikel berichtet",
)
ANTECEDENT = decision(
    "identity:antecedent",
    stage=_STAGE,
    en="'das Ministerium', 'der Beirat': the body of that kind named before",
    de="„das Ministerium“, „der Beirat“: die zuvor genannte Institution dieser Art",
)

_DASHES = frozenset({"–", "-", "—"})


def local_authorities() -> frozenset[str]:
    """Authority nouns that name the body of a place ("Polizei" → "Polizei Köln")."""
    return de.word_class("local-authority")


def dateline(doc: Doc) -> str | None:
    """The place of the article's dateline ("Köln – …", "Wien/Brüssel – …"), if any."""
    for sent in doc.sentences[:6]:
        if sent.block not in {"body", "lead"}:
            continue
        toks = sent.tokens
        for k in range(1, min(5, len(toks))):
            if toks[k].text in _DASHES:
                words = [t.text for t in toks[:k] if t.text != "/"]
                if words and all(w[:1].isupper() for w in words):
                    return words[0]
                break
    return None


def place_of(doc: Doc, toks: list[Token], before: int) -> str | None:
    """The place a local authority mention belongs to."""
    start, end = toks[0].start, toks[-1].end
    sent = doc.sentences[toks[0].sent]
    for e in doc.entities_within(start, sent.end):
        if e.label == "LOC" and e.start - end < 12:
            return e.canonical  # "die Polizei in Wien", "die Kölner Polizei" is handled below
    for tok in toks:
        place = _place_adjective(tok)
        if place is not None:
            return place
    line = dateline(doc)
    if line is not None:
        return line
    recent = islice(doc.entities_before(before), RECENT_ENTITIES)
    loc = next((e for e in recent if e.label == "LOC"), None)
    return loc.canonical if loc is not None else None


def _place_adjective(tok: Token) -> str | None:
    """ "Kölner Polizei" → "Köln", "Wiener" → "Wien" (a capitalised adjective in -er)."""
    word = tok.text
    if tok.tag == "ADJA" and len(word) > 4 and word[:1].isupper() and word.endswith("er"):
        return word[:-2]
    return None


def body_antecedent(
    entities: Iterable[EntitySpan], earlier: Iterable[str], head: str, before: int
) -> str | None:
    """The name of the body of kind ``head`` named before ``before``: an earlier source
    (``earlier``, the most recent first) or else an ORG entity (``entities``, the nearest
    first) whose name ends in the noun ("Bildungsministerium" for "Ministerium"). Both are
    searched backward and stop at the first fit."""
    low = head.lower().rstrip("s")
    if len(low) < 4:
        return None

    def fits(name: str) -> bool:
        last = name.split()[-1].lower() if name.split() else ""
        return last != low and last.endswith(low)

    for name in islice(earlier, _LOOK_BACK):
        if fits(name):
            return name
    orgs = (e for e in islice(entities, RECENT_ENTITIES) if e.label == "ORG" and e.end <= before)
    for e in islice(orgs, _LOOK_BACK):
        if fits(e.canonical):
            return e.canonical
    return None


_LOOK_BACK = 60
"""How many earlier sources and bodies a bare body noun may refer back to: the salient ones
of the last paragraphs, so the search does not grow with the document."""
RECENT_ENTITIES = _LOOK_BACK * 5
"""How many entities before a mention a backward search for a place or body looks at: a
long text without a fitting one must not make every mention scan the whole document."""
