"""Settings: packaged defaults, partial overrides, one place where options are defined.

Like trafilatura's ``use_config``: every knob lives in ``Settings``; the CLI, the API, the
batch runner and the server build one from defaults plus what the user changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

MiB = 1024 * 1024
MODEL_DIR_ENV = "QUELLENLAGE_MODEL_DIR"


def _model_dir_from_env() -> str | None:
    """The model folder named by ``QUELLENLAGE_MODEL_DIR`` (read here and nowhere else)."""
    return os.environ.get(MODEL_DIR_ENV) or None


@dataclass(frozen=True, slots=True)
class Settings:
    """Options for one analysis run."""

    # Inputs are untrusted: anything larger is refused before it is read into memory.
    max_input_bytes: int = 10 * MiB
    # Texts longer than this (characters, after decoding) are refused by the analyzer.
    max_text_chars: int = 2_000_000
    # Minimum share of German function words for a text to count as German.
    min_german_score: float = 0.04
    # The attribution engine: "default" is the shipped CPU engine.
    engine: str = "default"
    # Seconds an analysis may take in the server/batch before it is abandoned (0 = no limit).
    timeout: float = 0.0
    # A model folder (``quellenlage train --out``) to load the models from; the kinds it lacks
    # come from the shipped models (``modelfiles.py``). Default: $QUELLENLAGE_MODEL_DIR.
    model_dir: str | None = field(default_factory=_model_dir_from_env)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values mean "keep the default"."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(known)}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


DEFAULT_SETTINGS = Settings()
