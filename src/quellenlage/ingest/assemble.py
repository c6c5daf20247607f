"""Structured pieces → ``Article``: the one place where the clean text and its offsets are made.

Both the text path (``text.py``) and the HTML path (``html.py``) end here, so an article has
the same structure whatever it came from: kicker, title and lead first, then body paragraphs
and subheadings in reading order, each block separated by a blank line, every block and
paragraph with its offsets into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

from ..model import Article, ArticleMeta, Block, BlockKind, MediaItem, Paragraph

_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Piece:
    """One block of the article in reading order: its kind and its clean text."""

    kind: str  # a BlockKind: kicker, title, lead, body, subheading
    text: str


def assemble(
    pieces: list[Piece], media: list[MediaItem], furniture: list[str], meta: ArticleMeta
) -> Article:
    """Lay the pieces out as one clean text (blank line between blocks) with their offsets.

    The first kicker, title and lead fill the named fields; empty pieces are left out.
    """
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    blocks: list[Block] = []
    fields: dict[str, str] = {}
    pos = 0
    for piece in pieces:
        if not piece.text:
            continue
        if parts:
            pos += len(_SEPARATOR)
        start, end = pos, pos + len(piece.text)
        parts.append(piece.text)
        blocks.append(Block(kind=cast(BlockKind, piece.kind), start=start, end=end))
        if piece.kind in ("body", "subheading"):
            kind = cast(Literal["body", "subheading"], piece.kind)
            paragraphs.append(Paragraph(text=piece.text, kind=kind, start=start, end=end))
        else:
            fields.setdefault(piece.kind, piece.text)
        pos = end
    return Article(
        kicker=fields.get("kicker"),
        title=fields.get("title"),
        lead=fields.get("lead"),
        paragraphs=paragraphs,
        media=media,
        furniture=furniture,
        text=_SEPARATOR.join(parts),
        blocks=blocks,
        meta=meta,
    )
