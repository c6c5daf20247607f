"""The speaker next to the cue: ``sagte der Sprecher`` / ``der Sprecher sagte`` / ``Aus
Regierungskreisen hieß es``.

``cue_subject`` runs while the CRFs decode: a verb cue without a source gets the noun phrase
right after it, else the one right before it (by STTS tags). ``aus_kreisen`` (rules layer):
the NP of the fronted phrase before an impersonal ``hieß es`` is the source, as in SpkAtt.
"""

from __future__ import annotations

from ...doc import Doc, Event
from ...lang.de import tags as T
from .base import label, low, note, refs, rule, tag
from .nphrase import np_forward, np_run

CUE_SUBJECT = label(
    "cue-subject",
    en="a verb cue without a speaker: the noun phrase next to the verb is the speaker",
    de="ein Verb des Sagens ohne Sprecher: die Nominalphrase neben dem Verb spricht",
)


def cue_subject(doc: Doc, msg: list[int], roles: dict[str, list[int]], evidence: list[str]) -> None:
    """A verb cue without a source: the NP right after it ("sagte der Sprecher"), else the
    one right before it ("der Sprecher sagte")."""
    cue = roles["cue"]
    if not cue or roles["source"] or not (doc.tokens[cue[0]].tag or "").startswith("V"):
        return
    sent = doc.sentences[doc.tokens[cue[0]].sent]
    mset = set(msg)
    c0 = cue[0] - sent.first
    np_: list[int] = []
    if c0 + 1 < len(sent.tokens) and tag(sent, c0 + 1) in T.NP_RUN_START:
        np_ = np_run(sent, c0 + 1, 1, mset)
    if not np_ and c0 - 1 >= 0:
        np_ = np_run(sent, c0 - 1, -1, mset)
    flat = refs(sent, np_)
    if flat and not set(flat) & set(cue) and cue[-1] >= cue[0]:
        roles["source"] = flat
        evidence.append(CUE_SUBJECT)


@rule(
    "aus-kreisen",
    en="'Aus Regierungskreisen hieß es': the fronted phrase is the source",
    de="„Aus Regierungskreisen hieß es“: die vorangestellte Angabe ist die Quelle",
)
def aus_kreisen(doc: Doc, events: list[Event]) -> None:
    """``Aus Regierungskreisen hieß es, ...`` / ``Bei der Agentur hieß es``: the NP of the
    fronted phrase before an impersonal ``hieß es`` is the source (as in the SpkAtt data)."""
    for e in events:
        if e.source or len(e.cue) < 2:
            continue
        sent = doc.sentences[doc.tokens[e.cue[0]].sent]
        ci = e.cue[0] - sent.first
        lemma = (sent.tokens[ci].lemma or "").lower()
        if lemma != "heißen" or ci < 2 or low(sent, 0) not in {"aus", "bei", "in", "im"}:
            continue
        np_ = np_forward(sent, 1, ci)
        if np_ and np_[-1] == ci - 1:
            e.source = refs(sent, np_)
            note(e, aus_kreisen.label)
