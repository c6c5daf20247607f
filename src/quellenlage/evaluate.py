"""Evaluation runs on SpkAtt data: predict a folder with the pipeline, score it, check floors.

``predict_dir`` writes the engine's events for every SpkAtt file of a folder (only Sentences/
Tokens of the input are used; Annotations are ignored, so gold files can be fed in directly),
through ``pipeline.attribute_tokens``: the same stages as ``analyze``. A bad file is recorded
and skipped. ``evaluate`` scores the predictions against the gold folder and compares the
scores to the floors of ``bench/eval_baseline.json`` (like trafilatura's eval gate). The
reader, writer and scorer themselves are in ``eval/`` and need no engine.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidInput, MissingExtra, ModelError, QuellenlageError
from .eval.score import ScoreReport, score_dirs
from .eval.spkatt import from_doc, iter_dir, read_spkatt, write_spkatt
from .pipeline import attribute_tokens, stages_for
from .registry import engine_version
from .settings import DEFAULT_SETTINGS, Settings


@dataclass(slots=True)
class PredictResult:
    """What a prediction run did: files written, files skipped with the reason, sizes."""

    written: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    tokens: int = 0
    events: int = 0


def predict_file(
    in_path: Path, out_path: Path, settings: Settings = DEFAULT_SETTINGS
) -> tuple[int, int]:
    """Predict one file; returns (tokens, events). Raises the errors of ``errors.py``."""
    spk = read_spkatt(in_path, annotations=False)
    doc = attribute_tokens(spk.sentences, settings=settings)
    write_spkatt(out_path, spk.name, spk.sentences, from_doc(doc, doc.events))
    return sum(len(s) for s in spk.sentences), len(doc.events)


def predict_dir(
    in_dir: str | Path,
    out_dir: str | Path,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    on_file: Callable[[Path], None] | None = None,
) -> PredictResult:
    """Predict every ``*.json`` in ``in_dir`` into ``out_dir`` (same file names).

    ``on_file`` is called after each file (for a progress bar). An engine that cannot be made,
    a missing optional dependency, or a model error before any file succeeded stops the run
    (every file would fail the same way; files written so far stay). Any other error of one
    file (a malformed file; a later, passing model error such as one bad LLM answer) is
    recorded in ``skipped`` and the run goes on.
    """
    in_dir, out_dir = Path(in_dir), Path(out_dir)
    paths = list(iter_dir(in_dir))
    # Make the engine once before the loop: an unknown name or a missing configuration is
    # one clear error, not the same error once per file.
    stages_for(settings.engine)
    engine_version(settings.engine)  # constructs the engine: a missing configuration fails here
    if out_dir.exists() and out_dir.resolve() == in_dir.resolve():
        raise InvalidInput(
            f"{out_dir}: the output directory is the input directory; "
            "predictions would overwrite the input files"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    result = PredictResult()
    for path in paths:
        try:
            tokens, events = predict_file(path, out_dir / path.name, settings)
        except MissingExtra:
            raise
        except QuellenlageError as exc:
            # A model failure before anything worked means the engine (or the tagger) is
            # broken, not this file: stop with one error instead of one per file.
            if isinstance(exc, ModelError) and not result.written:
                raise
            result.skipped.append((path.name, f"{exc} [{exc.code}]"))
        else:
            result.written.append(path.name)
            result.tokens += tokens
            result.events += events
        if on_file is not None:
            on_file(path)
    return result


def count_files(in_dir: str | Path) -> int:
    """How many ``*.json`` files a prediction run over ``in_dir`` will see."""
    return sum(1 for _ in iter_dir(in_dir))


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
