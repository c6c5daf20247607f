"""Assess: speech events on tokens → typed sources, statuses, statements, summary.

PLACEHOLDER (to be replaced by the assess work).
"""

from __future__ import annotations

from ..model import Doc, Entity, EventCandidate, SpeechEvent, Statement, Summary


def assess(
    doc: Doc, entities: list[Entity], candidates: list[EventCandidate]
) -> tuple[list[SpeechEvent], list[Statement], Summary]:
    """Decide the epistemic status of each event and statement."""
    statements = [
        Statement(text=doc.text[s.start : s.end], start=s.start, end=s.end, status="asserted",
                  block=s.block)
        for s in doc.sentences
    ]
    summary = Summary(
        statements=len(statements), by_status={"asserted": len(statements)}, by_source_type={}
    )
    return [], statements, summary
