"""Terminal view with rich: summary first, then who is quoted, the statements, the events.

The view fits the terminal (or ``width``): text wraps at word boundaries under a hanging
indent instead of being squeezed into table columns, so an 80-column terminal reads as well
as a wide one. ``compact`` prints one line per statement (cut with an ellipsis). Every status
has a symbol as well as a colour, so the view also reads without colour.
"""

from __future__ import annotations

import shutil
from io import StringIO

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from ..model import STATUSES, Analysis, SpeechEvent, Statement
from .i18n import UI, choose_lang
from .views import build_views, who_is_quoted

STYLE = {
    "asserted": ("white", "·"),
    "attributed": ("cyan", "»"),
    "hearsay": ("yellow", "~"),
    "denied": ("red", "✗"),
    "unverified": ("magenta", "?"),
    "confirmed": ("green", "✓"),
}
DENIAL = ("red", "⊘")
MIN_WIDTH = 40
MAX_WIDTH = 160


def terminal_width(width: int | None = None) -> int:
    """``width`` if given, else the terminal's (``COLUMNS`` honoured), within 40..160."""
    cols = width or shutil.get_terminal_size((100, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, cols))


def _source_label(event: SpeechEvent, ui: UI) -> str:
    if event.source is None:
        return ui.t("ev_none_named")
    name = event.source.canonical or event.source.text
    return f"{name} ({ui.source_type(event.source.type)})"


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def _summary(console: Console, analysis: Analysis, ui: UI) -> None:
    art = analysis.article
    meta = art.meta
    console.print(Text(art.title or ui.t("untitled"), style="bold"))
    where = " · ".join(x for x in (meta.outlet, meta.date, meta.author) if x)
    if where:
        console.print(Text(where, style="dim"))
    summ = analysis.summary
    total = summ.statements or sum(summ.by_status.values())
    console.print(Text(f"{ui.t('chart_status')} ({total}):", style="bold"))
    # Entries are packed into lines by hand: a line breaks between entries, never inside one.
    line = Text("  ")
    for status in STATUSES:
        n = summ.by_status.get(status, 0)
        colour, symbol = STYLE[status]
        entry = Text(f"{symbol} {ui.status(status)} {n}", style=colour)
        if n:
            entry.append(f" ({ui.percent(n, total, 0)})", style="dim")
        if len(line) > 2 and len(line) + 2 + len(entry) > console.width:
            console.print(line, no_wrap=True, overflow="ellipsis")
            line = Text("  ")
        if len(line) > 2:
            line.append("  ")
        line.append_text(entry)
    console.print(line, no_wrap=True, overflow="ellipsis")
    if summ.by_source_type:
        types = ", ".join(f"{ui.source_type(t)} {n}" for t, n in summ.by_source_type.items())
        console.print(Text(f"{ui.t('chart_sources')}: ", style="bold") + Text(types))
    for note in summ.notes:
        console.print(Padding(Text(f"• {note}"), (0, 0, 0, 2)))


def _quoted(console: Console, analysis: Analysis, ui: UI, width: int) -> None:
    events, _stmts = build_views(analysis, ui)
    rows = who_is_quoted(analysis, events, ui)
    if not rows:
        return
    console.print(Text(f"\n{ui.t('who_quoted')}:", style="bold"))
    for r in rows:
        passages = ", ".join(p[3:] for p in r["passages"])
        line = (
            f"{r['name']} ({r['type_label']}) · {ui.t('col_statements')} {r['statements']} · "
            f"{ui.t('col_share')} {r['share_text']} · {ui.t('col_passages')} {passages}"
        )
        console.print(Padding(Text(_cut(line, width - 2)), (0, 0, 0, 2)))


def _statement_label(st: Statement, denial: bool, ui: UI) -> tuple[str, str, str]:
    colour, symbol = DENIAL if denial else STYLE[st.status]
    return colour, symbol, ui.denial() if denial else ui.status(st.status)


def _statements(console: Console, analysis: Analysis, ui: UI, width: int, compact: bool) -> None:
    events = {e.id: e for e in analysis.speech_events}
    _evs, views = build_views(analysis, ui)
    console.print(Text(f"\n{ui.t('nav_statements')}:", style="bold"))
    for i, (st, sv) in enumerate(zip(analysis.statements, views, strict=True), 1):
        colour, symbol, label = _statement_label(st, sv.is_denial, ui)
        sources = "; ".join(
            dict.fromkeys(_source_label(events[e], ui) for e in st.events if e in events)
        )
        head = Text(f"{i:>3} {symbol} ", style=colour)
        if compact:
            room = width - len(head) - len(label) - 3
            tail = f" ← {sources}" if sources else ""
            tail = _cut(tail, min(len(tail), room // 3))
            text = _cut(st.text, max(8, room - len(tail)))
            line = head + Text(label, style=colour) + Text(" │ " + text)
            line.append(tail, style="dim")
            console.print(line, no_wrap=True, overflow="ellipsis")
            continue
        console.print(head + Text(label, style=f"bold {colour}"))
        console.print(Padding(Text(" ".join(st.text.split())), (0, 0, 0, 6)))
        extra = [m for m in st.markers if not m.startswith("about:")]
        if st.target:
            extra.insert(0, f"{ui.t('verb_about')} {st.target}")
        if sources or extra:
            note = (f"{ui.t('ev_source')}: {sources}" if sources else "") + (
                f" ({', '.join(extra)})" if extra else ""
            )
            console.print(Padding(Text(note.strip(), style="dim"), (0, 0, 0, 6)))


def _events(console: Console, analysis: Analysis, ui: UI, width: int) -> None:
    if not analysis.speech_events:
        return
    console.print(Text(f"\n{ui.t('events')}:", style="bold"))
    for e in analysis.speech_events:
        denial = e.status == "denied" and bool(e.target)
        colour, symbol = DENIAL if denial else STYLE[e.status]
        status = ui.denial() if denial else ui.status(e.status)
        head = Text(f"{e.id:>4} {symbol} ", style=colour)
        head.append(f"{ui.form(e.form)} · {status}", style=colour)
        if e.target:
            head.append(f" → {e.target}", style=colour)
        if e.parent:
            head.append(f" ⊂ {e.parent}", style="dim")
        console.print(head)
        message = _cut(e.message.text.strip().strip('"„“”»«'), 2 * width)
        body = f"{_source_label(e, ui)}: „{message}“"
        console.print(Padding(Text(body), (0, 0, 0, 7)))
        if e.chain:
            chain = " → ".join(link.name for link in e.chain)
            console.print(Padding(Text(chain, style="dim"), (0, 0, 0, 7)))


def _structure(console: Console, analysis: Analysis, ui: UI, width: int) -> None:
    art = analysis.article
    bits = []
    if art.kicker:
        bits.append(art.kicker)
    subheads = [p.text for p in art.paragraphs if p.kind == "subheading"]
    body = sum(1 for p in art.paragraphs if p.kind == "body")
    bits.append(f"{body} ¶" + (f" ({'; '.join(subheads)})" if subheads else ""))
    console.print(Text(f"\n{ui.t('article_text')}: ", style="bold") + Text(" · ".join(bits)))
    for m in art.media:
        console.print(
            Padding(Text(f"▣ {m.caption}" + (f" ({m.credit})" if m.credit else "")), (0, 0, 0, 2))
        )
    if art.furniture:
        line = f"{ui.t('furniture')}: " + " | ".join(art.furniture)
        console.print(Padding(Text(_cut(line, 3 * width), style="dim"), (0, 0, 0, 2)))


def render_terminal(
    analysis: Analysis,
    *,
    color: bool = False,
    width: int | None = None,
    compact: bool = False,
    lang: str | None = None,
) -> str:
    """Summary first, then who is quoted, the statements and (unless compact) the events."""
    width = terminal_width(width)
    ui = UI(choose_lang(lang, analysis.language))
    buf = StringIO()
    console = Console(
        file=buf, force_terminal=color, no_color=not color, width=width, highlight=False
    )
    if not analysis.supported:
        console.print(Text(f"{ui.t('not_analysed')}: {analysis.language}", style="bold"))
        for note in analysis.summary.notes:
            console.print(note)
        return buf.getvalue()
    _summary(console, analysis, ui)
    _quoted(console, analysis, ui, width)
    _statements(console, analysis, ui, width, compact)
    if not compact:
        _events(console, analysis, ui, width)
        _structure(console, analysis, ui, width)
    if color:
        return buf.getvalue()
    # rich pads indented blocks to the full width; plain text needs no trailing blanks.
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))
