"""EventCandidates → SpkAtt ``Annotations`` dicts (the shared task's output format)."""

from __future__ import annotations

from typing import Any

from ..model import EventCandidate, TokenRef


def _refs(refs: list[TokenRef]) -> list[str]:
    return [f"{s}:{t}" for s, t in sorted(set(refs))]


def events_to_annotations(events: list[EventCandidate]) -> list[dict[str, Any]]:
    """One SpkAtt annotation dict per event; a missing medium is written as "none"."""
    return [
        {
            "Cue": _refs(e.cue),
            "Message": _refs(e.message),
            "Source": _refs(e.source),
            "Addr": _refs(e.addr),
            "Frame": _refs(e.frame),
            "Form": e.form,
            "STWR": e.medium or "none",
            "IsNested": e.is_nested,
            "HasNested": e.has_nested,
        }
        for e in events
    ]
