"""Small operations on a list of events that every attribution engine shares."""

from __future__ import annotations

from ..doc import Event


def set_nesting(events: list[Event]) -> None:
    """IsNested/HasNested from containment of message token sets (SpkAtt's definition)."""
    sets = [set(e.message) for e in events]
    for i, e in enumerate(events):
        for j, other in enumerate(events):
            if i != j and sets[i] < sets[j]:
                e.is_nested = True
                other.has_nested = True


def normalise(events: list[Event]) -> list[Event]:
    """Roles as sorted sets, events without a message dropped, in document order."""
    for e in events:
        e.message, e.cue, e.source = (
            sorted(set(e.message)),
            sorted(set(e.cue)),
            sorted(set(e.source)),
        )
    out = [e for e in events if e.message]
    out.sort(key=lambda e: (e.message[0], e.message[-1]))
    return out
