"""Terminal view with rich: structure, statements marked by status with their sources, summary."""

from __future__ import annotations

from io import StringIO

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..model import STATUSES, Analysis, SpeechEvent

# One colour and one symbol per status, so the view also reads without colour.
STYLE = {
    "asserted": ("white", "·"),
    "attributed": ("cyan", "»"),
    "hearsay": ("yellow", "~"),
    "denied": ("red", "✗"),
    "unverified": ("magenta", "?"),
    "confirmed": ("green", "✓"),
}


def _source_label(event: SpeechEvent) -> str:
    if event.source is None:
        return "no source"
    name = event.source.canonical or event.source.text
    return f"{name} [{event.source.type}]"


def render_terminal(analysis: Analysis, *, color: bool = False, width: int = 100) -> str:
    """The structure, each statement with its status and source, then the summary."""
    buf = StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width)
    art = analysis.article
    if not analysis.supported:
        console.print(f"[bold]Language:[/bold] {analysis.language} — not supported.")
        for note in analysis.summary.notes:
            console.print(note)
        return buf.getvalue()

    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold")
    head.add_column()
    for label, value in (("Kicker", art.kicker), ("Title", art.title), ("Lead", art.lead)):
        if value:
            head.add_row(label, value)
    subheads = [p.text for p in art.paragraphs if p.kind == "subheading"]
    body = sum(1 for p in art.paragraphs if p.kind == "body")
    head.add_row(
        "Body", f"{body} paragraphs" + (f", subheadings: {'; '.join(subheads)}" if subheads else "")
    )
    for m in art.media:
        head.add_row("Media", f"{m.caption}" + (f"  ({m.credit})" if m.credit else ""))
    if art.furniture:
        head.add_row("Removed", " | ".join(art.furniture))
    console.print(Panel(head, title="Structure", expand=True))

    events = {e.id: e for e in analysis.speech_events}
    table = Table(title="Statements", expand=True, show_lines=False)
    table.add_column("", width=2)
    table.add_column("status", width=11)
    table.add_column("statement", ratio=3)
    table.add_column("according to", ratio=2)
    for st in analysis.statements:
        colour, symbol = STYLE[st.status]
        sources = [_source_label(events[i]) for i in st.events if i in events]
        extra = []
        if st.target:
            extra.append(f"about {st.target}")
        extra += [m for m in st.markers if not m.startswith("about:")]
        table.add_row(
            Text(symbol, style=colour),
            Text(st.status, style=colour),
            st.text,
            "; ".join(dict.fromkeys(sources)) + (f"\n({', '.join(extra)})" if extra else ""),
        )
    console.print(table)

    if analysis.speech_events:
        ev = Table(title="Speech events", expand=True)
        for col in ("id", "form", "status", "cue", "source", "message", "chain"):
            ev.add_column(col)
        for e in analysis.speech_events:
            colour, _ = STYLE[e.status]
            status = e.status + (f" → {e.target}" if e.target else "")
            ev.add_row(
                e.id + (f"\n⊂ {e.parent}" if e.parent else ""),
                e.form,
                Text(status, style=colour),
                e.cue.text if e.cue else "",
                _source_label(e),
                e.message.text if len(e.message.text) < 160 else e.message.text[:157] + "…",
                " → ".join(link.name for link in e.chain),
            )
        console.print(ev)

    summ = Table(title="Summary", show_header=False)
    summ.add_column()
    summ.add_column(justify="right")
    summ.add_row("statements", str(analysis.summary.statements))
    for status in STATUSES:
        colour, symbol = STYLE[status]
        summ.add_row(
            Text(f"{symbol} {status}", style=colour), str(analysis.summary.by_status.get(status, 0))
        )
    for typ, n in analysis.summary.by_source_type.items():
        summ.add_row(f"source: {typ}", str(n))
    console.print(summ)
    for note in analysis.summary.notes:
        console.print(f"• {note}")
    return buf.getvalue()
