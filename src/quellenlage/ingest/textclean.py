"""Text is text: one cleaning step for every entry point, with a note of what it changed.

Untrusted input may carry lone UTF-16 surrogates (from JSON escapes or broken decoders),
NUL and other control characters, zero-width and bidirectional formatting characters. None
of them is article text, and several crash later stages (serialisers, lxml, DuckDB) or cut
the text silently. ``clean_text`` replaces a lone surrogate or a noncharacter with U+FFFD
(something was there), removes the rest, unifies newlines and composes to NFC; it never
cuts the text. The notes it returns go to ``ArticleMeta.notes``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# Removed, with the name used in the note. Tab and newlines stay; NEL, VT and FF become
# newlines above. Soft hyphens and zero-width characters are invisible in a browser.
_REMOVED: dict[str, str] = {
    "NUL": "\x00",
    "control": "".join(map(chr, [*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F]))
    + "".join(chr(c) for c in range(0x80, 0xA0) if c != 0x85),
    "zero-width or soft-hyphen": "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e",
    "bidirectional-control": "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
}
_DELETE = {ord(ch): None for chars in _REMOVED.values() for ch in chars}
_ANY_REMOVED = re.compile("[" + re.escape("".join(_REMOVED.values())) + "]")
_CLASSES = {name: re.compile("[" + re.escape(chars) + "]") for name, chars in _REMOVED.items()}


def clean_text(text: str) -> tuple[str, list[str]]:
    """``(clean text, notes)``: surrogates replaced, controls and invisibles removed, NFC.

    Idempotent: cleaning a clean text changes nothing and notes nothing.
    """
    notes: list[str] = []
    text, n = _SURROGATE.subn("\ufffd", text)
    if n:
        notes.append(f"{n} lone surrogate or noncharacter code point(s) replaced by U+FFFD")
    text = _NEWLINES.sub("\n", text)
    if _ANY_REMOVED.search(text) is not None:
        for name, pattern in _CLASSES.items():
            count = len(pattern.findall(text))
            if count:
                notes.append(f"{count} {name} character(s) removed")
        text = text.translate(_DELETE)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text, notes


def normalize_text(text: str) -> str:
    """The clean text alone (see ``clean_text``)."""
    return clean_text(text)[0]


def clean_value(value: Any) -> Any:
    """A metadata value with every string in it cleaned (lists and dicts walked)."""
    if isinstance(value, str):
        return clean_text(value)[0]
    if isinstance(value, list):
        return [clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    return value
