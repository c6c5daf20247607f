"""Deterministic repairs of the CRF's speech events where a rule is exact.

``refine(doc, events)`` runs after the CRF engine. Each rule looks for one surface pattern of
German news attribution (a quote with its frame, ``laut X``, ``X zufolge``, ``nach Angaben
X``, ``Wie X mitteilte``, ``X kommt zu dem Schluss, dass``, ``X bestritt die Vorwürfe``,
evidential ``soll ... haben``, ``..., werden Quellen zitiert``) and either completes or fixes
the event the CRF found for it or adds the missing one. Every decision is recorded in the
event's ``evidence`` as ``rule:NAME``. Span conventions follow the SpkAtt data: a Direct
message includes its quote marks, a ``laut`` message is the rest of the sentence without the
final punctuation, a cue-less FreeIndirect message is the whole sentence.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..lang import de
from ..model import Doc, EventCandidate, Sentence, TokenRef
from .crf import set_nesting
from .lexicon import lexicons
from .quotes import pair_quotes

_PUNCT_END = frozenset({".", "!", "?"})
_CLAUSE_PUNCT = frozenset({",", ":", ";", ".", "!", "?", "–", "-", "(", ")"})
# STTS tags that may continue a noun phrase (source or object NP).
_NP_TAGS = frozenset(
    {"ART", "ADJA", "NN", "NE", "CARD", "PPOSAT", "PIAT", "PDAT", "TRUNC", "PIDAT", "FM"}
)
_NP_START = frozenset(
    {"ART", "ADJA", "NN", "NE", "PPOSAT", "PIAT", "PDAT", "PIDAT", "CARD", "PPER"}
)
# Evidential sollen: give the event the cue "soll" (the SpkAtt data leaves FreeIndirect
# cue-less), and add an event where the CRF found none.
SOLL_CUE = True
# laut X where the CRF has the same cue: 0 keep its event, 1 complete its message only,
# 2 take the rule's source and message
LAUT_MODE = 1
SOLL_NEW = True
_DETERMINERS = frozenset({"ART", "ADJA", "PPOSAT", "PIAT", "PDAT", "CARD", "PIDAT"})
_GENITIVE = frozenset(
    {"des", "der", "eines", "einer", "dieses", "dieser", "seines", "seiner", "ihres", "ihrer"}
)
_OBJECT_PRONOUNS = frozenset({"ihn", "ihm", "ihnen", "mich", "mir", "dich", "dir", "uns", "euch"})
_QUOTES = frozenset({"„", "“", "”", "»", "«", "‚", "‘", "’", '"', "'", "''", "``"})


@dataclass(frozen=True, slots=True)
class RuleLexicon:
    """The rule lexicon (``lang/de/data/rules_cues.tsv``) by kind."""

    kinds: dict[str, frozenset[str]]

    def has(self, kind: str, word: str) -> bool:
        """True when ``word`` (any case) is listed under ``kind``."""
        return word.lower() in self.kinds.get(kind, frozenset())


@cache
def rule_lexicon() -> RuleLexicon:
    """Load ``rules_cues.tsv`` once per process."""
    kinds: dict[str, set[str]] = {}
    for word, kind, _note in de.rules_cues():
        kinds.setdefault(kind, set()).add(word.lower())
    return RuleLexicon({k: frozenset(v) for k, v in kinds.items()})


# ------------------------------------------------------------------------------- helpers


def _tag(sent: Sentence, i: int) -> str:
    return sent.tokens[i].tag or ""


def _low(sent: Sentence, i: int) -> str:
    return sent.tokens[i].text.lower()


def _is_reporting_verb(sent: Sentence, i: int) -> bool:
    """A token that is a form of a reporting verb (attribution lexicon) tagged as a verb."""
    hit = lexicons().reporting(_low(sent, i))
    return hit is not None and hit[1] == "verb" and _tag(sent, i).startswith("V")


def _np_forward(sent: Sentence, j: int, hi: int | None = None) -> list[int]:
    """The noun phrase starting at ``j``: NP tags, genitive chains, coordination, quoted names."""
    lex = rule_lexicon()
    hi = len(sent.tokens) if hi is None else hi
    out: list[int] = []
    noun = False  # a noun closed the current segment: only a genitive may continue it
    while j < hi:
        tag, low = _tag(sent, j), _low(sent, j)
        if not out and tag == "PPER":
            return [j]
        if lex.has("time", low) and not (tag in {"NN", "NE"} and out):
            break
        if noun and tag in _NP_TAGS and tag not in {"NN", "NE", "FM", "TRUNC"}:
            if low not in _GENITIVE:
                break  # "nach Ansicht von Beobachtern | die Frage"
            noun = False
            out.append(j)
            j += 1
            continue
        if tag in _NP_TAGS or (low in {"fast", "rund", "etwa"} and not out):
            out.append(j)
            noun = noun or tag in {"NN", "NE", "FM"}
            j += 1
            continue
        # a quoted name inside or at the start of the NP: Zeitung „Daily NK“
        if low in _QUOTES:
            k = j + 1
            while (
                k < hi
                and _low(sent, k) not in _QUOTES
                and _tag(sent, k) in {"NE", "NN", "FM", "CARD", "ADJA"}
            ):
                k += 1
            if k < hi and k > j + 1 and _low(sent, k) in _QUOTES:
                out.extend(range(j, k + 1))
                j = k + 1
                continue
            break
        # coordination of two NPs and "X aus/von Y" inside a source
        if (
            out
            and (tag == "KON" or low in {"aus", "von"})
            and j + 1 < hi
            and _tag(sent, j + 1) in _NP_START
        ):
            if _tag(sent, j + 1) == "PPER":
                break
            out.append(j)
            noun = False
            j += 1
            continue
        break
    # an NP never ends in an article or a conjunction
    while out and (
        _tag(sent, out[-1]) in {"ART", "KON", "APPR"} or _low(sent, out[-1]) in {"aus", "von"}
    ):
        out.pop()
    return out if any(_tag(sent, k) in {"NN", "NE", "PPER", "PIS", "FM"} for k in out) else []


def _np_backward(sent: Sentence, j: int, lo: int = 0) -> list[int]:
    """The noun phrase that ends at ``j`` (NP tags only, going left)."""
    out: list[int] = []
    while j >= lo and (_tag(sent, j) in _NP_TAGS or (_tag(sent, j) == "KON" and out)):
        out.insert(0, j)
        j -= 1
    while out and _tag(sent, out[0]) == "KON":
        out.pop(0)
    if out and out[0] > lo and sent.tokens[out[0] - 1].text not in _CLAUSE_PUNCT:
        # not at a clause start: the NP may have swallowed a mis-tagged word before it
        # ("Streiff warf Medienberichten zufolge"): keep the last determiner-led segment,
        # else the bare last noun
        starts = [
            k
            for k, t in enumerate(out)
            if _tag(sent, t) in _DETERMINERS
            and _low(sent, t) not in _GENITIVE
            and (k == 0 or _tag(sent, out[k - 1]) not in _DETERMINERS)
        ]
        out = out[starts[-1] :] if starts else out[-1:]
    return out if any(_tag(sent, k) in {"NN", "NE"} for k in out) else []


def _refs(si: int, idx: list[int] | range) -> list[TokenRef]:
    return [(si, i) for i in idx]


def _sent_body(sent: Sentence) -> list[int]:
    """Token indices of a sentence without its final punctuation."""
    n = len(sent.tokens)
    while n and sent.tokens[n - 1].text in _PUNCT_END:
        n -= 1
    return list(range(n))


def _overlapping(events: list[EventCandidate], refs: list[TokenRef], share: float) -> list[int]:
    """Indices of events whose message covers at least ``share`` of ``refs``."""
    want = set(refs)
    out = []
    for k, e in enumerate(events):
        inter = len(want & set(e.message))
        if want and inter >= share * len(want):
            out.append(k)
    return out


def _note(e: EventCandidate, rule: str) -> None:
    if rule not in e.evidence:
        e.evidence.append(rule)


# ------------------------------------------------------------------------------- rules


def _quote_frame(doc: Doc, events: list[EventCandidate]) -> None:
    """A quote with a reporting-verb frame after, before (colon) or around it is Direct.

    Cue is the frame verb, source its subject NP (before the verb, or right after it:
    "sagte Bürgermeister Klaus Weber"). A quote without such a frame (a title, a scare quote)
    is left alone. A quote that only holds a framed inner quote is not an event of its own.
    """
    flat: list[TokenRef] = [
        (si, ti) for si, s in enumerate(doc.sentences) for ti in range(len(s.tokens))
    ]
    words = [doc.sentences[si].tokens[ti].text for si, ti in flat]
    pairs = pair_quotes(words)
    found: list[tuple[int, int, EventCandidate, set[TokenRef]]] = []
    for p in pairs:
        if p.close - p.open < 3:
            continue
        frame = _frame_after(doc, flat, p.close) or _frame_before(doc, flat, p.open)
        if frame is None:
            continue
        cue, src, clause = frame
        msg = flat[p.open : p.close + 1]
        # split frame: „A“, sagte X, „B“ -- the second part belongs to the same message
        for q in pairs:
            if q.depth == p.depth and q.open > p.close and cue and src:
                gap = flat[p.close + 1 : q.open]
                if gap and set(gap) <= set(cue) | set(src) | {
                    r for r in gap if words[flat.index(r)] in {",", ":"}
                }:
                    msg = msg + flat[q.open : q.close + 1]
                break
        found.append((p.open, p.close, EventCandidate("Direct", msg, cue=cue, source=src), clause))
    # an outer quote whose content is an inner framed quote: only the inner one is an event
    keep = []
    for o, c, ev, clause in found:
        inner = [x for x in found if x[0] > o and x[1] < c]
        if inner and c - o - 2 <= (inner[0][1] - inner[0][0] + 1) + 4:
            continue
        keep.append((ev, clause))
    for ev, clause in keep:
        quote = set(ev.message)
        same = [
            k
            for k in _overlapping(events, ev.message, 0.6)
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
                _note(outer, "rule:quote-frame")
        if same:
            e = events[same[0]]
            if e.form != "Direct" or set(e.message) != set(ev.message):
                e.form, e.message = "Direct", ev.message
                _note(e, "rule:quote-frame")
            if ev.cue[0] not in e.cue or not set(e.cue) <= clause:
                # the frame verb is exact; a CRF cue without it or outside the frame goes
                e.cue = ev.cue
                _note(e, "rule:quote-frame")
            if ev.source and (not e.source or not set(e.source) <= clause):
                e.source = ev.source
                _note(e, "rule:quote-frame")
            continue
        ev.medium = "Speech"
        ev.evidence.append("rule:quote-frame")
        events.append(ev)


def _outside_words(doc: Doc, refs: list[TokenRef], inside: set[TokenRef]) -> int:
    """How many non-punctuation tokens of ``refs`` lie outside ``inside``."""
    return sum(
        1
        for s, t in refs
        if (s, t) not in inside and doc.sentences[s].tokens[t].text not in _CLAUSE_PUNCT
    )


Frame = tuple[list[TokenRef], list[TokenRef], set[TokenRef]]
"""A quote's frame: cue, source, and the tokens of the frame clause."""


def _frame_after(doc: Doc, flat: list[TokenRef], close: int) -> Frame | None:
    """„…“, sagte X / „…“, betonte Kapitän Jonas Roth / „…“, wird X zitiert."""
    k = close + 1
    if k < len(flat) and doc.sentences[flat[k][0]].tokens[flat[k][1]].text == ",":
        k += 1
    if k >= len(flat):
        return None
    si, ti = flat[k]
    sent = doc.sentences[si]
    end = ti
    while end < len(sent.tokens) and sent.tokens[end].text not in _QUOTES:
        end += 1
    clause = set(_refs(si, range(ti, end)))
    if _tag(sent, ti) == "VAFIN" and ti + 1 < len(sent.tokens):
        np_ = _np_forward(sent, ti + 1)  # ", wird X zitiert"
        v = np_[-1] + 1 if np_ else -1
        if np_ and v < len(sent.tokens) and _is_reporting_verb(sent, v):
            return _refs(si, [ti, v]), _refs(si, np_), clause
        return None
    if not _is_reporting_verb(sent, ti):
        return None
    np_ = _np_forward(sent, ti + 1)
    if len(np_) == 1 and _low(sent, np_[0]) == "es":
        # "„…“, heißt es in dem Schreiben": the document is the source, as in SpkAtt
        k = np_[0] + 1
        np_ = _np_forward(sent, k + 1) if _low(sent, k) in {"in", "im"} else []
        return _refs(si, [ti, ti + 1]), _refs(si, np_), clause
    if not np_:
        return None
    return _refs(si, [ti, *_particle(sent, ti)]), _refs(si, np_), clause


def _subject_before(sent: Sentence, lo: int, v: int) -> list[int]:
    """The first NP between ``lo`` and verb ``v`` that no preposition governs."""
    k = lo
    while k < v:
        prev = _tag(sent, k - 1) if k > 0 else ""
        if _tag(sent, k) in _NP_START and prev not in {"APPR", "APPRART"}:
            np_ = _np_forward(sent, k, v)
            if np_ and not (len(np_) == 1 and _low(sent, np_[0]) == "es"):
                return np_
            k = max(k + 1, np_[-1] + 1 if np_ else k + 1)
            continue
        k += 1
    return []


def _frame_before(doc: Doc, flat: list[TokenRef], open_: int) -> Frame | None:
    """X sagte: „…“ / Dazu sagte der Minister: "…" / Sie wird mit den Worten zitiert: „…“."""
    k = open_ - 1
    if k < 0:
        return None
    si, ti = flat[k]
    sent = doc.sentences[si]
    if sent.tokens[ti].text != ":":
        return None
    # the clause before the colon, back to the previous clause punctuation or quote
    lo = ti - 1
    while (
        lo >= 0
        and sent.tokens[lo].text not in _CLAUSE_PUNCT
        and sent.tokens[lo].text not in _QUOTES
    ):
        lo -= 1
    lo += 1
    verbs = [i for i in range(lo, ti) if _is_reporting_verb(sent, i)]
    if not verbs:
        return None
    if any(rule_lexicon().has("prep", _low(sent, i)) for i in range(lo, ti)):
        return None  # "Laut X soll ...: „…“" is the laut event's, not a frame
    v = verbs[-1]
    np_ = _subject_before(sent, lo, v)
    if not np_ and lo > 0 and sent.tokens[lo - 1].text == ",":
        # "Der Vorsitzende, Michael Knipper, kritisierte ...:": the subject is further back
        np_ = _subject_before(sent, 0, v)
    elif not np_:
        np_ = _np_forward(sent, v + 1, ti)  # "Dazu sagte der Minister:"
        if len(np_) == 1 and _low(sent, np_[0]) == "es":
            np_ = []  # "heißt es": no source
    cue = [v, *_particle(sent, v)]
    # after an apposition ("X, Sprecher des Forums, kommentierte:") the frame runs back to
    # the sentence start
    start = 0 if lo > 0 and sent.tokens[lo - 1].text == "," else lo
    return _refs(si, cue), _refs(si, np_), set(_refs(si, range(start, ti)))


def _laut(doc: Doc, events: list[EventCandidate]) -> None:
    """``laut X`` / ``gemäß X`` / ``nach Angaben X`` / ``X zufolge``: cue the preposition.

    Source is the adjacent NP (with its genitive chain), message the rest of the sentence
    without its final punctuation, as in the SpkAtt data.
    """
    lex = rule_lexicon()
    for si, sent in enumerate(doc.sentences):
        for i, tok in enumerate(sent.tokens):
            low = tok.text.lower()
            src: list[int] = []
            cue_extra: list[int] = []
            if lex.has("prep", low) and _tag(sent, i) in {"APPR", "APPO", ""}:
                src = _np_forward(sent, i + 1)
            elif low == "nach" and _nach_noun(sent, i, lex):
                # "nach Angaben des Ministeriums": cue "Nach Angaben", source whose statement
                # it is (the SpkAtt data puts the noun into the source; the CRF's own such
                # events are kept as they are, see LAUT_MODE)
                src = _np_forward(sent, i + 1)
                if len(src) > 2 and src[0] == i + 1 and _low(sent, i + 2) in _GENITIVE | {"von"}:
                    von = _low(sent, i + 2) == "von"
                    cue_extra = [i + 1, i + 2] if von else [i + 1]  # "Nach Angaben von"
                    src = src[2:] if von else src[1:]
            elif lex.has("post", low) and i > 0:
                src = _np_backward(sent, i - 1)
            if not src:
                continue
            cue = _refs(si, [i, *cue_extra])
            source = _refs(si, src)
            taken = set(src) | {i} | set(cue_extra)
            msg = _refs(
                si,
                [
                    k
                    for k in _sent_body(sent)
                    if k not in taken and not (k == src[-1] + 1 and sent.tokens[k].text == ",")
                ],
            )
            if not msg:
                continue
            hit = [k for k, e in enumerate(events) if cue[0] in e.cue or cue[0] in e.source]
            if not hit:
                hit = [
                    k
                    for k in _overlapping(events, msg, 0.5)
                    if not events[k].cue
                    and not set(events[k].message)
                    - set(msg)
                    - set(source)
                    - set(cue)
                    - {(si, len(sent.tokens) - 1)}
                ]
            if hit:
                e = events[hit[0]]
                _note(e, "rule:laut-NP")
                if set(e.cue) <= set(cue) and cue[0] in e.cue and e.source:
                    if LAUT_MODE == 0:
                        continue  # the CRF already has it
                    if LAUT_MODE == 1:
                        # keep the CRF's roles; only a message cut short is completed
                        cue, source = e.cue, e.source
                        msg = [r for r in msg if r not in set(source) | set(cue)]
                e.form = (
                    "Indirect" if e.form not in {"Indirect", "IndirectFreeIndirect"} else e.form
                )
                e.cue, e.source, e.message = cue, source, msg
                # fragments of the same message the CRF cut off around "laut X" go
                whole = set(msg)
                events[:] = [
                    x
                    for x in events
                    if x is e
                    or x.cue
                    or x.source
                    or x.form == "Direct"
                    or not set(x.message) <= whole
                ]
            else:
                events.append(
                    EventCandidate(
                        "Indirect",
                        msg,
                        cue=cue,
                        source=source,
                        medium="SW",
                        evidence=["rule:laut-NP"],
                    )
                )


def _wie_clause(doc: Doc, events: list[EventCandidate]) -> None:
    """``Wie X (am Freitag) mitteilte, ...`` / ``..., wie X betonen.``: Indirect, cue "wie" +
    verb (as in the SpkAtt data), source X, message the main clause."""
    for si, sent in enumerate(doc.sentences):
        body = _sent_body(sent)
        for w in body:
            if _low(sent, w) != "wie" or (w > 0 and sent.tokens[w - 1].text != ","):
                continue
            j = w + 1
            while j < len(body) and sent.tokens[j].text not in _CLAUSE_PUNCT:
                j += 1
            v = j - 1  # the verb ends the wie-clause
            if v <= w + 1 or not _is_reporting_verb(sent, v):
                break
            src = _np_forward(sent, w + 1, v)
            if len(src) == 1 and _low(sent, src[0]) == "es":
                src = []  # "Wie es hieß"
            if w == 0 and j < len(body) and sent.tokens[j].text == ",":
                msg = [k for k in body if k > j]
            elif w > 0 and j >= len(body):
                msg = [k for k in body if k < w - 1]
            else:
                break
            cue, msg_refs = _refs(si, [w, v]), _refs(si, msg)
            if not msg:
                break
            hit = [k for k, e in enumerate(events) if (si, v) in e.cue]
            if hit:
                e = events[hit[0]]
                if (si, w) not in e.cue:
                    e.cue = sorted({*e.cue, (si, w)})
                    _note(e, "rule:wie-clause")
                if src and not set(_refs(si, src)) <= set(e.source):
                    e.source = _refs(si, src)  # "Wie X am Freitag mitteilte": X, not Freitag
                    _note(e, "rule:wie-clause")
                break
            hit = [k for k in _overlapping(events, msg_refs, 0.6) if not events[k].cue]
            if hit:
                e = events[hit[0]]
                e.form, e.cue, e.source, e.message = "Indirect", cue, _refs(si, src), msg_refs
                _note(e, "rule:wie-clause")
            else:
                events.append(
                    EventCandidate(
                        "Indirect",
                        msg_refs,
                        cue=cue,
                        source=_refs(si, src),
                        medium="SW",
                        evidence=["rule:wie-clause"],
                    )
                )
            break


def _aus_kreisen(doc: Doc, events: list[EventCandidate]) -> None:
    """``Aus Regierungskreisen hieß es, ...`` / ``Bei der Agentur hieß es``: the NP of the
    fronted phrase before an impersonal ``hieß es`` is the source (as in the SpkAtt data)."""
    for e in events:
        if e.source or len(e.cue) < 2:
            continue
        si, ci = e.cue[0]
        sent = doc.sentences[si]
        lemma = (sent.tokens[ci].lemma or "").lower()
        if lemma != "heißen" or ci < 2 or _low(sent, 0) not in {"aus", "bei", "in", "im"}:
            continue
        np_ = _np_forward(sent, 1, ci)
        if np_ and np_[-1] == ci - 1:
            e.source = _refs(si, np_)
            _note(e, "rule:aus-kreisen")


def _nach_noun(sent: Sentence, i: int, lex: RuleLexicon) -> bool:
    """``nach (ersten) Angaben/Meldungen``: the first noun after ``nach`` is a cue noun."""
    j = i + 1
    while j < len(sent.tokens) and _tag(sent, j) == "ADJA":
        j += 1
    return j < len(sent.tokens) and lex.has("nach", _low(sent, j))


def _source_fixes(doc: Doc, events: list[EventCandidate]) -> None:
    """Sources of verb cues: ``Wie X (am Freitag) mitteilte`` and ``Ende vergangener Woche
    berichtete die Zeitung``: the subject NP, never the time phrase."""
    lex = rule_lexicon()
    for e in events:
        if len(e.cue) < 1:
            continue
        si, ci = e.cue[0]
        if any(r[0] != si for r in e.cue):
            continue
        sent = doc.sentences[si]
        if not _tag(sent, ci).startswith("V"):
            continue
        new: list[int] = []
        # "Wie X ... VERB ,": the NP right after "wie"
        w = ci - 1
        while w >= 0 and sent.tokens[w].text not in _CLAUSE_PUNCT:
            if _low(sent, w) == "wie" and _tag(sent, w) in {"KOUS", "KOKOM", "PWAV"}:
                new = _np_forward(sent, w + 1, ci)
                break
            w -= 1
        src_idx = [t for s, t in e.source if s == si]
        first = min(src_idx) if src_idx else ci
        # V2 with a fronted time phrase: "Ende vergangener Woche berichtete die Zeitung"
        fronted = lex.has("time", _low(sent, first)) or _tag(sent, first) == "ADV"
        if not new and first < ci < len(sent.tokens) - 1 and fronted:
            after = _np_forward(sent, ci + 1)
            if after and set(after) <= set(src_idx) | set(range(ci + 1, len(sent.tokens))):
                new = after
        if (
            not new
            and src_idx
            and all(lex.has("time", _low(sent, t)) or _is_time_noun(sent, t) for t in src_idx)
        ):
            after = _np_forward(sent, ci + 1)
            new = after
        if new and _refs(si, new) != e.source:
            e.source = _refs(si, new)
            _note(e, "rule:source-np")


def _is_time_noun(sent: Sentence, i: int) -> bool:
    low = _low(sent, i)
    return any(low.endswith(w) for w in rule_lexicon().kinds.get("timenoun", ()))


def _verb_lemma(sent: Sentence, i: int) -> str:
    """The lemma of verb ``i`` with a separable particle of its clause prefixed."""
    lemma = (sent.tokens[i].lemma or sent.tokens[i].text).lower()
    for k in range(i + 1, len(sent.tokens)):
        if sent.tokens[k].text in _CLAUSE_PUNCT:
            break
        if _tag(sent, k) == "PTKVZ":
            return _low(sent, k) + lemma
    return lemma


def _particle(sent: Sentence, i: int) -> list[int]:
    for k in range(i + 1, len(sent.tokens)):
        if sent.tokens[k].text in _CLAUSE_PUNCT:
            break
        if _tag(sent, k) == "PTKVZ":
            return [k]
    return []


def _reported(doc: Doc, events: list[EventCandidate]) -> None:
    """``X kritisierte die Pläne`` (Reported), ``X bestritt, dass ...`` (Indirect).

    Cue the verb with its particle, source the subject NP, message the object NP or the
    dass-clause. A CRF event for the sentence keeps its message and gains cue and source.
    """
    lex = rule_lexicon()
    for si, sent in enumerate(doc.sentences):
        n = len(sent.tokens)
        for i in range(1, n):
            if not _tag(sent, i).endswith("FIN") or not _tag(sent, i).startswith("VV"):
                continue
            lemma = _verb_lemma(sent, i)
            if not any(lex.has(k, lemma) for k in ("reported", "denial", "confirm")):
                continue
            subj = _np_backward(sent, i - 1)
            if not subj or subj[0] != 0:
                subj = _np_forward(sent, i + 1)
                if not subj or _low(sent, subj[0]) in _OBJECT_PRONOUNS:
                    continue
            cue = _refs(si, [i, *_particle(sent, i)])
            rest = i + 1 if subj[0] < i else subj[-1] + 1
            if (
                rest < n
                and sent.tokens[rest].text == ","
                and rest + 1 < n
                and _low(sent, rest + 1) in {"dass", "ob"}
            ):
                form, msg = "Indirect", _refs(si, [k for k in _sent_body(sent) if k > rest])
            else:
                j = rest
                while j < n and _tag(sent, j) in {"APPRART", "ADV", "ADJD"} | (
                    {"NN"} if j > rest and _tag(sent, j - 1) == "APPRART" else set()
                ):
                    j += 1  # "am Abend", "vehement"
                obj = _np_forward(sent, j)
                k = obj[-1] + 1 if obj else j
                while (
                    obj and k + 1 < n and _tag(sent, k) == "APPR" and _tag(sent, k + 1) in _NP_START
                ):
                    more = _np_forward(sent, k + 1)
                    if not more:
                        break
                    obj = [*obj, k, *more]
                    k = obj[-1] + 1
                if not obj:
                    continue
                form, msg = "Reported", _refs(si, obj)
            sent_refs = set(_refs(si, range(n)))
            hit = [
                k
                for k, e in enumerate(events)
                if set(e.message) & sent_refs and (not e.cue or set(e.cue) & set(cue))
            ]
            if hit:
                e = events[hit[0]]
                if e.cue and e.source:
                    continue
                if not e.cue:
                    e.cue = cue
                if not e.source:
                    e.source = _refs(si, subj)
                if form == "Indirect" and e.form == "Reported":
                    e.form, e.message = form, msg
                _note(e, "rule:denial-verb" if lex.has("denial", lemma) else "rule:reported-verb")
            elif not any(set(e.message) & sent_refs for e in events):
                rule = "rule:denial-verb" if lex.has("denial", lemma) else "rule:reported-verb"
                events.append(
                    EventCandidate(
                        form, msg, cue=cue, source=_refs(si, subj), medium="SW", evidence=[rule]
                    )
                )
            break


def _verb_comma_clause(doc: Doc, events: list[EventCandidate]) -> None:
    """``Experten warnen, die Zahl ... könne steigen``: a CRF Reported event over a sentence
    "NP reporting-verb , clause with Konjunktiv" is Indirect (cue the verb, message the clause)."""
    for e in events:
        if e.form != "Reported" or e.cue:
            continue
        sis = {s for s, _ in e.message}
        if len(sis) != 1:
            continue
        si = sis.pop()
        sent = doc.sentences[si]
        for i in range(1, len(sent.tokens) - 2):
            if sent.tokens[i + 1].text != "," or not _is_reporting_verb(sent, i):
                continue
            subj = _np_backward(sent, i - 1)
            clause = [k for k in _sent_body(sent) if k > i + 1]
            if subj and subj[0] == 0 and any(sent.tokens[k].mood == "Sub" for k in clause):
                e.form, e.cue, e.source, e.message = (
                    "Indirect",
                    _refs(si, [i]),
                    _refs(si, subj),
                    _refs(si, clause),
                )
                _note(e, "rule:verb-comma-konjunktiv")
            break


def _conclusion(doc: Doc, events: list[EventCandidate]) -> None:
    """``X kommt zu dem Schluss/Ergebnis, dass ...``: Indirect, cue the phrase."""
    lex = rule_lexicon()
    for si, sent in enumerate(doc.sentences):
        toks = [t.text.lower() for t in sent.tokens]
        for i, low in enumerate(toks):
            if (sent.tokens[i].lemma or low) != "kommen" and low not in {
                "kommt",
                "kommen",
                "kam",
                "kamen",
            }:
                continue
            j = i + 1
            if j < len(toks) and toks[j] == "zu":
                j += 1
                if j < len(toks) and toks[j] in {"dem", "einem"}:
                    j += 1
            elif j < len(toks) and toks[j] == "zum":
                j += 1
            else:
                continue
            if j + 2 >= len(toks) or not lex.has("conclude", toks[j]) or toks[j + 1] != ",":
                continue
            subj = _np_forward(sent, 0, i)
            if not subj or subj[-1] != i - 1:
                continue
            cue = _refs(si, range(i, j + 1))
            msg = _refs(si, [k for k in _sent_body(sent) if k > j + 1])
            if any(set(e.message) & set(msg) for e in events):
                continue
            events.append(
                EventCandidate(
                    "Indirect",
                    msg,
                    cue=cue,
                    source=_refs(si, subj),
                    medium="SW",
                    evidence=["rule:conclusion"],
                )
            )


def _frame_after_clause(doc: Doc, events: list[EventCandidate]) -> None:
    """``Man werde ..., werden Quellen zitiert.``: one Indirect event, cue the (aux +) verb."""
    for si, sent in enumerate(doc.sentences):
        body = _sent_body(sent)
        commas = [k for k in body if sent.tokens[k].text == ","]
        if not commas or any(t.text in _QUOTES for t in sent.tokens):
            continue
        c = commas[-1]
        tail = [k for k in body if k > c]
        if not 2 <= len(tail) <= 8 or _tag(sent, tail[0]) != "VAFIN":
            continue
        np_ = _np_forward(sent, tail[0] + 1)
        if not np_ or np_[-1] + 2 != len(body) or not _is_reporting_verb(sent, body[-1]):
            continue
        before = [k for k in body if k < c]
        if not any(_tag(sent, k).endswith("FIN") for k in before):
            continue  # "Nach Angaben von X, einem Manager, wurde ... zusammengestellt"
        cue = _refs(si, [tail[0], body[-1]])
        msg = _refs(si, before)
        hit = _overlapping(events, msg, 0.6)
        if hit:
            e = events[hit[0]]
            if e.cue:
                continue
            e.form, e.cue, e.source, e.message = "Indirect", cue, _refs(si, np_), msg
            _note(e, "rule:frame-after")
        else:
            events.append(
                EventCandidate(
                    "Indirect",
                    msg,
                    cue=cue,
                    source=_refs(si, np_),
                    medium="SW",
                    evidence=["rule:frame-after"],
                )
            )


def _sollen(doc: Doc, events: list[EventCandidate]) -> None:
    """Evidential ``soll ... haben/sein`` is FreeIndirect with cue ``soll``; a planned
    ``soll ... eröffnet werden`` is no speech event unless something else licenses one."""
    lex = rule_lexicon()
    for si, sent in enumerate(doc.sentences):
        for i, tok in enumerate(sent.tokens):
            if tok.text.lower() not in {"soll", "sollen"} or _tag(sent, i) not in {"VMFIN", ""}:
                continue
            j = i + 1
            while j < len(sent.tokens) and sent.tokens[j].text not in _CLAUSE_PUNCT:
                j += 1
            last = [
                k
                for k in range(i + 1, j)
                if _tag(sent, k).startswith("V") or lex.has("aux", _low(sent, k))
            ]
            infs = [_low(sent, k) for k in last[-2:]]
            lemmas = [(sent.tokens[k].lemma or "").lower() for k in last[-2:]]
            # "haben"/"sein" make a perfect infinitive only after a participle ("soll gebeten
            # haben", not "soll bis Mai fertig sein"); "gewesen"/"worden" always do
            perfect = lex.has("aux", infs[-1]) if infs else False
            if perfect and infs[-1] in {"haben", "sein"}:
                perfect = (
                    len(last) > 1
                    and last[-2] == last[-1] - 1
                    and _tag(sent, last[-2]).endswith("PP")
                )
            evidential = bool(infs) and (
                perfect or any(lex.has("stative", w) for w in infs + lemmas)
            )
            if infs and infs[-1] == "werden":
                evidential = False  # "soll eröffnet werden": a plan
            ref = (si, i)
            covering = [e for e in events if ref in e.message]
            if evidential:
                for e in covering:
                    if not e.cue and e.form in {"Indirect", "Reported", "FreeIndirect"}:
                        e.form = "FreeIndirect"
                        e.cue = [ref] if SOLL_CUE else []
                        # the grammatical subject or object of the soll clause is not the
                        # speaker: a source inside the sentence goes
                        if any(r[0] == si for r in e.source):
                            e.source = []
                        _note(e, "rule:evidential-sollen")
                if (
                    SOLL_NEW
                    and not covering
                    and not any(
                        set(e.message) & set(_refs(si, range(len(sent.tokens)))) for e in events
                    )
                ):
                    msg = _refs(si, range(len(sent.tokens)))
                    events.append(
                        EventCandidate(
                            "FreeIndirect",
                            msg,
                            cue=[ref] if SOLL_CUE else [],
                            evidence=["rule:evidential-sollen"],
                        )
                    )
            elif infs:
                for e in covering:
                    if not e.cue and not e.source and not _licensed(sent):
                        e.evidence.append("rule:planned-sollen")
            break
    events[:] = [e for e in events if "rule:planned-sollen" not in e.evidence]


def _licensed(sent: Sentence) -> bool:
    """Anything besides sollen that can make a sentence reported speech."""
    lex = lexicons()
    for i, t in enumerate(sent.tokens):
        low = t.text.lower()
        if (
            t.mood == "Sub"
            or low in _QUOTES
            or (low in lex.frames and lex.frames[low] != "evidential")
        ):
            return True
        if lex.reporting(low) is not None and _tag(sent, i).startswith(("V", "NN")):
            return True
    return False


def _group_einig(doc: Doc, events: list[EventCandidate]) -> None:
    """``..., da sind sich fast alle Experten einig``: the group is the source of the clause."""
    lex = rule_lexicon()
    for si, sent in enumerate(doc.sentences):
        toks = [t.text.lower() for t in sent.tokens]
        for i, low in enumerate(toks):
            if low != "sich" or i < 3:
                continue
            np_ = _np_forward(sent, i + 1)
            if not np_ or np_[-1] + 1 >= len(toks) or not lex.has("group", toks[np_[-1] + 1]):
                continue
            # the frame: "– da sind sich" / ", darin sind sich"
            k = i - 1
            while k > 0 and toks[k] not in {"–", "-", ",", ":"}:
                k -= 1
            if k <= 0:
                continue
            msg = _refs(si, range(0, k))
            if any(set(e.message) & set(msg) for e in events):
                continue
            cue = _refs(si, [np_[-1] + 1])
            events.append(
                EventCandidate(
                    "Indirect",
                    msg,
                    cue=cue,
                    source=_refs(si, np_),
                    medium="ST",
                    evidence=["rule:group-einig"],
                )
            )
            break


def _konjunktiv_continuation(doc: Doc, events: list[EventCandidate]) -> None:
    """A Konjunktiv-I sentence right after an Indirect event, with no event of its own, goes
    on reporting that source: IndirectFreeIndirect, the whole sentence, the same source."""
    konj = lexicons().konjunktiv
    by_sent: dict[int, list[EventCandidate]] = {}
    for e in events:
        for s in {r[0] for r in e.message}:
            by_sent.setdefault(s, []).append(e)
    for si in range(1, len(doc.sentences)):
        sent = doc.sentences[si]
        if si in by_sent or any(t.text in _QUOTES for t in sent.tokens):
            continue
        if any(_is_reporting_verb(sent, i) for i in range(len(sent.tokens))):
            continue  # a reporting verb of its own: an event of its own, not a continuation
        if (
            sent.tokens[-1].text not in _PUNCT_END
            or doc.sentences[si - 1].tokens[-1].text not in _PUNCT_END
        ):
            continue  # a sentence cut at a dash or colon continues the previous event itself
        k1 = [
            t
            for t in sent.tokens
            if t.mood == "Sub" and konj.get(t.text.lower(), "K1") == "K1" and t.tag != "VVPP"
        ]
        prev = [
            e
            for e in by_sent.get(si - 1, [])
            if e.form in {"Indirect", "IndirectFreeIndirect"} and e.source
        ]
        if not k1 or not prev:
            continue
        msg = _refs(si, range(len(sent.tokens)))
        ev = EventCandidate("IndirectFreeIndirect", msg, source=list(prev[-1].source))
        ev.medium, ev.evidence = prev[-1].medium, ["rule:konjunktiv-continuation"]
        events.append(ev)
        by_sent[si] = [ev]


def _continue_sources(events: list[EventCandidate]) -> None:
    """The CRF engine's own rule, run again over the repaired events: a free indirect event
    without a source continues the previous (non-nested) event's source."""
    last: list[TokenRef] = []
    for e in sorted((e for e in events if not e.is_nested), key=lambda e: e.message[0]):
        if e.form in {"FreeIndirect", "IndirectFreeIndirect"} and not e.source and last:
            e.source = list(last)
            _note(e, "rule:continued-source")
        if e.source:
            last = e.source


def refine(doc: Doc, events: list[EventCandidate]) -> list[EventCandidate]:
    """Repair and complete the engine's events by exact rules; returns a new sorted list."""
    out = [
        EventCandidate(
            e.form, list(e.message), list(e.cue), list(e.source), list(e.addr), list(e.frame),
            e.medium, e.is_nested, e.has_nested, list(e.evidence), e.score,
        )
        for e in events
    ]  # fmt: skip
    _quote_frame(doc, out)
    _laut(doc, out)
    _conclusion(doc, out)
    _frame_after_clause(doc, out)
    _wie_clause(doc, out)
    _verb_comma_clause(doc, out)
    _reported(doc, out)
    _sollen(doc, out)
    _group_einig(doc, out)
    _source_fixes(doc, out)
    _aus_kreisen(doc, out)
    _konjunktiv_continuation(doc, out)
    for e in out:
        for role in ("message", "cue", "source"):
            setattr(e, role, sorted(set(getattr(e, role))))
    out = [e for e in out if e.message]
    set_nesting(out)
    _continue_sources(out)
    out.sort(key=lambda e: (e.message[0], e.message[-1]))
    return out


RULES_VERSION = "1"


class RefinedEngine:
    """An engine whose events go through ``refine``; other attributes are the inner engine's."""

    def __init__(self, inner: Callable[[Doc], list[EventCandidate]]) -> None:
        self.inner = inner

    def __call__(self, doc: Doc) -> list[EventCandidate]:
        return refine(doc, self.inner(doc))

    def __getattr__(self, name: str) -> Any:
        # meta, model_dir, ... of the CRF engine stay reachable through the wrapper
        return getattr(self.inner, name)

    @property
    def version(self) -> str:
        """The inner engine's version with the rules' own."""
        return f"{getattr(self.inner, 'version', '?')}+rules-{RULES_VERSION}"


_WRAPPED: dict[int, RefinedEngine] = {}
_WRAPPED_LOCK = threading.Lock()


def with_rules(engine: Callable[[Doc], list[EventCandidate]]) -> RefinedEngine:
    """``engine`` followed by ``refine``: one wrapper object per engine object (process-wide)."""
    with _WRAPPED_LOCK:
        wrapped = _WRAPPED.get(id(engine))
        if wrapped is None or wrapped.inner is not engine:
            wrapped = _WRAPPED[id(engine)] = RefinedEngine(engine)
        return wrapped
