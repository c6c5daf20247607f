"""Reported speech acts: ``X kritisierte die Pläne``, ``X bestritt, dass ...``.

Cue the finite reporting, denial or confirmation verb with its particle, source the subject
NP, message the object NP (Reported) or the dass/ob-clause (Indirect). A CRF event for the
sentence keeps its message and gains cue and source. ``verb_comma_clause`` turns a CRF
Reported event "NP verb , clause in Konjunktiv" into the Indirect event it is.
"""

from __future__ import annotations

from ...doc import Doc, Event, Form, Sentence
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
from .nphrase import np_backward, np_forward, with_apposition

DENIAL_VERB = label(
    "denial-verb",
    en="a verb of denial (bestreiten, zurückweisen, dementieren) with its subject as source",
    de="ein Verb des Bestreitens (bestreiten, zurückweisen, dementieren), Subjekt als Quelle",
)


@rule(
    "reported-verb",
    en="a speech-act verb (kritisieren, fordern, warnen, zurückweisen …): a reported speech act",
    de="ein Verb eines Sprechakts (kritisieren, fordern, warnen …): ein berichteter Sprechakt",
)
def reported(doc: Doc, events: list[Event]) -> None:
    """``X kritisierte die Pläne`` (Reported: the whole sentence, as in SpkAtt), ``X bestritt,
    dass ...`` (Indirect: the dass-clause, cue the verb). The source is the verb's subject."""
    lex = rule_lexicon()
    for sent in doc.sentences:
        for i in range(len(sent.tokens)):
            lemma = _speech_act_lemma(sent, i)
            if lemma is None or not any(
                lex.has(k, lemma) for k in ("reported", "denial", "confirm")
            ):
                continue
            found = _speech_act(sent, i)
            if found is None:
                continue
            form, msg, subj, cue = found
            rule_label = DENIAL_VERB if lex.has("denial", lemma) else reported.label
            _apply(events, sent, form, msg, cue, subj, rule_label)
            break


def _speech_act_lemma(sent: Sentence, i: int) -> str | None:
    """The lemma (with its particle) of a finite full verb, or of a participle after an
    auxiliary of its clause ("hat … zurückgewiesen"); None for anything else."""
    tg = tag(sent, i)
    if tg == "VVFIN":
        return verb_lemma(sent, i, CLAUSE_PUNCT)
    if tg == "VVPP" and any(tag(sent, k) == "VAFIN" for k in range(max(0, i - 12), i)):
        lemma = (sent.tokens[i].lemma or sent.tokens[i].text).lower()
        return lemma
    return None


def _speech_act(sent: Sentence, i: int) -> tuple[Form, list[int], list[int], list[int]] | None:
    """(form, message, subject, cue) of the speech act of verb ``i`` (flat message and cue)."""
    n = len(sent.tokens)
    v = i if tag(sent, i) == "VVFIN" else _finite_before(sent, i)
    subj = _subject(sent, v)
    if not subj:
        return None
    rest = max(i, subj[-1]) + 1
    if (
        rest < n
        and sent.tokens[rest].text == ","
        and rest + 1 < n
        and low(sent, rest + 1) in {"dass", "ob"}
    ):
        cue = refs(sent, [i, *particle(sent, i, CLAUSE_PUNCT)])
        return "Indirect", refs(sent, [k for k in sent_body(sent) if k > rest]), subj, cue
    return "Reported", list(range(sent.first, sent.last)), subj, []


def _finite_before(sent: Sentence, i: int) -> int:
    """The finite auxiliary of participle ``i`` (the closest VAFIN before it)."""
    for k in range(i - 1, -1, -1):
        if tag(sent, k) == "VAFIN":
            return k
    return i


def _subject(sent: Sentence, v: int) -> list[int]:
    """The subject of finite verb ``v``: the NP that starts the clause right before it, else
    the NP right after it ("Am Abend kritisierte die Opposition …")."""
    lo = v
    while lo > 0 and sent.tokens[lo - 1].text not in CLAUSE_PUNCT | {"„", "“", '"'}:
        lo -= 1
    before = np_backward(sent, v - 1, lo) if v > lo else []
    if before and before[0] == lo and low(sent, before[0]) not in word_class("object-pronoun"):
        return before
    if v - 1 == lo and (
        tag(sent, v - 1) in {"PPER", "PIS", "PDS"} or sent.tokens[v - 1].text[:1].isupper()
    ):
        return [v - 1]  # a pronoun, or a capitalised word the tagger missed ("Regierungskreise")
    after = np_forward(sent, v + 1)
    fronted = v > lo  # something else is fronted: the NP after the verb is the subject
    if (
        fronted
        and after
        and low(sent, after[0]) not in word_class("object-pronoun") | {"es", "sich"}
    ):
        return with_apposition(sent, after)
    return []


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
    src = refs(sent, subj)
    hit = [
        k
        for k, e in enumerate(events)
        if set(e.message) & sent_refs and (not e.cue or set(e.cue) & set(cue))
    ]
    if hit:
        e = events[hit[0]]
        if e.source and set(e.source) <= sent_refs and e.form != "Reported":
            return
        if not e.cue:
            e.cue = cue
        e.source = src
        if e.form == "Reported":
            e.form, e.message = form, msg
        note(e, rule_label)
    elif not any(set(e.message) & sent_refs for e in events):
        events.append(Event(form, msg, cue=cue, source=src, medium="SW", evidence=[rule_label]))


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
