"""``X sagte (der Zeitung), <Satz>``: the frame first, then what was said, with no dass.

German reports speech in a main clause after a comma, in Konjunktiv ("die Lage sei ruhig") and,
as often, in the indicative ("die Ermittlungen dauerten an"); the learned engine finds the first
and misses many of the second. The frame decides: a finite verb of saying in the first clause,
its subject (before it, or after it when something else is fronted), then a comma and a clause
in verb-second order (a finite verb among its first words, no subordinating conjunction).
"""

from __future__ import annotations

from ...doc import Doc, Event, Sentence
from ...lang.de import word_class
from ...lang.de.punctuation import QUOTE_CHARS
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from .base import (
    is_reporting_verb,
    low,
    note,
    overlapping,
    refs,
    rule,
    sent_body,
    tag,
    verb_lemma,
)
from .frames import subject_after
from .nphrase import np_forward, subject_before

# A verb-second clause has its finite verb among its first few words ("die neue Regelung
# für alle Schulen gelte ab Mai": five words before it).
_V2_WINDOW = 7
_OPENERS = frozenset({"KOUS", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT", "KON", "KOKOM"})
_DATIVE = frozenset({"dem", "der", "einem", "einer"})


@rule(
    "say-comma-clause",
    en="'X sagte (der Zeitung), <clause>': the clause after the comma is what X said",
    de="„X sagte (der Zeitung), <Satz>“: der Satz nach dem Komma ist, was X sagte",
)
def say_clause(doc: Doc, events: list[Event]) -> None:
    """One Indirect event per sentence whose first clause is a speech frame and whose second
    is a verb-second clause: cue the verb, source its subject, message the clause."""
    for sent in doc.sentences:
        body = sent_body(sent)
        if any(sent.tokens[k].text in QUOTE_CHARS for k in body):
            continue  # quotes are the quote rules'
        commas = [k for k in body if sent.tokens[k].text == ","]
        if not commas:
            continue
        found = _frame(sent, commas[0], body)
        if found is not None:
            _apply(events, sent, *found)


def _frame(
    sent: Sentence, c: int, body: list[int]
) -> tuple[list[int], list[int], list[int], list[int]] | None:
    """(cue, source, addressee, message) when the clause before comma ``c`` frames the one
    after it, else None."""
    finite = [k for k in range(c) if tag(sent, k).endswith("FIN")]
    if len(finite) != 1 or finite[0] == 0 or not is_reporting_verb(sent, finite[0]):
        return None
    if verb_lemma(sent, finite[0], CLAUSE_PUNCT) not in word_class("clause-frame-verb"):
        return None  # "ging … der Sprit aus, …": not every cue word frames a clause
    v = finite[0]
    clause = [k for k in body if k > c]
    if len(clause) < 3 or tag(sent, clause[0]) in _OPENERS or low(sent, clause[0]) == "als":
        return None
    head = clause[:_V2_WINDOW]
    verbs = [k for k in head if tag(sent, k).endswith("FIN")]
    if (
        not verbs
        or verbs[0] == clause[0]
        or any(sent.tokens[k].text in CLAUSE_PUNCT for k in head[: head.index(verbs[0])])
    ):
        return None  # no verb-second clause ("…, wie es weitergeht", "…, als er ging")
    subj = subject_before(sent, 0, v)
    addr: list[int] = []
    if subj and subj[0] == 0 and subj[-1] == v - 1:
        after = np_forward(sent, v + 1, c)
        if after and low(sent, after[0]) in _DATIVE and after[-1] == c - 1:
            addr = after  # "sagte der Deutschen Presse-Agentur"
    else:
        subj = subject_after(sent, v, c)
    if not subj or low(sent, subj[0]) in word_class("object-pronoun") | {"es"}:
        return None
    return [v], subj, addr, clause


def _apply(
    events: list[Event],
    sent: Sentence,
    cue: list[int],
    src: list[int],
    addr: list[int],
    msg: list[int],
) -> None:
    """The CRF's event on the clause gets the frame it lacks; without one, a new event."""
    fmsg, fcue, fsrc = refs(sent, msg), refs(sent, cue), refs(sent, src)
    for k in overlapping(events, fmsg, 0.6):
        e = events[k]
        if e.cue and not set(e.cue) & set(fcue):
            return  # another frame claims this speech
        if not e.cue:
            e.cue = fcue
        if not e.source:
            e.source = fsrc
        if e.form == "Reported":
            e.form, e.message = "Indirect", fmsg
        note(e, say_clause.label)
        return
    if any(set(e.message) & set(fmsg) or set(e.cue) & set(fcue) for e in events):
        return  # part of other speech: that event's business
    events.append(
        Event(
            "Indirect",
            fmsg,
            cue=fcue,
            source=fsrc,
            addr=refs(sent, addr),
            medium="Speech",
            evidence=[say_clause.label],
        )
    )
