"""Scraped plain text → ``Article``: kicker, title, lead, paragraphs, media, page furniture.

Decisions are made from the shape of lines, not from one site's layout:

* a line that matches a furniture pattern (``lang/de/data/furniture.tsv``) is page furniture;
* a line that ends like a sentence is article text; short lines without final punctuation
  are candidates for kicker, title, subheading, credit or furniture;
* a caption is a line printed twice, a line directly before a photo credit, or an indented
  line (or the first line) after a gallery counter; its second copy is furniture;
* the head is what comes before the first real paragraph: the last short line is the title,
  a very short line before it the kicker; the first paragraph after the title is the lead.

Nothing that looks like a sentence is dropped unless a furniture pattern names it: when in
doubt a line stays in the body. Every input line ends up in exactly one place (text, a
caption or credit, or the ``furniture`` audit list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..lang import de
from ..model import Article, ArticleMeta, Block, MediaItem, Paragraph
from .decode import normalize_text

# --------------------------------------------------------------------------- line shapes

# Closing quotes and brackets that may follow the final punctuation of a sentence.
_CLOSERS = "\"'“”‘’»«›‹)]"
_FINAL = ".!?…"
_BULLET = re.compile(r"^(?:[-–•*·▪►]\s|\d{1,2}[.)]\s)")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")
_SPACES = re.compile(r"[^\S\n]+")
# A bare author name: two to four capitalised name parts, optionally ", Place".
_AUTHOR_NAME = re.compile(
    r"(?:[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+)?\.?\s){1,3}"
    r"(?:(?:von|van|de|zu)\s)?[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúç]+)?"
    r"(?:,\s[A-ZÄÖÜ][\w .-]{1,30})?"
)
# A sentence boundary inside a line: final punctuation, a space, then a capital or a quote.
_SENTENCE_INSIDE = re.compile(r"\w[.!?…][\"'“”»«]?\s+[\"„“»«]?[A-ZÄÖÜ]")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:com|de|at|ch|net|org|eu|info|tv|io|li)", re.I)
_CREDIT_SPLIT = re.compile(r"\s*(?:/|\||,|\bvia\b)\s*", re.I)

# Lengths that separate a heading from a paragraph, chosen from German news layout: titles
# rarely exceed 160 characters, kickers 5 words, subheadings 12 words.
TITLE_MAX_CHARS = 200
KICKER_MAX_WORDS = 6
SUBHEAD_MAX_WORDS = 12
SUBHEAD_MAX_CHARS = 100
CAPTION_MAX_CHARS = 400
LEAD_MAX_CHARS = 800
LINK_MAX_CHARS = 160
# A furniture regex never takes a long sentence unless its kind is about sentence-like
# notices (cookie banners, newsletter promos): a safety net against over-broad patterns.
_SENTENCE_KINDS = frozenset(
    {"consent", "embed", "newsletter", "promo", "subscription", "comments", "feedback"}
)
_LONG_SENTENCE_WORDS = 10


def words(text: str) -> int:
    """Number of words (tokens of letters/digits) in ``text``."""
    return len(_WORD.findall(text))


def _final_char(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return stripped[-1:] if stripped else ""


def is_sentence_like(text: str) -> bool:
    """Does the line end like a sentence (final . ! ? … or a colon after 4+ words)?

    This is the notion of "article text" that ingest promises never to drop.
    """
    end = _final_char(text)
    if end in _FINAL:
        # "2." or "..." alone are not sentences.
        return bool(_WORD.search(text))
    return end == ":" and words(text) >= 4


def _is_paragraph(text: str) -> bool:
    """A real paragraph, as opposed to a heading that happens to end with ? or !."""
    if len(text) > TITLE_MAX_CHARS:
        return True
    end = _final_char(text)
    n = words(text)
    if end in ".…:":
        return n >= 6 and is_sentence_like(text)
    if end in "!?":
        return n >= 20
    return False


def _is_heading_shape(text: str) -> bool:
    """Short, no final period/comma/colon: could be a title, kicker or subheading."""
    end = _final_char(text)
    return (
        len(text) <= SUBHEAD_MAX_CHARS
        and 1 <= words(text) <= SUBHEAD_MAX_WORDS
        and end not in ".,;:…"
        and not _BULLET.match(text)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"„“»«‚'")
    )


# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True, slots=True)
class Pattern:
    """One furniture pattern from ``furniture.tsv``."""

    type: str
    kind: str
    regex: re.Pattern[str]
    comment: str


@dataclass(frozen=True, slots=True)
class FurnitureLexicon:
    """Compiled furniture patterns: whole-line literals and regexes, and line-end suffixes."""

    literals: dict[str, str]
    lines: tuple[Pattern, ...]
    suffixes: tuple[Pattern, ...]

    def match(self, text: str) -> tuple[str, re.Match[str] | None] | None:
        """``(kind, match)`` when the whole line is furniture, else ``None``."""
        key = _SPACES.sub(" ", text).strip().casefold()
        kind = self.literals.get(key)
        if kind is not None:
            return kind, None
        for pat in self.lines:
            m = pat.regex.fullmatch(text)
            if m is None:
                continue
            if (
                pat.kind not in _SENTENCE_KINDS
                and is_sentence_like(text)
                and len(_ALPHA_WORD.findall(text)) >= _LONG_SENTENCE_WORDS
            ):
                continue  # a long sentence is article text, whatever the pattern says
            return pat.kind, m
        return None

    def split_suffix(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Cut furniture tails ("… mit. (APA/red)", "… in Wien. Foto: dpa") off a line."""
        tails: list[tuple[str, str]] = []
        for _ in range(3):
            for pat in self.suffixes:
                m = pat.regex.search(text)
                # A tail of more than a few words is text that happens to follow a
                # "Foto:" (or a wrongly joined line): never cut a sentence off.
                if (
                    m is not None
                    and m.start() > 0
                    and len(_ALPHA_WORD.findall(m[0])) <= 8
                    and not _carries_sentence(m[0])
                ):
                    tails.insert(0, (pat.kind, text[m.start() :].strip()))
                    text = text[: m.start()].rstrip()
                    break
            else:
                break
        return text, tails


_RUN_ON_SENTENCE = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:\s+[a-zäöüß]+){2,}[^.?!]*[.?!]\s*$")


def _carries_sentence(tail: str) -> bool:
    """A credit tail that runs on into a sentence ("Foto: dpa Was bedeutet das für Mieter?",
    from a wrongly joined line) is article text: a capitalised word, two lower-case words,
    and a sentence end. Credits are names and agencies ("Foto: picture alliance/dpa.")."""
    return _RUN_ON_SENTENCE.search(tail) is not None


@lru_cache(maxsize=1)
def furniture_lexicon() -> FurnitureLexicon:
    """Load and compile ``lang/de/data/furniture.tsv`` once."""
    macros: dict[str, str] = {}
    literals: dict[str, str] = {}
    lines: list[Pattern] = []
    suffixes: list[Pattern] = []
    table = de.furniture()
    for i, (typ, kind, pattern, comment) in enumerate(table):
        for name, body in macros.items():
            pattern = pattern.replace("{" + name + "}", body)
        if typ == "define":
            macros[kind] = f"(?:{pattern})"
        elif typ == "literal":
            literals[_SPACES.sub(" ", pattern).strip().casefold()] = kind
        elif typ == "regex":
            lines.append(Pattern(typ, kind, re.compile(pattern, re.I), comment))
        elif typ == "suffix":
            suffixes.append(Pattern(typ, kind, re.compile(f"(?:{pattern})\\s*$", re.I), comment))
        else:
            raise table.error(i, f"unknown type {typ!r} (define, literal, regex or suffix)")
    return FurnitureLexicon(literals, tuple(lines), tuple(suffixes))


@lru_cache(maxsize=1)
def agency_names() -> frozenset[str]:
    """Agency names of ``lang/de/data/agencies.tsv``, case-folded."""
    return frozenset(name.casefold() for name in de.agencies().column("name"))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names of ``lang/de/data/first_names.tsv`` (to recognise bare author lines)."""
    return frozenset(de.first_names().column("name"))


def looks_like_credit(text: str) -> bool:
    """A photo credit by shape: short segments split by "/" or "|", one an agency or domain.

    "STR / AFP / picturedesk.com", "- / AFP / picturedesk.com", "APA/HANS PUNZ",
    "Reuters/Kai Pfaffenbach", "IMAGO/Sven Simon".
    """
    if len(text) > 100 or (is_sentence_like(text) and words(text) > 4):
        return False
    segments = [s for s in _CREDIT_SPLIT.split(text.strip()) if s]
    if len(segments) < 2:
        return False
    agencies = agency_names()
    known = False
    for seg in segments:
        if words(seg) > 4 or len(seg) > 40:
            return False
        if seg.casefold() in agencies or _DOMAIN.fullmatch(seg):
            known = True
    return known


# --------------------------------------------------------------------------- the parser


@dataclass(slots=True)
class _Line:
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


def _split_lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    gap = True
    for n, raw in enumerate(text.split("\n")):
        stripped = _SPACES.sub(" ", raw).strip()
        if not stripped:
            gap = True
            continue
        indent = len(raw) - len(raw.lstrip())
        out.append(_Line(n=n, text=stripped, indent=indent, gap_before=gap))
        gap = False
    if len(out) >= 4 and all(line.gap_before for line in out):
        # A blank line after every line carries no grouping: read it like one line per
        # paragraph, where captions and their credits are neighbours.
        for line in out:
            line.gap_before = False
    return out


def _wrap_width(lines: list[_Line]) -> int | None:
    """The line width of a hard-wrapped text, or ``None`` for one paragraph per line.

    A scrape wrapped at a fixed width has long lines of similar length, many of which stop
    mid-sentence; a scrape with one paragraph per line has long lines ending in punctuation.
    """
    longish = [line for line in lines if line.role == "" and len(line.text) >= 40]
    if len(longish) < 5:
        return None
    short_enough = sum(len(line.text) <= 100 for line in longish) / len(longish)
    open_ended = sum(_final_char(line.text) not in _FINAL for line in longish) / len(longish)
    if short_enough >= 0.8 and open_ended >= 0.4:
        return max(len(line.text) for line in longish)
    return None


def _merge_continuations(lines: list[_Line]) -> list[_Line]:
    """Join hard-wrapped lines back into paragraphs.

    Always: a content line that stops mid-sentence and a next line that starts lowercase.
    In a text wrapped at a fixed width: every line that reaches near that width continues
    on the next line of the same block (headings are short, so they stay apart).
    """
    width = _wrap_width(lines)
    out: list[_Line] = []
    last_len = 0  # length of the last physical line merged into out[-1]
    for line in lines:
        prev = out[-1] if out else None
        joinable = (
            prev is not None
            and not line.gap_before
            and prev.role == ""
            and line.role == ""
            and not _BULLET.match(line.text)
        )
        if joinable and prev is not None:
            mid_sentence = _final_char(prev.text) not in ".!?…:" and (
                line.text[0].islower() or prev.text.endswith((",", ";"))
            )
            wrapped = width is not None and last_len >= 0.6 * width
            if mid_sentence or wrapped:
                if prev.text.endswith("-") and prev.text[-2:-1].isalpha():
                    # Hyphenation at a line break: "Bundes-\nregierung" → "Bundesregierung",
                    # but "Ukraine-\nKrieg" keeps its hyphen.
                    cut = prev.text[:-1] if line.text[0].islower() else prev.text
                    prev.text = cut + line.text
                else:
                    prev.text = prev.text + " " + line.text
                last_len = len(line.text)
                continue
        out.append(line)
        last_len = len(line.text)
    return out


def _base_indent(lines: list[_Line]) -> int:
    indents = sorted(line.indent for line in lines)
    return indents[len(indents) // 2] if indents else 0


def _classify_furniture(lines: list[_Line]) -> None:
    lex = furniture_lexicon()
    for line in lines:
        hit = lex.match(line.text)
        if hit is not None:
            kind, m = hit
            line.role, line.kind, line.match = "furniture", kind, m
        elif looks_like_credit(line.text):
            line.role, line.kind = "furniture", "credit"


def _open_boxes(lines: list[_Line]) -> None:
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


def _next_is_furniture(lines: list[_Line], i: int) -> bool:
    return i + 1 >= len(lines) or lines[i + 1].role == "furniture"


def _next_is_paragraph(lines: list[_Line], i: int) -> bool:
    nxt = next((line for line in lines[i + 1 :] if line.role == ""), None)
    return nxt is not None and _is_paragraph(nxt.text)


def _is_box_line(text: str, kind: str) -> bool:
    if _SENTENCE_INSIDE.search(text) or _BULLET.match(text):
        return False
    if kind == "related":
        # Link titles: short, without a final period (they may end with ? or !).
        return len(text) <= LINK_MAX_CHARS and _final_char(text) not in ".…:" and words(text) <= 20
    return len(text) <= 80 and not is_sentence_like(text)


def _dedupe_key(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _find_media(lines: list[_Line], base_indent: int, *, grouped: bool) -> None:
    """Captions (duplicated, before a credit, or in a gallery) and their credits."""
    lex = furniture_lexicon()
    # 1. Captions printed twice (alt text and figcaption): keep the first, list the second.
    #    A sentence printed twice before any paragraph is a teaser printed twice (meta
    #    description and lead), not a caption, unless a credit follows it.
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
        text_seen = text_seen or (line.role == "" and _is_paragraph(line.text))
    # 2. Gallery context: after a gallery marker, indented lines (or the line right after
    #    it) are captions until body text starts again.
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
    # 3. Credits: a credit line belongs to the caption right before it.
    last_paragraph = max(
        (i for i, line in enumerate(lines) if line.role == "" and _is_paragraph(line.text)),
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
    # 4. Credits at the end of a caption line: "… in Wien. Foto: dpa".
    for line in lines:
        if line.role not in ("", "caption"):
            continue
        text, tails = lex.split_suffix(line.text)
        credit_tails = [t for k, t in tails if k == "credit"]
        line.text = text
        if credit_tails and (line.role == "caption" or _is_short_caption(text)):
            line.role = "caption"
            line.credit = " ".join(credit_tails)
            line.tails = [(k, t) for k, t in tails if k != "credit"]
        else:
            # A paragraph that ends in "(Foto: …)": the credit goes, the text stays body.
            line.tails = tails


def _is_short_caption(text: str) -> bool:
    """A caption by length alone: one sentence (or a phrase), not a whole paragraph.

    Used where only position says "caption" (before a credit): a two-sentence paragraph is
    more likely article text, and article text must never be lost to a caption.
    """
    return (
        _is_caption_shape(text)
        and len(text) <= 250
        and not _SENTENCE_INSIDE.search(text)
        and not text.endswith(":")
    )


def _is_caption_shape(text: str) -> bool:
    return len(text) <= CAPTION_MAX_CHARS and not _BULLET.match(text)


def _is_credit_line(line: _Line, prev: _Line | None, *, more_text: bool = False) -> bool:
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


def _credit_follows(lines: list[_Line], j: int) -> bool:
    return j + 1 < len(lines) and _is_credit_line(lines[j + 1], lines[j])


def _caption_before(lines: list[_Line], i: int, *, grouped: bool, more_text: bool) -> _Line | None:
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
        and _is_short_caption(prev.text)
        and (grouped or more_text)
        and not _is_lone_heading_before_body(lines, k)
    ):
        prev.role = "caption"
        return prev
    return None


def _is_lone_heading_before_body(lines: list[_Line], k: int) -> bool:
    """The first content line of the text is the title, not a caption."""
    return next((i for i, line in enumerate(lines) if line.role == ""), k) == k


@dataclass(slots=True)
class _Piece:
    kind: str
    text: str


def parse_text(text: str, meta: ArticleMeta | None = None) -> Article:
    """Structure normalised scraped text into an ``Article`` (see the module docstring)."""
    text = normalize_text(text)
    meta = (meta or ArticleMeta()).model_copy()
    lines = _split_lines(text)
    # Blank lines group lines only when some lines have one before them and others do not.
    grouped = len({line.gap_before for line in lines[1:]}) == 2
    _classify_furniture(lines)
    lines = _merge_continuations(lines)
    _open_boxes(lines)
    _find_media(lines, _base_indent(lines), grouped=grouped)

    content = [line for line in lines if line.role == ""]
    pieces, head_furniture = _structure(content)
    for line in head_furniture:
        line.role = "furniture"
        line.kind = line.kind or "head"

    furniture: list[str] = []
    media: list[MediaItem] = []
    for line in lines:
        if line.role == "furniture":
            furniture.append(line.text)
            if line.match is not None:
                groups = line.match.groupdict()
                if line.kind == "byline" and groups.get("author") and meta.author is None:
                    meta.author = groups["author"].strip()
                if line.kind == "timestamp" and groups.get("date") and meta.date is None:
                    meta.date = groups["date"].strip()
            if line.kind == "author" and meta.author is None:
                meta.author = line.text.split(",")[0].strip()
        elif line.role == "caption":
            media.append(MediaItem(caption=line.text, credit=line.credit))
        furniture.extend(t for _, t in line.tails)
    return _assemble(pieces, media, furniture, meta)


def _structure(content: list[_Line]) -> tuple[list[_Piece], list[_Line]]:
    """Kicker, title, lead and body paragraphs from the content lines in reading order."""
    pieces: list[_Piece] = []
    furniture: list[_Line] = []
    i_lead = next((i for i, line in enumerate(content) if _is_paragraph(line.text)), None)
    body_start = 0
    if (
        i_lead is not None
        and i_lead > 0
        and all(len(line.text) <= TITLE_MAX_CHARS for line in content[:i_lead])
        and not _BULLET.match(content[i_lead - 1].text)
    ):
        head = content[:i_lead]
        author_line = _author_line(head)
        if author_line is not None:
            head = head[:-1]
            author_line.kind = "author"
            furniture.append(author_line)
        title = head[-1]
        kicker = None
        if len(head) >= 2 and _is_kicker(head[-2].text):
            kicker = head[-2]
        early = head[: len(head) - (2 if kicker else 1)]
        lead_body: list[_Piece] = []
        for line in early:
            if _is_label(line.text):
                furniture.append(line)  # a stray label above the head ("Politik")
            else:
                lead_body.append(_Piece("body", line.text))
        if kicker is not None:
            pieces.append(_Piece("kicker", kicker.text))
        pieces.append(_Piece("title", title.text))
        lead = content[i_lead]
        body_start = i_lead
        if len(lead.text) <= LEAD_MAX_CHARS and _final_char(lead.text) in ".…!?":
            pieces.append(_Piece("lead", lead.text))
            body_start = i_lead + 1
        pieces.extend(lead_body)
    rest = content[body_start:]
    # paragraph_after[k]: a real paragraph follows rest[k] somewhere (computed once).
    paragraph_after = [False] * len(rest)
    seen = False
    for k in range(len(rest) - 1, -1, -1):
        paragraph_after[k] = seen
        seen = seen or _is_paragraph(rest[k].text)
    text_before = any(_is_paragraph(p.text) for p in pieces if p.kind == "lead")
    for k, line in enumerate(rest):
        text_before = text_before or (k > 0 and _is_paragraph(rest[k - 1].text))
        later = rest[k + 1 : k + 2]
        if _is_heading_shape(line.text) and not is_sentence_like(line.text):
            if later and _is_paragraph(later[0].text):
                pieces.append(_Piece("subheading", line.text))
                continue
            if _is_label(line.text) and text_before and not paragraph_after[k]:
                # A short label after the last paragraph (a box header or tag row that no
                # pattern knows): not a sentence, so it goes to the audit list.
                furniture.append(line)
                continue
        question_head = _is_heading_shape(line.text) and _final_char(line.text) in "!?"
        if question_head and later and _is_paragraph(later[0].text):
            pieces.append(_Piece("subheading", line.text))
            continue
        pieces.append(_Piece("body", line.text))
    return pieces, furniture


def _is_label(text: str) -> bool:
    """A few words with no sentence in them: what structure alone may move to furniture."""
    return (
        not is_sentence_like(text)
        and words(text) <= 8
        and not _SENTENCE_INSIDE.search(text)
        and not _BULLET.match(text)
    )


def _author_line(head: list[_Line]) -> _Line | None:
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


def _is_kicker(text: str) -> bool:
    return (
        words(text) <= KICKER_MAX_WORDS
        and len(text) <= 60
        and _final_char(text) not in ".,;…"
        and not _BULLET.match(text)
    )


def _assemble(
    pieces: list[_Piece], media: list[MediaItem], furniture: list[str], meta: ArticleMeta
) -> Article:
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    blocks: list[Block] = []
    fields: dict[str, str] = {}
    pos = 0
    for piece in pieces:
        if parts:
            pos += 2  # the "\n\n" between pieces
        start, end = pos, pos + len(piece.text)
        parts.append(piece.text)
        blocks.append(Block(kind=piece.kind, start=start, end=end))  # type: ignore[arg-type]
        if piece.kind in ("body", "subheading"):
            paragraphs.append(Paragraph(text=piece.text, kind=piece.kind, start=start, end=end))  # type: ignore[arg-type]
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
        text="\n\n".join(parts),
        blocks=blocks,
        meta=meta,
    )
