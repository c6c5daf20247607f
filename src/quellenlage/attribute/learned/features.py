"""Token features for the attribution CRFs, computed once per document.

Features are plain strings (binary features for crfsuite). They use the tagger's STTS tag,
lemma and mood when the annotate stage set them, and fall back to lexicons and word shape
when it did not, so the same code serves tagged and untagged documents. Changing anything
here changes what a trained model sees: bump ``FEATURE_VERSION`` and retrain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...doc import Doc
from ...lang.de import word_class
from ...lang.de.cues import cues
from ...lang.de.punctuation import FEATURE_CLAUSE_MARKS, QUOTE_CHARS
from ..quotes import QuotePair, pair_quotes, quote_depths

FEATURE_VERSION = 5

_CLAUSE_PUNCT = FEATURE_CLAUSE_MARKS


@dataclass(slots=True)
class DocFeatures:
    """A document flattened to one token sequence, with per-token features and geometry."""

    words: list[str]
    sent_of: list[int]  # flat index -> sentence index
    sent_start: list[int]  # sentence index -> first flat index
    sent_end: list[int]  # sentence index -> flat index after its last token
    base: list[list[str]]  # full feature list per token (message CRF)
    core: list[list[str]]  # smaller feature list per token (role CRF, nested CRF)
    quotes: list[QuotePair]
    depth: list[int]
    clause_punct_prefix: list[int]  # number of clause punctuation tokens before flat index i
    lexv: list[str | None]  # reporting-lexicon medium per token (None when not a cue word)
    frame: list[str | None]  # frames-lexicon kind per token


def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if w[0].isupper():
        return "X" if len(w) == 1 or w.isupper() else "Xx"
    if w[0].islower():
        return "x"
    if w in QUOTE_CHARS:
        return "q"
    return "p" if not w[0].isalnum() else "o"


def _bucket(d: int) -> str:
    if d <= 3:
        return str(d)
    if d <= 6:
        return "4-6"
    if d <= 10:
        return "7-10"
    if d <= 20:
        return "11-20"
    return "21+"


def _nearest(a: int, b: int, hit: Callable[[int], bool], right: bool = False) -> list[int | None]:
    """Per token of ``[a, b)``: distance to the nearest earlier (or later) token that hits."""
    out: list[int | None] = [None] * (b - a)
    last: int | None = None
    order = range(b - 1, a - 1, -1) if right else range(a, b)
    for i in order:
        out[i - a] = abs(i - last) if last is not None else None
        if hit(i):
            last = i
    return out


def doc_features(doc: Doc) -> DocFeatures:
    """Compute every per-token feature of ``doc`` once (message, nested and role CRFs share)."""
    lex = cues()
    toks = doc.tokens
    words = [t.text for t in toks]
    sent_of = [t.sent for t in toks]
    sent_start = [s.first for s in doc.sentences]
    sent_end = [s.last for s in doc.sentences]
    tags = [t.tag or "" for t in toks]
    lemmas = [t.lemma or "" for t in toks]
    moods = ["Sub" if t.mood == "Sub" else "" for t in toks]
    n = len(words)
    lower = [w.lower() for w in words]
    pairs = pair_quotes(words)
    depth = quote_depths(n, pairs)
    opens = {p.open for p in pairs}
    closes = {p.close for p in pairs}

    lexv: list[str | None] = []
    frame: list[str | None] = []
    konj: list[str] = []
    for i, lw in enumerate(lower):
        hit = lex.reporting(lw)
        lexv.append(f"{hit[1]}:{hit[0]}" if hit else None)
        frame.append(lex.frames.get(lw))
        k = lex.konjunktiv.get(lw, "")
        konj.append(moods[i] or k)

    punct_prefix = [0]
    for w in words:
        punct_prefix.append(punct_prefix[-1] + (w in _CLAUSE_PUNCT))

    # sentence-level flags: does the sentence (and its neighbours) carry signals of speech?
    nsent = len(sent_start)
    sflags: list[list[str]] = []
    for si in range(nsent):
        a, b = sent_start[si], sent_end[si]
        f = []
        if any((lexv[i] or "").startswith("verb") for i in range(a, b)):
            f.append("V")
        if any(konj[i] for i in range(a, b)):
            f.append("K")
        if any(frame[i] == "evidential" for i in range(a, b)):
            f.append("E")
        if any(frame[i] in ("prep", "post", "conj") for i in range(a, b)):
            f.append("F")
        if any(words[i] in QUOTE_CHARS for i in range(a, b)):
            f.append("Q")
        if any(words[i] == ":" for i in range(a, b)):
            f.append("C")
        if a < b and depth[a] > 0:
            f.append("Qin")
        sflags.append(f)

    base: list[list[str]] = []
    core: list[list[str]] = []
    subordinators = word_class("subordinator")
    for si in range(nsent):
        a, b = sent_start[si], sent_end[si]
        sf = [f"S{x}" for x in sflags[si]]
        sf += [f"P{x}" for x in (sflags[si - 1] if si else ["<doc>"])]
        sf += [f"N{x}" for x in (sflags[si + 1] if si + 1 < nsent else ["</doc>"])]
        after_colon = False
        clause_sub = ""
        since_punct = 0
        # comma-delimited segments of the sentence: does each carry a Konjunktiv verb?
        seg_of: list[int] = []
        seg_k: list[bool] = []
        for i in range(a, b):
            if not seg_of or words[i - 1] in _CLAUSE_PUNCT:
                seg_k.append(False)
            seg_of.append(len(seg_k) - 1)
            if konj[i]:
                seg_k[-1] = True
        # nearest reporting verb / frame word to the left and right within the sentence
        v_left = _nearest(a, b, lambda j: (lexv[j] or "").startswith("verb"))
        f_left = _nearest(a, b, lambda j: frame[j] in ("prep", "post", "conj", "so"))
        v_right = _nearest(a, b, lambda j: (lexv[j] or "").startswith("verb"), True)
        sfirst = f"sf={lower[a]}" if a < b else "sf="
        for i in range(a, b):
            w, lw = words[i], lower[i]
            c = [
                "b",
                f"w={lw}",
                f"s3={lw[-3:]}",
                f"sh={_shape(w)}",
                f"q={min(depth[i], 2)}",
            ]
            if tags[i]:
                c.append(f"t={tags[i]}")
            if lemmas[i] and lemmas[i].lower() != lw:
                c.append(f"l={lemmas[i].lower()}")
            if konj[i]:
                c.append(f"k={konj[i]}")
            if lexv[i]:
                c.append(f"v={lexv[i]}")
                c.append("v")
            if frame[i]:
                c.append(f"fr={frame[i]}")
            if i in opens:
                c.append("qo")
            if i in closes:
                c.append("qc")
            if i == a:
                c.append("first")
            if i == b - 1:
                c.append("last")
            f = list(c)
            f.extend(sf)
            if after_colon:
                f.append("aColon")
            if clause_sub:
                f.append(f"sub={clause_sub}")
            f.append(f"sp={_bucket(since_punct)}")
            if seg_k[seg_of[i - a]]:
                f.append("segK")
            for name, near in (("vl", v_left), ("fl", f_left), ("vr", v_right)):
                d = near[i - a]
                if d is not None:
                    f.append(f"{name}={_bucket(d)}")
                    # which word licenses the message: "sagte" and "hofft" differ
                    j = i - d if name in ("vl", "fl") else i + d
                    f.append(f"{name}w={lemmas[j].lower() if lemmas[j] else lower[j]}")
            f.append(sfirst)
            for off in (-2, -1, 1, 2):
                j = i + off
                if a <= j < b:
                    f.append(f"w{off}={lower[j]}")
                    if tags[j]:
                        f.append(f"t{off}={tags[j]}")
                    if lexv[j]:
                        f.append(f"v{off}")
                    if frame[j]:
                        f.append(f"fr{off}={frame[j]}")
                else:
                    f.append(f"w{off}=<s>")
            base.append(f)
            core.append(c)
            if w == ":":
                after_colon = True
            if w in _CLAUSE_PUNCT:
                clause_sub = ""
                since_punct = 0
            else:
                since_punct += 1
            if lw in subordinators:
                clause_sub = lw
    return DocFeatures(
        words=words,
        sent_of=sent_of,
        sent_start=sent_start,
        sent_end=sent_end,
        base=base,
        core=core,
        quotes=pairs,
        depth=depth,
        clause_punct_prefix=punct_prefix,
        lexv=lexv,
        frame=frame,
    )


def role_window(df: DocFeatures, message: list[int]) -> tuple[int, int]:
    """The flat token range in which an event's roles are sought: its message's sentences,
    two sentences before and one after (covers ~97% of the roles in the SpkAtt train split)."""
    s_lo = max(0, df.sent_of[message[0]] - 2)
    s_hi = min(len(df.sent_start) - 1, df.sent_of[message[-1]] + 1)
    return df.sent_start[s_lo], df.sent_end[s_hi]


def role_features(
    df: DocFeatures,
    message: list[int],
    form: str,
    nested: bool,
    others: frozenset[int] | set[int] = frozenset(),
) -> list[list[str]]:
    """Features of each token of the role window, relative to the event's message.

    ``others`` are the tokens of the messages of the document's other events (neither inside
    nor around this one): a token there rarely belongs to this event's frame.
    """
    lo, hi = role_window(df, message)
    mset = set(message)
    m0, m1 = message[0], message[-1]
    ms0, ms1 = df.sent_of[m0], df.sent_of[m1]
    pp = df.clause_punct_prefix
    out: list[list[str]] = []
    ev = f"F={form}{'/n' if nested else ''}"
    for i in range(lo, hi):
        if i in mset:
            side, dist, cross = "M", 0, 0
        elif i < m0:
            side, dist = "B", m0 - i
            cross = pp[m0] - pp[i + 1]
        elif i > m1:
            side, dist = "A", i - m1
            cross = pp[i] - pp[m1 + 1]
        else:
            side, dist, cross = "G", 0, 0
        si = df.sent_of[i]
        rs = si - ms0 if si < ms0 else (si - ms1 if si > ms1 else 0)
        f = list(df.core[i])
        db = _bucket(dist)
        f += [
            f"side={side}",
            f"sd={side}{db}",
            f"rs={rs}",
            f"cr={side}{min(cross, 3)}",
            f"{ev}|{side}",
            f"{ev}|{side}{db}",
            f"sw={side}|{df.words[i].lower()}",
        ]
        if i in others:
            f.append("om")
            f.append(f"om|{side}")
        for x in df.core[i]:
            if x.startswith(("t=", "v", "fr=", "sh=", "q=")):
                f.append(f"{side}|{x}")
                f.append(f"{ev}|{side}|{x}")
        for off in (-1, 1):
            j = i + off
            if lo <= j < hi:
                f.append(f"w{off}={df.words[j].lower()}")
                f.append(f"m{off}={int(j in mset)}")
        out.append(f)
    return out


def stwr_features(df: DocFeatures, form: str, cue: list[int], source: list[int]) -> list[str]:
    """Features of one event for the medium classifier."""
    f = [f"F={form}", "b"]
    if not cue:
        f.append("nocue")
    for i in cue:
        f.append(f"c={df.words[i].lower()}")
        if df.lexv[i]:
            f.append(f"cv={df.lexv[i]}")
    if source:
        f.append(f"s0={df.words[source[0]].lower()}")
        f.append(f"sl={df.words[source[-1]].lower()}")
    return f


def nested_features(df: DocFeatures, lo: int, hi: int, outer_form: str) -> list[list[str]]:
    """Features for the nested-message CRF over one top-level message ``[lo, hi)``."""
    out = []
    for i in range(lo, hi):
        f = list(df.core[i])
        f.append(f"O={outer_form}")
        f.append(f"rq={min(df.depth[i] - df.depth[lo], 2)}")
        for off in (-1, 1):
            j = i + off
            f.append(f"w{off}={df.words[j].lower() if lo <= j < hi else '<m>'}")
        out.append(f)
    if out:
        out[0].append("mfirst")
        out[-1].append("mlast")
    return out


def reported_features(df: DocFeatures, si: int) -> list[str]:
    """Bag-of-signals of one sentence for the Reported classifier (a one-item CRF)."""
    a, b = df.sent_start[si], df.sent_end[si]
    f = {"b", f"n={min((b - a) // 5, 8)}", f"sf={df.words[a].lower()}" if a < b else "sf="}
    for i in range(a, b):
        for x in df.core[i]:
            if x.startswith(("t=", "v=", "k=", "fr=")):
                f.add(x)
        if df.lexv[i]:
            f.add(f"vw={df.words[i].lower()}")
            for x in df.core[i]:
                if x.startswith("l="):
                    f.add(f"vl={x[2:]}")
        if df.words[i] in {":", "dass", "ob"}:
            f.add(f"has={df.words[i]}")
        if df.depth[i]:
            f.add("inquote")
    return sorted(f)
