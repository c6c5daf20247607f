"""Attribute: ``Doc`` → speech events on tokens (``EventCandidate``), SpkAtt scheme.

PLACEHOLDER (to be replaced by the attribution engine work).
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Doc, EventCandidate

Engine = Callable[[Doc], list[EventCandidate]]


def _null_engine(doc: Doc) -> list[EventCandidate]:
    return []


def get_engine(name: str = "default") -> Engine:
    """The attribution engine registered under ``name``."""
    return _null_engine
