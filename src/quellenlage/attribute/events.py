"""Small operations on a list of events that every attribution engine shares."""

from __future__ import annotations

from ..doc import Event


def set_nesting(events: list[Event]) -> None:
    """IsNested/HasNested from containment of message token sets (SpkAtt's definition).

    An event can only lie inside events whose message holds its first token, so each event
    is compared with those alone: linear in the article's length, not quadratic.
    """
    sets = [set(e.message) for e in events]
    cover: dict[int, list[int]] = {}
    for j, m in enumerate(sets):
        for i in m:
            cover.setdefault(i, []).append(j)
    nonempty = [j for j, m in enumerate(sets) if m]
    for i, e in enumerate(events):
        # an empty message is a proper subset of every non-empty one
        candidates = cover.get(min(sets[i]), []) if sets[i] else nonempty
        for j in candidates:
            if i != j and sets[i] < sets[j]:
                e.is_nested = True
                events[j].has_nested = True


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
