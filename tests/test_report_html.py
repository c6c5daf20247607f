"""The HTML report, on hand-built analyses: structure, links, escaping, CSP.

The analyses are built here by hand (all six statuses, a nested event with a chain, a denial
and an unverified note with targets), so these tests do not depend on the engine's quality.
``sample_analysis`` and ``xss_analysis`` are also used by the server and browser tests.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_mod
import itertools
import re
from html.parser import HTMLParser

import pytest

from quellenlage.model import (
    STATUSES,
    Analysis,
    Article,
    ArticleMeta,
    Block,
    ChainLink,
    MediaItem,
    Paragraph,
    Source,
    Span,
    SpeechEvent,
    Statement,
    Summary,
)
from quellenlage.render import render
from quellenlage.render.html import assets, render_html, safe_url

# ------------------------------------------------------------------------------ fixtures

SAMPLE_BLOCKS: list[tuple[str, str]] = [
    ("kicker", "Energie"),
    ("title", "Minister soll Kraftwerk verkauft haben"),
    (
        "lead",
        "Der Energieminister soll ein staatliches Kraftwerk heimlich verkauft haben. "
        "Das Ministerium bestreitet das.",
    ),
    (
        "body",
        'Laut einem Bericht der Zeitung "Morgenpost" hat der Minister den Vertrag schon im Mai '
        "unterschrieben. Das Ministerium wies den Bericht als haltlos zurück.",
    ),
    ("subheading", "Ein Posting und ein Zitat"),
    (
        "body",
        "Laut einem Posting des Journalisten Max Beispiel antwortete die Regierung knapp: "
        '"Kein Kommentar." Das Zitat konnte nicht unabhängig überprüft werden.',
    ),
    (
        "body",
        "Die Staatsanwaltschaft bestätigte den Eingang einer Anzeige. "
        "Der Strompreis stieg im Mai um drei Prozent.",
    ),
]


def _article(blocks: list[tuple[str, str]], **extra) -> Article:
    parts, out_blocks, paragraphs, pos = [], [], [], 0
    for kind, text in blocks:
        parts.append(text)
        out_blocks.append(Block(kind=kind, start=pos, end=pos + len(text)))
        if kind in ("body", "subheading"):
            paragraphs.append(Paragraph(text=text, kind=kind, start=pos, end=pos + len(text)))
        pos += len(text) + 2
    text = "\n\n".join(parts)
    by_kind = {k: t for k, t in blocks}
    return Article(
        kicker=by_kind.get("kicker"),
        title=by_kind.get("title"),
        lead=by_kind.get("lead"),
        paragraphs=paragraphs,
        text=text,
        blocks=out_blocks,
        **extra,
    )


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(text=needle, start=start, end=start + len(needle))


def _statement(text: str, needle: str, status: str, **kw) -> Statement:
    s = _span(text, needle)
    return Statement(text=s.text, start=s.start, end=s.end, status=status, **kw)


def _source(text: str, needle: str, type_: str, canonical: str | None = None) -> Source:
    s = _span(text, needle)
    return Source(text=s.text, start=s.start, end=s.end, type=type_, canonical=canonical)


def _summary(statements: list[Statement], events: list[SpeechEvent]) -> Summary:
    by_status: dict[str, int] = {}
    for st in statements:
        by_status[st.status] = by_status.get(st.status, 0) + 1
    by_type: dict[str, int] = {}
    for ev in events:
        if ev.source is not None:
            by_type[ev.source.type] = by_type.get(ev.source.type, 0) + 1
    return Summary(
        statements=len(statements),
        by_status=by_status,
        by_source_type=by_type,
        speech_events=len(events),
    )


def sample_analysis() -> Analysis:
    """A small article with every status, a nested event with a chain and two targets."""
    art = _article(
        SAMPLE_BLOCKS,
        media=[MediaItem(caption="Das Kraftwerk am Fluss.", credit="Foto: Beispiel")],
        furniture=["Teilen", "1/3", "Gehe zur Galerie"],
        meta=ArticleMeta(outlet="Beispielblatt", date="2026-11-25", url="https://example.org/a"),
    )
    t = art.text
    events = [
        SpeechEvent(
            id="e1",
            form="Indirect",
            medium="Writing",
            cue=_span(t, "Laut"),
            message=_span(t, "hat der Minister den Vertrag schon im Mai unterschrieben"),
            source=_source(t, 'Zeitung "Morgenpost"', "media", "Morgenpost"),
            status="attributed",
            evidence=["rule:laut-NP"],
        ),
        SpeechEvent(
            id="e2",
            form="Reported",
            cue=_span(t, "wies"),
            message=_span(t, "den Bericht als haltlos"),
            source=_source(t, "Das Ministerium wies", "government", "Energieministerium"),
            status="denied",
            target="e1",
            markers=["zurückweisen"],
        ),
        SpeechEvent(
            id="e3",
            form="Indirect",
            medium="Writing",
            cue=_span(t, "Laut", t.index("Posting") - 20),
            message=_span(t, 'antwortete die Regierung knapp: "Kein Kommentar."'),
            source=_source(t, "Max Beispiel", "person"),
            status="attributed",
        ),
        SpeechEvent(
            id="e4",
            form="Direct",
            medium="Speech",
            cue=_span(t, "antwortete"),
            message=_span(t, '"Kein Kommentar."'),
            source=_source(t, "die Regierung", "government", "Regierung"),
            parent="e3",
            status="unverified",
            chain=[
                ChainLink(name="Beispielblatt", type="outlet"),
                ChainLink(name="Posting", type="social_media"),
                ChainLink(name="Max Beispiel", type="person", event="e3"),
                ChainLink(name="Regierung", type="government", event="e4"),
            ],
        ),
        SpeechEvent(
            id="e5",
            form="Reported",
            cue=_span(t, "bestätigte"),
            message=_span(t, "den Eingang einer Anzeige"),
            source=_source(t, "Die Staatsanwaltschaft", "organisation"),
            status="confirmed",
        ),
    ]
    statements = [
        _statement(
            t, "Minister soll Kraftwerk verkauft haben", "hearsay", markers=["soll"], block="title"
        ),
        _statement(
            t,
            "Der Energieminister soll ein staatliches Kraftwerk heimlich verkauft haben.",
            "hearsay",
            markers=["soll"],
            block="lead",
        ),
        _statement(t, "Das Ministerium bestreitet das.", "denied", block="lead"),
        _statement(
            t,
            'Laut einem Bericht der Zeitung "Morgenpost" hat der Minister den Vertrag '
            "schon im Mai unterschrieben.",
            "attributed",
            events=["e1"],
        ),
        _statement(
            t,
            "Das Ministerium wies den Bericht als haltlos zurück.",
            "denied",
            events=["e2"],
            target="e1",
        ),
        _statement(t, "Ein Posting und ein Zitat", "asserted", block="subheading"),
        _statement(
            t,
            "Laut einem Posting des Journalisten Max Beispiel antwortete die Regierung "
            'knapp: "Kein Kommentar."',
            "attributed",
            events=["e3", "e4"],
        ),
        _statement(
            t,
            "Das Zitat konnte nicht unabhängig überprüft werden.",
            "unverified",
            target="e4",
            markers=["nicht unabhängig überprüft"],
        ),
        _statement(
            t,
            "Die Staatsanwaltschaft bestätigte den Eingang einer Anzeige.",
            "confirmed",
            events=["e5"],
        ),
        _statement(t, "Der Strompreis stieg im Mai um drei Prozent.", "asserted"),
    ]
    return Analysis(
        language="de",
        article=art,
        speech_events=events,
        statements=statements,
        summary=_summary(statements, events),
        engine={"quellenlage": "test"},
    )


XSS_MARK = "__xss"
# Payloads that would set window.__xss if anything rendered them as markup or script.
XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    "<svg onload=window.__xss=3>",
    "</style><script>window.__xss=4</script>",
    "</textarea><script>window.__xss=5</script>",
    '<a href="javascript:window.__xss=6">klick</a>',
    '"\'><iframe srcdoc="<script>parent.__xss=7</script>">',
    "</template><script>window.__xss=8</script>",
]


def xss_text() -> str:
    """A German article stuffed with XSS payloads (also used as server and browser input)."""
    lines = [
        "Angriff " + XSS_PAYLOADS[0],
        "Der Sprecher sagte, es gebe " + XSS_PAYLOADS[1] + " keine Gefahr.",
        "Laut der Polizei soll " + XSS_PAYLOADS[2] + " niemand verletzt worden sein.",
        "Die Regierung bestritt " + XSS_PAYLOADS[3] + " den Bericht.",
        "Das konnte nicht überprüft werden " + XSS_PAYLOADS[4] + " und ist unbestätigt.",
        "Die Zeitung berichtete " + XSS_PAYLOADS[5] + " über den Fall und die Folgen.",
        "Ein Beamter bestätigte " + XSS_PAYLOADS[6] + " den Vorfall am Montag.",
        "Am Abend war es wieder ruhig in der Stadt " + XSS_PAYLOADS[7] + " und die Leute gingen.",
    ]
    return "\n\n".join(lines)


def xss_analysis() -> Analysis:
    """Every free-text field of an Analysis filled with hostile markup."""
    blocks = [("title", "Angriff " + XSS_PAYLOADS[0])] + [
        ("body", line) for line in xss_text().split("\n\n")[1:]
    ]
    art = _article(
        blocks,
        media=[MediaItem(caption=XSS_PAYLOADS[1], credit=XSS_PAYLOADS[3])],
        furniture=[XSS_PAYLOADS[4], XSS_PAYLOADS[7]],
        meta=ArticleMeta(
            outlet=XSS_PAYLOADS[2], url="javascript:window.__xss=9", author=XSS_PAYLOADS[6]
        ),
    )
    t = art.text
    statuses = [*STATUSES, "asserted", "asserted"]
    statements = []
    for i, block in enumerate(art.blocks):
        statements.append(
            Statement(
                text=t[block.start : block.end],
                start=block.start,
                end=block.end,
                status=statuses[i % len(statuses)],
                markers=[XSS_PAYLOADS[i % len(XSS_PAYLOADS)]],
                target=XSS_PAYLOADS[5] if i == 3 else None,
                events=["<e1>"] if i == 1 else [],
            )
        )
    src = _span(t, "Der Sprecher")
    events = [
        SpeechEvent(
            id="<e1>",
            form="Indirect",
            cue=_span(t, "sagte"),
            message=_span(t, XSS_PAYLOADS[1]),
            source=Source(
                text=src.text,
                start=src.start,
                end=src.end,
                type="person",
                canonical=XSS_PAYLOADS[0],
            ),
            status="attributed",
            markers=[XSS_PAYLOADS[3]],
            evidence=[XSS_PAYLOADS[5]],
            chain=[ChainLink(name=XSS_PAYLOADS[6], type="outlet", event="<e1>")],
            target="\"'><script>window.__xss=10</script>",
        )
    ]
    summary = _summary(statements, events)
    summary.notes.append(XSS_PAYLOADS[7])
    return Analysis(
        language="de",
        article=art,
        speech_events=events,
        statements=statements,
        summary=summary,
        engine={"quellenlage": XSS_PAYLOADS[0]},
    )


# ------------------------------------------------------------------------------ a parser


class _Collector(HTMLParser):
    """Collects tags with attributes and the text of <script> and <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag
            self.raw[tag].append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.raw[self._in][-1] += data


def parse(html: str) -> _Collector:
    p = _Collector()
    p.feed(html)
    p.close()
    return p


def _by_attr(p: _Collector, tag: str, **want: str) -> list[dict[str, str | None]]:
    return [a for t, a in p.tags if t == tag and all(a.get(k) == v for k, v in want.items())]


def _classes(attrs: dict[str, str | None]) -> set[str]:
    return set((attrs.get("class") or "").split())


# ------------------------------------------------------------------------------ tests


def test_render_dispatches_html():
    html = render(sample_analysis(), "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "</html>" in html


def test_every_statement_is_marked_with_its_status():
    a = sample_analysis()
    p = parse(render_html(a))
    marks = [attrs for tag, attrs in p.tags if tag == "mark" and "st" in _classes(attrs)]
    in_text = [m for m in marks if "sample" not in _classes(m)]
    seen: dict[str, set[str]] = {}
    for m in in_text:
        status = next(c[3:] for c in _classes(m) if c.startswith("st-"))
        seen.setdefault(m["data-st"], set()).add(status)
    assert len(seen) == len(a.statements)
    for i, st in enumerate(a.statements):
        assert seen[f"st-{i + 1}"] == {st.status}


def test_marks_contain_the_statement_text():
    a = sample_analysis()
    html = render_html(a)
    # The denied lead sentence is wrapped whole in its mark (the icon comes first).
    m = re.search(r'<mark class="st st-denied" data-st="st-3"[^>]*>(.*?)</mark>', html, re.S)
    assert m is not None
    assert re.sub(r"<[^>]+>", "", m.group(1)).endswith("Das Ministerium bestreitet das.")


def test_legend_lists_all_statuses_with_distinct_styles():
    html = render_html(sample_analysis())
    p = parse(html)
    for status in STATUSES:
        assert _by_attr(p, "li", id=f"lg-{status}"), status
    css = assets().css
    styles = set()
    for status in STATUSES:
        m = re.search(rf"mark\.st-{status} \{{([^}}]*)\}}", css)
        assert m, status
        styles.add(m.group(1))
    assert len(styles) == len(STATUSES)  # an underline style of its own per status


def test_sources_link_to_their_events():
    a = sample_analysis()
    p = parse(render_html(a))
    src_links = [attrs for tag, attrs in p.tags if tag == "a" and "src" in _classes(attrs)]
    ids = {attrs.get("id") for _tag, attrs in p.tags}
    assert len(src_links) == len(a.speech_events)
    for link in src_links:
        assert link["href"].startswith("#ev-")
        assert link["href"][1:] in ids


def test_chain_is_shown_in_order_with_links():
    html = render_html(sample_analysis(), lang="en")
    card = re.search(r'<section class="ev st-unverified[^"]*" id="ev-4".*?</section>', html, re.S)
    assert card is not None
    chain = re.search(r'<ol class="chain".*?</ol>', card.group(0), re.S).group(0)
    names = [
        re.sub(r"<[^>]+>", "", li).split("  ")[0].strip()
        for li in re.findall(r"<li>(.*?)<span class=\"ltype\">", chain, re.S)
    ]
    assert names == ["Beispielblatt", "Posting", "Max Beispiel", "Regierung"]
    assert 'href="#ev-3"' in chain  # the person link points at the tweet's event
    assert "Via" in card.group(0) and 'href="#ev-3"' in card.group(0)


def test_derived_chain_when_engine_gives_none():
    a = sample_analysis()
    a.speech_events[3].chain = []
    html = render_html(a)
    card = re.search(r'id="ev-4".*?</section>', html, re.S).group(0)
    chain = re.search(r'<ol class="chain".*?</ol>', card, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chain))
    assert text.index("Beispielblatt") < text.index("Max Beispiel") < text.index("Regierung")


def test_denial_and_unverified_link_to_their_targets():
    html = render_html(sample_analysis(), lang="en")
    # The denial card (e2) points at e1; the unverified statement (#8) at the quote e4.
    denial = re.search(r'id="ev-2".*?</section>', html, re.S).group(0)
    assert re.search(r'<span class="about-verb">denies</span>\s*<a href="#ev-1"', denial)
    tpl = re.search(r'<template id="tpl-st-8">.*?</template>', html, re.S).group(0)
    assert re.search(r'could not verify</span>\s*<a href="#ev-4" data-goto="st-7"', tpl)


def test_unknown_target_is_shown_not_linked():
    a = sample_analysis()
    a.statements[2].target = "does-not-exist"
    html = render_html(a, lang="en")
    tpl = re.search(r'<template id="tpl-st-3">.*?</template>', html, re.S).group(0)
    assert "does-not-exist (not found in this analysis)" in tpl


def test_summary_chart_is_inline_svg_with_counts():
    a = sample_analysis()
    p = parse(render_html(a))
    rows = [attrs for tag, attrs in p.tags if tag == "g" and attrs.get("data-status")]
    assert {r["data-status"]: int(r["data-n"]) for r in rows} == {
        s: a.summary.by_status.get(s, 0) for s in STATUSES
    }
    types = {r["data-type"]: int(r["data-n"]) for _t, r in p.tags if r.get("data-type")}
    assert types == a.summary.by_source_type
    # nothing external: no images, and the only link is the empty data: favicon
    assert not any(t == "img" for t, _a in p.tags)
    assert all((a.get("href") or "").startswith("data:") for t, a in p.tags if t == "link")


def test_furniture_in_collapsed_details_and_media_listed():
    a = sample_analysis()
    html = render_html(a)
    details = re.search(r'<details class="furniture">(.*?)</details>', html, re.S)
    assert details is not None and "open" not in details.group(0).split(">")[0]
    for item in a.article.furniture:
        assert f"<code>{item}</code>" in details.group(1)
    assert "Das Kraftwerk am Fluss." in html and "Foto: Beispiel" in html


def test_keyboard_focusable_marks_and_focus_style():
    a = sample_analysis()
    p = parse(render_html(a))
    focusable = {
        attrs["data-st"] for tag, attrs in p.tags if tag == "mark" and attrs.get("tabindex") == "0"
    }
    # every statement that has something to show beyond "asserted" can be reached by Tab
    for i, st in enumerate(a.statements):
        if st.status != "asserted":
            assert f"st-{i + 1}" in focusable
    assert ":focus-visible" in assets().css
    assert "max-width: 520px" in assets().css  # phone layout


def test_csp_meta_pins_our_only_script_and_style():
    html = render_html(sample_analysis())
    p = parse(html)
    csp = _by_attr(p, "meta", **{"http-equiv": "Content-Security-Policy"})
    assert len(csp) == 1
    policy = csp[0]["content"]
    assert len(p.raw["script"]) == 1 and len(p.raw["style"]) == 1

    def h(s: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()

    assert f"script-src '{h(p.raw['script'][0])}'" in policy
    assert f"style-src '{h(p.raw['style'][0])}'" in policy
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy


def test_xss_payloads_are_escaped_everywhere():
    a = xss_analysis()
    html = render_html(a)
    p = parse(html)
    scripts = [attrs for tag, attrs in p.tags if tag == "script"]
    assert len(scripts) == 1 and p.raw["script"][0] == assets().js
    assert len(p.raw["style"]) == 1 and p.raw["style"][0] == assets().css
    for tag, attrs in p.tags:
        assert tag not in ("img", "iframe", "object", "embed", "base"), tag
        if tag == "svg":
            assert "chart" in (attrs.get("class") or ""), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "srcdoc"):
                assert not (value or "").lower().lstrip().startswith("javascript:"), (tag, value)
    # The payload text is still there, as text.
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/x", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        (None, False),
    ],
)
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_unsupported_language_notice():
    a = Analysis(
        language="en",
        supported=False,
        article=Article(text="This is English."),
        summary=Summary(
            statements=0, by_status={}, by_source_type={}, notes=["language 'en' is not supported"]
        ),
    )
    html = render_html(a)
    assert "This text was not analysed" in html and "language &#39;en&#39; is not supported" in html


def test_statements_crossing_blocks_and_overlaps_render_every_character_once():
    art = _article([("title", "Titel hier"), ("body", "Satz eins. Satz zwei.")])
    t = art.text
    statements = [
        Statement(text=t[0:16], start=0, end=16, status="hearsay"),  # crosses into the body
        Statement(text=t[14:22], start=14, end=22, status="denied"),  # overlaps the first
        Statement(text=t[23:], start=23, end=len(t), status="asserted"),
    ]
    a = Analysis(
        language="de", article=art, statements=statements, summary=_summary(statements, [])
    )
    html = render_html(a)
    article = re.search(r'<article class="text".*?</article>', html, re.S).group(0)
    visible = re.sub(r'<span class="ico"[^>]*>.*?</span>', "", article)
    visible = re.sub(r"<[^>]+>", "", visible)
    assert re.sub(r"\s+", "", visible) == re.sub(r"\s+", "", t)


def test_cli_writes_html_report(tmp_path):
    from typer.testing import CliRunner

    from quellenlage.cli import app

    src = tmp_path / "a.txt"
    src.write_text(
        "Der Minister sagte am Montag, die Lage sei ernst. Die Regierung plant neue Hilfen.\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.html"
    res = CliRunner().invoke(app, ["analyze", str(src), "--format", "html", "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "Der Minister sagte am Montag" in html and 'class="chart chart-status"' in html


# ------------------------------------------------------------------------------ property


ICON = re.compile(r'<span class="ico"[^>]*>.*?</span>', re.S)


try:
    from hypothesis import given, settings
    from hypothesis import strategies as hs
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    given = None


if given is not None:

    @hs.composite
    def _random_analysis(draw) -> Analysis:
        alphabet = hs.sampled_from(list("ab <>&\"'/ä\n.=;"))
        text = draw(hs.text(alphabet=alphabet, min_size=1, max_size=80))
        n = len(text)

        def span():
            a = draw(hs.integers(0, n))
            b = draw(hs.integers(a, n))
            return a, b

        cuts = sorted({0, n, *draw(hs.lists(hs.integers(0, n), max_size=4))})
        blocks = [
            Block(
                kind=draw(hs.sampled_from(["title", "lead", "body", "subheading"])), start=a, end=b
            )
            for a, b in itertools.pairwise(cuts)
        ]
        statements = []
        for _ in range(draw(hs.integers(0, 6))):
            a, b = span()
            statements.append(
                Statement(text=text[a:b], start=a, end=b, status=draw(hs.sampled_from(STATUSES)))
            )
        events = []
        for i in range(draw(hs.integers(0, 4))):
            ma, mb = span()
            sa, sb = span()
            events.append(
                SpeechEvent(
                    id=f"e{i}",
                    form="Indirect",
                    status=draw(hs.sampled_from(STATUSES)),
                    message=Span(text=text[ma:mb], start=ma, end=mb),
                    source=Source(text=text[sa:sb], start=sa, end=sb, type="person"),
                    parent=draw(hs.sampled_from([None, "e0", "e1", f"e{i}"])),
                    target=draw(hs.sampled_from([None, "e0", "s1", "0", "x"])),
                )
            )
        art = Article(text=text, blocks=blocks)
        return Analysis(
            language="de",
            article=art,
            statements=statements,
            speech_events=events,
            summary=_summary(statements, events),
        )

    @settings(max_examples=150, deadline=None)
    @given(_random_analysis())
    def test_any_analysis_renders_every_character_once_and_escaped(a: Analysis):
        html = render_html(a)
        article = re.search(r'<article class="text".*?</article>', html, re.S).group(0)
        shown = [
            html_mod.unescape(re.sub(r"<[^>]+>", "", re.sub(ICON, "", inner)))
            for _tag, inner in re.findall(r'<(p|h2|h3) class="blk [^"]*">(.*?)</\1>', article, re.S)
        ]
        blocks = sorted(a.article.blocks, key=lambda b: b.start)
        assert shown == [a.article.text[b.start : b.end] for b in blocks if b.end > b.start]
        p = parse(html)
        assert [t for t, _a in p.tags if t == "script"] == ["script"]
