"""Token features for the attribution CRFs, computed once per document as integer ids.

Features are strings (binary features for crfsuite) with integer ids in one vocabulary
(``vocab.py``). They use the tagger's STTS tag, lemma and mood when the annotate stage set
them, and fall back to lexicons and word shape when it did not. What a token's own word gives
(``keys.py``) is computed once per distinct (word, tag, lemma, mood) and cached across
documents; the rest (position in the sentence and in quotes, sentence signals, distances to
cue words, neighbours) is gathered with array operations, so a document costs no string
building. Training reads the same ids back as strings (``DocFeatures.base`` and ``core``),
so train time and run time cannot drift. Changing anything here changes what a trained model
sees: bump ``FEATURE_VERSION`` and retrain.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ...doc import Doc
from ..quotes import QuotePair, pair_quotes, quote_depths
from .keys import ALL_KEYS, FLAG, KEYS, OFFSETS, VOCAB, all_key_features, key_features
from .vocab import ABSENT, KeyTable

FEATURE_VERSION = 5

SENT_FLAGS = ("V", "K", "E", "F", "Q", "C", "Qin")
CORE_WIDTH = 15
"""Columns of the core features: a (4), q, b (6), qo, qc, first, last."""
_REPORTED_COLUMNS = [5, 7, 8, 10]
"""Core columns the Reported classifier reads: t=, k=, v=, fr=."""


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
    sent_array: np.ndarray  # sent_of as an array (for the window features)
    depth_array: np.ndarray  # depth as an array
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
        build = all_key_features if complete else key_features
        rows = table.lookup(keys, build, VOCAB.generation)
        sent_start = [s.first for s in doc.sentences]
        sent_end = [s.last for s in doc.sentences]
        sent_of = np.array([t.sent for t in toks], dtype=np.int64)
        pairs = pair_quotes([k[0] for k in keys])
        depth = quote_depths(len(keys), pairs)
        flags = table.flags[rows]
        punct = flags[:, FLAG["punct"]]
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
            sent_array=sent_of,
            depth_array=np.asarray(depth, dtype=np.int64),
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


CHUNK_TOKENS = 1024
"""Tokens (whole sentences) whose message features are computed together: the arrays stay
in the processor's cache, so a 20,000-word article costs per token what a short one does."""


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
    starts = np.asarray(bounds[0], dtype=np.int64)
    ends = np.asarray(bounds[1], dtype=np.int64)
    depth = np.asarray(depth_list, dtype=np.int64)
    marks = np.zeros((n, 2), dtype=bool)  # opens and closes a quote
    marks[[p.open for p in pairs], 0] = True
    marks[[p.close for p in pairs], 1] = True
    sentences = _sentence_table(flags, starts, ends, depth, static)
    out = np.empty((n, 65), dtype=np.int32)
    s0 = 0
    while s0 < len(starts):
        s1 = s0 + 1
        while s1 < len(starts) and ends[s1 - 1] - starts[s0] < CHUNK_TOKENS:
            s1 += 1
        a, b = int(starts[s0]), int(ends[s1 - 1])
        if b > a:
            local = sent_of[a:b]
            out[a:b] = _chunk_ids(
                table, rows[a:b], flags[a:b], starts[local] - a, ends[local] - 1 - a,
                depth[a:b], marks[a:b], sentences[local], static,
            )  # fmt: skip
        s0 = s1
    return out


def _chunk_ids(
    table: KeyTable,
    rows: np.ndarray,
    flags: np.ndarray,
    first: np.ndarray,
    last: np.ndarray,
    depth: np.ndarray,
    marks: np.ndarray,
    sentences: np.ndarray,
    static: _Static,
) -> np.ndarray:
    """The message feature ids of a run of whole sentences (positions local to the run)."""
    pos = np.arange(len(rows))
    core = np.column_stack(
        [
            table.block("a")[rows],
            static.q[np.minimum(depth, 2)],
            table.block("b")[rows],
            _present(marks[:, 0], static.marks["qo"]),
            _present(marks[:, 1], static.marks["qc"]),
            _present(pos == first, static.marks["first"]),
            _present(pos == last, static.marks["last"]),
        ]
    )
    parts = [core, sentences]
    parts.append(_clause_ids(table.block("sub")[rows, 0], flags, first, pos, static))
    parts.append(_distance_ids(table.block("dw")[rows], flags, first, last, pos, static))
    parts.append(table.block("sf")[rows[first]])
    parts.append(_neighbour_ids(table.block("nb")[rows], first, last, pos, static))
    return np.column_stack(parts)


def _sentence_table(
    flags: np.ndarray, starts: np.ndarray, ends: np.ndarray, depth: np.ndarray, static: _Static
) -> np.ndarray:
    """Per sentence: signals of speech in it and its neighbours (S*, P*, N*): 23 columns."""
    cols = [FLAG[x] for x in ("verb", "konj", "evid", "frame", "quote", "colon")]
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
    return np.column_stack([own, prev, nxt])


def _clause_ids(
    sub_id: np.ndarray, flags: np.ndarray, first: np.ndarray, pos: np.ndarray, static: _Static
) -> np.ndarray:
    """aColon, the open subordinator, tokens since clause punctuation, a Konjunktiv in the
    comma segment: 4 columns."""
    punct = flags[:, FLAG["punct"]]
    colons = np.concatenate([[0], np.cumsum(flags[:, FLAG["colon"]])])
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
    konj = flags[:, FLAG["konj"]]
    seg_k = np.bincount(seg, weights=konj, minlength=seg[-1] + 1 if len(seg) else 0)
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
    verb, near = flags[:, FLAG["verb"]], flags[:, FLAG["near"]]
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
