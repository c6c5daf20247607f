"""Exact quote pairing by quote type: the one part of attribution that a rule gets right.

German news uses „…“ (and „…”), »…« or «…», ‚…‘, "…" and '…'. Quotes are paired by their
type with a stack, never by counting: a straight quote closes the nearest open straight quote
of the same kind, a „ waits for its “ or ”. Guillemets take their direction from the first
one seen in the document (»…« in Germany, «…» in Switzerland). Unpaired marks stay unpaired.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lang.de.punctuation import GUILLEMETS, QUOTE_CHARS, QUOTE_OPENERS, STRAIGHT_QUOTES


@dataclass(frozen=True, slots=True)
class QuotePair:
    """An opening and its closing quote token (flat token indices), and the nesting depth."""

    open: int
    close: int
    depth: int


def pair_quotes(words: list[str]) -> list[QuotePair]:
    """Pair the quote tokens among ``words`` (one flat token list) by type."""
    stack: list[tuple[int, str, tuple[str, ...]]] = []
    pairs: list[QuotePair] = []
    guillemet_open: str | None = None
    for i, w in enumerate(words):
        if w not in QUOTE_CHARS:
            continue
        if w in GUILLEMETS and guillemet_open is None:
            guillemet_open = w
        # 1. does it close the innermost open quote (or one further out, skipping strays)?
        closed = False
        for depth in range(len(stack) - 1, -1, -1):
            j, _, closers = stack[depth]
            if w in closers:
                pairs.append(QuotePair(j, i, depth))
                del stack[depth:]
                closed = True
                break
        if closed:
            continue
        # 2. otherwise it opens a new quote, if it can open at all.
        if w in STRAIGHT_QUOTES:
            stack.append((i, w, (w,)))
        elif w in GUILLEMETS:
            if w == guillemet_open:
                stack.append((i, w, ("«",) if w == "»" else ("»",)))
        elif w in QUOTE_OPENERS:
            stack.append((i, w, QUOTE_OPENERS[w]))
    pairs.sort(key=lambda p: p.open)
    return pairs


def quote_depths(n: int, pairs: list[QuotePair]) -> list[int]:
    """For each of ``n`` tokens, how many paired quotes it lies strictly inside."""
    delta = [0] * (n + 1)
    for p in pairs:
        delta[p.open + 1] += 1
        delta[p.close] -= 1
    out, depth = [], 0
    for i in range(n):
        depth += delta[i]
        out.append(depth)
    return out
