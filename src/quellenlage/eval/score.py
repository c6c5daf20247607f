"""The GermEval 2023 SpkAtt Task 2 metric (``../shared/DESIGN.md`` §4), implemented here.

Definitions, exactly as computed below:

1. **Pairing**, per document: system and gold events are paired one-to-one by a maximum-weight
   assignment (Hungarian algorithm) on ``w(g, s) = F1(msg_g, msg_s) + 0.01·[same Form] +
   0.001·[same STWR]``, where ``F1`` is the token-set F1 of the two Message spans and the two
   bonuses apply only when that F1 is above zero (they break ties between equally good
   Message matches; they never create a match). As in the shared task's scorer, the assignment
   is complete: ``min(#gold, #system)`` pairs are formed even if some of them have no Message
   overlap at all (such a pair scores 0 on Message). Which of several equally good pairings
   is chosen matters only when a role happens to overlap; ``max_assignment`` breaks such ties
   exactly as the shared task's scorer (scipy's solver) does.
2. The events left over (when the counts differ) are paired with an **empty event**: no tokens
   in any part, no Form, no STWR.
3. For every pair and every **part** (Message, Addr, Cue, Frame, Source) the tokens give
   TP = |g ∩ s|, FP = |s − g|, FN = |g − s|. Precision TP/(TP+FP) is *undefined* when the
   system part is empty; recall TP/(TP+FN) is *undefined* when the gold part is empty. So a
   part empty on both sides gives nothing; a part found only by the system gives P = 0 and
   no R; a part only in gold gives R = 0 and no P. Undefined values are skipped.
4. The defined values are **macro-averaged** over all (pair, part) items of the measure:
   *Message* over the Message part, *Roles* over Addr, Cue, Frame and Source, *Joint* over all
   five. F1 is the harmonic mean of the averaged P and R. A measure with no defined value at
   all (e.g. P when the system predicted nothing) is 0.
5. **Simplified task**: events with ``IsNested: true`` are dropped on both sides *before*
   pairing, and only Message and Source count (*Roles* is then Source alone).
6. **Form** (and STWR the same way), micro over pairs: a pair whose two Forms are equal is a
   TP; otherwise the system Form (if any) is a FP and the gold Form (if any) a FN. Form
   accuracy is the share of real pairs (gold and system both present) with equal Forms.
7. **Per-Form breakdown** for Form F: P is the Joint macro precision over the pairs whose
   *system* event has Form F, R the Joint macro recall over the pairs whose *gold* event has
   Form F (so an event is judged under the Form it claims for P and the Form it has for R,
   and the overall Joint P/R are the count-weighted mixes of the per-Form ones); plus the
   Form-label P/R/F1 of F from point 6 and the event counts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import InvalidInput, QuellenlageError
from ..model import FORMS
from .spkatt import (
    NO_MEDIUM,
    ROLE_KEYS,
    SpkAttEvent,
    TokenRef,
    iter_dir,
    parse_spkatt,
    read_spkatt,
    role_refs,
)

Task = Literal["full", "simplified"]
TASK_PARTS: dict[Task, tuple[str, ...]] = {
    "full": ROLE_KEYS,  # Message, Addr, Cue, Frame, Source
    "simplified": ("Message", "Source"),
}
FORM_BONUS = 0.01
STWR_BONUS = 0.001


# ------------------------------------------------------------------------------ assignment


def token_f1(gold: set[TokenRef], pred: set[TokenRef]) -> float:
    """Token-set F1 of two spans; 0 when either is empty or they do not overlap.

    Computed as 2PR/(P+R) from P and R, the shared task's own order of float operations, so
    that equal-looking weights are equal to the last bit and ties break as they do there.
    """
    tp = len(gold & pred)
    if not tp:
        return 0.0
    p = tp / len(pred)
    r = tp / len(gold)
    return 2 * p * r / (p + r)


def max_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one assignment of rows to columns; ``min(rows, cols)`` pairs.

    The shortest-augmenting-path algorithm (Crouse 2016) in the same form as
    ``scipy.optimize.linear_sum_assignment(maximize=True)``, which the shared task's scorer
    calls: the same column order, the same preference for a free column among equally cheap
    ones, the same transposition of tall matrices. Among several optimal assignments (many
    zero weights) it therefore picks the one the shared task's scorer picks, without scipy.
    Returns ``(row, col)`` pairs sorted by row.
    """
    nr = len(weights)
    nc = len(weights[0]) if nr else 0
    if not nr or not nc:
        return []
    transpose = nc < nr
    if transpose:
        cost = [[-weights[i][j] for i in range(nr)] for j in range(nc)]
        nr, nc = nc, nr
    else:
        cost = [[-w for w in row] for row in weights]
    inf = float("inf")
    u = [0.0] * nr
    v = [0.0] * nc
    path = [-1] * nc
    col4row = [-1] * nr
    row4col = [-1] * nc
    for cur_row in range(nr):
        # Find the shortest augmenting path from cur_row to a free column.
        remaining = list(range(nc - 1, -1, -1))  # reversed, as in scipy
        num_remaining = nc
        in_rows = [False] * nr
        in_cols = [False] * nc
        spc = [inf] * nc  # shortest path costs
        min_val = 0.0
        i = cur_row
        sink = -1
        while sink == -1:
            index = -1
            lowest = inf
            in_rows[i] = True
            cost_i = cost[i]
            for it in range(num_remaining):
                j = remaining[it]
                r = min_val + cost_i[j] - u[i] - v[j]
                if r < spc[j]:
                    path[j] = i
                    spc[j] = r
                # Among equally short paths prefer one that ends in a free column.
                if spc[j] < lowest or (spc[j] == lowest and row4col[j] == -1):
                    lowest = spc[j]
                    index = it
            min_val = lowest
            j = remaining[index]
            if row4col[j] == -1:
                sink = j
            else:
                i = row4col[j]
            in_cols[j] = True
            num_remaining -= 1
            remaining[index] = remaining[num_remaining]
        # Update the dual variables.
        u[cur_row] += min_val
        for i in range(nr):
            if in_rows[i] and i != cur_row:
                u[i] += min_val - spc[col4row[i]]
        for j in range(nc):
            if in_cols[j]:
                v[j] -= min_val - spc[j]
        # Augment the previous solution along the path.
        j = sink
        while True:
            i = path[j]
            row4col[j] = i
            col4row[i], j = j, col4row[i]
            if i == cur_row:
                break
    if transpose:
        return sorted((col4row[i], i) for i in range(nr))
    return [(i, col4row[i]) for i in range(nr)]


def _stwr(event: SpkAttEvent) -> str:
    return event.medium if event.medium is not None else NO_MEDIUM


def pair_weight(gold: SpkAttEvent, pred: SpkAttEvent) -> float:
    """Message token-set F1 plus the Form/STWR tie-breakers (only when the Messages overlap)."""
    f1 = token_f1(set(gold.message), set(pred.message))
    # Added one by one, left to right, as the shared task's scorer does (float rounding).
    form_bonus = FORM_BONUS if f1 > 0 and gold.form == pred.form else 0.0
    stwr_bonus = STWR_BONUS if f1 > 0 and _stwr(gold) == _stwr(pred) else 0.0
    return f1 + form_bonus + stwr_bonus


def pair_events(
    gold: Sequence[SpkAttEvent], pred: Sequence[SpkAttEvent]
) -> list[tuple[int | None, int | None]]:
    """Pairs of (gold index, system index); ``None`` stands for the empty event."""
    weights = [[pair_weight(g, p) for p in pred] for g in gold]
    pairs: list[tuple[int | None, int | None]] = list(max_assignment(weights))
    paired_gold = {g for g, _ in pairs}
    paired_pred = {p for _, p in pairs}
    pairs += [(g, None) for g in range(len(gold)) if g not in paired_gold]
    pairs += [(None, p) for p in range(len(pred)) if p not in paired_pred]
    return pairs


# ---------------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class PairScore:
    """Token counts of one (gold, system) pair, per part; either side may be the empty event."""

    doc: str
    gold: int | None
    pred: int | None
    gold_form: str | None
    pred_form: str | None
    gold_stwr: str | None
    pred_stwr: str | None
    counts: dict[str, tuple[int, int, int]]  # part -> (tp, fp, fn)

    def precision(self, part: str) -> float | None:
        """TP/(TP+FP), undefined (None) when the system part is empty."""
        tp, fp, _ = self.counts[part]
        return tp / (tp + fp) if tp + fp else None

    def recall(self, part: str) -> float | None:
        """TP/(TP+FN), undefined (None) when the gold part is empty."""
        tp, _, fn = self.counts[part]
        return tp / (tp + fn) if tp + fn else None


def score_pair(
    doc: str,
    gold: SpkAttEvent | None,
    pred: SpkAttEvent | None,
    parts: Iterable[str],
    gold_index: int | None = None,
    pred_index: int | None = None,
) -> PairScore:
    """TP/FP/FN per part for one pair; ``None`` is the empty event."""
    counts: dict[str, tuple[int, int, int]] = {}
    for part in parts:
        g = set(role_refs(gold, part)) if gold is not None else set()
        s = set(role_refs(pred, part)) if pred is not None else set()
        counts[part] = (len(g & s), len(s - g), len(g - s))
    return PairScore(
        doc=doc,
        gold=gold_index,
        pred=pred_index,
        gold_form=gold.form if gold is not None else None,
        pred_form=pred.form if pred is not None else None,
        gold_stwr=_stwr(gold) if gold is not None else None,
        pred_stwr=_stwr(pred) if pred is not None else None,
        counts=counts,
    )


@dataclass(slots=True)
class PRF:
    """Precision, recall, F1 (fractions in [0, 1]) and how many values each average holds."""

    precision: float
    recall: float
    f1: float
    n_precision: int = 0
    n_recall: int = 0


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def macro_prf(pairs: Iterable[PairScore], parts: Sequence[str]) -> PRF:
    """Macro P and R over every defined (pair, part) value, F1 their harmonic mean."""
    ps: list[float] = []
    rs: list[float] = []
    for pair in pairs:
        for part in parts:
            p = pair.precision(part)
            if p is not None:
                ps.append(p)
            r = pair.recall(part)
            if r is not None:
                rs.append(r)
    p_avg = sum(ps) / len(ps) if ps else 0.0
    r_avg = sum(rs) / len(rs) if rs else 0.0
    return PRF(p_avg, r_avg, _harmonic(p_avg, r_avg), len(ps), len(rs))


def _label_prf(pairs: Sequence[PairScore], attr: str, only: str | None = None) -> PRF:
    """Micro P/R/F1 of a label (Form or STWR) over pairs; ``only`` restricts to one label."""
    tp = fp = fn = 0
    for pair in pairs:
        g, s = getattr(pair, f"gold_{attr}"), getattr(pair, f"pred_{attr}")
        if g == s:
            tp += only is None or g == only
            continue
        fp += s is not None and (only is None or s == only)
        fn += g is not None and (only is None or g == only)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return PRF(p, r, _harmonic(p, r), tp + fp, tp + fn)


@dataclass(slots=True)
class FormScore:
    """The per-Form breakdown (module docstring, point 7)."""

    gold: int
    pred: int
    joint: PRF
    label: PRF


@dataclass(slots=True)
class TaskScore:
    """All measures of one task (full or simplified)."""

    task: str
    parts: list[str]
    message: PRF
    roles: PRF
    joint: PRF
    form: PRF
    stwr: PRF
    form_accuracy: float
    by_part: dict[str, PRF]
    by_form: dict[str, FormScore]
    documents: int
    gold_events: int
    pred_events: int
    pairs: int  # real pairs (gold and system both present)


def score_pairs(task: Task, pairs: Sequence[PairScore], documents: int) -> TaskScore:
    """Aggregate pair scores into the task's measures."""
    parts = TASK_PARTS[task]
    real = [p for p in pairs if p.gold is not None and p.pred is not None]
    agree = sum(p.gold_form == p.pred_form for p in real)
    by_form: dict[str, FormScore] = {}
    for form in FORMS:
        as_pred = [p for p in pairs if p.pred_form == form]
        as_gold = [p for p in pairs if p.gold_form == form]
        p_part = macro_prf(as_pred, parts)
        r_part = macro_prf(as_gold, parts)
        joint = PRF(
            p_part.precision,
            r_part.recall,
            _harmonic(p_part.precision, r_part.recall),
            p_part.n_precision,
            r_part.n_recall,
        )
        by_form[form] = FormScore(
            gold=len(as_gold),
            pred=len(as_pred),
            joint=joint,
            label=_label_prf(pairs, "form", only=form),
        )
    return TaskScore(
        task=task,
        parts=list(parts),
        message=macro_prf(pairs, ("Message",)),
        roles=macro_prf(pairs, parts[1:]),
        joint=macro_prf(pairs, parts),
        form=_label_prf(pairs, "form"),
        stwr=_label_prf(pairs, "stwr"),
        form_accuracy=agree / len(real) if real else 0.0,
        by_part={part: macro_prf(pairs, (part,)) for part in parts},
        by_form=by_form,
        documents=documents,
        gold_events=sum(p.gold is not None for p in pairs),
        pred_events=sum(p.pred is not None for p in pairs),
        pairs=len(real),
    )


def score_document(
    doc: str, gold: Sequence[SpkAttEvent], pred: Sequence[SpkAttEvent], task: Task
) -> list[PairScore]:
    """Pair and score one document's events for ``task``."""
    if task == "simplified":
        gold = [e for e in gold if not e.is_nested]
        pred = [e for e in pred if not e.is_nested]
    parts = TASK_PARTS[task]
    return [
        score_pair(
            doc,
            gold[g] if g is not None else None,
            pred[s] if s is not None else None,
            parts,
            g,
            s,
        )
        for g, s in pair_events(gold, pred)
    ]


def score_events(
    docs: Iterable[tuple[str, Sequence[SpkAttEvent], Sequence[SpkAttEvent]]],
    task: Task,
) -> TaskScore:
    """Score ``(name, gold events, system events)`` triples for one task."""
    pairs: list[PairScore] = []
    n = 0
    for name, gold, pred in docs:
        n += 1
        pairs.extend(score_document(name, gold, pred, task))
    return score_pairs(task, pairs, n)


# ------------------------------------------------------------------------------ directories


@dataclass(slots=True)
class ScoreReport:
    """The scores of a prediction directory against a gold directory."""

    tasks: dict[Task, TaskScore]
    documents: int
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data; all scores are fractions in [0, 1]."""
        return {
            "documents": self.documents,
            "tasks": {name: asdict(score) for name, score in self.tasks.items()},
            "warnings": list(self.warnings),
        }


def _read_prediction(path: Path, gold_sentences: list[list[str]]) -> list[SpkAttEvent]:
    """The events of one prediction file, on the gold file's tokens."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path.name}: not valid UTF-8 JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path.name}: the top level is not a JSON object")
    if "Sentences" in data:
        pred_sentences = parse_spkatt(data, path.name, annotations=False).sentences
        if pred_sentences != gold_sentences:
            raise InvalidInput(f"{path.name}: its tokens differ from the gold file's tokens")
    else:
        # A prediction may leave the tokens out; its refs are then checked on gold's tokens.
        data = {**data, "Sentences": [{"Tokens": t} for t in gold_sentences]}
    return parse_spkatt(data, path.name).events


def score_dirs(
    gold_dir: str | Path,
    pred_dir: str | Path,
    tasks: Sequence[Task] = ("full", "simplified"),
) -> ScoreReport:
    """Score every gold file against the same-named prediction file.

    A missing or unreadable prediction file counts as no predictions (all gold events
    unpaired) and is reported as a warning; a prediction file without a gold file is ignored
    with a warning. A malformed gold file is an error: the score would be meaningless.
    """
    gold_paths = list(iter_dir(gold_dir))
    if not gold_paths:
        # Most likely a wrong path; a score over nothing would read as a real 0.
        raise InvalidInput(f"{gold_dir}: no SpkAtt .json files to score against")
    pred_paths = {p.name: p for p in iter_dir(pred_dir)}
    warnings: list[str] = []
    triples: list[tuple[str, list[SpkAttEvent], list[SpkAttEvent]]] = []
    for path in gold_paths:
        gold = read_spkatt(path)
        pred_path = pred_paths.pop(path.name, None)
        pred: list[SpkAttEvent] = []
        if pred_path is None:
            warnings.append(
                f"{path.name}: no prediction file; its {len(gold.events)} gold "
                "events count as missed"
            )
        else:
            try:
                pred = _read_prediction(pred_path, gold.sentences)
            except QuellenlageError as exc:
                warnings.append(f"{exc}; scored as no predictions")
        triples.append((path.name, gold.events, pred))
    for name in sorted(pred_paths):
        warnings.append(f"{name}: no gold file of that name; ignored")
    scores = {task: score_events(triples, task) for task in tasks}
    return ScoreReport(tasks=dict(scores), documents=len(triples), warnings=warnings)
