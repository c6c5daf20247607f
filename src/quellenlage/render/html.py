"""HTML report: one self-contained page per ``Analysis`` (no external assets, works offline).

The article text is hostile input. Everything that comes from it is escaped: the templates run
with autoescaping on, and the highlighted article text is built here with ``markupsafe``
(``Markup.format`` escapes every argument). The page carries exactly one script and one style
block, both written by us and pinned by their SHA-256 in a Content-Security-Policy, so even a
missed escape could not run injected script. The web server reuses the same pieces
(``report_context``, ``ASSETS``) so report and pages look and behave alike.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from ..model import (
    SOURCE_TYPES,
    STATUSES,
    Analysis,
    Block,
    SpeechEvent,
    Statement,
    Status,
)

# ------------------------------------------------------------------------ status vocabulary

# Okabe-Ito colours (safe for the common colour-vision deficiencies); each status also has its
# own underline style and icon, so colour is never the only carrier of meaning.
STATUS_INFO: dict[Status, dict[str, str]] = {
    "asserted": {
        "label": "asserted",
        "icon": "",
        "colour": "#8C8C8C",
        "line": "none",
        "help": "the outlet's own voice: no source, no hedge",
    },
    "attributed": {
        "label": "attributed",
        "icon": "»",
        "colour": "#0072B2",
        "line": "solid",
        "help": "said or written by a named source",
    },
    "hearsay": {
        "label": "hearsay",
        "icon": "~",
        "colour": "#E69F00",
        "line": "wavy",
        "help": "second-hand: source missing or only gestured at (soll, angeblich)",
    },
    "denied": {
        "label": "denied",
        "icon": "✗",
        "colour": "#D55E00",
        "line": "double",
        "help": "a party rejects the claim",
    },
    "unverified": {
        "label": "unverified",
        "icon": "?",
        "colour": "#CC79A7",
        "line": "dotted",
        "help": "the text says it could not be checked",
    },
    "confirmed": {
        "label": "confirmed",
        "icon": "✓",
        "colour": "#009E73",
        "line": "dashed",
        "help": "a further source confirms it",
    },
}

SOURCE_TYPE_LABELS: dict[str, str] = {
    "person": "person",
    "organisation": "organisation",
    "government": "government",
    "media": "media",
    "social_media": "social media",
    "anonymous": "anonymous",
    "vague": "vague group",
    "document": "document",
    "unknown": "unknown",
    "outlet": "outlet",
}

# Long messages are cut in the event cards; the full text is in the article itself.
MESSAGE_PREVIEW_CHARS = 280

# ------------------------------------------------------------------------------- assets + CSP


@dataclass(frozen=True, slots=True)
class Assets:
    """Our own inline CSS and JS, with the CSP source expressions that allow exactly them."""

    css: str
    js: str
    css_hash: str
    js_hash: str

    def csp(self, *, form_action: str = "'none'", frame_ancestors: bool = False) -> str:
        """The policy: nothing external, only our own style and script, no plugins, no base."""
        parts = [
            "default-src 'none'",
            f"script-src '{self.js_hash}'",
            f"style-src '{self.css_hash}'",
            "img-src data:",
            "base-uri 'none'",
            f"form-action {form_action}",
        ]
        if frame_ancestors:  # only valid in a header, not in a <meta> policy
            parts.append("frame-ancestors 'none'")
        return "; ".join(parts)


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def assets() -> Assets:
    """Load the packaged CSS and JS once; their hashes go into every Content-Security-Policy."""
    base = resources.files("quellenlage.render") / "templates"
    css = (base / "report.css").read_text(encoding="utf-8")
    js = (base / "report.js").read_text(encoding="utf-8")
    # The files are inlined verbatim, so they must not be able to close their own element.
    if "</style" in css.lower() or "</script" in js.lower():  # pragma: no cover - our own files
        raise ValueError("packaged CSS/JS must not contain a closing </style> or </script>")
    return Assets(css=css, js=js, css_hash=_sha256(css), js_hash=_sha256(js))


@cache
def environment() -> Any:
    """The jinja2 environment: package templates, autoescaping for every template."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("quellenlage.render", "templates"),
        autoescape=True,  # all templates, whatever their file extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        STATUS_INFO=STATUS_INFO, STATUSES=STATUSES, SOURCE_TYPE_LABELS=SOURCE_TYPE_LABELS
    )
    return env


# ------------------------------------------------------------------------------- view model


@dataclass(slots=True)
class EventView:
    """A speech event as the report shows it: DOM id, resolved links, chain to display."""

    index: int
    dom_id: str
    event: SpeechEvent
    message_preview: str
    chain: list[dict[str, str | None]]
    parent: EventView | None = None
    target: dict[str, str] | None = None
    statement_dom_ids: list[str] = field(default_factory=list)
    depth: int = 0


@dataclass(slots=True)
class StatementView:
    """A statement with its DOM id, its events and the link to what it is about."""

    index: int
    dom_id: str
    statement: Statement
    events: list[EventView]
    target: dict[str, str] | None
    focusable: bool


def _preview(text: str, limit: int = MESSAGE_PREVIEW_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


_STATEMENT_REF = re.compile(r"^(?:s|st|stmt|statement)?[-_:]?(\d+)$", re.IGNORECASE)


def _build_views(analysis: Analysis) -> tuple[list[EventView], list[StatementView]]:
    events = analysis.speech_events
    statements = analysis.statements
    by_id: dict[str, EventView] = {}
    views: list[EventView] = []
    for i, ev in enumerate(events):
        view = EventView(
            index=i,
            dom_id=f"ev-{i + 1}",
            event=ev,
            message_preview=_preview(ev.message.text),
            chain=[],
        )
        views.append(view)
        by_id.setdefault(ev.id, view)

    stmt_dom = [f"st-{i + 1}" for i in range(len(statements))]
    # Which statements show an event: the ones that list it, else the ones its message touches.
    for view in views:
        ev = view.event
        listed = [stmt_dom[j] for j, st in enumerate(statements) if ev.id in st.events]
        if not listed:
            listed = [
                stmt_dom[j]
                for j, st in enumerate(statements)
                if _overlaps(st.start, st.end, ev.message.start, ev.message.end)
            ]
        view.statement_dom_ids = listed

    def resolve(target: str | None) -> dict[str, str] | None:
        """A target names an event id, or a statement by number ("s3", "3")."""
        if not target:
            return None
        if target in by_id:
            tv = by_id[target]
            first = tv.statement_dom_ids[0] if tv.statement_dom_ids else tv.dom_id
            return {
                "href": "#" + tv.dom_id,
                "goto": first,
                "label": _preview(tv.event.message.text, 120),
                "ref": target,
            }
        m = _STATEMENT_REF.match(target.strip())
        if m:
            n = int(m.group(1))
            # Accept both 1-based "s3" and 0-based "3"; digits alone are indices (0-based).
            j = n if target.strip().isdigit() else n - 1
            if 0 <= j < len(statements):
                return {
                    "href": "#" + stmt_dom[j],
                    "goto": stmt_dom[j],
                    "label": _preview(statements[j].text, 120),
                    "ref": target,
                }
        return {"href": "", "goto": "", "label": target, "ref": target}

    outlet = analysis.article.meta.outlet or "the outlet"
    for view in views:
        ev = view.event
        parent = by_id.get(ev.parent) if ev.parent else None
        view.parent = parent if parent is not view else None
        view.target = resolve(ev.target)
        # Depth for indentation; a broken parent cycle must not loop forever.
        seen, p = {view.index}, view.parent
        while p is not None and p.index not in seen:
            seen.add(p.index)
            view.depth += 1
            p = p.parent
        view.chain = _chain(view, outlet, by_id)

    stmt_views: list[StatementView] = []
    for j, st in enumerate(statements):
        evs = [v for v in views if stmt_dom[j] in v.statement_dom_ids]
        stmt_views.append(
            StatementView(
                index=j,
                dom_id=stmt_dom[j],
                statement=st,
                events=evs,
                target=resolve(st.target),
                focusable=st.status != "asserted" or bool(evs) or bool(st.markers),
            )
        )
    return views, stmt_views


def _chain(
    view: EventView, outlet: str, by_id: dict[str, EventView]
) -> list[dict[str, str | None]]:
    """The attribution chain to show: the engine's own, else outlet → parents' sources → source."""
    ev = view.event
    if ev.chain:
        links = []
        for link in ev.chain:
            target = by_id.get(link.event) if link.event else None
            links.append(
                {
                    "name": link.name,
                    "type": SOURCE_TYPE_LABELS.get(link.type, link.type),
                    "href": "#" + target.dom_id if target else None,
                }
            )
        return links
    path: list[EventView] = []
    seen: set[int] = set()
    node: EventView | None = view
    while node is not None and node.index not in seen:
        seen.add(node.index)
        path.append(node)
        node = node.parent
    links: list[dict[str, str | None]] = [{"name": outlet, "type": "outlet", "href": None}]
    for node in reversed(path):
        src = node.event.source
        links.append(
            {
                "name": (src.canonical or src.text) if src else "unnamed source",
                "type": SOURCE_TYPE_LABELS.get(src.type, src.type) if src else "unknown",
                "href": "#" + node.dom_id,
            }
        )
    return links


# ------------------------------------------------------------------------- highlighted text


def _blocks(analysis: Analysis) -> list[Block]:
    """The structural blocks to render; falls back to paragraphs, then to the whole text."""
    art = analysis.article
    if art.blocks:
        return sorted(art.blocks, key=lambda b: b.start)
    if art.paragraphs:
        return [Block(kind=p.kind, start=p.start, end=p.end) for p in art.paragraphs]
    return [Block(kind="body", start=0, end=len(art.text))] if art.text else []


def _inner_spans(
    start: int, end: int, views: list[EventView]
) -> list[tuple[int, int, str, EventView]]:
    """Source and cue spans inside [start, end), without overlaps (sources win over cues)."""
    candidates: list[tuple[int, int, int, str, EventView]] = []
    for v in views:
        ev = v.event
        if ev.source is not None:
            candidates.append((0, ev.source.start, ev.source.end, "src", v))
        if ev.cue is not None:
            candidates.append((1, ev.cue.start, ev.cue.end, "cue", v))
    taken: list[tuple[int, int, str, EventView]] = []
    for _prio, s, e, kind, v in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        s, e = max(s, start), min(e, end)
        if s >= e or any(_overlaps(s, e, ts, te) for ts, te, _k, _v in taken):
            continue
        taken.append((s, e, kind, v))
    return sorted(taken, key=lambda t: t[0])


def _render_piece(text: str, start: int, end: int, views: list[EventView]) -> Markup:
    out: list[Markup] = []
    pos = start
    for s, e, kind, v in _inner_spans(start, end, views):
        if s > pos:
            out.append(Markup.escape(text[pos:s]))
        src_type = v.event.source.type if v.event.source else "unknown"
        if kind == "src":
            out.append(
                Markup(
                    '<a class="src src-{}" href="#{}" data-goto="{}"'
                    ' title="source ({}) of event {}">{}</a>'
                ).format(
                    src_type,
                    v.dom_id,
                    v.dom_id,
                    SOURCE_TYPE_LABELS.get(src_type, src_type),
                    v.event.id,
                    text[s:e],
                )
            )
        else:
            out.append(Markup('<span class="cue">{}</span>').format(text[s:e]))
        pos = e
    if pos < end:
        out.append(Markup.escape(text[pos:end]))
    return Markup("").join(out)


_BLOCK_TAGS = {
    "kicker": ("p", "kicker"),
    "title": ("h2", "headline"),
    "lead": ("p", "lead"),
    "body": ("p", "body"),
    "subheading": ("h3", "subheading"),
}


def _render_article(
    analysis: Analysis, events: list[EventView], stmts: list[StatementView]
) -> Markup:
    """The clean article text, block by block, with statements, sources and cues marked."""
    text = analysis.article.text
    out: list[Markup] = []
    first_piece: set[int] = set()
    stmts = sorted(stmts, key=lambda sv: (sv.statement.start, sv.statement.end))
    for block in _blocks(analysis):
        b_start, b_end = max(0, block.start), min(len(text), block.end)
        if b_start >= b_end:
            continue
        tag, cls = _BLOCK_TAGS.get(block.kind, ("p", "body"))
        parts: list[Markup] = []
        pos = b_start
        for sv in stmts:
            st = sv.statement
            s, e = max(st.start, b_start), min(st.end, b_end)
            if s >= e:
                continue
            if s < pos:  # overlapping statements: render the overlap once, in the first
                s = pos
                if s >= e:
                    continue
            if s > pos:
                parts.append(Markup.escape(text[pos:s]))
            info = STATUS_INFO[st.status]
            is_first = sv.index not in first_piece
            first_piece.add(sv.index)
            attrs = Markup(' id="{}"').format(sv.dom_id) if is_first else Markup("")
            if sv.focusable and is_first:
                attrs += Markup(' tabindex="0"')
            icon = (
                Markup('<span class="ico" aria-hidden="true">{}</span>').format(info["icon"])
                if info["icon"] and is_first
                else Markup("")
            )
            parts.append(
                Markup(
                    '<mark class="st st-{}" data-st="{}"{} title="{}" aria-describedby="lg-{}">'
                    "{}{}</mark>"
                ).format(
                    st.status,
                    sv.dom_id,
                    attrs,
                    info["label"],
                    st.status,
                    icon,
                    _render_piece(text, s, e, events),
                )
            )
            pos = e
        if pos < b_end:
            parts.append(Markup.escape(text[pos:b_end]))
        out.append(
            Markup('<{} class="blk {}">{}</{}>\n').format(
                Markup(tag), cls, Markup("").join(parts), Markup(tag)
            )
        )
    return Markup("").join(out)


# ---------------------------------------------------------------------------------- charts


def _status_chart(analysis: Analysis) -> dict[str, Any]:
    """Bars for statements by status (from the summary, else counted from the statements)."""
    counts = dict(analysis.summary.by_status)
    if not counts and analysis.statements:
        for st in analysis.statements:
            counts[st.status] = counts.get(st.status, 0) + 1
    total = sum(counts.values())
    rows = []
    x = 0.0
    for status in STATUSES:
        n = counts.get(status, 0)
        share = n / total if total else 0.0
        rows.append(
            {
                "status": status,
                "n": n,
                "share": share,
                "x": round(x * 100, 3),
                "w": round(share * 100, 3),
                "pct": round(share * 100),
            }
        )
        x += share
    return {"rows": rows, "total": total}


def _source_chart(analysis: Analysis, events: list[EventView]) -> dict[str, Any]:
    """Bars for sources by type (summary counts, else counted from the events)."""
    counts = dict(analysis.summary.by_source_type)
    if not counts:
        for v in events:
            if v.event.source is not None:
                counts[v.event.source.type] = counts.get(v.event.source.type, 0) + 1
    top = max(counts.values(), default=0)
    rows = [
        {
            "type": t,
            "label": SOURCE_TYPE_LABELS[t],
            "n": counts[t],
            "w": round(counts[t] / top * 100, 3) if top else 0,
        }
        for t in SOURCE_TYPES
        if counts.get(t)
    ]
    return {"rows": rows, "total": sum(counts.values())}


# ---------------------------------------------------------------------------------- public


def safe_url(url: str | None) -> str | None:
    """An http(s) URL to link to, or None: ``javascript:``, ``data:`` and friends never link."""
    if not url:
        return None
    stripped = "".join(ch for ch in url.strip() if ch > " ")
    return url.strip() if re.match(r"^https?://", stripped, re.IGNORECASE) else None


def report_context(analysis: Analysis) -> dict[str, Any]:
    """Everything the report templates need, computed once (also used by the server pages)."""
    events, stmts = _build_views(analysis)
    art = analysis.article
    by_status = _status_chart(analysis)
    non_asserted = sum(r["n"] for r in by_status["rows"] if r["status"] != "asserted")
    return {
        "analysis": analysis,
        "article": art,
        "meta": art.meta,
        "meta_url": safe_url(art.meta.url),
        "article_html": _render_article(analysis, events, stmts),
        "events": events,
        "statements": stmts,
        "status_chart": by_status,
        "source_chart": _source_chart(analysis, events),
        "non_asserted": non_asserted,
        "present_statuses": [r["status"] for r in by_status["rows"] if r["n"]],
    }


def render_report_fragment(analysis: Analysis) -> Markup:
    """The report body (no <html>/<head>), for embedding in the server's pages."""
    return Markup(environment().get_template("_report.html").render(**report_context(analysis)))


def render_html(analysis: Analysis) -> str:
    """One self-contained HTML page for an analysis: highlighted article, legend, chart, events."""
    a = assets()
    ctx = report_context(analysis)
    return (
        environment()
        .get_template("report.html")
        .render(**ctx, css=Markup(a.css), js=Markup(a.js), csp=a.csp())
    )
