"""Reported speech that runs on: the speaker of the previous event goes on speaking.

``continue_sources`` (applied by the CRF decoding step and again after the rules): a free
indirect event without a source continues the previous non-nested event's source — in the
SpkAtt train split 199 of 310 sourced IndirectFreeIndirect events (63 of 119 FreeIndirect)
have exactly the source of the preceding event. ``konjunktiv_continuation``: a Konjunktiv-I
sentence right after an Indirect event, with no event of its own, is an IndirectFreeIndirect
event of that source.
"""

from __future__ import annotations

from ...doc import Doc, Event
from ...lang import de
from ...lang.de.cues import cues
from ...lang.de.punctuation import QUOTE_CHARS, SENTENCE_END
from .base import is_reporting_verb, label, rule
from .sollen import sollen

CONTINUED_SOURCE = label(
    "continued-source",
    en="reported speech runs on: the previous speaker is the source",
    de="die Redewiedergabe geht weiter: die vorige Quelle spricht",
)
_FREE_FORMS = frozenset({"FreeIndirect", "IndirectFreeIndirect"})


def continue_sources(events: list[Event]) -> None:
    """A free indirect event without a source continues the previous event's source.

    Not an evidential *soll* sentence: "X soll … haben" says that someone unnamed reports it,
    whoever spoke in the sentence before (the dev set's convention, DESIGN.md §3).
    """
    last: list[int] = []
    for e in sorted(
        (e for e in events if not e.is_nested), key=lambda e: e.message[0] if e.message else 0
    ):
        if e.form in _FREE_FORMS and not e.source and last and sollen.label not in e.evidence:
            e.source = list(last)
            if CONTINUED_SOURCE not in e.evidence:
                e.evidence.append(CONTINUED_SOURCE)
        if e.source:
            last = e.source


@rule(
    "konjunktiv-continuation",
    en="a sentence in Konjunktiv I right after reported speech goes on reporting it",
    de="ein Satz im Konjunktiv I direkt nach einer Redewiedergabe setzt sie fort",
)
def konjunktiv_continuation(doc: Doc, events: list[Event]) -> None:
    """A Konjunktiv-I sentence right after an Indirect event, with no event of its own, goes
    on reporting that source: IndirectFreeIndirect, the whole sentence, the same source."""
    konj = cues().konjunktiv
    by_sent: dict[int, list[Event]] = {}
    for e in events:
        for s in {doc.tokens[r].sent for r in e.message}:
            by_sent.setdefault(s, []).append(e)
    for si in range(1, len(doc.sentences)):
        sent = doc.sentences[si]
        if si in by_sent or any(t.text in QUOTE_CHARS for t in sent.tokens):
            continue
        if any(is_reporting_verb(sent, i) for i in range(len(sent.tokens))):
            continue  # a reporting verb of its own: an event of its own, not a continuation
        prev_sent = doc.sentences[si - 1]
        if not sent.tokens or not prev_sent.tokens:
            continue
        if (
            sent.tokens[-1].text not in SENTENCE_END
            or prev_sent.tokens[-1].text not in SENTENCE_END
        ):
            continue  # a sentence cut at a dash or colon continues the previous event itself
        k1 = [
            t
            for t in sent.tokens
            if t.mood == "Sub" and konj.get(t.text.lower(), "K1") == "K1" and t.tag != "VVPP"
        ]
        prev = [
            e
            for e in by_sent.get(si - 1, [])
            if e.form in {"Indirect", "IndirectFreeIndirect"} and e.source
        ]
        if not k1 or not prev:
            continue
        ev = Event(
            "IndirectFreeIndirect", list(range(sent.first, sent.last)), source=list(prev[-1].source)
        )
        ev.medium, ev.evidence = prev[-1].medium, [konjunktiv_continuation.label]
        events.append(ev)
        by_sent[si] = [ev]


# "hätten" is also what plural reported speech uses for the Konjunktiv I "haben": not here.
_PAST_K2 = frozenset({"wäre", "wären", "hätte", "wärst", "hättest"})


def counterfactual_past(doc: Doc, e: Event) -> bool:
    """A frameless continuation whose only Konjunktiv is a past counterfactual ("Dafür wäre
    eine Anordnung nötig gewesen", "Der Vertrag wäre bis Mai gelaufen"): the outlet's own
    hypothesis, not reported speech (DESIGN.md, the development data's conventions)."""
    if e.cue or e.form not in _FREE_FORMS or not e.message:
        return False
    sents = {doc.tokens[i].sent for i in e.message}
    toks = [t for si in sents for t in doc.sentences[si].tokens]
    subs = [t for t in toks if t.mood == "Sub"]
    past = any((t.tag or "") in {"VVPP", "VAPP", "VMPP"} for t in toks)
    return bool(subs) and past and all(t.text.lower() in _PAST_K2 for t in subs)


_SPEAKER_PRONOUNS = de.word_class("speaker-pronoun")
_SPEAKER_FORMS = frozenset({"Direct", "Indirect", "IndirectFreeIndirect"})


@rule(
    "direct-continuation",
    en="a sentence in the first person right after the speaker's words goes on quoting them",
    de="ein Satz in der ersten Person direkt nach den Worten des Sprechers zitiert ihn weiter",
)
def direct_continuation(doc: Doc, events: list[Event]) -> None:
    """A sentence without an event of its own, in the first person ("ich", "wir"), right after
    a sentence whose speech has a source, is that speaker's words too (Direct)."""
    by_sent: dict[int, list[Event]] = {}
    for e in events:
        for s in {doc.tokens[r].sent for r in e.message}:
            by_sent.setdefault(s, []).append(e)
    for si in range(1, len(doc.sentences)):
        sent = doc.sentences[si]
        if si in by_sent or not sent.tokens or doc.sentences[si - 1].block != sent.block:
            continue
        if not any(t.text.lower() in _SPEAKER_PRONOUNS for t in sent.tokens):
            continue
        if any(is_reporting_verb(sent, i) for i in range(len(sent.tokens))):
            continue  # a frame of its own: the frame rules decide
        prev = [e for e in by_sent.get(si - 1, []) if e.form in _SPEAKER_FORMS and e.source]
        if not prev:
            continue
        body = list(range(sent.first, sent.last))
        ev = Event("Direct", body, source=list(prev[-1].source), medium="Speech")
        ev.evidence = [direct_continuation.label]
        events.append(ev)
        by_sent[si] = [ev]
