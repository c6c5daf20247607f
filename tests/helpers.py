"""Helpers shared by tests: events written as SpkAtt (sentence, token) pairs."""

from __future__ import annotations

from quellenlage.doc import Doc, Event
from quellenlage.eval.spkatt import SpkAttEvent, to_doc_events
from quellenlage.model import SpeechEvent, Statement, Summary
from quellenlage.pipeline import assess_events

Ref = tuple[int, int]


def to_events(doc: Doc, events: list[SpkAttEvent]) -> list[Event]:
    """SpkAtt-style events on ``doc`` as pipeline events."""
    return to_doc_events(doc, events)


def assess(
    doc: Doc, entities: list, events: list[SpkAttEvent]
) -> tuple[list[SpeechEvent], list[Statement], Summary]:
    """The sources and assess stages on hand-built events: (events, statements, summary)."""
    doc.entities = list(entities)
    analysis = assess_events(doc, to_doc_events(doc, events))
    return analysis.speech_events, analysis.statements, analysis.summary
