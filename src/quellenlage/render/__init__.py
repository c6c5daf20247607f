"""Outputs: one Analysis → JSON, JSON lines, terminal view, HTML report."""

from __future__ import annotations

from ..model import Analysis


def render(analysis: Analysis, fmt: str, *, color: bool = False) -> str:
    """Render an analysis in the named format ("json", "jsonl", "terminal", "html")."""
    if fmt == "json":
        return analysis.to_json(indent=2) + "\n"
    if fmt == "jsonl":
        return analysis.to_json(indent=None) + "\n"
    if fmt == "terminal":
        from .terminal import render_terminal

        return render_terminal(analysis, color=color)
    if fmt == "html":
        from .html import render_html

        return render_html(analysis)
    raise ValueError(f"unknown format {fmt!r}; known: json, jsonl, terminal, html")
