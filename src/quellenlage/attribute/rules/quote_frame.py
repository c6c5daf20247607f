"""Quotes with their frame: „…“, sagte X / X sagte: „…“ / „…“, wird X zitiert.

Two rules: ``snap_to_quote`` (applied while the CRFs decode) makes a Direct message that
covers most of a paired quote exactly that quote; ``quote_frame`` (the rules layer) makes a
quote with a reporting-verb frame after, before (colon) or around it a Direct event with the
frame verb as cue and its subject NP as source. A quote without such a frame (a title, a
scare quote) is left alone; a quote that only holds a framed inner quote is not an event.
"""

from __future__ import annotations

from ...doc import Doc, Event, Sentence
from ...lang.de.punctuation import QUOTE_CHARS
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from ..quotes import QuotePair, pair_quotes
from .base import (
    is_reporting_verb,
    label,
    low,
    note,
    overlapping,
    particle,
    refs,
    rule,
    rule_lexicon,
    tag,
)
from .nphrase import np_forward, subject_before, with_apposition

QUOTE_PAIR = label(
    "quote-pair",
    en="the Direct message was snapped to the quotation marks it nearly covered",
    de="die wörtliche Rede wurde auf die Anführungszeichen ausgerichtet, die sie fast umfasste",
)

Frame = tuple[list[int], list[int], set[int]]
"""A quote's frame: cue, source, and the tokens of the frame clause (flat indices)."""


def snap_to_quote(
    quotes: list[QuotePair], idx: list[int], form: str, ev: str
) -> tuple[list[int], str, str]:
    """A Direct message that covers most of a paired quote becomes exactly that quote."""
    if form != "Direct":
        return idx, form, ev
    s = set(idx)
    best = None
    for p in quotes:
        if p.depth != 0 or p.close - p.open < 3:
            continue
        span = range(p.open, p.close + 1)
        inter = sum(1 for i in span if i in s)
        if inter >= 0.6 * len(span) and inter >= 0.6 * len(s):
            best = p
            break
    if best is None:
        return idx, form, ev
    snapped = list(range(best.open, best.close + 1))
    if snapped == idx:
        return idx, form, ev
    return snapped, form, QUOTE_PAIR


@rule(
    "quote-frame",
    en="a quotation with a reporting verb before or after it (Direct speech, cue and speaker)",
    de="ein Zitat mit einem Verb des Sagens davor oder danach (wörtliche Rede, Sprecher)",
)
def quote_frame(doc: Doc, events: list[Event]) -> None:
    """A quote with a reporting-verb frame is a Direct event with cue and source."""
    words = [t.text for t in doc.tokens]
    pairs = pair_quotes(words)
    found = _framed_quotes(doc, words, pairs)
    for ev, clause in _outermost_events(found):
        _merge(doc, events, ev, clause)


def _framed_quotes(
    doc: Doc, words: list[str], pairs: list[QuotePair]
) -> list[tuple[int, int, Event, set[int]]]:
    """Every paired quote with a frame, as a new Direct event with its frame clause."""
    found: list[tuple[int, int, Event, set[int]]] = []
    split: dict[int, Frame] = {}  # the second part of „A“, sagte X, „B“ → the frame of A
    for n, p in enumerate(pairs):
        if p.close - p.open < 3:
            continue
        frame = _frame_after(doc, p.close) or _frame_before(doc, p.open) or split.get(n)
        if frame is None:
            continue
        cue, src, clause = frame
        # split frame: „A“, sagte X, „B“ -- each part is a quote of its own (as in SpkAtt),
        # with the one frame between them
        for m, q in enumerate(pairs[n + 1 :], n + 1) if cue and src else ():
            if q.depth == p.depth and q.open > p.close:
                gap = range(p.close + 1, q.open)
                if gap and set(gap) <= set(cue) | set(src) | {
                    r for r in gap if words[r] in {",", ":"}
                }:
                    split[m] = frame
                break
        msg = list(range(p.open, p.close + 1))
        found.append((p.open, p.close, Event("Direct", msg, cue=cue, source=src), clause))
    return found


def _outermost_events(
    found: list[tuple[int, int, Event, set[int]]],
) -> list[tuple[Event, set[int]]]:
    """Drop an outer quote whose content is only an inner framed quote.

    Paired quotes nest properly and ``found`` is in order of their opening marks, so the first
    quote inside an outer one, if any, is the next entry.
    """
    keep = []
    for n, (o, c, ev, clause) in enumerate(found):
        nxt = found[n + 1] if n + 1 < len(found) else None
        if nxt is not None and nxt[0] > o and nxt[1] < c and c - o - 2 <= (nxt[1] - nxt[0] + 1) + 4:
            continue
        keep.append((ev, clause))
    return keep


def _merge(doc: Doc, events: list[Event], ev: Event, clause: set[int]) -> None:
    """Fix the event that already is this quote, or add the quote's event."""
    quote = set(ev.message)
    same = [
        k
        for k in overlapping(events, ev.message, 0.6)
        if _outside_words(doc, events[k].message, quote) <= 2
    ]
    # the event that is already this quote's Direct event goes first
    same.sort(key=lambda k: (events[k].form != "Direct", set(events[k].message) != quote))
    for outer in events:
        # an Indirect message holding this quote, cued by the same frame ("Die Reform
        # greife „…“, heißt es in dem Schreiben"): the frame's source is its source too
        if (
            not outer.source
            and ev.source
            and set(outer.cue) & set(ev.cue)
            and quote < set(outer.message)
        ):
            outer.source = list(ev.source)
            note(outer, quote_frame.label)
    if not same:
        ev.medium = "Speech"
        ev.evidence.append(quote_frame.label)
        events.append(ev)
        return
    e = events[same[0]]
    if e.form != "Direct" or set(e.message) != set(ev.message):
        e.form, e.message = "Direct", ev.message
        note(e, quote_frame.label)
    if ev.cue[0] not in e.cue or not set(e.cue) <= clause:
        # the frame verb is exact; a CRF cue without it or outside the frame goes
        e.cue = ev.cue
        note(e, quote_frame.label)
    if ev.source and (not e.source or not set(e.source) <= clause):
        e.source = ev.source
        note(e, quote_frame.label)


def _outside_words(doc: Doc, idx: list[int], inside: set[int]) -> int:
    """How many non-punctuation tokens of ``idx`` lie outside ``inside``."""
    return sum(1 for r in idx if r not in inside and doc.tokens[r].text not in CLAUSE_PUNCT)


def _frame_after(doc: Doc, close: int) -> Frame | None:
    """„…“, sagte X / „…“, betonte Kapitän Jonas Roth / „…“, wird X zitiert."""
    k = close + 1
    if k < len(doc.tokens) and doc.tokens[k].text == ",":
        k += 1
    if k >= len(doc.tokens):
        return None
    sent = doc.sentences[doc.tokens[k].sent]
    ti = k - sent.first
    end = ti
    while end < len(sent.tokens) and sent.tokens[end].text not in QUOTE_CHARS:
        end += 1
    clause = set(refs(sent, range(ti, end)))
    if tag(sent, ti) == "VAFIN" and ti + 1 < len(sent.tokens):
        np_ = np_forward(sent, ti + 1)  # ", wird X zitiert"
        v = np_[-1] + 1 if np_ else -1
        if np_ and v < len(sent.tokens) and is_reporting_verb(sent, v):
            return refs(sent, [ti, v]), refs(sent, np_), clause
        return None
    if not is_reporting_verb(sent, ti):
        return None
    np_ = np_forward(sent, ti + 1)
    if len(np_) == 1 and low(sent, np_[0]) == "es":
        # "„…“, heißt es in dem Schreiben": the document is the source, as in SpkAtt
        k = np_[0] + 1
        np_ = np_forward(sent, k + 1) if low(sent, k) in {"in", "im"} else []
        return refs(sent, [ti, ti + 1]), refs(sent, np_), clause
    if not np_:
        return None
    np_ = with_apposition(sent, np_)
    return refs(sent, [ti, *particle(sent, ti, CLAUSE_PUNCT)]), refs(sent, np_), clause


def _frame_before(doc: Doc, open_: int) -> Frame | None:
    """X sagte: „…“ / Dazu sagte der Minister: "…" / Sie wird mit den Worten zitiert: „…“."""
    k = open_ - 1
    if k < 0:
        return None
    sent = doc.sentences[doc.tokens[k].sent]
    ti = k - sent.first
    if sent.tokens[ti].text != ":":
        return None
    # the clause before the colon, back to the previous clause punctuation or quote
    lo = ti - 1
    while (
        lo >= 0
        and sent.tokens[lo].text not in CLAUSE_PUNCT
        and sent.tokens[lo].text not in QUOTE_CHARS
    ):
        lo -= 1
    lo += 1
    verbs = [i for i in range(lo, ti) if is_reporting_verb(sent, i)]
    if not verbs:
        return None
    if any(rule_lexicon().has("prep", low(sent, i)) for i in range(lo, ti)):
        return None  # "Laut X soll ...: „…“" is the laut event's, not a frame
    v = verbs[-1]
    np_ = _colon_subject(sent, lo, v, ti)
    cue = [v, *particle(sent, v, CLAUSE_PUNCT)]
    # after an apposition ("X, Sprecher des Forums, kommentierte:") the frame runs back to
    # the sentence start
    start = 0 if lo > 0 and sent.tokens[lo - 1].text == "," else lo
    return refs(sent, cue), refs(sent, np_), set(refs(sent, range(start, ti)))


def _colon_subject(sent: Sentence, lo: int, v: int, colon: int) -> list[int]:
    """The speaker of a colon frame: the subject before the verb, or the NP after it."""
    np_ = subject_before(sent, lo, v)
    if not np_ and lo > 0 and sent.tokens[lo - 1].text == ",":
        # "Der Vorsitzende, Michael Knipper, kritisierte ...:": the subject is further back
        return subject_before(sent, 0, v)
    if not np_:
        np_ = np_forward(sent, v + 1, colon)  # "Dazu sagte der Minister:"
        if len(np_) == 1 and low(sent, np_[0]) == "es":
            return []  # "heißt es": no source
    return np_
