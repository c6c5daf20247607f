"""Content clauses of claim nouns: ``ein Bericht der Zeitung X, wonach …``.

A clause opened by *wonach* spells out the content of the noun phrase before its comma (a
report, a statement, rumours, an estimate): the clause is the message, *wonach* the cue and that
noun phrase the source, as in the SpkAtt data ("Pressemeldungen der New York Times …, wonach",
"eine Schätzung, wonach"). The source stage then takes the author out of the phrase ("Bericht
der Zeitung X" → X).
"""

from __future__ import annotations

from ...doc import Doc, Event, Sentence
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from .base import low, near, note, refs, rule, sent_body, tag
from .nphrase import np_backward


@rule(
    "wonach-clause",
    en="'ein Bericht, wonach …': the clause is what the report says, the report its source",
    de="„ein Bericht, wonach …“: der Nebensatz ist der Inhalt, der Bericht die Quelle",
)
def wonach(doc: Doc, events: list[Event]) -> None:
    """Each ``NP , wonach <clause>`` is an Indirect event: message the clause up to the next
    clause punctuation after its finite verb, cue *wonach*, source the NP before the comma."""
    for sent in doc.sentences:
        body = sent_body(sent)
        for k in body:
            if low(sent, k) != "wonach" or k < 2 or sent.tokens[k - 1].text != ",":
                continue
            src = np_backward(sent, _before_verb(sent, k - 2))
            msg = _clause(sent, k + 1, len(body))
            if not src or len(msg) < 3:
                continue
            _apply(events, sent, refs(sent, msg), refs(sent, [k]), refs(sent, src))


def _before_verb(sent: Sentence, j: int) -> int:
    """The last position before the verbs, particles and negation that end a clause ("einen
    Bericht | zurückgewiesen", "Medienberichte | nicht bestätigen können")."""
    start = j
    while (
        j > 0
        and start - j < 4
        and (tag(sent, j).startswith("V") or tag(sent, j) in {"PTKVZ", "PTKNEG", "PTKZU"})
    ):
        j -= 1
    return j


def _clause(sent: Sentence, j: int, end: int) -> list[int]:
    """The subordinate clause from ``j``: up to the comma after its (clause-final) finite
    verb, or the end of the sentence."""
    out: list[int] = []
    finite = False
    for k in range(j, end):
        if sent.tokens[k].text in CLAUSE_PUNCT and finite:
            break
        out.append(k)
        finite = finite or tag(sent, k).endswith("FIN")
    return out


def _apply(
    events: list[Event], sent: Sentence, msg: list[int], cue: list[int], src: list[int]
) -> None:
    """The CRF's event on the clause takes the frame; without one, the clause is a new event."""
    want = set(msg)
    here = [events[k] for k in near(events, sent.first, sent.last)]
    hit = [
        e
        for e in here
        if e.message
        and len(want & set(e.message)) >= len(want) // 2
        and min(e.message) >= cue[0]  # not a whole-sentence event
    ]
    if hit:
        e = hit[0]
        e.message, e.cue, e.source, e.form = msg, cue, src, "Indirect"
        note(e, wonach.label)
        return
    if any(set(e.message) & set(cue) for e in here):
        return  # "wonach" inside other speech: that event's business
    events.append(Event("Indirect", msg, cue=cue, source=src, medium="SW", evidence=[wonach.label]))
