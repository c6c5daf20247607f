"""quellenlage: who says what, according to whom, and how sure anyone is, in German news."""

from __future__ import annotations

from .about import __version__
from .model import SCHEMA_VERSION, Analysis
from .pipeline import analyze, analyze_article, analyze_file, analyze_html, analyze_tokens
from .render import frames as _frames  # noqa: F401  (registers the notebook views)
from .render import notebook as _notebook  # noqa: F401

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "__version__",
    "analyze",
    "analyze_article",
    "analyze_file",
    "analyze_html",
    "analyze_tokens",
]
