"""Language identification by function-word profiles (no model download needed).

PLACEHOLDER (to be replaced by the annotate work).
"""

from __future__ import annotations

from ..settings import DEFAULT_SETTINGS, Settings


def detect_language(text: str, *, settings: Settings = DEFAULT_SETTINGS) -> str:
    """ISO 639-1 code of the text's language ("de", "en", ...), "und" when unknown."""
    return "de"
