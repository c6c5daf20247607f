"""Ingest: bytes or text from a source → a structured ``Article``.

PLACEHOLDER (to be replaced by the ingest work): one paragraph per blank-line block.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Article, ArticleMeta, Block, Paragraph
from ..settings import DEFAULT_SETTINGS, Settings


def read_path(path: Path, *, settings: Settings = DEFAULT_SETTINGS) -> Article:
    """Read a file (text or HTML, any common encoding) into an Article."""
    return read_bytes(path.read_bytes(), name=str(path), settings=settings)


def read_bytes(data: bytes, *, name: str = "-", settings: Settings = DEFAULT_SETTINGS) -> Article:
    """Decode raw bytes (text or HTML) and structure them into an Article."""
    return text_to_article(data.decode("utf-8"), settings=settings)


def text_to_article(
    text: str, *, meta: ArticleMeta | None = None, settings: Settings = DEFAULT_SETTINGS
) -> Article:
    """Structure scraped plain text: kicker, title, lead, paragraphs, media, furniture."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    clean = "\n\n".join(parts)
    paragraphs, blocks, pos = [], [], 0
    for p in parts:
        paragraphs.append(Paragraph(text=p, kind="body", start=pos, end=pos + len(p)))
        blocks.append(Block(kind="body", start=pos, end=pos + len(p)))
        pos += len(p) + 2
    return Article(text=clean, paragraphs=paragraphs, blocks=blocks, meta=meta or ArticleMeta())
