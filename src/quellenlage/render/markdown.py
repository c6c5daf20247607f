"""Markdown report with metadata: a YAML front matter block, then summary, who is quoted, the
statements with their status and the speech events, in the reader's language.

The front matter keeps the machine-readable facts (outlet, date, url, counts per status, the
engine); the body is for people and pastes into a ticket, a wiki or a notebook.
"""

from __future__ import annotations

import json

from ..model import STATUSES, Analysis
from .i18n import UI, choose_lang
from .rows import to_markdown
from .views import build_views, who_is_quoted


def _yaml_value(value: object) -> str:
    """A YAML scalar: JSON strings are valid YAML and escape everything that needs it."""
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _front_matter(analysis: Analysis) -> list[str]:
    art = analysis.article
    meta = art.meta
    lines = ["---"]
    for key, value in (
        ("title", art.title),
        ("kicker", art.kicker),
        ("author", meta.author),
        ("date", meta.date),
        ("outlet", meta.outlet),
        ("url", meta.url),
        ("language", analysis.language),
        ("schema_version", analysis.schema_version),
        ("statements", analysis.summary.statements),
        ("speech_events", len(analysis.speech_events)),
    ):
        if value is not None:
            lines.append(f"{key}: {_yaml_value(value)}")
    lines.append("by_status:")
    lines += [f"  {s}: {analysis.summary.by_status.get(s, 0)}" for s in STATUSES]
    if analysis.summary.by_source_type:
        lines.append("by_source_type:")
        lines += [f"  {t}: {n}" for t, n in analysis.summary.by_source_type.items()]
    if analysis.engine:
        lines.append("engine:")
        lines += [f"  {k}: {_yaml_value(v)}" for k, v in analysis.engine.items()]
    lines.append("---")
    return lines


def _md(text: str) -> str:
    """Inline text with Markdown's active characters escaped."""
    out = " ".join(text.split())
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def render_markdown(analysis: Analysis, *, lang: str | None = None) -> str:
    """The analysis as Markdown with YAML front matter."""
    ui = UI(choose_lang(lang, analysis.language))
    art = analysis.article
    lines = _front_matter(analysis)
    lines += ["", f"# {_md(art.title or ui.t('untitled'))}", ""]
    if art.lead:
        lines += [f"*{_md(art.lead)}*", ""]
    total = analysis.summary.statements
    lines += [f"## {ui.t('chart_status')}", ""]
    for s in STATUSES:
        n = analysis.summary.by_status.get(s, 0)
        lines.append(f"- {ui.status(s)}: {n} ({ui.percent(n, total)})")
    lines.append("")
    lines += [f"- {_md(note)}" for note in analysis.summary.notes]
    events, stmts = build_views(analysis, ui)
    quoted = who_is_quoted(analysis, events, ui)
    if quoted:
        lines += [f"## {ui.t('who_quoted')}", ""]
        cols = [ui.t(k) for k in ("col_source", "col_type", "col_statements", "col_share")]
        rows = [[q["name"], q["type_label"], q["statements"], q["share_text"]] for q in quoted]
        lines += [to_markdown(cols, rows)]
    lines += [f"## {ui.t('nav_statements')}", ""]
    for i, sv in enumerate(stmts, 1):
        label = ui.denial() if sv.is_denial else ui.status(sv.statement.status)
        sources = "; ".join(
            dict.fromkeys(
                (v.event.source.canonical or v.event.source.text)
                for v in sv.events
                if v.event.source is not None
            )
        )
        tail = f" — {ui.t('ev_source')}: {_md(sources)}" if sources else ""
        lines.append(f"{i}. **{label}**: {_md(sv.statement.text)}{tail}")
    if events:
        lines += ["", f"## {ui.t('events')}", ""]
        for v in events:
            ev = v.event
            status = ui.denial() if v.is_denial else ui.status(ev.status)
            src = (ev.source.canonical or ev.source.text) if ev.source else ui.t("ev_none_named")
            target = f" → {ev.target}" if ev.target else ""
            lines.append(
                f"- `{ev.id}` {ui.form(ev.form)}, {status}{target}: **{_md(src)}**: "
                f"„{_md(v.message_preview)}“"
            )
    return "\n".join(lines).rstrip() + "\n"
