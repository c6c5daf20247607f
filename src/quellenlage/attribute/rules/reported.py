"""Reported speech acts: ``X kritisierte die Pläne``, ``X bestritt, dass ...``.

Cue the finite reporting, denial or confirmation verb with its particle, source the subject
NP, message the object NP (Reported) or the dass/ob-clause (Indirect). A CRF event for the
sentence keeps its message and gains cue and source. ``verb_comma_clause`` turns a CRF
Reported event "NP verb , clause in Konjunktiv" into the Indirect event it is.
"""

from __future__ import annotations

from ...doc import Doc, Event, Form, Sentence
from ...lang.de import tags as T
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from .base import (
    is_reporting_verb,
    label,
    low,
    note,
    particle,
    refs,
    rule,
    rule_lexicon,
    sent_body,
    tag,
    verb_lemma,
    word_class,
)
from .nphrase import np_backward, np_forward

DENIAL_VERB = label(
    "denial-verb",
    en="a verb of denial (bestreiten, zurückweisen, dementieren) with its subject as source",
    de="ein Verb des Bestreitens (bestreiten, zurückweisen, dementieren), Subjekt als Quelle",
)


@rule(
    "reported-verb",
    en="a reporting verb with subject and object: a reported speech act",
    de="ein Verb des Sagens mit Subjekt und Objekt: ein berichteter Sprechakt",
)
def reported(doc: Doc, events: list[Event]) -> None:
    """``X kritisierte die Pläne`` (Reported), ``X bestritt, dass ...`` (Indirect)."""
    lex = rule_lexicon()
    for sent in doc.sentences:
        for i in range(1, len(sent.tokens)):
            if not tag(sent, i).endswith("FIN") or not tag(sent, i).startswith("VV"):
                continue
            lemma = verb_lemma(sent, i, CLAUSE_PUNCT)
            if not any(lex.has(k, lemma) for k in ("reported", "denial", "confirm")):
                continue
            found = _speech_act(sent, i)
            if found is None:
                continue
            form, msg, subj = found
            rule_label = DENIAL_VERB if lex.has("denial", lemma) else reported.label
            _apply(
                events,
                sent,
                form,
                msg,
                refs(sent, [i, *particle(sent, i, CLAUSE_PUNCT)]),
                subj,
                rule_label,
            )
            break


def _speech_act(sent: Sentence, i: int) -> tuple[Form, list[int], list[int]] | None:
    """(form, message, subject) of the speech act of verb ``i``, or None (flat message)."""
    n = len(sent.tokens)
    subj = np_backward(sent, i - 1)
    if not subj or subj[0] != 0:
        subj = np_forward(sent, i + 1)
        if not subj or low(sent, subj[0]) in word_class("object-pronoun"):
            return None
    rest = i + 1 if subj[0] < i else subj[-1] + 1
    if (
        rest < n
        and sent.tokens[rest].text == ","
        and rest + 1 < n
        and low(sent, rest + 1) in {"dass", "ob"}
    ):
        return "Indirect", refs(sent, [k for k in sent_body(sent) if k > rest]), subj
    j = rest
    while j < n and tag(sent, j) in {"APPRART", "ADV", "ADJD"} | (
        {"NN"} if j > rest and tag(sent, j - 1) == "APPRART" else set()
    ):
        j += 1  # "am Abend", "vehement"
    obj = np_forward(sent, j)
    k = obj[-1] + 1 if obj else j
    while obj and k + 1 < n and tag(sent, k) == "APPR" and tag(sent, k + 1) in T.NP_START:
        more = np_forward(sent, k + 1)
        if not more:
            break
        obj = [*obj, k, *more]
        k = obj[-1] + 1
    if not obj:
        return None
    return "Reported", refs(sent, obj), subj


def _apply(
    events: list[Event],
    sent: Sentence,
    form: Form,
    msg: list[int],
    cue: list[int],
    subj: list[int],
    rule_label: str,
) -> None:
    """Give the sentence's CRF event cue and source, or add the speech act's event."""
    sent_refs = set(range(sent.first, sent.last))
    hit = [
        k
        for k, e in enumerate(events)
        if set(e.message) & sent_refs and (not e.cue or set(e.cue) & set(cue))
    ]
    if hit:
        e = events[hit[0]]
        if e.cue and e.source:
            return
        if not e.cue:
            e.cue = cue
        if not e.source:
            e.source = refs(sent, subj)
        if form == "Indirect" and e.form == "Reported":
            e.form, e.message = form, msg
        note(e, rule_label)
    elif not any(set(e.message) & sent_refs for e in events):
        events.append(
            Event(form, msg, cue=cue, source=refs(sent, subj), medium="SW", evidence=[rule_label])
        )


@rule(
    "verb-comma-konjunktiv",
    en="'X warnte, die Zahl könne steigen': a reporting verb, a comma and a clause in Konjunktiv",
    de="„X warnte, die Zahl könne steigen“: Verb des Sagens, Komma, Nebensatz im Konjunktiv",
)
def verb_comma_clause(doc: Doc, events: list[Event]) -> None:
    """``Experten warnen, die Zahl ... könne steigen``: a CRF Reported event over a sentence
    "NP reporting-verb , clause with Konjunktiv" is Indirect (cue the verb, message the clause)."""
    for e in events:
        if e.form != "Reported" or e.cue:
            continue
        sis = {doc.tokens[r].sent for r in e.message}
        if len(sis) != 1:
            continue
        sent = doc.sentences[sis.pop()]
        for i in range(1, len(sent.tokens) - 2):
            if sent.tokens[i + 1].text != "," or not is_reporting_verb(sent, i):
                continue
            subj = np_backward(sent, i - 1)
            clause = [k for k in sent_body(sent) if k > i + 1]
            if subj and subj[0] == 0 and any(sent.tokens[k].mood == "Sub" for k in clause):
                e.form, e.cue, e.source, e.message = (
                    "Indirect",
                    refs(sent, [i]),
                    refs(sent, subj),
                    refs(sent, clause),
                )
                note(e, verb_comma_clause.label)
            break
