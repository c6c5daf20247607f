"""What every attribution rule shares: its registration, the rule lexicon, token helpers.

A rule is one function ``(doc, events) -> None`` that looks for one surface pattern of German
news attribution and completes, fixes or adds events in place. ``@rule("laut-frame", en=...,
de=...)`` registers it: its name, prefixed ``rule:``, is the evidence label it writes (see
``evidence.py``), documented in English and German for the report. Rules see sentences with
local token positions (``sent.tokens[j]``); events hold flat indices (``refs``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ...annotate.tagger.lemmatizer import strong_verb_forms
from ...annotate.tokenize import closed_class
from ...doc import Doc, Event, Sentence
from ...evidence import decision
from ...lang import de
from ...lang.de import tags as T
from ...lang.de.cues import cues

RuleFunc = Callable[[Doc, list[Event]], None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its evidence label and the function that applies it."""

    label: str
    func: RuleFunc


def label(name: str, *, en: str, de: str, stage: str = "attribute.rules") -> str:
    """Register the evidence label ``rule:name`` and return it."""
    return decision(f"rule:{name}", stage=stage, en=en, de=de)


def rule(name: str, *, en: str, de: str) -> Callable[[RuleFunc], Rule]:
    """Register the decorated function as rule ``name`` (its label is ``rule:name``)."""

    def deco(func: RuleFunc) -> Rule:
        return Rule(label(name, en=en, de=de), func)

    return deco


def note(event: Event, label: str) -> None:
    """Record ``label`` in the event's evidence once."""
    if label not in event.evidence:
        event.evidence.append(label)


@dataclass(frozen=True, slots=True)
class RuleLexicon:
    """The rule lexicon (``lang/de/data/rules_cues.tsv``) by kind."""

    kinds: dict[str, frozenset[str]]

    def has(self, kind: str, word: str) -> bool:
        """True when ``word`` (any case) is listed under ``kind``."""
        return word.lower() in self.kinds.get(kind, frozenset())


@cache
def rule_lexicon() -> RuleLexicon:
    """Load ``rules_cues.tsv`` once per process."""
    kinds: dict[str, set[str]] = {}
    for word, kind, _note in de.rules_cues():
        kinds.setdefault(kind, set()).add(word.lower())
    return RuleLexicon({k: frozenset(v) for k, v in kinds.items()})


def word_class(name: str) -> frozenset[str]:
    """The lower-case words of one class of ``word_classes.tsv``."""
    return de.word_class(name)


# ------------------------------------------------------------------------------- token helpers


def tag(sent: Sentence, i: int) -> str:
    """The STTS tag of token ``i`` of ``sent`` as the rules read it ("" when untagged).

    The rules keep the closed verb classes closed where the tagger slips: an auxiliary or
    modal tag on a verb that is neither is a full verb's ("Den Vorwurf weist/VAFIN der Konzern
    zurück"), and a strong verb's finite form is no conjunction ("…, wies/KOUS die Kritik
    zurück"). The tokens keep the tagger's tags, which the learned engine was trained on.
    """
    tok = sent.tokens[i]
    tg = tok.tag or ""
    if tg[:2] in {"VA", "VM"}:
        closed = _auxiliaries() if tg[:2] == "VA" else _modals()
        if (tok.lemma or tok.text).lower() not in closed:
            return "VV" + tg[2:]
    elif tg in T.FUNCTION_TAGS:
        low = tok.text.lower()
        if low in strong_verb_forms() and low not in closed_class():
            return "VVFIN"
    return tg


@cache
def _auxiliaries() -> frozenset[str]:
    return de.word_class("auxiliary-verb")


@cache
def _modals() -> frozenset[str]:
    return de.word_class("modal-verb")


def low(sent: Sentence, i: int) -> str:
    """Token ``i`` of ``sent`` in lower case."""
    return sent.tokens[i].text.lower()


def refs(sent: Sentence, idx: list[int] | range) -> list[int]:
    """Flat token indices of the sentence-local positions ``idx``."""
    return [sent.first + i for i in idx]


def local(sent: Sentence, flat: list[int]) -> list[int]:
    """Sentence-local positions of the flat indices of ``flat`` that lie in ``sent``."""
    return [i - sent.first for i in flat if sent.first <= i < sent.last]


def sent_body(sent: Sentence) -> list[int]:
    """Local positions of a sentence without its final punctuation."""
    n = len(sent.tokens)
    while n and sent.tokens[n - 1].text in {".", "!", "?"}:
        n -= 1
    return list(range(n))


def is_reporting_verb(sent: Sentence, i: int) -> bool:
    """A token that is a form of a reporting verb (cue lexicon) tagged as a verb."""
    hit = cues().reporting(low(sent, i))
    return hit is not None and hit[1] == "verb" and tag(sent, i).startswith("V")


_BLOCK = 64
"""Tokens per block of the event index: events are found by the blocks their roles touch."""


@dataclass(slots=True)
class _EventIndex:
    events_id: int = 0
    size: int = -1
    blocks: dict[int, list[int]] | None = None


_INDEX = _EventIndex()


def reset_index() -> None:
    """Forget the event index (before a rule that may move messages runs)."""
    _INDEX.blocks = None


def near(events: list[Event], lo: int, hi: int) -> list[int]:
    """Positions in ``events`` of those whose message or cue lies around tokens ``lo``…``hi``
    (roles are sorted flat indices): the rules look up the events of one sentence in time
    that does not grow with the document. The index follows the list as rules append to it
    or filter it; the caller checks the exact roles of what it gets."""
    ix = _INDEX
    if ix.events_id != id(events) or ix.size > len(events) or ix.blocks is None:
        ix.events_id, ix.size, ix.blocks = id(events), 0, {}  # a new or a filtered list
    blocks = ix.blocks
    for k in range(ix.size, len(events)):  # what was appended since the last lookup
        e = events[k]
        ends = [(r[0], r[-1]) for r in (e.message, e.cue) if r]
        if ends:
            first, last = min(a for a, _ in ends), max(b for _, b in ends)
            for b in range(first // _BLOCK, last // _BLOCK + 1):
                blocks.setdefault(b, []).append(k)
    ix.size = len(events)
    found: set[int] = set()
    for b in range(lo // _BLOCK, hi // _BLOCK + 1):
        found.update(blocks.get(b, ()))
    return sorted(found)


def overlapping(events: list[Event], idx: list[int], share: float) -> list[int]:
    """Positions in ``events`` of those whose message covers at least ``share`` of ``idx``."""
    want = set(idx)
    if not want:
        return []
    out = []
    for k in near(events, min(want), max(want)):
        inter = len(want & set(events[k].message))
        if inter >= share * len(want):
            out.append(k)
    return out


def frame_clause(
    events: list[Event], msg: list[int], cue: list[int], source: list[int], label: str
) -> None:
    """The one way a clause frame ("wie X mitteilte", "…, werden Quellen zitiert") enters the
    events: the model's cue-less event over the message (60 %) gets the frame and becomes
    Indirect; with no event there, the Indirect event is added; an event over the message
    that has a cue of its own is left alone."""
    hit = overlapping(events, msg, 0.6)
    if not hit:
        events.append(Event("Indirect", msg, cue=cue, source=source, medium="SW", evidence=[label]))
        return
    e = events[hit[0]]
    if not e.cue:
        e.form, e.cue, e.source, e.message = "Indirect", cue, source, msg
        note(e, label)


def particle(sent: Sentence, i: int, clause_punct: frozenset[str]) -> list[int]:
    """The separable particle of verb ``i`` in its clause, as a local position: a PTKVZ, or the
    clause's last word when it is a particle the tagger called something else ("führte … auf
    eine Kampagne zurück", "macht … aufmerksam")."""
    k = i + 1
    while k < len(sent.tokens) and sent.tokens[k].text not in clause_punct:
        if tag(sent, k) == "PTKVZ":
            return [k]
        k += 1
    last = k - 1
    if (
        last > i + 1
        and tag(sent, last) in {"ADV", "ADJD", "APPR"}
        and (low(sent, last) in _clause_final_particles())
    ):
        return [last]
    return []


@cache
def _clause_final_particles() -> frozenset[str]:
    """Words that end a clause as the particle of its verb."""
    return de.word_class("separable-particle") | de.word_class("verb-complement")


def verb_lemma(sent: Sentence, i: int, clause_punct: frozenset[str]) -> str:
    """The lemma of verb ``i`` with the separable particle of its clause prefixed."""
    lemma = (sent.tokens[i].lemma or sent.tokens[i].text).lower()
    part = particle(sent, i, clause_punct)
    return low(sent, part[0]) + lemma if part else lemma
