"""Provenance as pages: the story timeline, the claims with their variants, a terminal table.

The HTML follows the report's rules (``render.html``): every text from an article is escaped
by the templates' autoescaping, links only go to http(s) or to our own pages, and the one
style block is pinned by its hash in the Content-Security-Policy; these pages need no script
of their own. The timeline is an SVG drawn from attributes only (no inline styles, which the
policy forbids): one lane per outlet, one marker per article at its publication instant,
coloured and marked with the icon of the status the article leaves the story's main claim in,
and an arrow from each citing article to the article it relays.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from io import StringIO
from typing import Any

from markupsafe import Markup
from rich.console import Console
from rich.table import Table

from ...render.assets import STATUS_INFO, assets, environment
from ...render.html import safe_url
from ...render.i18n import UI
from .result import ClaimOut, Provenance
from .views import ArticleInfo, Fetch, StoryPage, story_list, story_page

LEFT, WIDTH, LANE, TOP = 190.0, 940.0, 38.0, 34.0


@dataclass(frozen=True, slots=True)
class Links:
    """Where a page links to: the server's pages, or anchors inside one file."""

    article: Callable[[ArticleInfo], str]
    story: Callable[[str], str]
    claim: Callable[[str], str]


def dom_id(prefix: str, key: str) -> str:
    """A safe element id for any article id."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


SERVER_LINKS = Links(
    article=lambda a: f"/corpus/articles/{a.doc_id}",
    story=lambda s: f"/corpus/stories/{s}",
    claim=lambda c: f"/corpus/claims/{c}",
)
FILE_LINKS = Links(
    article=lambda a: "#" + dom_id("art", a.article_id),
    story=lambda s: f"#{s}",
    claim=lambda c: f"#{c}",
)


def _instant(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _label(value: str | None) -> str:
    return value.replace("T", " ").replace("Z", " UTC") if value else "undated"


def main_claim(page: StoryPage) -> ClaimOut | None:
    """The claim most of the story's articles carry (ties: the earliest)."""
    if not page.claims:
        return None
    return max(page.claims, key=lambda c: (len(c.status_by_article), -page.claims.index(c)))


def timeline(page: StoryPage, links: Links, claim: ClaimOut | None) -> dict[str, Any]:
    """Geometry of the story timeline: lanes, markers, citation arrows, time ticks."""
    lanes: list[str] = []
    for a in page.articles:
        outlet = a.outlet or "(no outlet)"
        if outlet not in lanes:
            lanes.append(outlet)
    times = [t for t in (_instant(a.published) for a in page.articles) if t is not None]
    t0, t1 = (min(times), max(times)) if times else (0.0, 1.0)
    span = max(t1 - t0, 3600.0)
    right = WIDTH - 40.0

    def x_of(a: ArticleInfo) -> float:
        t = _instant(a.published)
        return right + 20.0 if t is None else LEFT + (t - t0) / span * (right - LEFT)

    statuses = claim.status_by_article if claim else {}
    markers, where = [], {}
    for a in page.articles:
        y = TOP + lanes.index(a.outlet or "(no outlet)") * LANE
        x = x_of(a)
        where[a.article_id] = (x, y)
        status = statuses.get(a.article_id)
        info = STATUS_INFO.get(status) if status else None
        markers.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "href": links.article(a),
                "article": a.article_id,
                "outlet": a.outlet or "",
                "status": status or "none",
                "colour": info["colour"] if info else "#FFFFFF",
                "icon": info["icon"] if info else "",
                "origin": claim is not None and claim.origin_article == a.article_id,
                "title": f"{a.outlet or ''} · {_label(a.published)} · {status or 'claim absent'}"
                f" · {a.title or a.article_id}",
            }
        )
    arrows = _arrows(page, links, where)
    ticks = [
        {
            "x": round(LEFT + f * (right - LEFT), 1),
            "label": _label(_iso(t0 + f * span)),
            "anchor": anchor,
        }
        for f, anchor in ((0.0, "start"), (0.5, "middle"), (1.0, "end"))
        if times
    ]
    height = TOP + max(1, len(lanes)) * LANE + 10
    return {
        "width": WIDTH,
        "height": round(height, 1),
        "lanes": [{"name": n, "y": TOP + i * LANE} for i, n in enumerate(lanes)],
        "markers": markers,
        "arrows": arrows,
        "ticks": ticks,
        "left": LEFT,
        "right": right,
    }


def _arrows(
    page: StoryPage, links: Links, where: dict[str, tuple[float, float]]
) -> list[dict[str, Any]]:
    """One arrow per citation from the citing article's marker to the cited one's."""
    arrows = []
    by_id = {a.article_id: a for a in page.articles}
    for c in page.citations:
        if c.cited_article in where and c.article in where and c.cited_article != c.article:
            (x1, y1), (x2, y2) = _trim(where[c.article], where[c.cited_article])
            bend = -28.0 if y1 == y2 else 0.0
            mx, my = (x1 + x2) / 2 + (18.0 if y1 != y2 else 0.0), (y1 + y2) / 2 + bend
            arrows.append(
                {
                    "d": f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}",
                    "href": links.article(by_id[c.cited_article]),
                    "from": c.article,
                    "to": c.cited_article,
                    "title": f"{c.article} cites {c.cited}: {c.text[:120]}",
                }
            )
    return arrows


def _trim(a: tuple[float, float], b: tuple[float, float]) -> tuple[tuple[float, ...], ...]:
    """The arrow from marker ``a`` to marker ``b``, starting and ending at their rims."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    ux, uy = dx / length, dy / length
    return (a[0] + ux * 10, a[1] + uy * 10), (b[0] - ux * 13, b[1] - uy * 13)


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%MZ")


def claim_view(claim: ClaimOut, page: StoryPage, links: Links) -> dict[str, Any]:
    """A claim block: wording, speaker, origin, sources, status per article, variants."""
    by_id = {a.article_id: a for a in page.articles}
    chips = []
    for art_id, status in claim.status_by_article.items():
        a = by_id.get(art_id)
        chips.append(
            {
                "outlet": (a.outlet if a else None) or art_id,
                "time": _label(a.published if a else None),
                "status": status,
                "href": links.article(a) if a else "",
            }
        )
    chips.sort(key=lambda c: (c["time"] == "undated", c["time"]))
    variants = []
    for o in claim.occurrences:
        a = by_id.get(o.article)
        variants.append(
            {
                "outlet": (a.outlet if a else None) or o.article,
                "time": _label(a.published if a else None),
                "href": links.article(a) if a else "",
                "text": o.text,
                "status": o.status,
                "form": o.form,
                "relays": o.relays,
                "source": o.source,
            }
        )
    origin = by_id.get(claim.origin_article or "")
    return {
        "claim": claim,
        "wording": claim.canonical.strip(" \"„“”»«'"),
        "href": links.claim(claim.id),
        "origin_outlet": origin.outlet if origin else claim.origin_article,
        "origin_href": links.article(origin) if origin else "",
        "chips": chips,
        "variants": variants,
    }


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@cache
def page_assets() -> tuple[str, str, str]:
    """The pages' one style block (the report's CSS and ours), the report's script, and the
    Content-Security-Policy source expressions that allow exactly them."""
    own = (resources.files("quellenlage.render") / "templates" / "story.css").read_text("utf-8")
    if "</style" in own.lower():  # pragma: no cover - our own file
        raise ValueError("story.css must not contain a closing </style>")
    css = assets().css + "\n" + own
    return css, assets().js, _sha256(css)


def csp(*, server: bool) -> str:
    """The policy of these pages: our style (and, on the server, the report's script) only."""
    _css, _js, css_hash = page_assets()
    parts = [
        "default-src 'none'",
        f"script-src '{assets().js_hash}'" if server else "script-src 'none'",
        f"style-src '{css_hash}'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'self'" if server else "form-action 'none'",
    ]
    if server:
        parts.append("frame-ancestors 'none'")
    return "; ".join(parts)


def story_context(page: StoryPage, links: Links) -> dict[str, Any]:
    """What the story templates need."""
    main = main_claim(page)
    order = sorted(page.claims, key=lambda c: (-len(c.status_by_article), c.first_seen or "~"))
    articles = [
        {
            "info": a,
            "dom": dom_id("art", a.article_id),
            "href": links.article(a),
            "url": safe_url(a.url),
            "time": _label(a.published),
            "citations": [c for c in page.citations if c.article == a.article_id],
        }
        for a in page.articles
    ]
    return {
        "page": page,
        "story": page.story,
        "story_href": links.story(page.story.id),
        "main": main,
        "timeline": timeline(page, links, main),
        "claims": [claim_view(c, page, links) for c in order],
        "articles": articles,
    }


FILE_STORIES = 500  # stories shown in full in the one-file report, the largest first


def render_file(fetch: Fetch) -> str:
    """The one self-contained HTML file: every story with two or more articles in full (the
    same sections as the server's story pages), the others listed."""
    css, _js, _h = page_assets()
    pages = [story_page(fetch, s.id) for s in story_list(fetch, limit=FILE_STORIES)]
    contexts = [story_context(p, FILE_LINKS) for p in pages if p is not None]
    singles = [s for s in story_list(fetch, min_articles=1, limit=100_000) if s.n_articles == 1]
    articles = [a for ctx in contexts for a in ctx["articles"]]
    counts = fetch(
        "SELECT (SELECT count(*) FROM story_articles), (SELECT count(*) FROM claims), "
        "(SELECT count(*) FROM citations)",
        [],
    )[0]
    return (
        environment()
        .get_template("story_file.html")
        .render(
            css=Markup(css),
            csp=csp(server=False),
            ui=UI("en"),  # the file's own words are English, so are its status names
            lang="en",
            stories=contexts,
            singles=singles,
            articles=articles,
            n_articles=counts[0],
            n_claims=counts[1],
            n_citations=counts[2],
        )
    )


def render_table(result: Provenance, *, top: int = 20) -> str:
    """A terminal summary: the largest stories and their most repeated claims."""
    out = StringIO()
    console = Console(file=out, width=150, color_system=None)
    n_multi = sum(1 for s in result.stories if len(s.articles) > 1)
    console.print(
        f"{len(result.stories)} stories ({n_multi} with several articles), "
        f"{len(result.claims)} claims, {len(result.citations)} citations"
    )
    stories = sorted(result.stories, key=lambda s: (-len(s.articles), s.first_seen or "~"))[:top]
    table = Table("story", "articles", "outlets", "first seen", "title")
    for s in stories:
        table.add_row(
            s.id, str(len(s.articles)), str(len(s.outlets)), s.first_seen or "", s.title or ""
        )
    console.print(table)
    claims = sorted(result.claims, key=lambda c: (-len(c.status_by_article), c.first_seen or "~"))
    table = Table("claim", "articles", "origin", "first article", "sources", "speaker", "claim")
    for c in claims[:top]:
        table.add_row(
            c.id,
            str(len(c.status_by_article)),
            c.origin,
            c.origin_article or "",
            str(c.independent_sources),
            c.speaker or "",
            c.canonical[:70],
        )
    console.print(table)
    return out.getvalue()
