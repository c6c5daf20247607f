"""Outputs: one Analysis → JSON, JSON lines, terminal view, HTML report, Markdown."""

from __future__ import annotations

from ..model import Analysis
from .html import render_html
from .markdown import render_markdown
from .terminal import render_terminal

FORMATS = ("terminal", "json", "jsonl", "html", "md")


def render(
    analysis: Analysis,
    fmt: str,
    *,
    color: bool = False,
    lang: str | None = None,
    width: int | None = None,
    compact: bool = False,
) -> str:
    """Render an analysis in one of ``FORMATS``; ``lang`` is the reader's language (de, en)."""
    if fmt == "json":
        return analysis.to_json(indent=2) + "\n"
    if fmt == "jsonl":
        return analysis.to_json(indent=None) + "\n"
    if fmt == "terminal":
        return render_terminal(analysis, color=color, lang=lang, width=width, compact=compact)
    if fmt == "html":
        return render_html(analysis, lang=lang)
    if fmt == "md":
        return render_markdown(analysis, lang=lang)
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
