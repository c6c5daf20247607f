"""Physical lines of a scrape → logical lines: blank-line groups, hard wraps, hyphenation.

A scrape may be wrapped at a fixed width, have one paragraph per line, or a blank line after
every line. ``split_lines`` records what each line looked like (indent, blank line before)
and ``merge_continuations`` joins wrapped lines back into paragraphs. A hyphen at a line
break is removed only where that gives a known word ("Bundes-" + "regierung"); before a
conjunction it starts a coordinated compound and stays ("Schwellen- und Entwicklungsländer");
anywhere else it is kept, so that no character of the input is lost by guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .shapes import BULLET, FINAL, SPACES, final_char
from .wordlists import vocabulary

# Words after which a line-end hyphen is a suspended compound part, not a word break:
# "Schwellen- und Entwicklungsländer", "Ein- oder Ausfuhr", "Vor- bzw. Nachteile".
_COORDINATORS = frozenset(
    {"und", "oder", "bzw", "beziehungsweise", "sowie", "bis", "als", "wie", "noch", "resp"}
)
_FIRST_WORD = re.compile(r"[^\W\d_]+")
_WORD_END = re.compile(r"[^\W\d_]-$")


@dataclass(slots=True)
class Line:
    """One logical input line and what the parser decided about it."""

    n: int  # index of its first physical line
    text: str  # stripped, inner whitespace collapsed
    indent: int
    gap_before: bool  # a blank line (or the start of the text) before it
    role: str = ""  # "" (content), furniture, caption, credit
    kind: str = ""  # furniture kind, or the block kind of content
    credit: str | None = None
    tails: list[tuple[str, str]] = field(default_factory=list)
    match: re.Match[str] | None = None


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their indent and whether a blank line stands before them."""
    out: list[Line] = []
    gap = True
    for n, raw in enumerate(text.split("\n")):
        stripped = SPACES.sub(" ", raw).strip()
        if not stripped:
            gap = True
            continue
        indent = len(raw) - len(raw.lstrip())
        out.append(Line(n=n, text=stripped, indent=indent, gap_before=gap))
        gap = False
    if len(out) >= 4 and all(line.gap_before for line in out):
        # A blank line after every line carries no grouping: read it like one line per
        # paragraph, where captions and their credits are neighbours.
        for line in out:
            line.gap_before = False
    return out


def base_indent(lines: list[Line]) -> int:
    """The median indent: lines indented further are set apart (gallery captions)."""
    indents = sorted(line.indent for line in lines)
    return indents[len(indents) // 2] if indents else 0


def _wrap_width(lines: list[Line]) -> int | None:
    """The line width of a hard-wrapped text, or ``None`` for one paragraph per line.

    A scrape wrapped at a fixed width has long lines of similar length, many of which stop
    mid-sentence; a scrape with one paragraph per line has long lines ending in punctuation.
    """
    longish = [line for line in lines if line.role == "" and len(line.text) >= 40]
    if len(longish) < 5:
        return None
    short_enough = sum(len(line.text) <= 100 for line in longish) / len(longish)
    open_ended = sum(final_char(line.text) not in FINAL for line in longish) / len(longish)
    if short_enough >= 0.8 and open_ended >= 0.4:
        return max(len(line.text) for line in longish)
    return None


def merge_continuations(lines: list[Line]) -> list[Line]:
    """Join hard-wrapped lines back into paragraphs.

    Always: a content line that stops mid-sentence and a next line that starts lowercase.
    In a text wrapped at a fixed width: every line that reaches near that width continues
    on the next line of the same block (headings are short, so they stay apart).
    """
    width = _wrap_width(lines)
    out: list[Line] = []
    last_len = 0  # length of the last physical line merged into out[-1]
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not line.gap_before
            and prev.role == ""
            and line.role == ""
            and not BULLET.match(line.text)
        ):
            mid_sentence = final_char(prev.text) not in ".!?…:" and (
                line.text[0].islower()
                or prev.text.endswith((",", ";"))
                or _WORD_END.search(prev.text) is not None  # "Ukraine-" + "Krieg …"
            )
            wrapped = width is not None and last_len >= 0.6 * width
            if mid_sentence or wrapped:
                prev.text = join_broken_line(prev.text, line.text)
                last_len = len(line.text)
                continue
        out.append(line)
        last_len = len(line.text)
    return out


def join_broken_line(before: str, after: str) -> str:
    """Join two parts of one paragraph that a line break separated.

    "Bundes-" + "regierung widersprach" → "Bundesregierung widersprach" (a known word);
    "Schwellen-" + "und Entwicklungsländer" → "Schwellen- und Entwicklungsländer";
    "Ukraine-" + "Krieg" → "Ukraine-Krieg"; an unknown joined word keeps its hyphen.
    """
    if not _WORD_END.search(before):
        return f"{before} {after}"
    first = _FIRST_WORD.match(after)
    if first is None or not after[0].islower():
        return before + after  # "Ukraine-" + "Krieg": the hyphen is part of the word
    head = first[0]
    if head.casefold().rstrip(".") in _COORDINATORS:
        return f"{before} {after}"  # a suspended compound part: "Schwellen- und ..."
    stem = re.search(r"[^\W\d_]+-$", before)
    joined = (stem[0][:-1] if stem else "") + head
    # Known: the joined word ("Verhandlungen"), or a compound whose head is a word of its
    # own ("Bundesverfassungs-" + "gericht").
    if is_known_word(joined) or (len(head) >= 4 and is_known_word(head)):
        return before[:-1] + after
    return before + after


def is_known_word(word: str) -> bool:
    """A German word form the shipped vocabulary knows (case-insensitive)."""
    return word.casefold() in vocabulary()
