"""quellenlage: who says what, according to whom, and how sure anyone is, in German news."""

from __future__ import annotations

__version__ = "0.1.0"

from .model import SCHEMA_VERSION, Analysis
from .pipeline import analyze, analyze_article, analyze_file, analyze_html, analyze_tokens

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
