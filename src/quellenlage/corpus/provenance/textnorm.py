"""Text → what claim matching compares: content stems, quantities, negation and opposite poles.

* **stems**: lower-cased content words without function words and reporting verbs, umlauts
  folded and inflection cut ("Stellen", "Stelle" → ``stell``), so that a shortened, re-worded
  or re-inflected quote still shares its words;
* **quantities**: every number with its scale, unit or currency and whether it is hedged
  (``1.200``, ``1200`` and ``gut 1200`` are 1200; ``rund 40 Mio. Euro`` is 4e7 EUR; a
  conversion in brackets, ``270 Millionen Dollar (250 Millionen Euro)``, is kept as an
  alternative value of the same amount);
* **polarity** (an odd number of negations) and **poles** (``schwer`` vs ``leicht`` verletzt),
  which turn otherwise equal wording into another claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ...lang import de
from .lexicon import lexicon, matches_word

_TOKEN = re.compile(
    r"\d{1,2}[.:]\d{2}(?=\s*Uhr)"  # 1.30 Uhr
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 1.200 / 1.200,50
    r"|\d+(?:,\d+)?"  # 1200 / 4,2
    r"|[^\W\d_]+(?:-[^\W_]+)*\.?"  # words, hyphenated compounds, "Mio."
    r"|[€$%]"
)
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_NOUN_SUFFIXES = ("ern", "em", "en", "er", "es", "e", "n", "s")
# Lower-case words may be verbs: their person and tense endings go too ("streicht", "streichen").
_WORD_SUFFIXES = ("ern", "em", "en", "er", "es", "te", "st", "e", "n", "s", "t")
# Tolerance (relative) for two values to be the same number although written differently.
_EXACT = 1e-6


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as a claim states it: alternatives (value, unit) and whether it is hedged."""

    values: tuple[tuple[float, str], ...]
    approx: bool = False

    def units(self) -> set[str]:
        return {u for _v, u in self.values}


@dataclass(slots=True)
class TextFeatures:
    """What one stretch of text contributes to matching."""

    stems: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    negations: int = 0
    poles: dict[str, str] = field(default_factory=dict)  # pair -> "+" | "-"

    @property
    def negated(self) -> bool:
        return self.negations % 2 == 1


@cache
def _reporting_stems() -> tuple[str, ...]:
    """Reporting-verb stems of the attribution lexicon: frame words, not claim content."""
    verbs = de.reporting_verbs()
    return tuple(sorted({stem.casefold() for stem, _m, kind, _n in verbs if kind == "verb"}))


def stem(word: str) -> str:
    """A crude German stem: lower case, umlauts folded, up to two inflectional suffixes cut
    ("Kuriers" → "kurier" → "kuri", like "Kurier"), keeping at least four letters; verb
    endings only for words written in lower case."""
    suffixes = _NOUN_SUFFIXES if word[:1].isupper() else _WORD_SUFFIXES
    w = word.casefold().translate(_FOLD).rstrip(".")
    for _pass in range(2):
        for suf in suffixes:
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                w = w[: -len(suf)]
                break
        else:
            break
    return w


def tokens(text: str) -> list[str]:
    """The word and number tokens of ``text`` as written."""
    return _TOKEN.findall(text)


@cache
def _reporting_prefixes() -> tuple[str, ...]:
    stems = _reporting_stems()
    return stems + tuple("ge" + s for s in stems)


@cache
def _reporting_nouns() -> tuple[str, ...]:
    """Reporting-noun stems of the attribution lexicon ("Vorwürfe", "Erklärung", "Kritik")."""
    verbs = de.reporting_verbs()
    return tuple(sorted({stem.casefold() for stem, _m, kind, _n in verbs if kind == "noun"}))


def speaks(text: str) -> bool:
    """Whether ``text`` holds a reporting verb or noun ("erhebt schwere Vorwürfe", "sagte")."""
    for tok in tokens(text):
        low = tok.casefold()
        if tok[:1].isupper() and low.startswith(_reporting_nouns()):
            return True
        if not tok[:1].isupper() and low.startswith(_reporting_prefixes()):
            return True
    return False


def _is_frame_word(tok: str, low: str) -> bool:
    if low in lexicon().stopwords:
        return True
    if tok[:1].isupper():
        return False  # a noun ("Bericht", "Sage"), not a reporting verb
    return low.startswith(_reporting_prefixes())


def _number(tok: str) -> float | None:
    clock = re.fullmatch(r"(\d{1,2})[.:](\d{2})", tok)
    if clock:
        return int(clock[1]) + int(clock[2]) / 60
    if tok[:1].isdigit():
        try:
            return float(tok.replace(".", "").replace(",", "."))
        except ValueError:
            return None
    return lexicon().number_words.get(tok.casefold())


def _quantity_at(toks: list[str], i: int) -> tuple[Quantity, int] | None:
    """The quantity starting with the number at ``toks[i]``; returns it and the next index."""
    lex = lexicon()
    value = _number(toks[i])
    if value is None:
        return None
    j = i + 1
    unit = "count"
    if j < len(toks) and toks[j].casefold() in lex.scales:
        value *= lex.scales[toks[j].casefold()]
        j += 1
    if j < len(toks):
        low = toks[j].casefold().rstrip(".")
        if low in lex.currencies or toks[j] in lex.currencies:
            unit = lex.currencies.get(low, lex.currencies.get(toks[j], "money"))
            j += 1
        elif low in lex.units or toks[j] in lex.units:
            unit = lex.units.get(low, lex.units.get(toks[j], "unit"))
            j += 1
    if unit == "count" and toks[i].isdigit() and len(toks[i]) == 4 and 1900 <= value <= 2100:
        unit = "year"
    prev = [t.casefold() for t in toks[max(0, i - 2) : i]]
    approx = bool(prev) and (
        prev[-1] in lex.approx or (len(prev) == 2 and " ".join(prev) in lex.approx)
    )
    return Quantity(((value, unit),), approx), j


def quantities(text: str) -> list[Quantity]:
    """The quantities of ``text``; a bracketed conversion joins the amount before it."""
    toks = tokens(text)
    found: list[tuple[Quantity, int, int]] = []  # quantity, first token, next token
    i = 0
    while i < len(toks):
        at = _quantity_at(toks, i)
        if at is None:
            i += 1
            continue
        found.append((at[0], i, at[1]))
        i = at[1]
    merged: list[Quantity] = []
    # "(rund 240 Millionen Franken)" right after an amount: the same amount converted.
    bracketed = {_token_index(text, m.start()) for m in re.finditer(r"\([^()]{1,60}\)", text)}
    for n, (q, first, _nxt) in enumerate(found):
        opens = any(first - k in bracketed for k in range(4))
        if merged and opens and n > 0 and _money(q) and _money(merged[-1]):
            prev = merged[-1]
            merged[-1] = Quantity(prev.values + q.values, prev.approx or q.approx)
        else:
            merged.append(q)
    return merged


def _money(q: Quantity) -> bool:
    return any(u.isupper() for u in q.units())


def _token_index(text: str, offset: int) -> int:
    """Index of the first token at or after character ``offset`` (for bracket detection)."""
    return len(_TOKEN.findall(text[:offset]))


@lru_cache(maxsize=300_000)
def _token(tok: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What one token is to matching: ``(kind, stem, poles)``, kind ``number``, ``negation``,
    ``frame`` (function word, reporting verb) or ``word``; cached, the vocabulary repeats."""
    lex = lexicon()
    low = tok.casefold().rstrip(".")
    if _number(tok) is not None:
        return "number", low, ()
    if any(matches_word(low, n) for n in lex.negations):
        return "negation", "¬" + low, ()
    poles = tuple((pair, pole) for entry, pair, pole in lex.poles if matches_word(low, entry))
    if len(low) < 2 or _is_frame_word(tok, low):
        return "frame", low, poles
    return "word", stem(lex.synonyms.get(low, tok if tok[:1].isupper() else low)), poles


def features(text: str, *, drop: frozenset[str] = frozenset()) -> TextFeatures:
    """Stems, quantities, negations and poles of ``text``; ``drop`` removes words (a speaker)."""
    out = TextFeatures(quantities=quantities(text))
    for tok in tokens(text):
        kind, value, poles = _token(tok)
        if kind == "number":
            continue  # numbers are compared as quantities
        if kind == "negation":
            out.negations += 1
            out.stems.append(value)
            continue
        for pair, pole in poles:
            out.poles.setdefault(pair, pole)
        if kind == "word" and tok.casefold().rstrip(".") not in drop:
            out.stems.append(value)
    return out


def quantity_match(a: Quantity, b: Quantity) -> bool:
    """The same amount: a shared unit with an equal value (5 % off when either is hedged)."""
    tolerance = 0.05 if (a.approx or b.approx) else _EXACT
    for va, ua in a.values:
        for vb, ub in b.values:
            if ua == ub and abs(va - vb) <= tolerance * max(abs(va), abs(vb), 1e-9):
                return True
    return False


def quantities_conflict(qa: list[Quantity], qb: list[Quantity]) -> bool:
    """Another number for the same kind of thing: a pair of comparable quantities that match
    nothing on the other side (``1.200`` vs ``1.500`` Stellen; not ``1.200`` vs ``1.200 …
    und 800``)."""
    for a in qa:
        if any(quantity_match(a, b) for b in qb):
            continue
        for b in qb:
            if a.units() & b.units() and not any(quantity_match(b, x) for x in qa):
                return True
    return False


def poles_conflict(pa: dict[str, str], pb: dict[str, str]) -> bool:
    """Opposite poles of one pair: ``schwer`` against ``leicht`` verletzt."""
    return any(pair in pb and pb[pair] != pole for pair, pole in pa.items())
