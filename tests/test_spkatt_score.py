"""The SpkAtt metric on small cases whose expected numbers are worked out by hand below."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quellenlage.errors import InvalidInput
from quellenlage.eval.score import (
    max_assignment,
    pair_events,
    pair_weight,
    score_dirs,
    score_events,
    token_f1,
)
from quellenlage.eval.spkatt import SpkAttEvent, write_spkatt

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "data" / "spkatt-news" / "dev"


def ev(
    msg: list[int],
    *,
    form: str = "Indirect",
    stwr: str | None = "Speech",
    src: list[int] = (),
    cue: list[int] = (),
    addr: list[int] = (),
    frame: list[int] = (),
    nested: bool = False,
) -> SpkAttEvent:
    """An event in sentence 0; the lists are token indices."""
    return SpkAttEvent(
        form=form,
        message=[(0, t) for t in msg],
        source=[(0, t) for t in src],
        cue=[(0, t) for t in cue],
        addr=[(0, t) for t in addr],
        frame=[(0, t) for t in frame],
        medium=stwr,
        is_nested=nested,
    )


def full(gold, pred):
    return score_events([("doc", gold, pred)], "full")


def simplified(gold, pred):
    return score_events([("doc", gold, pred)], "simplified")


# --------------------------------------------------------------------------------- pairing


def test_token_f1() -> None:
    # {0,1,2,3} vs {2,3,4}: tp 2, F1 = 2·2/(4+3) = 4/7
    assert token_f1({(0, 0), (0, 1), (0, 2), (0, 3)}, {(0, 2), (0, 3), (0, 4)}) == pytest.approx(
        4 / 7
    )
    assert token_f1(set(), {(0, 1)}) == 0.0
    assert token_f1({(0, 1)}, {(0, 2)}) == 0.0


def test_assignment_beats_greedy() -> None:
    # G1 {0,1,2,3}, G2 {2,3,4}; P1 {1,2,3}, P2 {0,1}.
    # G1-P1 6/7 = .857, G1-P2 4/6 = .667, G2-P1 4/6 = .667, G2-P2 0.
    # Greedy takes G1-P1 (.857) and is left with G2-P2 (0): .857 in all.
    # The optimum is G1-P2 + G2-P1 = 1.333.
    gold = [ev([0, 1, 2, 3]), ev([2, 3, 4])]
    pred = [ev([1, 2, 3]), ev([0, 1])]
    assert sorted(pair_events(gold, pred)) == [(0, 1), (1, 0)]


def test_pairing_by_message_not_by_order() -> None:
    gold = [ev([0, 1, 2, 3]), ev([10, 11, 12, 13])]
    pred = [ev([10, 11, 12]), ev([0, 1])]
    assert sorted(pair_events(gold, pred)) == [(0, 1), (1, 0)]


def test_form_tie_break() -> None:
    # Both gold events have the same Message as the prediction: weight 1 each, plus
    # G1 (Direct, Speech): 0 + .001 = 1.001; G2 (Indirect, Speech): .01 + .001 = 1.011 → G2.
    gold = [ev([0, 1], form="Direct"), ev([0, 1], form="Indirect")]
    pred = [ev([0, 1], form="Indirect")]
    assert pair_weight(gold[0], pred[0]) == pytest.approx(1.001)
    assert pair_weight(gold[1], pred[0]) == pytest.approx(1.011)
    assert sorted(pair_events(gold, pred), key=str) == [(0, None), (1, 0)]


def test_stwr_tie_break() -> None:
    # Same Form everywhere; only G2 shares the STWR (Writing): 1.011 vs 1.01 → G2.
    gold = [ev([0, 1], stwr="Speech"), ev([0, 1], stwr="Writing")]
    pred = [ev([0, 1], stwr="Writing")]
    assert sorted(pair_events(gold, pred), key=str) == [(0, None), (1, 0)]


def test_no_bonus_without_overlap() -> None:
    # Same Form and STWR but disjoint Messages: the tie-breakers must not invent a match.
    assert pair_weight(ev([0, 1]), ev([5, 6])) == 0.0


def test_unequal_counts_leave_empty_partners() -> None:
    gold = [ev([0, 1])]
    pred = [ev([0, 1]), ev([5, 6]), ev([8])]
    pairs = pair_events(gold, pred)
    assert (0, 0) in pairs
    assert sorted(p for g, p in pairs if g is None) == [1, 2]


def _best_by_brute_force(w: list[list[float]]) -> float:
    n, m = len(w), len(w[0])
    if n <= m:
        return max(
            sum(w[i][c] for i, c in enumerate(cols)) for cols in itertools.permutations(range(m), n)
        )
    return max(
        sum(w[r][j] for j, r in enumerate(rows)) for rows in itertools.permutations(range(n), m)
    )


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda n: st.integers(1, 5).flatmap(
            lambda m: st.lists(
                st.lists(st.floats(0, 1.011, allow_nan=False), min_size=m, max_size=m),
                min_size=n,
                max_size=n,
            )
        )
    )
)
def test_hungarian_is_optimal(w: list[list[float]]) -> None:
    pairs = max_assignment(w)
    assert len(pairs) == min(len(w), len(w[0]))
    assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
    assert sum(w[r][c] for r, c in pairs) == pytest.approx(_best_by_brute_force(w))


def test_hungarian_picks_the_same_pairs_as_scipy() -> None:
    # The shared task's scorer uses scipy; with many zero weights several assignments are
    # optimal, and the same one must be picked (it decides which roles get compared).
    optimize = pytest.importorskip("scipy.optimize")
    import random

    rng = random.Random(7)
    for _ in range(400):
        n, m = rng.randint(1, 9), rng.randint(1, 9)
        values = [0.0, 0.0, 0.0, 1.011, 1.001, 0.5, rng.random()]
        w = [[rng.choice(values) for _ in range(m)] for _ in range(n)]
        rows, cols = optimize.linear_sum_assignment(w, maximize=True)
        assert max_assignment(w) == sorted(zip(rows.tolist(), cols.tolist(), strict=True))


def test_zero_weight_ties_by_hand() -> None:
    # All weights 0: the solver takes, for each row in turn, the free column with the lowest
    # index among the cheapest (scipy walks the columns in reverse and prefers free ones), so
    # the identity; a tall matrix is transposed first, so again row i ↔ column i.
    assert max_assignment([[0.0, 0.0], [0.0, 0.0]]) == [(0, 0), (1, 1)]
    assert max_assignment([[0.0], [0.0], [0.0]]) == [(0, 0)]
    assert max_assignment([[0.0, 0.0, 0.0]]) == [(0, 0)]


# --------------------------------------------------------------------------------- scoring


def test_exact_match_is_100() -> None:
    gold = [ev([0, 1, 2, 3], src=[5], cue=[4], frame=[4, 5]), ev([7, 8], form="Direct")]
    pred = [ev([7, 8], form="Direct"), ev([0, 1, 2, 3], src=[5], cue=[4], frame=[4, 5])]
    s = full(gold, pred)
    for prf in (s.message, s.roles, s.joint, s.form, s.stwr):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)
    # Values averaged: Message 2 pairs; roles: Source, Cue, Frame of event 1 (event 2 has no
    # roles, Addr is empty everywhere, so those are skipped).
    assert (s.message.n_precision, s.roles.n_precision, s.joint.n_recall) == (2, 3, 5)
    assert s.form_accuracy == 1.0


def test_partial_overlap_by_hand() -> None:
    # Message: gold {0,1,2,3}, pred {2,3,4,5}: tp 2 fp 2 fn 2 → P 1/2, R 1/2.
    # Source:  gold {7},       pred {7,8,9}:   tp 1 fp 2 fn 0 → P 1/3, R 1.
    # Cue:     gold {6},       pred {}:        R 0, P undefined.
    # Addr, Frame empty on both sides: skipped.
    gold = [ev([0, 1, 2, 3], src=[7], cue=[6])]
    pred = [ev([2, 3, 4, 5], src=[7, 8, 9])]
    s = full(gold, pred)
    assert (s.message.precision, s.message.recall, s.message.f1) == (0.5, 0.5, 0.5)
    # Roles: P = mean(1/3) = 1/3; R = mean(0, 1) = 1/2; F1 = 2·(1/3)(1/2)/(5/6) = 2/5.
    assert s.roles.precision == pytest.approx(1 / 3)
    assert s.roles.recall == pytest.approx(1 / 2)
    assert s.roles.f1 == pytest.approx(2 / 5)
    # Joint: P = mean(1/2, 1/3) = 5/12; R = mean(1/2, 0, 1) = 1/2; F1 = (5/12)/(11/12) = 5/11.
    assert s.joint.precision == pytest.approx(5 / 12)
    assert s.joint.recall == pytest.approx(1 / 2)
    assert s.joint.f1 == pytest.approx(5 / 11)
    assert s.by_part["Cue"].n_precision == 0
    assert s.by_part["Cue"].recall == 0.0


def test_empty_predictions() -> None:
    # Two gold events, nothing predicted: every P undefined (→ 0), every R 0.
    gold = [ev([0, 1], src=[3], cue=[2]), ev([5, 6])]
    s = full(gold, [])
    assert (s.joint.precision, s.joint.recall, s.joint.f1) == (0.0, 0.0, 0.0)
    assert s.joint.n_precision == 0
    # R values: Message×2 + Source + Cue of event 1 = 4.
    assert s.joint.n_recall == 4
    assert (s.gold_events, s.pred_events, s.pairs) == (2, 0, 0)
    assert s.form.recall == 0.0


def test_empty_gold() -> None:
    # Nothing to find, one event predicted: P 0 (one Message value), R undefined (→ 0).
    s = full([], [ev([0, 1])])
    assert (s.message.precision, s.message.recall, s.message.f1) == (0.0, 0.0, 0.0)
    assert (s.message.n_precision, s.message.n_recall) == (1, 0)


def test_nothing_on_either_side() -> None:
    s = full([], [])
    assert (s.joint.f1, s.joint.n_precision, s.joint.n_recall) == (0.0, 0, 0)


def test_extra_prediction_lowers_precision_only() -> None:
    # Pair 1 exact (Message P=R=1); the extra prediction pairs with the empty event:
    # Message P 0, R undefined. Message P = mean(1, 0) = 1/2, R = 1, F1 = 2/3.
    s = full([ev([0, 1])], [ev([0, 1]), ev([5])])
    assert (s.message.precision, s.message.recall) == (0.5, 1.0)
    assert s.message.f1 == pytest.approx(2 / 3)


def test_nested_event_full_and_simplified() -> None:
    # Gold: outer Indirect event (Message 0..9, Source 10) with a nested Direct quote
    # (Message 3..5, Source 1). The system finds only the outer one, exactly.
    outer = ev(list(range(10)), src=[10])
    inner = ev([3, 4, 5], src=[1], form="Direct", nested=True)
    pred = [ev(list(range(10)), src=[10])]
    s = full([outer, inner], pred)
    # Full: outer pair exact, inner unpaired. Message P = 1 (one value), R = mean(1, 0) = 1/2,
    # F1 = 2/3; Roles (only Source is non-empty) the same; Joint P 1, R mean(1,1,0,0) = 1/2.
    assert (s.message.precision, s.message.recall) == (1.0, 0.5)
    assert s.message.f1 == pytest.approx(2 / 3)
    assert (s.roles.precision, s.roles.recall) == (1.0, 0.5)
    assert (s.joint.precision, s.joint.recall) == (1.0, 0.5)
    # Simplified: the nested gold event is dropped before pairing, so everything is 100.
    t = simplified([outer, inner], pred)
    assert (t.joint.precision, t.joint.recall, t.joint.f1) == (1.0, 1.0, 1.0)
    assert t.parts == ["Message", "Source"]
    assert t.gold_events == 1


def test_simplified_drops_nested_predictions_and_ignores_other_roles() -> None:
    # The prediction gets the Cue wrong (ignored in simplified) and adds a nested event
    # (dropped in simplified).
    gold = [ev([0, 1, 2], src=[4], cue=[3])]
    pred = [ev([0, 1, 2], src=[4], cue=[9]), ev([7, 8], nested=True)]
    t = simplified(gold, pred)
    assert (t.joint.precision, t.joint.recall) == (1.0, 1.0)
    s = full(gold, pred)
    # Full: Cue P 0 R 0; the nested prediction adds Message P 0.
    # Joint P = mean(msg 1, src 1, cue 0, extra msg 0) = 1/2; R = mean(1, 1, 0) = 2/3.
    assert s.joint.precision == pytest.approx(1 / 2)
    assert s.joint.recall == pytest.approx(2 / 3)


def test_form_scores_and_breakdown() -> None:
    # Pair A: gold Direct / pred Direct, Message exact.
    # Pair B: gold Indirect / pred Reported, Message exact (Form wrong).
    # Gold C: Indirect, not found.
    gold = [ev([0, 1], form="Direct"), ev([4, 5], form="Indirect"), ev([8, 9], form="Indirect")]
    pred = [ev([0, 1], form="Direct"), ev([4, 5], form="Reported")]
    s = full(gold, pred)
    # Form micro: tp 1 (A); fp 1 (Reported in B); fn 2 (Indirect in B and C).
    # P = 1/2, R = 1/3, F1 = 2·(1/6)/(5/6) = 2/5. Accuracy on real pairs: 1 of 2.
    assert s.form.precision == pytest.approx(1 / 2)
    assert s.form.recall == pytest.approx(1 / 3)
    assert s.form.f1 == pytest.approx(2 / 5)
    assert s.form_accuracy == 0.5
    d, i, r = s.by_form["Direct"], s.by_form["Indirect"], s.by_form["Reported"]
    assert (d.gold, d.pred, i.gold, i.pred, r.gold, r.pred) == (1, 1, 2, 0, 0, 1)
    # Joint by Form: Direct P (pred Direct: A) 1, R (gold Direct: A) 1.
    assert (d.joint.precision, d.joint.recall) == (1.0, 1.0)
    # Indirect: no system event claims Indirect → P 0 with no value; R over B (1) and C (0).
    assert (i.joint.precision, i.joint.n_precision, i.joint.recall) == (0.0, 0, 0.5)
    # Reported: P over B (its Message is right) = 1; no gold Reported → R 0 with no value.
    assert (r.joint.precision, r.joint.recall, r.joint.n_recall) == (1.0, 0.0, 0)
    # Form label per Form: Indirect tp 0 fn 2; Direct tp 1.
    assert (i.label.recall, d.label.precision, d.label.recall) == (0.0, 1.0, 1.0)


def test_stwr_none_counts_as_a_label() -> None:
    # Gold "none" STWR vs predicted None: the same label, so STWR is right.
    s = full([ev([0], stwr=None)], [ev([0], stwr=None)])
    assert s.stwr.f1 == 1.0
    s = full([ev([0], stwr=None)], [ev([0], stwr="Speech")])
    assert s.stwr.f1 == 0.0


def test_macro_average_is_over_pairs_and_parts_not_documents() -> None:
    # Doc 1: one exact pair (Message P=R=1). Doc 2: three missed gold events (R 0 each).
    # Message R = mean(1, 0, 0, 0) = 1/4 (a per-document average would give 1/2).
    s = score_events([("a", [ev([0])], [ev([0])]), ("b", [ev([0]), ev([1]), ev([2])], [])], "full")
    assert s.message.recall == 0.25
    assert s.documents == 2


# ------------------------------------------------------------------------------ directories


def _write(dir_: Path, name: str, events: list[SpkAttEvent], tokens: int = 12) -> Path:
    dir_.mkdir(parents=True, exist_ok=True)
    sentences = [[f"w{i}" for i in range(tokens)]]
    write_spkatt(dir_ / name, name.removesuffix(".json"), sentences, events)
    return dir_ / name


def test_score_dirs_missing_and_extra_files(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    _write(gold, "a.json", [ev([0, 1], src=[3])])
    _write(gold, "b.json", [ev([5, 6])])
    _write(pred, "a.json", [ev([0, 1], src=[3])])
    _write(pred, "c.json", [ev([0])])
    report = score_dirs(gold, pred)
    assert report.documents == 2
    assert any("b.json" in w and "no prediction file" in w for w in report.warnings)
    assert any("c.json" in w and "ignored" in w for w in report.warnings)
    s = report.tasks["full"]
    # a: exact (Message, Source P=R=1); b: missed (Message R 0).
    # Message P = 1 (one value), R = mean(1, 0) = 1/2, F1 = 2/3.
    assert (s.message.precision, s.message.recall) == (1.0, 0.5)
    assert s.message.f1 == pytest.approx(2 / 3)
    assert set(report.tasks) == {"full", "simplified"}
    json.dumps(report.to_dict())  # JSON-ready


def test_score_dirs_bad_prediction_is_a_warning(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    _write(gold, "a.json", [ev([0, 1])])
    _write(gold, "b.json", [ev([0, 1])])
    pred.mkdir()
    (pred / "a.json").write_text("{not json", encoding="utf-8")
    _write(pred, "b.json", [ev([0, 1])], tokens=5)  # other tokens than gold
    report = score_dirs(gold, pred, tasks=("full",))
    assert any("a.json" in w and "not valid" in w for w in report.warnings)
    assert any("b.json" in w and "tokens differ" in w for w in report.warnings)
    assert report.tasks["full"].message.recall == 0.0


def test_prediction_without_sentences_uses_gold_tokens(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    _write(gold, "a.json", [ev([0, 1])])
    pred.mkdir()
    ann = {"Message": ["0:0", "0:1"], "Form": "Indirect", "STWR": "Speech"}
    (pred / "a.json").write_text(json.dumps({"Annotations": [ann]}), encoding="utf-8")
    report = score_dirs(gold, pred)
    assert report.warnings == []
    assert report.tasks["full"].joint.f1 == 1.0
    # A ref outside gold's tokens is caught and reported.
    ann["Message"] = ["0:99"]
    (pred / "a.json").write_text(json.dumps({"Annotations": [ann]}), encoding="utf-8")
    report = score_dirs(gold, pred)
    assert any("0:99" in w for w in report.warnings)


def test_score_dirs_refuses_an_empty_gold_dir(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"no SpkAtt \.json files"):
        score_dirs(tmp_path, tmp_path)


@pytest.mark.shared
@pytest.mark.skipif(not DEV.is_dir(), reason="needs ../shared/data/spkatt-news/dev")
def test_dev_against_itself_and_nothing(tmp_path: Path) -> None:
    report = score_dirs(DEV, DEV)
    assert report.warnings == []
    for task in report.tasks.values():
        assert (task.message.f1, task.roles.f1, task.joint.f1, task.form.f1) == (1, 1, 1, 1)
        assert task.gold_events == task.pred_events == task.pairs > 0
    empty = score_dirs(DEV, tmp_path)
    assert len(empty.warnings) == report.documents
    for task in empty.tasks.values():
        assert (task.joint.f1, task.joint.n_precision) == (0.0, 0)
