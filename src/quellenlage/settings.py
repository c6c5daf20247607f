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
    # Tokens per sentence: longer "sentences" (text without punctuation) are cut at clause
    # breaks, with a note; this bounds the cost of every per-sentence model.
    max_sentence_tokens: int = 200
    # Seconds an analysis may take before it is abandoned; 0 = the pipeline's own default
    # (``pipeline.DEFAULT_TIMEOUT``; ``analyze(..., timeout=0)`` lifts it). The server and the
    # batch runner also bound each document from outside (their worker timeouts).
    timeout: float = 0.0
    # A model folder (``quellenlage train --out``) to load the models from; the kinds it lacks
    # come from the shipped models (``modelfiles.py``). Default: $QUELLENLAGE_MODEL_DIR.
    model_dir: str | None = field(default_factory=_model_dir_from_env)
    # ---- ingest limits (issue 14): every entry point (files, stdin, API, batch, URLs).
    # HTML pages: characters of markup, elements, and nesting depth. libxml2 silently drops
    # elements nested deeper than 256, so a deeper page is refused, never cut.
    # Real article pages have fewer than 20,000 elements; 40,000 keep a page under ~10 s of CPU.
    max_html_chars: int = 8_000_000
    max_html_elements: int = 40_000
    max_html_depth: int = 200
    # JSONL and CSV: bytes of one physical line, nesting depth of one JSON line.
    max_line_bytes: int = 16 * MiB
    max_json_depth: int = 64
    # Gzipped inputs: decompressed bytes per file, absolute and as a multiple of the
    # compressed size (text compresses 3-10x; a gzip bomb 1000x), never below the floor.
    max_decompressed_bytes: int = 64 * 1024 * MiB
    max_gzip_ratio: int = 200
    gzip_ratio_floor_bytes: int = 256 * MiB
    # ---- fetching URLs (analyze URL, batch --urls, the web API's url field).
    fetch_timeout: float = 20.0  # seconds for the whole download of one page
    fetch_connect_timeout: float = 5.0
    fetch_max_bytes: int = 10 * MiB  # body bytes after decompression
    fetch_max_redirects: int = 5
    fetch_respect_robots: bool = True
    fetch_user_agent: str = ""  # empty: "quellenlage/VERSION (+project URL)"

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given fields changed; ``None`` values mean "keep the default"."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(known)}")
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


DEFAULT_SETTINGS = Settings()
