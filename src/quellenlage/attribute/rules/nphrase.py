"""Noun-phrase chunking for the rules, in one place: the source and object NPs of a frame.

Three chunkers, because frames ask three questions: ``np_forward`` reads the NP that starts at
a position (genitive chains, coordination, a quoted name: "die Zeitung „Daily NK“");
``np_backward`` the NP that ends at a position ("Medienberichten zufolge"); ``np_run`` a plain
run of NP tags next to a verb cue (the CRF decoding step's subject rule, which the shipped
model's medium classifier was tuned with). All work on sentence-local positions by STTS tag.
"""

from __future__ import annotations

from ...doc import Doc, Sentence
from ...lang.de import tags as T
from ...lang.de.punctuation import QUOTE_CHARS
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from .base import low, rule_lexicon, tag, word_class


def np_forward(sent: Sentence, j: int, hi: int | None = None) -> list[int]:
    """The NP starting at ``j``: NP tags, genitive chains, coordination, quoted names."""
    lex = rule_lexicon()
    genitive = word_class("genitive-article")
    hi = len(sent.tokens) if hi is None else hi
    out: list[int] = []
    noun = False  # a noun closed the current segment: only a genitive may continue it
    while j < hi:
        tg, lw = tag(sent, j), low(sent, j)
        if not out and tg == "PPER":
            return [j]
        if lex.has("time", lw) and not (tg in T.NOUNS and out):
            break
        if noun and tg in T.NP_TAGS and tg not in {"NN", "NE", "FM", "TRUNC"}:
            if lw not in genitive:
                break  # "nach Ansicht von Beobachtern | die Frage"
            noun = False
            out.append(j)
            j += 1
            continue
        if tg in T.NP_TAGS or (lw in word_class("approximator") and not out):
            out.append(j)
            noun = noun or tg in {"NN", "NE", "FM"}
            j += 1
            continue
        if lw in QUOTE_CHARS:
            k = _quoted_name_end(sent, j, hi)
            if k is None:
                break
            out.extend(range(j, k + 1))
            j = k + 1
            break  # a quoted name ends the phrase ("des „Spiegel“ | seinen Rücktritt")
        # coordination of two NPs and "X aus/von Y" inside a source
        if (
            out
            and (tg == "KON" or lw in {"aus", "von"})
            and j + 1 < hi
            and tag(sent, j + 1) in T.NP_START
        ):
            if tag(sent, j + 1) == "PPER":
                break
            out.append(j)
            noun = False
            j += 1
            continue
        break
    # an NP never ends in an article or a conjunction
    while out and (
        tag(sent, out[-1]) in {"ART", "KON", "APPR"} or low(sent, out[-1]) in {"aus", "von"}
    ):
        out.pop()
    return out if any(tag(sent, k) in {"NN", "NE", "PPER", "PIS", "FM"} for k in out) else []


def _quoted_name_end(sent: Sentence, j: int, hi: int) -> int | None:
    """The closing mark of a quoted name opened at ``j`` (Zeitung „Daily NK“), or None."""
    k = j + 1
    while (
        k < hi
        and low(sent, k) not in QUOTE_CHARS
        and tag(sent, k) in {"NE", "NN", "FM", "CARD", "ADJA"}
    ):
        k += 1
    if k < hi and k > j + 1 and low(sent, k) in QUOTE_CHARS:
        return k
    return None


def np_backward(sent: Sentence, j: int, lo: int = 0) -> list[int]:
    """The NP that ends at ``j`` (NP tags only, going left)."""
    out: list[int] = []
    while j >= lo and (tag(sent, j) in T.NP_TAGS or (tag(sent, j) == "KON" and out)):
        out.insert(0, j)
        j -= 1
    while out and tag(sent, out[0]) == "KON":
        out.pop(0)
    if out and out[0] > lo and sent.tokens[out[0] - 1].text not in CLAUSE_PUNCT:
        # not at a clause start: the NP may have swallowed a mis-tagged word before it
        # ("Streiff warf Medienberichten zufolge"): keep the last determiner-led segment,
        # else the bare last noun
        genitive = word_class("genitive-article")
        starts = [
            k
            for k, t in enumerate(out)
            if tag(sent, t) in T.DETERMINER_LIKE
            and low(sent, t) not in genitive
            and (k == 0 or tag(sent, out[k - 1]) not in T.DETERMINER_LIKE)
        ]
        out = out[starts[-1] :] if starts else out[-1:]
    return out if any(tag(sent, k) in T.NOUNS for k in out) else []


_NON_DATIVE = frozenset({"die", "das", "ein", "eine"})


def dative_np(sent: Sentence, np_: list[int]) -> list[int]:
    """The dative NP a postposition like *zufolge* governs, at the end of ``np_``: "die
    Staatsanwaltschaft Medienberichten zufolge" — "die Staatsanwaltschaft" (no dative) is the
    subject of the clause, "Medienberichten" the source."""
    if len(np_) < 3 or low(sent, np_[0]) not in _NON_DATIVE:
        return np_
    for k in range(len(np_) - 1, 0, -1):
        if tag(sent, np_[k]) in {"NN", "NE"} and tag(sent, np_[k - 1]) in {"NN", "NE"}:
            return np_[k:]
    return np_


def np_run(sent: Sentence, j: int, step: int, avoid: set[int]) -> list[int]:
    """The run of NP-tag tokens from local ``j`` in direction ``step`` (+1 or -1), stopping
    at a position in ``avoid`` (the message); a personal pronoun alone is a whole NP."""
    out: list[int] = []
    while 0 <= j < len(sent.tokens) and sent.first + j not in avoid:
        tg = tag(sent, j)
        if tg == "PPER" and not out:
            return [j]
        if tg not in T.NP_RUN:
            break
        out.append(j)
        j += step
    return sorted(out)


def subject_before(sent: Sentence, lo: int, v: int) -> list[int]:
    """The first NP between ``lo`` and verb ``v`` that no preposition governs."""
    k = lo
    while k < v:
        prev = tag(sent, k - 1) if k > 0 else ""
        if tag(sent, k) in T.NP_START and prev not in T.PREPOSITIONS:
            np_ = np_forward(sent, k, v)
            if np_ and not (len(np_) == 1 and low(sent, np_[0]) == "es"):
                return np_
            k = max(k + 1, np_[-1] + 1 if np_ else k + 1)
            continue
        k += 1
    return []


def with_apposition(sent: Sentence, np_: list[int], hi: int | None = None) -> list[int]:
    """The NP with a name in apposition after it: "der Geschäftsführer von Köln-Tourismus,
    Josef Sommer," — the name belongs to the speaker (a role NP, a comma, proper nouns, then a
    comma or the end of the clause)."""
    if not np_:
        return np_
    hi = len(sent.tokens) if hi is None else hi
    k = np_[-1] + 1
    if k >= hi or sent.tokens[k].text != ",":
        return np_
    j = k + 1
    while j < hi and tag(sent, j) in {"NE", "FM"} and j - k <= 4:
        j += 1
    ends = j >= hi or sent.tokens[j].text in {",", ".", "(", ":", "–"}
    if j - k >= 2 and ends:  # at least one name token
        return [*np_, *range(k, j)]
    return np_


def cut_after_name(doc: Doc, sent: Sentence, np_: list[int]) -> list[int]:
    """An NP that runs on after a name with a new article ("den Salzburger Nachrichten | der
    größte Schulsponsor"): a name takes no genitive attribute, so the NP ends with the name."""
    if len(np_) < 3:
        return np_
    names = [
        e
        for e in doc.entities
        if e.label in {"MEDIA", "ORG", "PER"} and sent.start <= e.start < sent.end
    ]
    for e in names:
        inside = [k for k in np_ if e.start <= sent.tokens[k].start and sent.tokens[k].end <= e.end]
        if not inside:
            continue
        after = [k for k in np_ if k > inside[-1]]
        if after and tag(sent, after[0]) == "ART":
            return [k for k in np_ if k <= inside[-1]]
    return np_
