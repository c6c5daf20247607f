"""Entities: PER / ORG / LOC / MEDIA mentions with canonical identities.

PLACEHOLDER (to be replaced by the annotate work).
"""

from __future__ import annotations

from ..model import Doc, Entity


def find_entities(doc: Doc) -> list[Entity]:
    """Find entity mentions in the document and link each to a canonical name."""
    return []
