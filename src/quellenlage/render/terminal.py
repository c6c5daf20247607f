"""Terminal view (rich). PLACEHOLDER: to be written by the assess/render work."""

from __future__ import annotations

from ..model import Analysis


def render_terminal(analysis: Analysis, *, color: bool = False) -> str:
    """The structure, each statement with its status and source, then the summary."""
    return analysis.to_json() + "\n"
