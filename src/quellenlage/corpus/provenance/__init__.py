"""Claims across outlets: stories, one identity per claim, citations, origin, independent
sources and status by article, over the corpus store (issue 11, DESIGN.md §7).

``run_provenance(db)`` computes everything over a DuckDB store written by ``quellenlage
batch`` and stores it in the tables documented in docs/store.md; ``provenance_output`` does
the same and renders JSON, a terminal table or one HTML file.
"""

from __future__ import annotations

from .result import Provenance
from .run import Options, compute, provenance_output, run_provenance

__all__ = ["Options", "Provenance", "compute", "provenance_output", "run_provenance"]
