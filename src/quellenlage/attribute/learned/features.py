"""Token features for the attribution CRFs, computed once per document as integer ids.

Features are strings (binary features for crfsuite) with integer ids in one vocabulary
(``vocab.py``). They use the tagger's STTS tag, lemma and mood when the annotate stage set
them, and fall back to lexicons and word shape when it did not. What a token's own word gives
(``_key_features``) is computed once per distinct (word, tag, lemma, mood) and cached across
documents; the rest (position in the sentence and in quotes, sentence signals, distances to
cue words, neighbours) is gathered with array operations, so a document costs no string
building. Training reads the same ids back as strings (``DocFeatures.base`` and ``core``),
so train time and run time cannot drift. Changing anything here changes what a trained model
sees: bump ``FEATURE_VERSION`` and retrain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np

from ...doc import Doc
from ...lang.de import word_class
from ...lang.de.cues import cues
from ...lang.de.punctuation import FEATURE_CLAUSE_MARKS, QUOTE_CHARS
from ..quotes import QuotePair, pair_quotes, quote_depths
from .vocab import ABSENT, Key, KeyTable, Vocab

FEATURE_VERSION = 5

VOCAB = Vocab()
"""The process-wide vocabulary of feature strings."""

# Blocks of per-key feature ids (ABSENT where the token lacks the feature):
# a: b, w, s3, sh | b: t, l, k, v=, v, fr | dw: vlw, flw, vrw | sf | sub |
# nb: for the -2, -1, +1, +2 neighbour: w, t, v, fr | sw: the word on each side (roles)
BLOCKS = {"a": 4, "b": 6, "dw": 3, "sf": 1, "sub": 1, "nb": 16, "sw": 4}
# Flags per key: reporting verb, Konjunktiv, evidential frame, laut-like frame (prep/post/
# conj), frame word near a message (also "so"), quote mark, colon, clause punctuation
FLAGS = ("verb", "konj", "evid", "frame", "near", "quote", "colon", "punct")
_F = {name: k for k, name in enumerate(FLAGS)}
KEYS = KeyTable(BLOCKS, len(FLAGS), 3)  # objects: reporting-lexicon hit, frame kind, lemma
"""Keys for decoding: word-made features that no loaded model knows are left out."""
ALL_KEYS = KeyTable(BLOCKS, len(FLAGS), 3)
"""Keys for training: every feature (what crfsuite must see)."""
WORD_TEMPLATES = (
    "w=", "s3=", "l=", "vlw=", "flw=", "vrw=", "sf=", "w-2=", "w-1=", "w1=", "w2=",
    "sw=M|", "sw=B|", "sw=A|", "sw=G|",
)  # fmt: skip
"""Templates whose value is the token's own word or lemma: open-ended, so for decoding only
the values some loaded model has a weight for are made (``register_model``)."""
_KNOWN: dict[str, set[str]] = {t: set() for t in WORD_TEMPLATES}


def register_model(attributes: Iterable[str]) -> None:
    """Make the word-made features of a model's ``attributes`` known to the decoder.

    A word-made feature (``w=sagte``) that no model knows adds nothing to any score, so the
    decoder never builds it; a newly loaded model empties the caches of what was left out.
    """
    added = False
    for attr in attributes:
        for t in WORD_TEMPLATES:
            if attr.startswith(t):
                known = _KNOWN[t]
                value = attr[len(t) :]
                if value not in known:
                    known.add(value)
                    added = True
    if added:
        with VOCAB.lock:
            VOCAB.reset()


OFFSETS = (-2, -1, 1, 2)
SIDES = ("M", "B", "A", "G")
"""Where a token lies relative to an event's message: in, before, after, in a gap."""
SENT_FLAGS = ("V", "K", "E", "F", "Q", "C", "Qin")
CORE_WIDTH = 15
"""Columns of the core features: a (4), q, b (6), qo, qc, first, last."""
_REPORTED_COLUMNS = [5, 7, 8, 10]
"""Core columns the Reported classifier reads: t=, k=, v=, fr=."""


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


def bucket_label(d: int) -> str:
    """The distance bucket of ``d`` as it appears in feature strings."""
    if d <= 3:
        return str(d)
    if d <= 6:
        return "4-6"
    if d <= 10:
        return "7-10"
    if d <= 20:
        return "11-20"
    return "21+"


BUCKETS = ("0", "1", "2", "3", "4-6", "7-10", "11-20", "21+")


def buckets(d: np.ndarray) -> np.ndarray:
    """Bucket codes (indices into ``BUCKETS``) of non-negative distances."""
    return np.where(d <= 3, d, 4 + (d >= 7) + (d >= 11) + (d >= 21))


@cache
def _part_ids(generation: int) -> dict[tuple[str, str], list[int]]:
    """Ids of feature groups shared by many keys (per tag, frame kind, cue, shape), filled
    on first use: a new key then interns only the strings of its own word."""
    return {}


def _part(kind: str, value: str, make: Callable[[str], list[str | None]]) -> list[int]:
    parts = _part_ids(VOCAB.generation)
    hit = parts.get((kind, value))
    if hit is None:
        hit = parts[(kind, value)] = VOCAB.ids(make(value))
    return hit


def _tag_strings(tag: str) -> list[str | None]:
    """t= and the neighbour tags t-2= ... t2= of a tag (none when untagged)."""
    return [f"t={tag}" if tag else None] + [f"t{off}={tag}" if tag else None for off in OFFSETS]


def _frame_strings(frame: str) -> list[str | None]:
    return [f"fr={frame}" if frame else None] + [
        f"fr{off}={frame}" if frame else None for off in OFFSETS
    ]


def _cue_strings(lexv: str) -> list[str | None]:
    if not lexv:
        return [None] * 6
    return [f"v={lexv}", "v", *(f"v{off}" for off in OFFSETS)]


def _word_ids(values: list[tuple[str, str | None]], complete: bool) -> list[int]:
    """Ids of word-made features ``(template, value)`` (None: the token lacks it); for
    decoding only those a loaded model knows, the others are left out."""
    if complete:
        return VOCAB.ids([None if v is None else t + v for t, v in values])
    return VOCAB.ids([t + v if v is not None and v in _KNOWN[t] else None for t, v in values])


def _key_features(
    key: Key, complete: bool = False
) -> tuple[dict[str, list[int]], list[bool], tuple[object, ...]]:
    """Everything a token's own word, tag, lemma and mood decide: ids, flags, lexicon hits."""
    word, tag, lemma, sub = key
    lex = cues()
    lw = word.lower()
    hit = lex.reporting(lw)
    lexv = f"{hit[1]}:{hit[0]}" if hit else None
    frame = lex.frames.get(lw)
    konj = "Sub" if sub else lex.konjunktiv.get(lw, "")
    lem = lemma.lower() if lemma else ""
    t = _part("tag", tag, _tag_strings)
    fr = _part("frame", frame or "", _frame_strings)
    v = _part("cue", lexv or "", _cue_strings)
    lw_or_lem = lem or lw
    own = _word_ids(
        [
            ("w=", lw),
            ("s3=", lw[-3:]),
            ("l=", lem if lem and lem != lw else None),
            ("vlw=", lw_or_lem),
            ("flw=", lw_or_lem),
            ("vrw=", lw_or_lem),
            ("sf=", lw),
            *((f"w{off}=", lw) for off in OFFSETS),
            *((f"sw={side}|", lw) for side in SIDES),
        ],
        complete,
    )
    sub_id = _part("sub", lw if lw in word_class("subordinator") else "", _sub_strings)[0]
    shape = _part("shape", _shape(word), lambda x: [f"sh={x}"])[0]
    k = _part("konj", konj, lambda x: [f"k={x}" if x else None])[0]
    nb: list[int] = []
    for o in range(len(OFFSETS)):
        nb += [own[7 + o], t[1 + o], v[2 + o], fr[1 + o]]
    blocks = {
        "a": [_part("const", "b", lambda x: [x])[0], own[0], own[1], shape],
        "b": [t[0], own[2], k, v[0], v[1], fr[0]],
        "dw": own[3:6],
        "sf": [own[6]],
        "sub": [sub_id],
        "nb": nb,
        "sw": own[11:15],
    }
    flags = [
        bool(lexv and lexv.startswith("verb")),
        bool(konj),
        frame == "evidential",
        frame in ("prep", "post", "conj"),
        frame in ("prep", "post", "conj", "so"),
        word in QUOTE_CHARS,
        word == ":",
        word in FEATURE_CLAUSE_MARKS,
    ]
    return blocks, flags, (lexv, frame, lem)


def _all_key_features(key: Key) -> tuple[dict[str, list[int]], list[bool], tuple[object, ...]]:
    return _key_features(key, complete=True)


def _sub_strings(lw: str) -> list[str | None]:
    """The open subordinator feature (a closed class, so always made)."""
    return [f"sub={lw}" if lw else None]


@dataclass(frozen=True, slots=True)
class _Static:
    """Ids of the features that do not depend on the word (one set per vocabulary)."""

    q: np.ndarray  # q=0, q=1, q=2
    marks: dict[str, int]  # qo, qc, first, last, aColon, segK, P<doc>, N</doc>
    sent: np.ndarray  # (3, 7): S, P, N + each sentence flag
    sp: np.ndarray  # sp=<bucket>
    dist: np.ndarray  # (3, 8): vl, fl, vr + bucket
    edge: np.ndarray  # w-2=<s>, w-1=<s>, w1=<s>, w2=<s>


@cache
def _static(generation: int) -> _Static:
    ids = VOCAB.id
    return _Static(
        q=np.array([ids(f"q={k}") for k in range(3)]),
        marks={m: ids(m) for m in ("qo", "qc", "first", "last", "aColon", "segK")}
        | {"P<doc>": ids("P<doc>"), "N</doc>": ids("N</doc>")},
        sent=np.array([[ids(f"{p}{x}") for x in SENT_FLAGS] for p in "SPN"]),
        sp=np.array([ids(f"sp={b}") for b in BUCKETS]),
        dist=np.array([[ids(f"{name}={b}") for b in BUCKETS] for name in ("vl", "fl", "vr")]),
        edge=np.array([ids(f"w{off}=<s>") for off in OFFSETS]),
    )


@dataclass(slots=True)
class DocFeatures:
    """A document flattened to one token sequence: feature ids per token, and geometry."""

    words: list[str]
    sent_of: list[int]  # flat index -> sentence index
    sent_start: list[int]  # sentence index -> first flat index
    sent_end: list[int]  # sentence index -> flat index after its last token
    quotes: list[QuotePair]
    depth: list[int]
    clause_punct_prefix: np.ndarray  # number of clause punctuation tokens before flat index i
    lexv: list[str | None]  # reporting-lexicon medium per token (None when not a cue word)
    frame: list[str | None]  # frames-lexicon kind per token
    lemmas: list[str]  # lower-cased lemma per token ("" when the tagger gave none)
    table: KeyTable  # the key table the rows refer to
    keys: np.ndarray  # the key-table row of each token
    ids: np.ndarray  # (n, 65) vocabulary ids of the message features, ABSENT where absent
    generation: int  # of the vocabulary the ids belong to
    complete: bool  # every feature made (training), or only those a model knows

    @property
    def base(self) -> list[list[str]]:
        """The message CRF's feature strings per token (what training sees)."""
        self.require_complete()
        return [VOCAB.strings_of(row) for row in self.ids]

    def require_complete(self) -> None:
        """Training reads strings: only features made with ``complete=True`` have them all."""
        if not self.complete:
            raise ValueError("feature strings need doc_features(doc, complete=True)")

    @property
    def core(self) -> list[list[str]]:
        """The core feature strings per token (shared by the role and nested CRFs)."""
        return [self.core_strings(i) for i in range(len(self.words))]

    def core_strings(self, i: int) -> list[str]:
        """The core feature strings of token ``i`` (complete features only)."""
        self.require_complete()
        return VOCAB.strings_of(self.ids[i, :CORE_WIDTH])


def _prev_hit(hit: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Per token: the nearest earlier token of its sentence where ``hit``, or -1."""
    n = len(hit)
    run = np.maximum.accumulate(np.where(hit, np.arange(n), -1))
    prev = np.concatenate([[-1], run[:-1]]) if n else run
    prev[prev < first] = -1
    return prev


def _next_hit(hit: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Per token: the nearest later token of its sentence where ``hit``, or -1."""
    n = len(hit)
    run = np.minimum.accumulate(np.where(hit, np.arange(n), n)[::-1])[::-1]
    nxt = np.concatenate([run[1:], [n]]) if n else run
    nxt[nxt > last] = -1
    return nxt


def _present(cond: np.ndarray, ids: np.ndarray | int) -> np.ndarray:
    return np.where(cond, ids, ABSENT)


def doc_features(doc: Doc, *, complete: bool = False) -> DocFeatures:
    """Compute every per-token feature of ``doc`` once (message, nested and role CRFs share).

    ``complete`` makes every feature, as training needs; by default the word-made features
    no loaded model knows are left out (they would add nothing to any score).
    """
    with VOCAB.lock:
        VOCAB.maybe_reset()
        toks = doc.tokens
        keys = [(t.text, t.tag or "", t.lemma or "", t.mood == "Sub") for t in toks]
        table = ALL_KEYS if complete else KEYS
        build = _all_key_features if complete else _key_features
        rows = table.lookup(keys, build, VOCAB.generation)
        sent_start = [s.first for s in doc.sentences]
        sent_end = [s.last for s in doc.sentences]
        sent_of = np.array([t.sent for t in toks], dtype=np.int64)
        pairs = pair_quotes([k[0] for k in keys])
        depth = quote_depths(len(keys), pairs)
        flags = table.flags[rows]
        punct = flags[:, _F["punct"]]
        prefix = np.concatenate([[0], np.cumsum(punct)])
        ids = _message_ids(table, rows, flags, sent_of, (sent_start, sent_end), pairs, depth)
        objects = table.objects[rows]
        return DocFeatures(
            words=[k[0] for k in keys],
            sent_of=sent_of.tolist(),
            sent_start=sent_start,
            sent_end=sent_end,
            quotes=pairs,
            depth=depth,
            clause_punct_prefix=prefix,
            lexv=objects[:, 0].tolist() if len(keys) else [],
            frame=objects[:, 1].tolist() if len(keys) else [],
            lemmas=objects[:, 2].tolist() if len(keys) else [],
            table=table,
            keys=rows,
            ids=ids,
            generation=VOCAB.generation,
            complete=complete,
        )


def _message_ids(
    table: KeyTable,
    rows: np.ndarray,
    flags: np.ndarray,
    sent_of: np.ndarray,
    bounds: tuple[list[int], list[int]],
    pairs: list[QuotePair],
    depth_list: list[int],
) -> np.ndarray:
    """The (n, 65) id matrix of the message features, columns in feature order."""
    static = _static(VOCAB.generation)
    n = len(rows)
    pos = np.arange(n)
    starts = np.asarray(bounds[0], dtype=np.int64)
    ends = np.asarray(bounds[1], dtype=np.int64)
    first, last = starts[sent_of], ends[sent_of] - 1
    depth = np.asarray(depth_list, dtype=np.int64)
    opens = np.zeros(n, dtype=bool)
    closes = np.zeros(n, dtype=bool)
    opens[[p.open for p in pairs]] = True
    closes[[p.close for p in pairs]] = True
    marks = static.marks
    core = np.column_stack(
        [
            table.block("a")[rows],
            static.q[np.minimum(depth, 2)],
            table.block("b")[rows],
            _present(opens, marks["qo"]),
            _present(closes, marks["qc"]),
            _present(pos == first, marks["first"]),
            _present(pos == last, marks["last"]),
        ]
    )
    parts = [core, _sentence_ids(flags, sent_of, starts, ends, depth, static)]
    parts.append(_clause_ids(table.block("sub")[rows, 0], flags, first, pos, static))
    parts.append(_distance_ids(table.block("dw")[rows], flags, first, last, pos, static))
    parts.append(table.block("sf")[rows[first]])
    parts.append(_neighbour_ids(table.block("nb")[rows], first, last, pos, static))
    return np.column_stack(parts).astype(np.int32)


def _sentence_ids(
    flags: np.ndarray,
    sent_of: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    depth: np.ndarray,
    static: _Static,
) -> np.ndarray:
    """Signals of speech in the token's sentence and its neighbours (S*, P*, N*): 23 columns."""
    cols = [_F[x] for x in ("verb", "konj", "evid", "frame", "quote", "colon")]
    counts = np.vstack([np.zeros((1, len(cols)), dtype=np.int64), np.cumsum(flags[:, cols], 0)])
    nsent = len(starts)
    has = np.zeros((nsent, len(SENT_FLAGS)), dtype=bool)
    has[:, : len(cols)] = counts[ends] - counts[starts] > 0
    nonempty = starts < ends
    has[nonempty, -1] = depth[starts[nonempty]] > 0
    own = _present(has, static.sent[0][None, :])
    prev = np.full((nsent, 1 + len(SENT_FLAGS)), ABSENT, dtype=np.int64)
    nxt = np.full((nsent, 1 + len(SENT_FLAGS)), ABSENT, dtype=np.int64)
    if nsent:
        prev[0, 0] = static.marks["P<doc>"]
        prev[1:, 1:] = _present(has[:-1], static.sent[1][None, :])
        nxt[-1, 0] = static.marks["N</doc>"]
        nxt[:-1, 1:] = _present(has[1:], static.sent[2][None, :])
    return np.column_stack([own[sent_of], prev[sent_of], nxt[sent_of]])


def _clause_ids(
    sub_id: np.ndarray, flags: np.ndarray, first: np.ndarray, pos: np.ndarray, static: _Static
) -> np.ndarray:
    """aColon, the open subordinator, tokens since clause punctuation, a Konjunktiv in the
    comma segment: 4 columns."""
    punct = flags[:, _F["punct"]]
    colons = np.concatenate([[0], np.cumsum(flags[:, _F["colon"]])])
    after_colon = colons[pos] - colons[first] > 0
    last_sub = _prev_hit(sub_id >= 0, first)
    last_punct = _prev_hit(punct, first)
    open_sub = (last_sub >= 0) & (last_sub > last_punct)
    sub = _present(open_sub, sub_id[np.maximum(last_sub, 0)])
    since = pos - np.where(last_punct >= 0, last_punct, first - 1) - 1
    # a comma segment starts a sentence or follows clause punctuation
    seg_start = pos == first
    seg_start[1:] |= punct[:-1]
    seg = np.cumsum(seg_start) - 1
    seg_k = np.bincount(seg, weights=flags[:, _F["konj"]], minlength=seg[-1] + 1 if len(seg) else 0)
    return np.column_stack(
        [
            _present(after_colon, static.marks["aColon"]),
            sub,
            static.sp[buckets(since)],
            _present(seg_k[seg] > 0, static.marks["segK"]),
        ]
    )


def _distance_ids(
    dw: np.ndarray,
    flags: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    pos: np.ndarray,
    static: _Static,
) -> np.ndarray:
    """Distance to the nearest reporting verb before (vl), frame word before (fl) and
    reporting verb after (vr), each with the word that licenses it: 6 columns."""
    out = []
    verb, near = flags[:, _F["verb"]], flags[:, _F["near"]]
    for k, j in enumerate((_prev_hit(verb, first), _prev_hit(near, first), _next_hit(verb, last))):
        ok = j >= 0
        d = np.abs(pos - j)
        out.append(_present(ok, static.dist[k][buckets(np.where(ok, d, 0))]))
        out.append(_present(ok, dw[np.maximum(j, 0), k]))
    return np.column_stack(out)


def _neighbour_ids(
    nb: np.ndarray, first: np.ndarray, last: np.ndarray, pos: np.ndarray, static: _Static
) -> np.ndarray:
    """Word, tag, cue and frame of the -2, -1, +1, +2 neighbours in the sentence: 16 columns."""
    out = []
    for o, off in enumerate(OFFSETS):
        j = pos + off
        ok = (j >= first) & (j <= last)
        block = nb[np.clip(j, 0, max(len(nb) - 1, 0)), 4 * o : 4 * o + 4]
        block = np.where(ok[:, None], block, ABSENT)
        block[~ok, 0] = static.edge[o]
        out.append(block)
    return np.column_stack(out)


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


def reported_features(df: DocFeatures, si: int) -> list[str]:
    """Bag-of-signals of one sentence for the Reported classifier (a one-item CRF)."""
    a, b = df.sent_start[si], df.sent_end[si]
    f = {"b", f"n={min((b - a) // 5, 8)}", f"sf={df.words[a].lower()}" if a < b else "sf="}
    strings = VOCAB.strings
    for i in range(a, b):
        # t=, k=, v=, fr=: closed sets, always made, in core order
        for x in df.ids[i, _REPORTED_COLUMNS].tolist():
            if x >= 0:
                f.add(strings[x])
        if df.lexv[i]:
            lw = df.words[i].lower()
            f.add(f"vw={lw}")
            lem = df.lemmas[i]
            if lem and lem != lw:
                f.add(f"vl={lem}")
        if df.words[i] in {":", "dass", "ob"}:
            f.add(f"has={df.words[i]}")
        if df.depth[i]:
            f.add("inquote")
    return sorted(f)
