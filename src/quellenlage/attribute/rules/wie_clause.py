"""``Wie X (am Freitag) mitteilte, ...`` and ``..., wie X betonen.``: a wie-clause frame.

Cue ``wie`` + the verb (as in the SpkAtt data), source X, message the main clause. A second
rule fixes the source of any verb cue inside such a clause: the NP right after ``wie``, and
in V2 sentences with a fronted time phrase the subject after the verb, never the time phrase.
"""

from __future__ import annotations

from ...doc import Doc, Event, Sentence
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from .base import (
    frame_clause,
    is_reporting_verb,
    local,
    low,
    near,
    note,
    refs,
    rule,
    rule_lexicon,
    sent_body,
    tag,
)
from .nphrase import np_forward


@rule(
    "wie-clause",
    en="a 'wie X mitteilte' clause: X is the source of the main clause",
    de="ein „wie X mitteilte“-Satz: X ist die Quelle des Hauptsatzes",
)
def wie_clause(doc: Doc, events: list[Event]) -> None:
    """``Wie X mitteilte, ...`` / ``..., wie X betonen.``: Indirect with cue wie + verb."""
    drop: list[int] = []
    for sent in doc.sentences:
        body = sent_body(sent)
        for w in body:
            if low(sent, w) != "wie" or (w > 0 and sent.tokens[w - 1].text != ","):
                continue
            _at(sent, body, w, events, drop)
            break
    if drop:
        dropped = set(drop)
        events[:] = [e for e in events if id(e) not in dropped]


def _at(sent: Sentence, body: list[int], w: int, events: list[Event], drop: list[int]) -> None:
    """Apply the rule to the wie-clause that starts at local ``w``; events that are the
    clause itself go to ``drop``."""
    j = w + 1
    while j < len(body) and sent.tokens[j].text not in CLAUSE_PUNCT:
        j += 1
    v = j - 1  # the verb ends the wie-clause
    if v <= w + 1 or not is_reporting_verb(sent, v):
        return
    src = np_forward(sent, w + 1, v)
    if len(src) == 1 and low(sent, src[0]) == "es":
        src = []  # "Wie es hieß"
    if w == 0 and j < len(body) and sent.tokens[j].text == ",":
        msg = [k for k in body if k > j]
    elif w > 0 and j >= len(body):
        msg = [k for k in body if k < w - 1]
    else:
        return
    cue, msg_refs = refs(sent, [w, v]), refs(sent, msg)
    if not msg:
        return
    # The wie-clause is the frame: an event (without a cue) over the clause itself is none
    # (dropped after the rule has run, so the block index of the events stays valid).
    frame = set(refs(sent, list(range(w, j))))
    around = (events[k] for k in near(events, min(frame), max(frame)))
    drop.extend(id(e) for e in around if not e.cue and e.message and set(e.message) <= frame)
    fv, fw = sent.first + v, sent.first + w
    hit = [k for k in near(events, fv, fv) if fv in events[k].cue]
    if hit:
        e = events[hit[0]]
        if fw not in e.cue:
            e.cue = sorted({*e.cue, fw})
            note(e, wie_clause.label)
        if src and not set(refs(sent, src)) <= set(e.source):
            e.source = refs(sent, src)  # "Wie X am Freitag mitteilte": X, not Freitag
            note(e, wie_clause.label)
        return
    frame_clause(events, msg_refs, cue, refs(sent, src), wie_clause.label)


@rule(
    "source-np",
    en="the source of a verb cue is its subject, not a time phrase ('Ende der Woche berichtete X')",
    de="die Quelle eines Verbs des Sagens ist sein Subjekt, keine Zeitangabe",
)
def source_np(doc: Doc, events: list[Event]) -> None:
    """Sources of verb cues: ``Wie X (am Freitag) mitteilte`` and ``Ende vergangener Woche
    berichtete die Zeitung``: the subject NP, never the time phrase."""
    for e in events:
        if not e.cue:
            continue
        sent = doc.sentences[doc.tokens[e.cue[0]].sent]
        if any(not sent.first <= r < sent.last for r in e.cue):
            continue
        ci = e.cue[0] - sent.first
        if not tag(sent, ci).startswith("V"):
            continue
        new = _subject_np(sent, ci, local(sent, e.source))
        if new and refs(sent, new) != e.source:
            e.source = refs(sent, new)
            note(e, source_np.label)


def _subject_np(sent: Sentence, ci: int, src_idx: list[int]) -> list[int]:
    """The subject NP of verb cue ``ci`` when the CRF's source is a time phrase, else []."""
    lex = rule_lexicon()
    # "Wie X ... VERB ,": the NP right after "wie"
    w = ci - 1
    while w >= 0 and sent.tokens[w].text not in CLAUSE_PUNCT:
        if low(sent, w) == "wie" and tag(sent, w) in {"KOUS", "KOKOM", "PWAV"}:
            after_wie = np_forward(sent, w + 1, ci)
            if after_wie:
                return after_wie
            break
        w -= 1
    first = min(src_idx) if src_idx else ci
    # V2 with a fronted time phrase: "Ende vergangener Woche berichtete die Zeitung"
    fronted = lex.has("time", low(sent, first)) or tag(sent, first) == "ADV"
    if first < ci < len(sent.tokens) - 1 and fronted:
        after = np_forward(sent, ci + 1)
        if after and set(after) <= set(src_idx) | set(range(ci + 1, len(sent.tokens))):
            return after
    if src_idx and all(lex.has("time", low(sent, t)) or _is_time_noun(sent, t) for t in src_idx):
        return np_forward(sent, ci + 1)
    return []


def _is_time_noun(sent: Sentence, i: int) -> bool:
    lw = low(sent, i)
    return any(lw.endswith(w) for w in rule_lexicon().kinds.get("timenoun", ()))
