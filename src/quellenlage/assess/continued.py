"""A denial that goes on: the denier's negated statements right after it are part of it."""

from __future__ import annotations

from ..doc import Doc, Event
from ..evidence import decision
from .targets import NEGATORS, identity

_STAGE = "assess.targets"

CONTINUED_DENIAL = decision(
    "rule:denial-continued",
    stage=_STAGE,
    en="the denier goes on negating right after the denial: part of the denial",
    de="wer dementiert, verneint gleich danach weiter: Teil des Dementis",
)
# Not "nicht": "nicht ohne", "nicht alle" go on with a counter-claim of one's own.
_NEGATION = NEGATORS | {"nie", "niemals", "weder", "nichts"}


def continue_denials(doc: Doc) -> None:
    """A negated statement of the same source in the sentence of a denial or the next two
    ("Demirtaş bestreitet den Vorwurf … Wir haben überhaupt keine Beziehungen, sagte er") is
    part of that denial (the gold scheme's "the denial event itself is denied")."""
    last: Event | None = None
    for e in doc.events:
        here = doc.tokens[e.message[0]].sent
        if e.status == "denied" and e.source_info is not None:
            last = e
            continue
        if last is None or here - doc.tokens[last.message[-1]].sent > 2:
            continue
        if identity(e) != identity(last) or e.status not in {"attributed", "hearsay"}:
            continue
        if any(t.text.lower() in _NEGATION for t in doc.tokens_at(e.message)):
            e.status = "denied"
            e.target = last.target
            e.evidence.append(f"{CONTINUED_DENIAL}@{last.id}")
