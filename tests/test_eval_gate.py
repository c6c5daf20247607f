"""The quality gate: the shipped engine on the SpkAtt dev set must stay above its floors.

Needs ../shared/data/spkatt-news/dev; skipped with a clear reason where it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quellenlage.eval.score import score_dirs
from quellenlage.evaluate import check_floors, evaluate, load_floors

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "spkatt-news" / "dev"
BASELINE = ROOT / "bench" / "eval_baseline.json"


@pytest.mark.shared
@pytest.mark.skipif(not DEV.is_dir(), reason=f"SpkAtt dev set not found at {DEV}")
def test_dev_scores_stay_above_their_floors() -> None:
    result = evaluate(DEV, floors=load_floors(BASELINE))
    assert not result.skipped
    assert not result.failures, result.failures


def test_floors_are_checked(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(
        '{"DocumentName": "a", "Sentences": [{"SentenceId": 0, "Tokens": ["Er", "sagte", ",",'
        ' "es", "regne", "."]}], "Annotations": [{"Cue": ["0:1"], "Message": ["0:3", "0:4"],'
        ' "Source": ["0:0"], "Addr": [], "Frame": [], "Form": "Indirect", "STWR": "Speech",'
        ' "IsNested": false, "HasNested": false}]}',
        encoding="utf-8",
    )
    perfect = score_dirs(gold, gold)
    assert check_floors(perfect, {"full.joint.f1": 99.0}) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    missed = check_floors(score_dirs(gold, empty), {"full.joint.f1": 60.0})
    assert len(missed) == 1 and "full.joint.f1" in missed[0]
