"""Predict speech events for a directory of SpkAtt files with the analysis engine.

Only Sentences/Tokens of the input are used; any Annotations in it are ignored, so gold files
can be fed in directly. Events come from ``pipeline.attribute_tokens``: the same annotate
stage and engine as ``analyze``. A bad file is recorded and skipped; the rest are written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidInput, MissingExtra, ModelError, QuellenlageError
from ..settings import DEFAULT_SETTINGS, Settings
from .spkatt import iter_dir, read_spkatt, write_spkatt


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
    # Imported here: eval is usable (reading, scoring) without loading the engine.
    from ..pipeline import attribute_tokens

    doc = read_spkatt(in_path, annotations=False)
    _, events = attribute_tokens(doc.sentences, settings=settings)
    write_spkatt(out_path, doc.name, doc.sentences, events)
    return sum(len(s) for s in doc.sentences), len(events)


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
    from ..attribute import get_engine

    in_dir, out_dir = Path(in_dir), Path(out_dir)
    paths = list(iter_dir(in_dir))
    # Make the engine once before the loop: an unknown name or a missing configuration is
    # one clear error, not the same error once per file.
    get_engine(settings.engine)
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
