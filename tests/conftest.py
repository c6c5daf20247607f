"""Test-wide settings: reproducible property tests and the ``shared`` data location.

Hypothesis runs derandomized and without an example database, so that a clean clone in CI
sees exactly the examples a developer saw: a property test cannot fail at random.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import settings

settings.register_profile("quellenlage", derandomize=True, database=None, print_blob=True)
settings.load_profile("quellenlage")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
"""``../shared`` beside the project: tests that read it are marked ``shared`` and skip
without it."""
