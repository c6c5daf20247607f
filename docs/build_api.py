"""Build the API reference (HTML) from the docstrings with pdoc; fail on any warning.

python docs/build_api.py [OUT_DIR]      # default: build/api
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

MODULES = (
    "quellenlage",
    "quellenlage.model",
    "quellenlage.pipeline",
    "quellenlage.errors",
    "quellenlage.settings",
    "quellenlage.evidence",
    "quellenlage.render",
    "quellenlage.server",
    "quellenlage.corpus",
    "quellenlage.ingest",
    "quellenlage.eval",
    "quellenlage.spark",
)


def build(out: Path) -> list[str]:
    """Write the reference to ``out``; return the warnings pdoc gave (none is the goal)."""
    import pdoc

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdoc.pdoc(*MODULES, output_directory=out)
    return [f"{w.category.__name__}: {w.message}" for w in caught]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/api")
    problems = build(target)
    for p in problems:
        print(f"docs: warning: {p}", file=sys.stderr)
    print(f"API reference in {target / 'index.html'}", file=sys.stderr)
    sys.exit(1 if problems else 0)
