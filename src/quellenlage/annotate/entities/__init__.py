"""Entities: PER / ORG / LOC / MEDIA / OTHER mentions with canonical identities.

Evidence, in order of trust: gazetteers (``lang/de/data/outlets.tsv``, ``platforms.tsv``,
``countries.tsv``, ``metonyms.tsv``, ``bodies.tsv``; ``gazetteer.py``), then rules around
capitalised words (role nouns before a name, first names, organisation nouns and legal forms;
``rules.py``), then the learned NER (``annotate/ner``, trained on GermEval 2014), which adds
the names the rules miss and decides what the rules left undecided (``OTHER``, a capital
that is a person's first name: "Riad Haddad").

Canonical names are resolved within the document: "Wladimir Putin", "Putin" and "Putins"
(genitive) are one person, canonical "Wladimir Putin"; "Kims" → "Kim Jong-un".

Metonyms, decided as follows: an *institution* that always stands for its government
("Kreml", "Weißes Haus", "Downing Street") is an ORG entity whose canonical name is the
government ("russische Regierung"); a *capital* or *country* ("Peking", "Nordkorea") is a LOC
entity with the place as its canonical name, and ``government_of(name)`` gives the government
the assess stage uses when such a name acts as a speaker. Social platforms are ORG entities;
``lookup_platform`` tells assess that they are social media. ``OTHER`` marks a proper name
whose kind the evidence does not settle.
"""

from __future__ import annotations

from ...doc import Doc, EntitySpan
from ...model import EntityLabel
from ..ner import doc_spans
from ..ner.spans import NerSpan
from .canonical import _canonicalise
from .gazetteer import (
    _gazetteer,
    country_of_adjective,
    government_of,
    is_role_noun,
    lookup_outlet,
    lookup_platform,
    organisation_cue,
)
from .rules import (
    _common_noun,
    _Mention,
    _split_joined_names,
    _surname_mentions,
    sentence_mentions,
)

__all__ = [
    "country_of_adjective",
    "find_entities",
    "government_of",
    "is_role_noun",
    "lookup_outlet",
    "lookup_platform",
    "organisation_cue",
]


def _common_word(word: str) -> bool:
    """A common noun, or a hyphenated compound whose last part is one ("Blockade-Vorwurf")."""
    return _common_noun(word) or ("-" in word and _common_noun(word.rsplit("-", 1)[-1]))


_NER_LABELS: dict[str, EntityLabel] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "OTHER"}
# Rule mentions a learned span may replace: undecided names, places, bare acronyms.
_WEAK = frozenset({"OTHER", "LOC"})


def find_entities(doc: Doc) -> list[EntitySpan]:
    """Find entity mentions in the document and link each to a canonical name."""
    g = _gazetteer()
    mentions: list[_Mention] = []
    for sent, learned in zip(doc.sentences, doc_spans(doc), strict=True):
        mentions.extend(_merge(sentence_mentions(sent.tokens, g), learned, sent.tokens))
    mentions = _split_joined_names(mentions)
    mentions.extend(_surname_mentions(doc, mentions))
    _canonicalise(mentions)
    text = doc.text
    return [
        EntitySpan(text[m.start : m.end], m.start, m.end, m.label, m.canonical)
        for m in sorted(mentions, key=lambda m: (m.start, m.end))
    ]


def _merge(rules: list[_Mention], learned: list[NerSpan], toks: list) -> list[_Mention]:
    """The rule mentions, with the NER's names added where the rules found none, and put in
    place of weaker rule mentions they cover ("Riad" as a capital inside "Riad Haddad")."""
    out = list(rules)
    for span in learned:
        label = _NER_LABELS.get(span.label)
        if label is None:
            continue
        inside = [m for m in out if m.start < span.char_end and span.char_start < m.end]
        covers = all(span.char_start <= m.start and m.end <= span.char_end for m in inside)
        longer = all((m.end - m.start) < (span.char_end - span.char_start) for m in inside)
        if inside and not (covers and longer and all(m.label in _WEAK for m in inside)):
            continue  # the rules know this name (a gazetteer hit, a person, a body)
        end = span.end
        while label == "PER" and end - span.start > 1 and _common_word(toks[end - 1].text):
            end -= 1  # "Putins Besuch": the NER ran on into a common noun
        if end < span.end:
            span = NerSpan(span.label, span.start, end, span.char_start, toks[end - 1].end, "")
        out = [m for m in out if m not in inside]
        run = tuple(toks[span.start : span.end])
        parts = tuple(t.text for t in run)
        out.append(_Mention(span.char_start, span.char_end, label, " ".join(parts), parts, run))
    return sorted(out, key=lambda m: m.start)
