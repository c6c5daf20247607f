"""German tokenizer and sentence splitter with exact character offsets.

Tokens follow the conventions of the SpkAtt news data (GermEval 2023): punctuation and every
quote mark are tokens of their own, while hyphenated compounds ("US-Geheimdienst"), numbers
("13.000", "1,5"), dates ("24.11.2026"), ordinals ("3." before "März"), abbreviations
("z.B.", "Dr."), URLs, e-mail addresses, @handles, #hashtags and elided forms ("geht's") stay
one token. Each token carries ``start``/``end`` offsets into the text, so that
``text[t.start:t.end] == t.text`` always holds.

Sentences end on ``. ! ? …`` (and on closing quotes or brackets right after them), never after
an abbreviation or an ordinal, never before a comma-continued frame ("…“, sagte er."), and
never across the block boundaries the caller gives. A colon does not end a sentence.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from ..doc import Token
from ..lang import de
from ..lang.de import punctuation as P

# --------------------------------------------------------------------------------- data files


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, bool]:
    """Abbreviation (with final period) → whether it may close a sentence."""
    return {r[0]: r[1] == "1" for r in de.abbreviations()}


@lru_cache(maxsize=1)
def closed_class() -> dict[str, tuple[str, ...]]:
    """Lower-cased German function word → its usual STTS tags (most frequent first)."""
    return {r[0]: tuple(r[1].split(",")) for r in de.closed_class()}


MONTHS = de.word_class("month")
_ROMAN = re.compile(r"(?:X{0,3})(?:IX|IV|V?I{0,3})\Z")

# ------------------------------------------------------------------------------ token pattern

# Quote marks of every style; each is a token of its own.
QUOTES = P.TOKEN_QUOTES
_CLOSERS = P.TOKEN_CLOSERS
_OPENERS = P.TOKEN_OPENERS
_OPENING_CHARS = P.TOKEN_OPENING_CHARS
_END_PUNCT = P.TOKEN_END_PUNCT

_W = r"[^\W_]"  # a letter or digit
_NUM = r"\d+(?:[.,]\d+)+"  # 13.000  1,5  1.000.000
_SCORE = r"\d{1,2}(?::\d{1,2})+(?![\d:])"  # 10:00, 1:0, 3:0-Sieg
_PART = rf"(?:{_SCORE}|{_NUM}|{_W}+(?:['’]{_W}+)*)"  # geht's, McDonald's, Eto'o
_TOKEN = re.compile(
    "|".join(
        [
            # URLs, with trailing sentence punctuation left out.
            r"(?P<url>(?:https?://|www\.)[^\s<>\"„“”»«]+[^\s<>\"„“”»«.,;:!?)\]'’])",
            r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
            r"(?P<handle>[@#][^\W_][\w]*)",
            # Bare domains: tagesschau.de, news.bbc.co.uk.
            r"(?P<domain>(?:[\w-]+\.)+(?:de|at|ch|com|org|net|eu|uk|fr|info|io|ru|tv)\b(?:/[^\s\"„“”»«]*[^\s\"„“”»«.,;:!?)\]])?)",
            # Dates: 24.11.2026, 24.11.
            r"(?P<date>\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2}(?!\d))?)",
            # Abbreviations with inner dots written without space: z.B., u.a., e.V., C.Y.
            r"(?P<dotabbr>(?<![^\W_])[^\W\d_]{1,3}\.(?:[^\W\d_]{1,3}\.)+)",
            # Words, numbers and hyphenated compounds (US-Geheimdienst, 13-Jährige, CDU/CSU);
            # a trailing hyphen stays for truncated compounds ("Ein- und Ausfuhr").
            rf"(?P<word>{_PART}(?:(?:-|/(?=[A-ZÄÖÜ]))(?:{_PART}))*(?:-(?=[\s,/]))?)",
            r"(?P<ellipsis>\.{2,}|…)",
            r"(?P<multi>''|``|,,|[?!]{2,})",
            r"(?P<dash>-{2,}|[–—])",
            r"(?P<other>\S)",
        ]
    )
)


def _is_initial(text: str) -> bool:
    return len(text) == 1 and text.isalpha()


# --------------------------------------------------------------------------------- tokenizer


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` (not into the slice)."""
    end = len(text) if end is None else end
    raw: list[tuple[str, int, int, str]] = [
        (m.group(), m.start(), m.end(), m.lastgroup or "other")
        for m in _TOKEN.finditer(text, start, end)
    ]
    abbr = abbreviations()
    cc = closed_class()
    tokens: list[Token] = []
    i, n = 0, len(raw)
    while i < n:
        t, s, e, kind = raw[i]
        # A period directly after a word: abbreviation, initial, ordinal or roman numeral?
        if kind == "word" and i + 1 < n and raw[i + 1][0] == "." and raw[i + 1][1] == e:
            cand = t + "."
            nxt = raw[i + 2] if i + 2 < n else None
            if _keeps_period(cand, t, nxt, abbr, cc):
                tokens.append(Token(cand, s, e + 1))
                i += 2
                continue
        tokens.append(Token(t, s, e))
        i += 1
    for a, b in itertools.pairwise(tokens):
        a.space_after = b.start > a.end
    if tokens:
        tokens[-1].space_after = tokens[-1].end < end and text[tokens[-1].end].isspace()
    return tokens


def _keeps_period(
    cand: str,
    word: str,
    nxt: tuple[str, int, int, str] | None,
    abbr: dict[str, bool],
    cc: dict[str, tuple[str, ...]],
) -> bool:
    """Whether ``word`` + "." is one token (abbreviation, initial, ordinal, roman numeral)."""
    if "/" in cand:  # "Wien/St. Pölten": the last part decides
        cand = cand.rsplit("/", 1)[-1]
        word = word.rsplit("/", 1)[-1]
    if cand in abbr or (cand[:1].isupper() and cand[:1].lower() + cand[1:] in abbr):
        return True
    if _is_initial(word):
        # "W. Putin", "z. B.": a single letter with a period is an initial, not a sentence.
        return True
    nxt_text = nxt[0] if nxt else ""
    if word.isdigit():
        # Ordinals: "am 3. März", "20. Jahrhundert"; a year or count at the end of a sentence
        # ("im Jahr 2011. Danach ...", "stieg auf 13. Die ...") keeps its period separate.
        if len(word) > 3 or nxt is None:
            return False
        if nxt_text in MONTHS:
            return True
        first = nxt_text[:1]
        if first.islower() or first.isdigit():
            return True
        if first.isupper():
            return nxt_text.lower() not in cc
        return False
    if len(word) > 1 and word.isupper() and _ROMAN.match(word):
        # "Johannes Paul II. sagte", "Elisabeth II.": a roman numeral keeps its period unless
        # a function word opens a new sentence after it.
        return not (nxt_text[:1].isupper() and nxt_text.lower() in cc)
    return False


# -------------------------------------------------------------------------- sentence splitter


def split_sentences(text: str, tokens: list[Token]) -> list[list[Token]]:
    """Group the tokens of one block into sentences (see the module docstring for the rules)."""
    if not tokens:
        return []
    abbr = abbreviations()
    sentences: list[list[Token]] = []
    current: list[Token] = []
    open_quote = False  # inside a quotation opened by an ambiguous mark (" or ')
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        # A line break between tokens is a paragraph-like boundary unless the next line
        # simply continues the sentence (starts lower-case, or the line ended on a comma).
        if current and "\n" in text[current[-1].end : tok.start]:
            prev = current[-1].text
            if not (tok.text[:1].islower() or prev in {",", "-", "–"}):
                sentences.append(current)
                current = []
                open_quote = False
        current.append(tok)
        t = tok.text
        if t == '"':
            open_quote = not open_quote
        i += 1
        ends = t in _END_PUNCT or (abbr.get(t, False) and _capital_follows(tokens, i))
        if not ends:
            continue
        # Absorb closing quotes and brackets that belong to the sentence just ended.
        while i < n and tokens[i].text in _CLOSERS and tokens[i].start == tokens[i - 1].end:
            if tokens[i].text == '"':
                if not open_quote:
                    break
                open_quote = False
            current.append(tokens[i])
            i += 1
        if i < n and not _next_starts_sentence(tokens, i):
            continue
        sentences.append(current)
        current = []
    if current:
        sentences.append(current)
    return sentences


# A sentence is cut into pieces at a clause break (comma, semicolon, colon, dash, quote mark)
# as late as possible in the second half of the window, else hard at the limit.
_CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "-", "—"}) | QUOTES


def cap_sentences(sentences: list[list[Token]], limit: int) -> tuple[list[list[Token]], int]:
    """Split every sentence longer than ``limit`` tokens; the pieces and how many were cut.

    Text without sentence punctuation (a list, a crawl's soup, an attack) would otherwise be
    one sentence of any length, and the models' cost per sentence grows faster than its
    length; a real German sentence has far fewer than 200 tokens.
    """
    out: list[list[Token]] = []
    cut = 0
    for sent in sentences:
        if len(sent) <= limit:
            out.append(sent)
            continue
        cut += 1
        start = 0
        while len(sent) - start > limit:
            end = start + limit
            brk = next(
                (
                    j + 1
                    for j in range(end - 1, start + limit // 2, -1)
                    if sent[j].text in _CLAUSE_BREAKS
                ),
                end,
            )
            out.append(sent[start:brk])
            start = brk
        out.append(sent[start:])
    return out, cut


def _capital_follows(tokens: list[Token], i: int) -> bool:
    """After an abbreviation that may end a sentence: a capitalised word or an opening quote
    (not a number: "Str. 5")."""
    if i >= len(tokens):
        return True
    first = tokens[i].text[:1]
    return first.isupper() or first in '„“"»«‚'


def _next_starts_sentence(tokens: list[Token], i: int) -> bool:
    """Whether the token at ``i`` can open a new sentence (upper case, digit, opening mark)."""
    if i >= len(tokens):
        return True
    t = tokens[i].text
    first = t[:1]
    return first.isupper() or first.isdigit() or first in _OPENING_CHARS or t in {"``", ",,"}


# ---------------------------------------------------------------------- agreement with tokens

_NO_SPACE_BEFORE = P.NO_SPACE_BEFORE
_NO_SPACE_AFTER = P.NO_SPACE_AFTER


def detokenize(tokens: list[str]) -> str:
    """Plausible running text for a token list (no space before , . ) “ and after „ ( )."""
    out: list[str] = []
    prev: str | None = None
    for t in tokens:
        if prev is not None and t not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
            out.append(" ")
        out.append(t)
        prev = t
    return "".join(out)


def token_agreement(sentences: list[list[str]]) -> dict[str, float]:
    """How well ``tokenize`` reproduces given tokens (e.g. SpkAtt's) from detokenized text.

    Returns the share of given token spans found exactly (``token_recall``), the share of
    sentences tokenized identically, and the share that the splitter would cut in two.
    """
    total = found = same = split = 0
    for gold in sentences:
        if not gold:
            continue
        text = detokenize(gold)
        spans: set[tuple[int, int]] = set()
        pos = 0
        for t in gold:
            i = text.index(t, pos)
            spans.add((i, i + len(t)))
            pos = i + len(t)
        toks = tokenize(text)
        mine = {(t.start, t.end) for t in toks}
        total += len(spans)
        found += len(spans & mine)
        same += spans == mine
        split += len(split_sentences(text, toks)) > 1
    n = max(1, len(sentences))
    return {
        "sentences": len(sentences),
        "token_recall": round(found / max(total, 1), 4),
        "identical_sentences": round(same / n, 4),
        "split_sentences": round(split / n, 4),
    }
