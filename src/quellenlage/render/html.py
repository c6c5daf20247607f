"""HTML report: one self-contained page per ``Analysis`` (no external assets, works offline).

The article text is hostile input. Everything that comes from it is escaped: the templates run
with autoescaping on, and the highlighted article text is built with ``markupsafe``
(``article.py``). The page carries exactly one script and one style block, pinned by their
SHA-256 in a Content-Security-Policy (``assets.py``). The web server reuses the same pieces
(``report_context``, ``render_report_fragment``) so report and pages look and behave alike.
The report speaks German or English (``i18n``): German by default for German articles.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from ..model import Analysis
from .article import render_article
from .assets import STATUS_INFO, Assets, assets, environment
from .i18n import UI, choose_lang
from .views import build_views, source_chart, status_chart, who_is_quoted

__all__ = [
    "STATUS_INFO",
    "Assets",
    "assets",
    "environment",
    "render_html",
    "render_report_fragment",
    "report_context",
    "safe_url",
]


def safe_url(url: str | None) -> str | None:
    """An http(s) URL to link to, or None: ``javascript:``, ``data:`` and friends never link."""
    if not url:
        return None
    stripped = "".join(ch for ch in url.strip() if ch > " ")
    return url.strip() if re.match(r"^https?://", stripped, re.IGNORECASE) else None


def report_context(analysis: Analysis, lang: str | None = None) -> dict[str, Any]:
    """Everything the report templates need, computed once (also used by the server pages).

    ``lang`` is the reader's language ("de", "en"); None: German for German articles.
    """
    ui = UI(choose_lang(lang, analysis.language))
    events, stmts = build_views(analysis, ui)
    art = analysis.article
    by_status = status_chart(analysis)
    non_asserted = sum(r["n"] for r in by_status["rows"] if r["status"] != "asserted")
    return {
        "ui": ui,
        "lang": ui.lang,
        "analysis": analysis,
        "article": art,
        "meta": art.meta,
        "meta_url": safe_url(art.meta.url),
        "article_html": render_article(analysis, events, stmts, ui),
        "events": events,
        "statements": stmts,
        "status_chart": by_status,
        "source_chart": source_chart(analysis, events, ui),
        "quoted": who_is_quoted(analysis, events, ui),
        "non_asserted": non_asserted,
        "has_denial": any(v.is_denial for v in events) or any(s.is_denial for s in stmts),
    }


def render_report_fragment(analysis: Analysis, lang: str | None = None) -> Markup:
    """The report body (no <html>/<head>), for embedding in pages and notebooks."""
    ctx = report_context(analysis, lang)
    return Markup(environment().get_template("_report.html").render(**ctx))


def render_html(analysis: Analysis, lang: str | None = None) -> str:
    """One self-contained HTML page for an analysis: highlighted article, legend, chart, events."""
    a = assets()
    ctx = report_context(analysis, lang)
    return (
        environment()
        .get_template("report.html")
        .render(**ctx, css=Markup(a.css), js=Markup(a.js), csp=a.csp())
    )
