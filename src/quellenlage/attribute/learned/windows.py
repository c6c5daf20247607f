"""Features of the windows the role and nested CRFs label, for all events of a document at once.

The roles CRF labels a window around each event's message (its sentences, two before, one
after) with features relative to the message; the nested CRF labels the inside of each
top-level message. Both start from the core features of ``features.py`` and add the relative
ones as vocabulary ids, computed for every window of the document in one set of array
operations: the role windows of a 20,000-word article cost array work proportional to their
total length, with no per-token string building. ``role_features`` and ``nested_features``
give the same features as strings (for training and inspection).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .features import BUCKETS, CORE_WIDTH, DocFeatures, buckets
from .keys import SIDES, VOCAB
from .vocab import ABSENT

SLOT_COLUMNS = (3, 4, 5, 8, 9, 10)
"""Core columns whose feature is repeated per side and event (sh=, q=, t=, v=, v, fr=)."""


@dataclass(slots=True)
class Window:
    """An event as the roles CRF sees it: its message, form and nesting."""

    message: list[int]
    form: str
    nested: bool


@dataclass(slots=True)
class _Tables:
    """Ids of the event-relative features of one vocabulary generation, built on first use."""

    side_x: dict[int, list[int]] = field(default_factory=dict)  # x -> {side}|{x}
    event_x: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # {ev}|{side}|{x}
    events: dict[str, np.ndarray] = field(default_factory=dict)

    def side_ids(self, x: int) -> list[int]:
        hit = self.side_x.get(x)
        if hit is None:
            s = VOCAB.strings[x]
            hit = self.side_x[x] = [VOCAB.id(f"{side}|{s}") for side in SIDES]
        return hit

    def event_x_ids(self, x: int, ev: str) -> list[int]:
        hit = self.event_x.get((x, ev))
        if hit is None:
            s = VOCAB.strings[x]
            hit = self.event_x[(x, ev)] = [VOCAB.id(f"{ev}|{side}|{s}") for side in SIDES]
        return hit

    def event_ids(self, ev: str) -> np.ndarray:
        """The token-independent ids of event label ``ev`` (``_event_table``)."""
        hit = self.events.get(ev)
        if hit is None:
            hit = self.events[ev] = _event_table(ev)
        return hit


def _event_table(ev: str) -> np.ndarray:
    """One event label's token-independent ids as a (4, 23) table indexed by side: side=,
    om|side, {ev}|{side}, sd= × 8 buckets, {ev}|{side}{bucket} × 8, cr= × 4 crossings."""
    ids = VOCAB.id
    rows = []
    for s in SIDES:
        row = [ids(f"side={s}"), ids(f"om|{s}"), ids(f"{ev}|{s}")]
        row += [ids(f"sd={s}{b}") for b in BUCKETS]
        row += [ids(f"{ev}|{s}{b}") for b in BUCKETS]
        row += [ids(f"cr={s}{c}") for c in range(4)]
        rows.append(row)
    return np.array(rows)


_SIDE, _OM_SIDE, _EV_SIDE, _SD, _EV_SD, _CR = 0, 1, 2, 3, 11, 19


@cache
def _tables(generation: int) -> _Tables:
    return _Tables()


@cache
def _plain_ids(generation: int) -> dict[str, int]:
    """Ids of the few features that are the same for every event."""
    names = ["om", "w-1=<m>", "w1=<m>", "mfirst", "mlast"]
    names += [f"rs={r}" for r in (-2, -1, 0, 1)] + [f"m{o}={v}" for o in (-1, 1) for v in (0, 1)]
    return {n: VOCAB.id(n) for n in names}


def role_window(df: DocFeatures, message: list[int]) -> tuple[int, int]:
    """The flat token range in which an event's roles are sought: its message's sentences,
    two sentences before and one after (covers ~97% of the roles in the SpkAtt train split)."""
    s_lo = max(0, df.sent_of[message[0]] - 2)
    s_hi = min(len(df.sent_start) - 1, df.sent_of[message[-1]] + 1)
    return df.sent_start[s_lo], df.sent_end[s_hi]


def event_label(form: str, nested: bool) -> str:
    """The event part of the role features: ``F=<form>`` (``/n`` when nested)."""
    return f"F={form}{'/n' if nested else ''}"


class MessageIndex:
    """The messages of a document's events, indexed by token, to find for each event the
    tokens of its window that belong to another event's message (one neither containing nor
    inside it): a token there rarely belongs to the event's frame. Each window is read once,
    so all windows of a document cost time linear in their total length."""

    def __init__(self, messages: Sequence[Sequence[int]]) -> None:
        self.sets = [set(m) for m in messages]
        self.cover: dict[int, list[int]] = {}
        for j, m in enumerate(self.sets):
            for i in m:
                self.cover.setdefault(i, []).append(j)
        self._related: dict[tuple[int, int], bool] = {}

    def _is_related(self, k: int, j: int) -> bool:
        hit = self._related.get((k, j))
        if hit is None:
            a, b = self.sets[k], self.sets[j]
            hit = self._related[(k, j)] = a <= b or b <= a
        return hit

    def others(self, k: int, lo: int, hi: int) -> set[int]:
        """Tokens of ``[lo, hi)`` in the message of an event unrelated to event ``k``."""
        out: set[int] = set()
        cover = self.cover
        for i in range(lo, hi):
            for j in cover.get(i, ()):
                if j != k and not self._is_related(k, j):
                    out.add(i)
                    break
        return out


def _ranges(los: np.ndarray, his: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Concatenated ``arange(lo, hi)`` of every window, the window of each row, and the
    first row of each window."""
    lengths = his - los
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    owner = np.repeat(np.arange(len(los)), lengths)
    pos = np.arange(offsets[-1]) - offsets[:-1][owner] + los[owner]
    return pos, owner, offsets


CHUNK = 64
"""Events whose windows are computed together: enough to amortise the array calls, few
enough that the arrays stay in the processor's cache (a long article costs the same per
window as a short one)."""


def role_ids(df: DocFeatures, events: Sequence[Window], others: Sequence[set[int]]) -> np.ndarray:
    """The (Σ window lengths, 40) id matrix of the roles CRF for every event's window, in
    order (columns in feature order); ``others[k]`` are the tokens of other events' messages
    in window ``k``."""
    if not events:
        return np.zeros((0, CORE_WIDTH + 25), dtype=np.int32)
    chunks = [
        _role_chunk(df, events[a : a + CHUNK], others[a : a + CHUNK])
        for a in range(0, len(events), CHUNK)
    ]
    return np.vstack(chunks) if len(chunks) > 1 else chunks[0]


def _role_chunk(
    df: DocFeatures, events: Sequence[Window], others: Sequence[set[int]]
) -> np.ndarray:
    """``role_ids`` of a few events."""
    bounds = np.array([role_window(df, e.message) for e in events])
    pos, owner, offsets = _ranges(bounds[:, 0], bounds[:, 1])
    m0 = np.array([e.message[0] for e in events])[owner]
    m1 = np.array([e.message[-1] for e in events])[owner]
    in_m = _marks(offsets, bounds[:, 0], [e.message for e in events], len(pos))
    om = _marks(offsets, bounds[:, 0], [sorted(o) for o in others], len(pos))
    side = np.where(in_m, 0, np.where(pos < m0, 1, np.where(pos > m1, 2, 3)))
    dist = np.where(side == 1, m0 - pos, np.where(side == 2, pos - m1, 0))
    pp = df.clause_punct_prefix
    cross = np.where(side == 1, pp[m0] - pp[pos + 1], np.where(side == 2, pp[pos] - pp[m1 + 1], 0))
    sent_of = df.sent_array
    sent, ms0, ms1 = sent_of[pos], sent_of[m0], sent_of[m1]
    rs = np.where(sent < ms0, sent - ms0, np.where(sent > ms1, sent - ms1, 0))
    tables = _tables(VOCAB.generation)
    labels = [event_label(e.form, e.nested) for e in events]
    ev_names = sorted(set(labels))
    code = np.array([ev_names.index(x) for x in labels])[owner]
    grid = np.stack([tables.event_ids(x) for x in ev_names])[code, side]  # (rows, 27)
    plain = _plain_ids(VOCAB.generation)
    db = buckets(dist)
    core = df.ids[pos, :CORE_WIDTH]
    rows = np.arange(len(pos))
    cols = [
        core,
        grid[:, _SIDE],
        grid[rows, _SD + db],
        np.array([plain[f"rs={r}"] for r in (-2, -1, 0, 1)])[rs + 2],
        grid[rows, _CR + np.minimum(cross, 3)],
        grid[:, _EV_SIDE],
        grid[rows, _EV_SD + db],
        df.table.block("sw")[df.keys[pos], side],
        np.where(om, plain["om"], ABSENT),
        np.where(om, grid[:, _OM_SIDE], ABSENT),
        _slot_ids(core, side, code, ev_names, tables),
        _window_neighbours(df, pos, offsets, in_m, plain),
    ]
    return np.column_stack(cols).astype(np.int32)


def _marks(
    offsets: np.ndarray, los: np.ndarray, idx: Sequence[Sequence[int]], n: int
) -> np.ndarray:
    """Rows of the concatenated windows whose token is in ``idx[k]`` (for window ``k``)."""
    out = np.zeros(n, dtype=bool)
    parts = [np.asarray(m, dtype=np.int64) - los[k] + offsets[k] for k, m in enumerate(idx) if m]
    if parts:
        out[np.concatenate(parts)] = True
    return out


def _slot_ids(
    core: np.ndarray, side: np.ndarray, code: np.ndarray, ev_names: list[str], tables: _Tables
) -> np.ndarray:
    """``{side}|{x}`` and ``{ev}|{side}|{x}`` for each slot feature ``x``: 12 columns."""
    slots = core[:, SLOT_COLUMNS]
    values = np.unique(slots[slots >= 0])
    n_ev = len(ev_names)
    side_t = np.full((len(values) + 1, len(SIDES)), ABSENT, dtype=np.int64)
    event_t = np.full((len(values) + 1, n_ev, len(SIDES)), ABSENT, dtype=np.int64)
    for k, x in enumerate(values.tolist()):
        side_t[k] = tables.side_ids(x)
        for c, ev in enumerate(ev_names):
            event_t[k, c] = tables.event_x_ids(x, ev)
    # absent slots map to the last (all-ABSENT) row
    row = np.where(slots >= 0, np.searchsorted(values, np.maximum(slots, 0)), len(values))
    out = np.empty((len(core), 2 * len(SLOT_COLUMNS)), dtype=np.int64)
    out[:, 0::2] = side_t[row, side[:, None]]
    out[:, 1::2] = event_t[row, code[:, None], side[:, None]]
    return out


def _window_neighbours(
    df: DocFeatures, pos: np.ndarray, offsets: np.ndarray, in_m: np.ndarray, plain: dict[str, int]
) -> np.ndarray:
    """``w-1=``, ``m-1=``, ``w1=``, ``m1=`` of each window token (absent at window edges)."""
    n = len(pos)
    nb = df.table.block("nb")
    out = np.full((n, 4), ABSENT, dtype=np.int64)
    if n == 0:
        return out
    has_prev = np.ones(n, dtype=bool)
    has_prev[offsets[:-1][offsets[:-1] < n]] = False
    has_next = np.ones(n, dtype=bool)
    has_next[offsets[1:] - 1] = False
    m_ids = np.array([[plain[f"m{o}={v}"] for v in (0, 1)] for o in (-1, 1)])
    prev_rows = np.nonzero(has_prev)[0]
    next_rows = np.nonzero(has_next)[0]
    # the -1 and +1 word features are the message CRF's strings (w-1=, w1=)
    out[prev_rows, 0] = nb[df.keys[pos[prev_rows] - 1], 4]
    out[prev_rows, 1] = m_ids[0][in_m[prev_rows - 1].astype(int)]
    out[next_rows, 2] = nb[df.keys[pos[next_rows] + 1], 8]
    out[next_rows, 3] = m_ids[1][in_m[next_rows + 1].astype(int)]
    return out


def nested_ids(df: DocFeatures, spans: Sequence[tuple[int, int, str]]) -> np.ndarray:
    """The (Σ span lengths, 21) id matrix of the nested CRF for every top-level message
    ``(lo, hi, form)``, in order."""
    if not spans:
        return np.zeros((0, CORE_WIDTH + 6), dtype=np.int32)
    los = np.array([s[0] for s in spans])
    his = np.array([s[1] for s in spans])
    pos, owner, offsets = _ranges(los, his)
    plain = _plain_ids(VOCAB.generation)
    depth = df.depth_array
    rq = np.minimum(depth[pos] - depth[los[owner]], 2)
    rq_ids = np.array([VOCAB.id(f"rq={v}") for v in range(int(rq.min()), 3)])[rq - rq.min()]
    forms = np.array([VOCAB.id(f"O={form}") for _lo, _hi, form in spans])[owner]
    n = len(pos)
    starts, ends = offsets[:-1], offsets[1:] - 1
    nb, keys = df.table.block("nb"), df.keys
    left = nb[keys[np.maximum(pos - 1, 0)], 4]
    left[starts] = plain["w-1=<m>"]
    right = nb[keys[np.minimum(pos + 1, len(keys) - 1)], 8]
    right[ends] = plain["w1=<m>"]
    first = np.full(n, ABSENT)
    first[starts] = plain["mfirst"]
    last = np.full(n, ABSENT)
    last[ends] = plain["mlast"]
    cols = [df.ids[pos, :CORE_WIDTH], forms, rq_ids, left, right, first, last]
    return np.column_stack(cols).astype(np.int32)


def role_features(
    df: DocFeatures,
    message: list[int],
    form: str,
    nested: bool,
    others: frozenset[int] | set[int] = frozenset(),
) -> list[list[str]]:
    """The roles CRF's feature strings of each token of the event's window (training)."""
    df.require_complete()
    lo, hi = role_window(df, message)
    oth = {i for i in others if lo <= i < hi}
    with VOCAB.lock:
        mat = role_ids(df, [Window(message, form, nested)], [oth])
        return [VOCAB.strings_of(row) for row in mat]


def nested_features(df: DocFeatures, lo: int, hi: int, outer_form: str) -> list[list[str]]:
    """The nested CRF's feature strings over one top-level message ``[lo, hi)`` (training)."""
    df.require_complete()
    with VOCAB.lock:
        return [VOCAB.strings_of(row) for row in nested_ids(df, [(lo, hi, outer_form)])]
