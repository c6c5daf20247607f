"""Evaluation with a quality gate: predict a gold SpkAtt folder, score it, compare to floors.

The floors live in ``bench/eval_baseline.json`` (like trafilatura's ``eval_baseline.json``):
a score that drops below its floor fails ``quellenlage eval --gate`` and the gate test.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import DEFAULT_SETTINGS, Settings
from .predict import predict_dir
from .score import ScoreReport, score_dirs


@dataclass(slots=True)
class EvalResult:
    """The score report of one evaluation run and the floors it missed."""

    report: ScoreReport
    failures: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def check_floors(report: ScoreReport, floors: dict[str, float]) -> list[str]:
    """Names like ``full.joint.f1`` → floor (percent); returns one line per missed floor."""
    flat = report.to_dict()
    failures = []
    for key, floor in floors.items():
        task, measure, stat = key.split(".")
        value = 100 * flat["tasks"][task][measure][stat]
        if value < floor:
            failures.append(f"{key} = {value:.2f} is below its floor {floor:.2f}")
    return failures


def evaluate(
    gold_dir: str | Path,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    floors: dict[str, float] | None = None,
    keep: str | Path | None = None,
) -> EvalResult:
    """Predict ``gold_dir`` with the engine of ``settings``, score it, check the floors."""
    with tempfile.TemporaryDirectory(prefix="quellenlage-eval-") as tmp:
        out = Path(keep) if keep is not None else Path(tmp)
        predicted = predict_dir(gold_dir, out, settings=settings)
        report = score_dirs(gold_dir, out)
    return EvalResult(report, check_floors(report, floors or {}), predicted.skipped)


def load_floors(path: str | Path) -> dict[str, float]:
    """The ``floors`` object of a baseline file."""
    data = json.loads(Path(path).read_text("utf-8"))
    return {str(k): float(v) for k, v in data["floors"].items()}
