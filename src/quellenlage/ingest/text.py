"""Scraped plain text → ``Article``: kicker, title, lead, paragraphs, media, page furniture.

Decisions are made from the shape of lines, not from one site's layout:

* a line that matches a furniture pattern (``lang/de/data/furniture.tsv``) is page furniture;
* a line that ends like a sentence is article text; short lines without final punctuation
  are candidates for kicker, title, subheading, credit or furniture;
* captions and credits are found by ``media.py``; wrapped lines are joined by ``lines.py``;
* the head is what comes before the first real paragraph: the last short line is the title,
  a very short line before it the kicker; the first paragraph after the title is the lead.

Nothing that looks like a sentence is dropped unless a furniture pattern names it: when in
doubt a line stays in the body. Every input line ends up in exactly one place (text, a
caption or credit, or the ``furniture`` audit list).
"""

from __future__ import annotations

import re

from ..errors import EmptyInput, InputTooLarge
from ..model import Article, ArticleMeta, MediaItem
from ..settings import DEFAULT_SETTINGS, Settings
from .assemble import Piece, assemble
from .furniture import first_names, furniture_lexicon, looks_like_credit
from .lines import Line, base_indent, merge_continuations, split_lines
from .media import find_media
from .metadata import date_from_fetched, prepare_meta
from .shapes import (
    BULLET,
    LEAD_MAX_CHARS,
    LINK_MAX_CHARS,
    SENTENCE_END,
    SENTENCE_INSIDE,
    TITLE_MAX_CHARS,
    final_char,
    is_heading_shape,
    is_kicker,
    is_label,
    is_paragraph,
    is_sentence_like,
    words,
)
from .textclean import clean_text

__all__ = [
    "furniture_lexicon",
    "is_sentence_like",
    "looks_like_credit",
    "parse_text",
    "text_to_article",
]

# A bare author name: two to four capitalised name parts, optionally ", Place".
_AUTHOR_NAME = re.compile(
    r"(?:[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+)?\.?\s){1,3}"
    r"(?:(?:von|van|de|zu)\s)?[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+)?"
    r"(?:,\s[A-ZÄÖÜ][\w .-]{1,30})?"
)


def text_to_article(
    text: str,
    *,
    meta: ArticleMeta | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    name: str = "text",
) -> Article:
    """Structure scraped plain text: kicker, title, lead, paragraphs, media, furniture."""
    if len(text) > settings.max_text_chars:
        raise InputTooLarge(
            f"{name}: {len(text):,} characters is more than the limit of "
            f"{settings.max_text_chars:,}"
        )
    text, notes = clean_text(text)
    if not text.strip():
        raise EmptyInput(f"{name}: the text is empty")
    return parse_text(text, prepare_meta(meta, "text", notes))


def classify_furniture(lines: list[Line]) -> None:
    """Mark the lines that a furniture pattern or the credit shape names."""
    lex = furniture_lexicon()
    for line in lines:
        hit = lex.match(line.text)
        if hit is not None:
            kind, m = hit
            line.role, line.kind, line.match = "furniture", kind, m
        elif looks_like_credit(line.text):
            line.role, line.kind = "furniture", "credit"


def _open_boxes(lines: list[Line]) -> None:
    """Related-links and newsletter boxes: the short lines right after their header."""
    i = 0
    while i < len(lines):
        head = lines[i]
        i += 1
        if head.role != "furniture" or head.kind not in ("related", "newsletter"):
            continue
        first = True
        while i < len(lines):
            line = lines[i]
            if line.gap_before and not first:
                break
            if line.role == "furniture":
                if line.kind in ("related", "newsletter"):
                    break
                i += 1
                first = False
                continue
            if not _is_box_line(line.text, head.kind):
                break
            if line.gap_before and _next_is_paragraph(lines, i):
                break  # a short line after a blank, right before text: a subheading
            if head.kind == "newsletter" and not _next_is_furniture(lines, i):
                break  # a newsletter's name sits between its header and its promo lines
            line.role, line.kind = "furniture", f"{head.kind}-item"
            i += 1
            first = False


def _next_is_furniture(lines: list[Line], i: int) -> bool:
    return i + 1 >= len(lines) or lines[i + 1].role == "furniture"


def _next_is_paragraph(lines: list[Line], i: int) -> bool:
    nxt = next((line for line in lines[i + 1 :] if line.role == ""), None)
    return nxt is not None and is_paragraph(nxt.text)


def _is_box_line(text: str, kind: str) -> bool:
    if SENTENCE_INSIDE.search(text) or BULLET.match(text):
        return False
    end = SENTENCE_END.search(text)
    if (end is not None and end.end() < len(text.rstrip())) or (end and kind != "related"):
        return False  # a sentence with something glued after it is text, not a link title
    if kind == "related":
        # Link titles: short, without a final period (they may end with ? or !).
        return len(text) <= LINK_MAX_CHARS and final_char(text) not in ".…:" and words(text) <= 20
    return len(text) <= 80 and not is_sentence_like(text)


def parse_text(text: str, meta: ArticleMeta | None = None) -> Article:
    """Structure clean scraped text (``textclean.clean_text``) into an ``Article``."""
    meta = (meta or ArticleMeta()).model_copy()
    lines = split_lines(text)
    # Blank lines group lines only when some lines have one before them and others do not.
    grouped = len({line.gap_before for line in lines[1:]}) == 2
    classify_furniture(lines)
    lines = merge_continuations(lines)
    _open_boxes(lines)
    find_media(lines, base_indent(lines), grouped=grouped)

    content = [line for line in lines if line.role == ""]
    pieces, head_furniture = _structure(content)
    for line in head_furniture:
        line.role = "furniture"
        line.kind = line.kind or "head"
    furniture, media = _collect(lines, meta)
    date_from_fetched(meta)
    for piece in pieces:
        if piece.kind in ("kicker", "title", "lead"):
            meta.provenance.setdefault(piece.kind, "text")  # from the shape of the lines
    return assemble(pieces, media, furniture, meta)


def _collect(lines: list[Line], meta: ArticleMeta) -> tuple[list[str], list[MediaItem]]:
    """The furniture audit list and the media items; bylines and stamps fill ``meta``."""
    furniture: list[str] = []
    media: list[MediaItem] = []
    for line in lines:
        if line.role == "furniture":
            furniture.append(line.text)
            if line.match is not None:
                groups = line.match.groupdict()
                if line.kind == "byline" and groups.get("author") and meta.author is None:
                    meta.author = groups["author"].strip()
                    meta.provenance.setdefault("author", "byline")
                if line.kind == "timestamp" and groups.get("date") and meta.date is None:
                    meta.date = groups["date"].strip()
                    meta.provenance.setdefault("date", "text")
            if line.kind == "author" and meta.author is None:
                meta.author = line.text.split(",")[0].strip()
        elif line.role == "caption":
            media.append(MediaItem(caption=line.text, credit=line.credit))
        furniture.extend(t for _, t in line.tails)
    if meta.author and not meta.authors:
        meta.authors = [meta.author]
    return furniture, media


# A one-line article (10kGNAD, feeds that flatten paragraphs) that opens with its headline
# and then a dateline: "Minister tritt zurück – Nachfolger offen. Wien – Der Minister …".
_HEADLINE_DATELINE = re.compile(
    r"(?P<head>[^.!?]{12,300}[.!?]) (?=(?:[A-ZÄÖÜ][\w.-]*)(?:[/ ][A-ZÄÖÜ][\w.-]*){0,2}"
    r"(?: \([^)]{1,20}\))? [–—-] \S)"
)


def _headline_of_one_line(content: list[Line]) -> list[Line] | None:
    """The headline and the rest of a one-line article as two lines, or None."""
    if len(content) != 1 or len(content[0].text) < 400:
        return None
    m = _HEADLINE_DATELINE.match(content[0].text)
    if m is None:
        return None
    line = content[0]
    head = Line(line.n, m.group("head"), line.indent, True)
    rest = Line(line.n, line.text[m.end() :].lstrip(), line.indent, True)
    return [head, rest]


def _structure(content: list[Line]) -> tuple[list[Piece], list[Line]]:
    """Kicker, title, lead and body paragraphs from the content lines in reading order."""
    pieces: list[Piece] = []
    furniture: list[Line] = []
    split = _headline_of_one_line(content)
    if split is not None:
        pieces.append(Piece("title", split[0].text))
        _body(split[1:], pieces, furniture)
        return pieces, furniture
    i_lead = next((i for i, line in enumerate(content) if is_paragraph(line.text)), None)
    body_start = 0
    if (
        i_lead is not None
        and i_lead > 0
        and all(len(line.text) <= TITLE_MAX_CHARS for line in content[:i_lead])
        and not BULLET.match(content[i_lead - 1].text)
    ):
        body_start = _head(content, i_lead, pieces, furniture)
    _body(content[body_start:], pieces, furniture)
    return pieces, furniture


def _head(content: list[Line], i_lead: int, pieces: list[Piece], furniture: list[Line]) -> int:
    """Kicker, title and lead before the first paragraph; returns where the body starts."""
    head = content[:i_lead]
    author_line = _author_line(head)
    if author_line is not None:
        head = head[:-1]
        author_line.kind = "author"
        furniture.append(author_line)
    title = head[-1]
    kicker = head[-2] if len(head) >= 2 and is_kicker(head[-2].text) else None
    early = head[: len(head) - (2 if kicker else 1)]
    lead_body: list[Piece] = []
    for line in early:
        if is_label(line.text):
            furniture.append(line)  # a stray label above the head ("Politik")
        else:
            lead_body.append(Piece("body", line.text))
    if kicker is not None:
        pieces.append(Piece("kicker", kicker.text))
    pieces.append(Piece("title", title.text))
    lead = content[i_lead]
    body_start = i_lead
    if len(lead.text) <= LEAD_MAX_CHARS and final_char(lead.text) in ".…!?":
        pieces.append(Piece("lead", lead.text))
        body_start = i_lead + 1
    pieces.extend(lead_body)
    return body_start


def _body(rest: list[Line], pieces: list[Piece], furniture: list[Line]) -> None:
    """Body paragraphs and subheadings; a trailing label no pattern knows goes to furniture."""
    # paragraph_after[k]: a real paragraph follows rest[k] somewhere (computed once).
    paragraph_after = [False] * len(rest)
    seen = False
    for k in range(len(rest) - 1, -1, -1):
        paragraph_after[k] = seen
        seen = seen or is_paragraph(rest[k].text)
    text_before = any(is_paragraph(p.text) for p in pieces if p.kind == "lead")
    for k, line in enumerate(rest):
        text_before = text_before or (k > 0 and is_paragraph(rest[k - 1].text))
        later = rest[k + 1 : k + 2]
        next_is_paragraph = bool(later) and is_paragraph(later[0].text)
        if is_heading_shape(line.text) and not is_sentence_like(line.text):
            if next_is_paragraph:
                pieces.append(Piece("subheading", line.text))
                continue
            if is_label(line.text) and text_before and not paragraph_after[k]:
                # A short label after the last paragraph (a box header or tag row that no
                # pattern knows): not a sentence, so it goes to the audit list.
                furniture.append(line)
                continue
        question_head = is_heading_shape(line.text) and final_char(line.text) in "!?"
        if question_head and next_is_paragraph:
            pieces.append(Piece("subheading", line.text))
            continue
        pieces.append(Piece("body", line.text))


def _author_line(head: list[Line]) -> Line | None:
    """A bare author name between title and lead ("Anna Müller", "Anna Müller, Wien").

    Only when it starts with a known first name and a longer line (the title) stands
    before it: "Teure Wärme" after a kicker stays the title.
    """
    if len(head) < 2:
        return None
    last, before = head[-1], head[-2]
    if (
        _AUTHOR_NAME.fullmatch(last.text)
        and last.text.split()[0] in first_names()
        and words(before.text) > words(last.text)
    ):
        return last
    return None
