"""Captions and photo credits in a scrape: which lines belong to an image, not the text.

A caption is a line printed twice (alt text and figcaption), a line directly before a photo
credit, or an indented line (or the first line) after a gallery counter; its second copy is
furniture. A credit glued to the end of a line ("… in Wien. Foto: dpa") is split off; the
line becomes a caption only when it is short enough to be one, so that a sentence of the
article is never moved out of the text.
"""

from __future__ import annotations

from .furniture import furniture_lexicon
from .lines import Line
from .shapes import (
    BULLET,
    CAPTION_MAX_CHARS,
    SENTENCE_INSIDE,
    SPACES,
    WORD,
    is_paragraph,
    is_sentence_like,
    words,
)

# A caption by position alone (before a credit) is one sentence or a phrase of this length.
_SHORT_CAPTION_CHARS = 250
_PHRASE_MAX_WORDS = 14
# German function words: a phrase made of names, nouns and these has no verb of its own.
_FUNCTION_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "am",
        "im",
        "in",
        "an",
        "auf",
        "aus",
        "bei",
        "mit",
        "nach",
        "von",
        "vor",
        "zu",
        "zum",
        "zur",
        "und",
        "oder",
        "über",
        "unter",
        "für",
        "gegen",
        "durch",
        "beim",
        "vom",
        "bis",
        "seit",
        "neben",
        "hinter",
        "zwischen",
        "ohne",
        "um",
        "ins",
        "ans",
        "aufs",
        "nahe",
        "samt",
        "sowie",
        "als",
        "wie",
        "vs",
    ]
)


def find_media(lines: list[Line], base_indent: int, *, grouped: bool) -> None:
    """Mark captions (duplicated, before a credit, or in a gallery) and their credits."""
    _duplicated_captions(lines, base_indent)
    _gallery_captions(lines, base_indent)
    _credit_lines(lines, grouped=grouped)
    _credit_tails(lines)


def _dedupe_key(text: str) -> str:
    return SPACES.sub(" ", text).strip().casefold()


def _duplicated_captions(lines: list[Line], base_indent: int) -> None:
    """Captions printed twice (alt text and figcaption): keep the first, list the second.

    A sentence printed twice before any paragraph is a teaser printed twice (meta
    description and lead), not a caption, unless a credit follows it.
    """
    text_seen = False
    for i, line in enumerate(lines):
        if line.role != "" or words(line.text) < 4:
            continue
        for j in range(i + 1, min(i + 3, len(lines))):
            other = lines[j]
            if other.role == "" and _dedupe_key(other.text) == _dedupe_key(line.text):
                other.role, other.kind = "furniture", "duplicate"
                captionish = (
                    (is_sentence_like(line.text) and text_seen)
                    or _credit_follows(lines, j)
                    or line.indent > base_indent
                )
                if captionish and _is_caption_shape(line.text):
                    line.role = "caption"
                break
        text_seen = text_seen or (line.role == "" and is_paragraph(line.text))


def _gallery_captions(lines: list[Line], base_indent: int) -> None:
    """After a gallery marker, indented lines (or the line right after it) are captions
    until body text starts again."""
    in_gallery = after_marker = False
    for line in lines:
        if line.role == "furniture":
            if line.kind == "gallery":
                in_gallery = after_marker = True
            continue  # a duplicate copy or a credit keeps the gallery open
        if line.role == "caption":
            after_marker = False
            continue
        placed = line.indent > base_indent or (after_marker and not line.gap_before)
        if in_gallery and placed and _is_caption_shape(line.text):
            line.role = "caption"
            after_marker = False
            continue
        in_gallery = after_marker = False


def _credit_lines(lines: list[Line], *, grouped: bool) -> None:
    """A credit line belongs to the caption right before it."""
    last_paragraph = max(
        (i for i, line in enumerate(lines) if line.role == "" and is_paragraph(line.text)),
        default=-1,
    )
    for i, line in enumerate(lines):
        more_text = i < last_paragraph
        if not _is_credit_line(line, lines[i - 1] if i else None, more_text=more_text):
            continue
        cap = _caption_before(lines, i, grouped=grouped, more_text=more_text)
        if cap is not None:
            cap.credit = line.text
            line.role, line.kind = "credit", "credit"


def _credit_tails(lines: list[Line]) -> None:
    """Credits at the end of a line: "… in Wien. Foto: dpa".

    The line becomes a caption when it already is one, when it is a short phrase without a
    verb of its own ("Der Kanzler am Montag in Berlin."), or when it is one short sentence and
    the article has other paragraphs. Otherwise ("Der Minister sagte, er sei zufrieden. Foto:
    dpa" as the whole article) the credit goes and the sentence stays text.
    """
    lex = furniture_lexicon()
    paragraphs = sum(1 for line in lines if line.role == "" and is_paragraph(line.text))
    for line in lines:
        if line.role not in ("", "caption"):
            continue
        others = paragraphs - (line.role == "" and is_paragraph(line.text))
        text, tails = lex.split_suffix(line.text)
        credit_tails = [t for k, t in tails if k == "credit"]
        line.text = text
        captionish = is_phrase_caption(text) or (others > 0 and is_short_caption(text))
        if credit_tails and (line.role == "caption" or captionish):
            line.role = "caption"
            line.credit = " ".join(credit_tails)
            line.tails = [(k, t) for k, t in tails if k != "credit"]
        else:
            line.tails = tails


def is_phrase_caption(text: str) -> bool:
    """A caption by its wording: one short sentence whose lower-case words are all function
    words (a nominal phrase: "Der Kanzler am Montag in Berlin."). A sentence with a verb or
    a clause ("…, er sei zufrieden.") is article text."""
    if not is_short_caption(text) or "," in text or words(text) > _PHRASE_MAX_WORDS:
        return False
    lower = [w for w in WORD.findall(text) if w[0].islower()]
    return all(w in _FUNCTION_WORDS for w in lower)


def is_short_caption(text: str) -> bool:
    """A caption by length alone: one sentence (or a phrase), not a whole paragraph.

    Used where only position says "caption" (before a credit): a two-sentence paragraph is
    more likely article text, and article text must never be lost to a caption.
    """
    return (
        _is_caption_shape(text)
        and len(text) <= _SHORT_CAPTION_CHARS
        and not SENTENCE_INSIDE.search(text)
        and not text.endswith(":")
    )


def _is_caption_shape(text: str) -> bool:
    return len(text) <= CAPTION_MAX_CHARS and not BULLET.match(text)


def _is_credit_line(line: Line, prev: Line | None, *, more_text: bool = False) -> bool:
    if line.role != "furniture":
        return False
    if line.kind == "credit":
        return True
    # "AFP" or "dpa/picture alliance" right after a certain caption is its credit, not a
    # wire signature.
    if line.kind == "agency" and prev is not None and prev.role == "caption":
        return True
    # "Quelle: dpa/Max Muster" in the middle of the text credits the caption before it; at
    # the end of the article it names the article's sources.
    return line.kind == "source" and more_text and words(line.text) <= 8


def _credit_follows(lines: list[Line], j: int) -> bool:
    return j + 1 < len(lines) and _is_credit_line(lines[j + 1], lines[j])


def _caption_before(lines: list[Line], i: int, *, grouped: bool, more_text: bool) -> Line | None:
    """The caption a credit at ``lines[i]`` belongs to, promoting an adjacent line if needed.

    Without blank-line grouping (``grouped`` False) a credit after the last paragraph does
    not take that paragraph: it is more likely the credit of an image without a caption.
    """
    line = lines[i]
    k = i - 1
    # Skip the duplicate copy of the caption.
    while k >= 0 and lines[k].role == "furniture" and lines[k].kind == "duplicate":
        k -= 1
    if k < 0:
        return None
    prev = lines[k]
    if prev.role == "caption" and prev.credit is None:
        return prev
    adjacent = not line.gap_before and not lines[k + 1].gap_before
    if (
        adjacent
        and prev.role == ""
        and is_short_caption(prev.text)
        and (grouped or more_text)
        and not _is_lone_heading_before_body(lines, k)
    ):
        prev.role = "caption"
        return prev
    return None


def _is_lone_heading_before_body(lines: list[Line], k: int) -> bool:
    """The first content line of the text is the title, not a caption."""
    return next((i for i, line in enumerate(lines) if line.role == ""), k) == k
