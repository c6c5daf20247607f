"""Page furniture by pattern: the furniture lexicon, agency names, credit shapes.

``lang/de/data/furniture.tsv`` lists what German-language news pages print around an article
(share rows, bylines, timestamps, credits, related-links headers, consent notices ...), as
whole-line literals and regexes and as line-end suffixes. The text path and the HTML path
both ask this module whether a line is furniture, so both remove the same things.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .shapes import ALPHA_WORD, SENTENCE_END, SPACES, is_sentence_like, words
from .wordlists import agency_names as _agency_list
from .wordlists import first_name_list, furniture_table

# A furniture regex never takes a long sentence unless its kind is about sentence-like
# notices (cookie banners, newsletter promos): a safety net against over-broad patterns.
_SENTENCE_KINDS = frozenset(
    {"consent", "embed", "newsletter", "promo", "subscription", "comments", "feedback"}
)
_LONG_SENTENCE_WORDS = 10
# A tail of more than this many words after "Foto:" is text, not a credit.
_MAX_TAIL_WORDS = 8
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:com|de|at|ch|net|org|eu|info|tv|io|li)", re.I)
_CREDIT_SPLIT = re.compile(r"\s*(?:/|\||,|\bvia\b)\s*", re.I)
# A credit tail that runs on into a sentence: a capitalised word, two lower-case words and a
# sentence end ("Foto: dpa Was bedeutet das für Mieter?").
_RUN_ON_SENTENCE = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:\s+[a-zäöüß]+){2,}[^.?!]*[.?!]\s*$")


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
        key = SPACES.sub(" ", text).strip().casefold()
        kind = self.literals.get(key)
        if kind is not None:
            return kind, None
        for pat in self.lines:
            m = pat.regex.fullmatch(text)
            if m is None:
                continue
            if (
                pat.kind not in _SENTENCE_KINDS
                and (is_sentence_like(text) or SENTENCE_END.search(text) is not None)
                and len(ALPHA_WORD.findall(text)) >= _LONG_SENTENCE_WORDS
            ):
                continue  # a long sentence is article text, whatever the pattern says
            return pat.kind, m
        return None

    def split_suffix(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """Cut furniture tails ("… mit. (APA/red)", "… in Wien. Foto: dpa") off a line.

        A tail is cut only after the end of a sentence or a phrase, and never when it would
        carry a sentence with it; the text before it is kept whole.
        """
        tails: list[tuple[str, str]] = []
        for _ in range(3):
            for pat in self.suffixes:
                m = pat.regex.search(text)
                if (
                    m is not None
                    and m.start() > 0
                    and len(ALPHA_WORD.findall(m[0])) <= _MAX_TAIL_WORDS
                    and not carries_sentence(m[0])
                ):
                    tails.insert(0, (pat.kind, text[m.start() :].strip()))
                    text = text[: m.start()].rstrip()
                    break
            else:
                break
        return text, tails


def carries_sentence(tail: str) -> bool:
    """A credit tail that runs on into a sentence ("Foto: dpa Was bedeutet das für Mieter?",
    from a wrongly joined line) is article text. Credits are names and agencies."""
    return _RUN_ON_SENTENCE.search(tail) is not None


@lru_cache(maxsize=1)
def furniture_lexicon() -> FurnitureLexicon:
    """Load and compile ``lang/de/data/furniture.tsv`` once."""
    macros: dict[str, str] = {}
    literals: dict[str, str] = {}
    lines: list[Pattern] = []
    suffixes: list[Pattern] = []
    table = furniture_table()
    for i, (typ, kind, pattern, comment) in enumerate(table):
        for name, body in macros.items():
            pattern = pattern.replace("{" + name + "}", body)
        if typ == "define":
            macros[kind] = f"(?:{pattern})"
        elif typ == "literal":
            literals[SPACES.sub(" ", pattern).strip().casefold()] = kind
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
    return frozenset(name.casefold() for name in _agency_list())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names of ``lang/de/data/first_names.tsv`` (to recognise bare author lines)."""
    return frozenset(first_name_list())


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
