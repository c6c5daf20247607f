"""The shape of a line of article text: sentence, paragraph, heading, label or list item.

These few predicates are the whole notion of "article text" that ingest promises never to
drop (``is_sentence_like``) and of the short lines that may be a title, kicker, subheading or
label. They look at punctuation, word counts and lengths only, so that the text path and the
HTML path judge a line the same way.
"""

from __future__ import annotations

import re

# Closing quotes and brackets that may follow the final punctuation of a sentence.
CLOSERS = "\"'“”‘’»«›‹)]"
FINAL = ".!?…"
BULLET = re.compile(r"^(?:[-–•*·▪►]\s|\d{1,2}[.)]\s)")
WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")
SPACES = re.compile(r"[^\S\n]+")
# A sentence boundary inside a line: final punctuation, a space, then a capital or a quote.
SENTENCE_INSIDE = re.compile(r"\w[.!?…][\"'“”»«]?\s+[\"„“»«]?[A-ZÄÖÜ]")
# A word of three letters or more that ends a sentence anywhere in a line ("werden. ¡" after
# a wrongly joined line); "Dr." and "Nr." are too short to count.
SENTENCE_END = re.compile(r"(?<![^\W\d_])[^\W\d_]{3,}[.!?…][\"'“”‘’»«›‹)\]]*(?=\s|$)")

# Lengths that separate a heading from a paragraph, chosen from German news layout: titles
# rarely exceed 160 characters, kickers 5 words, subheadings 12 words.
TITLE_MAX_CHARS = 200
KICKER_MAX_WORDS = 6
SUBHEAD_MAX_WORDS = 12
SUBHEAD_MAX_CHARS = 100
CAPTION_MAX_CHARS = 400
LEAD_MAX_CHARS = 800
LINK_MAX_CHARS = 160


def words(text: str) -> int:
    """Number of words (tokens of letters/digits) in ``text``."""
    return len(WORD.findall(text))


def final_char(text: str) -> str:
    """The last character before closing quotes and brackets ("" for an empty text); a
    replacement character (U+FFFD, where cleaning found a broken code point) does not count."""
    stripped = text.rstrip().rstrip("\ufffd").rstrip().rstrip(CLOSERS).rstrip()
    return stripped[-1:] if stripped else ""


def collapse(text: str) -> str:
    """Inner whitespace runs as one space, no outer whitespace."""
    return SPACES.sub(" ", text).strip()


def is_sentence_like(text: str) -> bool:
    """Does the line end like a sentence (final . ! ? … or a colon after 4+ words)?

    This is the notion of "article text" that ingest promises never to drop.
    """
    end = final_char(text)
    if end in FINAL:
        # "2." or "..." alone are not sentences.
        return bool(WORD.search(text))
    return end == ":" and words(text) >= 4


def is_paragraph(text: str) -> bool:
    """A real paragraph, as opposed to a heading that happens to end with ? or !."""
    if len(text) > TITLE_MAX_CHARS:
        return True
    end = final_char(text)
    n = words(text)
    if end in ".…:":
        return n >= 6 and is_sentence_like(text)
    if end in "!?":
        return n >= 20
    return False


def is_heading_shape(text: str) -> bool:
    """Short, no final period/comma/colon: could be a title, kicker or subheading."""
    end = final_char(text)
    return (
        len(text) <= SUBHEAD_MAX_CHARS
        and 1 <= words(text) <= SUBHEAD_MAX_WORDS
        and end not in ".,;:…"
        and not BULLET.match(text)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"„“»«‚'")
    )


def is_label(text: str) -> bool:
    """A few words with no sentence in them: what structure alone may move to furniture."""
    return (
        not is_sentence_like(text)
        and words(text) <= 8
        and not SENTENCE_INSIDE.search(text)
        and not SENTENCE_END.search(text)
        and not BULLET.match(text)
    )


def is_kicker(text: str) -> bool:
    """Short enough and unpunctuated enough to be the kicker (Dachzeile) above a title."""
    return (
        words(text) <= KICKER_MAX_WORDS
        and len(text) <= 60
        and final_char(text) not in ".,;…"
        and not BULLET.match(text)
    )
