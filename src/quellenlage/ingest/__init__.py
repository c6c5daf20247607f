"""Ingest: bytes or text from a source → a structured ``Article``.

``read_path`` and ``read_bytes`` check and decode untrusted input (``decode.py``), send HTML
to ``html.py`` and scraped plain text to ``text.py``. ``text_to_article`` is the entry point
for text that is already a ``str``. All of them raise the named errors of ``errors.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import EmptyInput, InputTooLarge
from ..model import Article, ArticleMeta
from ..settings import DEFAULT_SETTINGS, Settings
from .decode import decode_bytes, read_file_bytes
from .text import parse_text

__all__ = ["looks_like_html", "read_bytes", "read_path", "text_to_article"]

# The start of an HTML document (after an optional XML declaration, comments, whitespace).
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S
)
_HTML_TAG = re.compile(r"<(?:head|body|article|div|p|meta|title|main|section)[\s>/]", re.I)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page rather than scraped plain text."""
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    # A fragment ("<div><p>…") without a doctype: starts with a tag and has several more.
    return head.lstrip().startswith("<") and len(_HTML_TAG.findall(head)) >= 2


def read_path(
    path: Path | str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    meta: ArticleMeta | None = None,
) -> Article:
    """Read a file (text or HTML, any common encoding) into an Article."""
    data = read_file_bytes(path, settings=settings)
    return read_bytes(data, name=str(path), settings=settings, meta=meta)


def read_bytes(
    data: bytes,
    *,
    name: str = "-",
    settings: Settings = DEFAULT_SETTINGS,
    meta: ArticleMeta | None = None,
) -> Article:
    """Decode raw bytes (text or HTML) and structure them into an Article."""
    text, encoding = decode_bytes(data, name=name, settings=settings)
    # The character limit is checked by text_to_article; html_to_article has its own (markup
    # makes a page several times longer than its text).
    meta = (meta or ArticleMeta()).model_copy(update={"encoding": encoding})
    if looks_like_html(text):
        from .html import html_to_article  # lazy: trafilatura is an optional extra

        if meta.input_format is None:
            meta.input_format = "html"
        return html_to_article(text, meta=meta, settings=settings)
    return text_to_article(text, meta=meta, settings=settings, name=name)


def text_to_article(
    text: str,
    *,
    meta: ArticleMeta | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    name: str = "text",
) -> Article:
    """Structure scraped plain text: kicker, title, lead, paragraphs, media, furniture."""
    _check_chars(text, name=name, settings=settings)
    if not text.strip():
        raise EmptyInput(f"{name}: the text is empty")
    meta = (meta or ArticleMeta()).model_copy()
    if meta.input_format is None:
        meta.input_format = "text"
    return parse_text(text, meta)


def _check_chars(text: str, *, name: str, settings: Settings) -> None:
    if len(text) > settings.max_text_chars:
        raise InputTooLarge(
            f"{name}: {len(text):,} characters is more than the limit of "
            f"{settings.max_text_chars:,}"
        )
