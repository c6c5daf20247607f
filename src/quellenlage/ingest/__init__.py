"""Ingest: bytes, text, HTML, batch records or a URL → a structured ``Article``.

Entry points (all raise the named errors of ``errors.py``, never anything else on bad input):

* ``read_path`` / ``read_bytes``: a file or raw bytes; decoded (``decode.py``), then HTML goes
  to ``html_to_article`` and plain text to ``text_to_article``;
* ``text_to_article``: scraped plain text that is already a ``str``;
* ``html_to_article``: an HTML page (``html.py``);
* ``record_article``: one batch ``InputRecord`` (text, HTML, file bytes, WARC payload, URL);
* ``fetch_article``: a URL, fetched safely (``fetch.py``).

Every path cleans the text the same way first (``textclean.py``: surrogates, NULs, control
and zero-width characters replaced or removed, with a note in ``meta.notes``) and ends in the
same ``Article`` structure (``assemble.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import EmptyInput
from ..model import Article, ArticleMeta
from ..settings import DEFAULT_SETTINGS, Settings
from .decode import decode_bytes, read_file_bytes
from .fetch import fetch_article, fetch_page
from .html import decode_html, html_to_article
from .records import InputRecord
from .text import text_to_article

__all__ = [
    "fetch_article",
    "fetch_page",
    "html_to_article",
    "looks_like_html",
    "read_bytes",
    "read_path",
    "record_article",
    "text_to_article",
]

# The start of an HTML document (after an optional XML declaration, comments, whitespace).
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.I | re.S,
)
_HTML_TAG = re.compile(r"<(?:head|body|article|div|p|meta|title|main|section)[\s>/]", re.I)
_LEADING_COMMENTS = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*", re.S)
_MAX_COMMENTS = 1_000_000


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML page rather than scraped plain text (comments before
    the doctype are skipped however long they are, up to 1 MB)."""
    skipped = _LEADING_COMMENTS.match(text, 0, _MAX_COMMENTS)
    head = text[skipped.end() : skipped.end() + 4096] if skipped else text[:4096]
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
    meta = (meta or ArticleMeta()).model_copy(update={"encoding": encoding})
    if looks_like_html(text):
        return html_to_article(text, meta=meta, settings=settings)
    return text_to_article(text, meta=meta, settings=settings, name=name)


def record_article(rec: InputRecord, *, settings: Settings = DEFAULT_SETTINGS) -> Article:
    """Ingest one batch record into an ``Article`` (text, HTML, file bytes, WARC, URL)."""
    meta = rec.article_meta()
    if rec.fetch_url is not None:
        return fetch_article(rec.fetch_url, settings=settings, meta=meta)
    if rec.html is not None or (rec.data is not None and rec.input_format == "warc"):
        # A WARC payload: the HTTP Content-Type header names the charset.
        html = rec.html if rec.html is not None else decode_html(rec.data or b"", rec.content_type)
        return html_to_article(html, meta=meta, settings=settings)
    if rec.text is not None:
        text = rec.text
        if rec.title and not text.lstrip().startswith(rec.title):
            text = f"{rec.title}\n\n{text}"  # a separate title field: the text ingest sees it
        return text_to_article(text, meta=meta, settings=settings, name=rec.input)
    if rec.data is not None and rec.forced:
        # --format named it: decode, then no guessing between text and HTML.
        text, meta.encoding = decode_bytes(rec.data, name=rec.input, settings=settings)
        if rec.input_format == "html":
            return html_to_article(text, meta=meta, settings=settings)
        return text_to_article(text, meta=meta, settings=settings, name=rec.input)
    if rec.data is not None:
        # A whole text or HTML file: the ingest decodes it and tells HTML from text.
        meta.input_format = None
        return read_bytes(rec.data, name=rec.input, settings=settings, meta=meta)
    raise EmptyInput(f"record {rec.record or rec.doc_id} of {rec.input} carries no content")
