"""HTML ingest: main text and metadata via trafilatura, structure from the page's markup."""

from __future__ import annotations

import pytest

pytest.importorskip("trafilatura", reason="the html extra (trafilatura) is not installed")

import re
from pathlib import Path

from quellenlage.errors import InputTooComplex, InputTooLarge, NoSentence, QuellenlageError
from quellenlage.ingest import read_bytes
from quellenlage.ingest.html import decode_html, html_to_article
from quellenlage.model import Article, ArticleMeta
from quellenlage.settings import DEFAULT_SETTINGS

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Streit um das Budget | Tagblatt Nord</title>
<meta property="og:site_name" content="Tagblatt Nord">
<meta name="author" content="Anna Berger">
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
</head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<aside><div class="teaser"><span class="kicker">Sport</span>
<a href="/x">Ein anderer Text</a></div></aside>
<article>
<header><span class="kicker">Haushalt</span><h1>Streit um das Budget geht weiter</h1>
<p class="lead">Regierung und Opposition sind sich über den Haushalt weiter uneinig.
Eine Einigung ist nicht in Sicht.</p></header>
<figure><img src="a.jpg" alt="Parlament"><figcaption>Das Parlament in Wien am Montag.
<span class="credit">Foto: APA / Hans Muster</span></figcaption></figure>
<p>Der Finanzminister sagte am Montag, das Budget sei solide finanziert. Die Opposition
widersprach ihm umgehend und verlangte Nachbesserungen bei den Ausgaben für Bildung.</p>
<h2>Kritik der Opposition</h2>
<p>Laut einem Sprecher der Opposition fehlen im Entwurf mehrere Milliarden Euro. Das
Ministerium soll die Zahlen geschönt haben, heißt es aus Parlamentskreisen.</p>
<blockquote>Wir werden diesem Budget nicht zustimmen, solange die Lücken bleiben.</blockquote>
<p>Der Minister bestritt die Vorwürfe entschieden und verwies auf den Rechnungshof.</p>
</article>
<footer>© Tagblatt Nord 2024 · Impressum · Datenschutz</footer>
</body></html>"""


@pytest.fixture(scope="module")
def article():
    return html_to_article(PAGE)


def test_structure_from_markup(article) -> None:
    assert article.kicker == "Haushalt"  # the article's kicker, not the teaser's in <aside>
    assert article.title == "Streit um das Budget geht weiter"
    assert article.lead.startswith("Regierung und Opposition sind sich")
    kinds = [p.kind for p in article.paragraphs]
    assert kinds == ["body", "subheading", "body", "body", "body"]
    assert article.paragraphs[1].text == "Kritik der Opposition"
    assert [b.kind for b in article.blocks][:3] == ["kicker", "title", "lead"]


def test_caption_and_credit_go_to_media_not_text(article) -> None:
    assert len(article.media) == 1
    assert article.media[0].caption == "Das Parlament in Wien am Montag."
    assert article.media[0].credit == "Foto: APA / Hans Muster"
    assert "Hans Muster" not in article.text
    assert "Impressum" not in article.text and "Start" not in article.text


def test_blockquote_is_kept_as_a_quotation(article) -> None:
    quoted = [p.text for p in article.paragraphs if "diesem Budget" in p.text]
    assert quoted == ["„Wir werden diesem Budget nicht zustimmen, solange die Lücken bleiben.“"]


def test_offsets_point_into_the_clean_text(article) -> None:
    for p in article.paragraphs:
        assert article.text[p.start : p.end] == p.text
    for b in article.blocks:
        assert article.text[b.start : b.end].strip() == article.text[b.start : b.end]
    assert article.text[article.blocks[1].start : article.blocks[1].end] == article.title


def test_metadata_from_page_and_given_meta_wins(article) -> None:
    assert article.meta.author == "Anna Berger"
    assert article.meta.outlet == "Tagblatt Nord"
    assert article.meta.date == "2024-03-05T10:00:00+01:00"  # with its time zone
    assert article.meta.input_format == "html"
    given = ArticleMeta(url="https://www.beispiel.at/a/1", date="2024-03-06", outlet="Beispiel")
    other = html_to_article(PAGE, meta=given)
    assert (other.meta.date, other.meta.outlet, other.meta.url) == (
        "2024-03-06",
        "Beispiel",
        "https://www.beispiel.at/a/1",
    )
    assert other.meta.author == "Anna Berger"  # gaps are filled from the page


def test_outlet_falls_back_to_host() -> None:
    page = PAGE.replace('<meta property="og:site_name" content="Tagblatt Nord">', "")
    page = page.replace("| Tagblatt Nord", "").replace("© Tagblatt Nord 2024", "")
    assert html_to_article(page).meta.outlet is None  # no site name anywhere: none invented
    art = html_to_article(page, meta=ArticleMeta(url="https://www.wiener-bote.at/p/7"))
    assert art.meta.outlet == "wiener-bote.at"


def test_page_without_main_text_is_an_error() -> None:
    with pytest.raises(NoSentence):
        html_to_article("<html><body><nav><a href='/'>Start</a></nav></body></html>")


def test_decode_html_uses_the_declared_charset() -> None:
    raw = PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("latin-1")
    assert "Vorwürfe" in decode_html(raw)  # from the <meta charset>
    assert "Vorwürfe" in decode_html(raw, "text/html; charset=ISO-8859-1")
    assert "Vorwürfe" in decode_html(PAGE.encode("utf-8"), "text/html")


def test_fragment_without_html_and_body() -> None:
    frag = (
        "<h1>Neue Ampel in Graz</h1><p>Die Stadt Graz hat am Montag eine neue Ampel an der "
        "Kreuzung beim Hauptbahnhof in Betrieb genommen, teilte das Rathaus mit.</p><p>Laut "
        "der Polizei soll die Kreuzung bisher als besonders gefährlich gegolten haben.</p>"
    )
    art = html_to_article(frag)
    assert art.title == "Neue Ampel in Graz"
    assert [p.text[:14] for p in art.paragraphs] == ["Die Stadt Graz", "Laut der Poliz"]


# --------------------------------------------------------------------------- markup kinds

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def _page(name: str, **meta: str) -> Article:
    data = (FIXTURES / name).read_bytes()
    return read_bytes(data, name=name, meta=ArticleMeta(**meta) if meta else None)


def _check_offsets(article: Article) -> None:
    for p in article.paragraphs:
        assert article.text[p.start : p.end] == p.text
    for kind in ("kicker", "title", "lead"):
        spans = [article.text[b.start : b.end] for b in article.blocks if b.kind == kind]
        assert spans == ([getattr(article, kind)] if getattr(article, kind) else [])


def test_json_ld_graph_gives_metadata_and_the_visible_headline_wins() -> None:
    art = _page("jsonld_graph.html")
    assert (art.kicker, art.title) == (
        "Verkehr",
        "Brücke über die Saale gesperrt: Pendler müssen Umwege fahren",
    )
    assert art.lead and art.lead.startswith("Wegen Rissen im Beton")
    assert [p.kind for p in art.paragraphs] == ["body", "subheading", "body", "body"]
    assert art.media[0].caption == "Die gesperrte Saalebrücke am Montagmorgen."
    assert art.media[0].credit == "Foto: Petra Sommer"
    meta = art.meta
    assert meta.authors == ["Marta Lindner", "Jonas Weber"] and meta.author == "Marta Lindner"
    assert meta.date == "2025-02-03T07:45:00+01:00"  # with its UTC offset
    assert meta.modified == "2025-02-03T11:10:00+01:00"
    assert meta.section == "Lokales"
    assert meta.outlet == "Saale-Kurier"  # the publisher, resolved through @id
    assert meta.url == "https://www.saale-kurier.example/lokales/saalebruecke-gesperrt-100.html"
    assert meta.domain == "saale-kurier.example"
    assert meta.provenance["title"] == "h1" and meta.provenance["date"] == "json-ld"
    assert meta.provenance["outlet"] == "publisher" and meta.provenance["lead"] == "markup"
    # Related links and the sidebar teaser are not text; related links are listed for audit.
    assert "Mehr zum Thema" in art.furniture
    assert "Derby" not in art.text and "Pendler klagen" not in art.text
    _check_offsets(art)


def test_lying_json_ld_loses_to_what_the_page_shows() -> None:
    art = _page("jsonld_lying.html")
    assert art.title == "Stadtrat beschließt neue Parkgebühren"
    assert art.meta.provenance["title"] == "h1"
    assert art.lead is None  # the description is not on the page: no lead from it
    assert "nur in den Metadaten" not in art.text  # an articleBody the page does not show
    assert art.meta.provenance["body"] == "trafilatura"
    assert [p.text[:12] for p in art.paragraphs] == ["Der Stadtrat", "Die Oppositi", "Der Oberbürg"]


def test_opengraph_only() -> None:
    art = _page("opengraph_only.html")
    assert art.title == "Hochwasser an der Mosel: Pegel steigt weiter"
    assert art.lead == (
        "In Trier ist der Pegel der Mosel über Nacht auf 8,20 Meter gestiegen. "
        "Die Stadt hat die Uferstraßen gesperrt."
    )
    assert len(art.paragraphs) == 3
    m = art.meta
    assert (m.outlet, m.provenance["outlet"]) == ("Moselbote", "site-name")
    assert m.date == "2025-01-14T06:30:00+01:00" and m.provenance["date"] == "opengraph"
    assert (m.section, m.authors) == ("Region", ["Kathrin Albers"])
    assert m.url == "https://moselbote.example/region/hochwasser-mosel"


def test_article_with_sidebars_consent_placeholders_and_appeals() -> None:
    art = _page("sidebars_consent.html")
    assert art.title == "Tarifstreit: Warnstreik legt Nahverkehr lahm"
    assert art.lead and art.lead.startswith("Busse und Bahnen stehen")
    assert [p.text[:8] for p in art.paragraphs] == ["Die Gewe", "Die Arbe", "Pendler "]
    for leak in ("Externer Inhalt", "Newsletter", "NN+", "Redakteurin", "Freibad", "unglaublich"):
        assert leak not in art.text, leak
    # The consent placeholder is printed per embed: each copy is listed.
    assert art.furniture.count("Externer Inhalt") == 2
    assert any("NN+" in f for f in art.furniture)
    assert "Hauptinhalt" not in art.text  # screen-reader heading


def test_amp_page() -> None:
    art = _page("amp.html")
    assert art.title == "Neue Buslinie verbindet Vororte"
    assert art.lead and art.lead.startswith("Ab Montag fährt die neue Linie 375")
    assert len(art.paragraphs) == 2 and "Cookies" not in art.text and "Anzeige" not in art.text
    assert [(m.caption, m.credit) for m in art.media] == [
        ("Ein Bus der neuen Linie an der Haltestelle Steele.", "Foto: Stadtwerke")
    ]
    assert art.meta.outlet == "Ruhrstadt-Echo"


def test_live_ticker() -> None:
    art = _page("liveticker.html")
    assert art.title and art.title.startswith("Sturmtief über Norddeutschland")
    kinds = [p.kind for p in art.paragraphs]
    assert kinds == ["subheading", "body"] * 3
    assert "Fälschung" in art.text
    assert art.meta.date == "2025-02-20T06:00:00+01:00"


def test_microdata_article() -> None:
    art = _page("microdata.html")
    assert art.title == "Lawinengefahr in Tirol steigt auf Stufe vier"  # not the <title>
    assert art.lead and art.lead.startswith("Nach starken Schneefällen")
    assert art.meta.provenance["lead"] == "microdata"
    assert art.meta.authors == ["Florian Gruber"]
    assert art.meta.date == "2025-01-22T16:40:00+01:00"
    assert len(art.paragraphs) == 2


def test_outlet_from_the_table_of_german_language_outlets() -> None:
    art = _page("opengraph_only.html", url="https://www.derstandard.at/story/1/hochwasser")
    assert (art.meta.outlet, art.meta.provenance["outlet"]) == ("Der Standard", "outlets-table")
    given = _page("opengraph_only.html", outlet="derStandard.at")
    assert (given.meta.outlet, given.meta.provenance["outlet"]) == ("derStandard.at", "input")


SMALL_PAGES = [
    block.strip()
    for block in "\n".join(
        line
        for line in (FIXTURES / "small_pages.txt").read_text("utf-8").splitlines()
        if not line.startswith("#")
    ).split("\n---\n")
]


@pytest.mark.parametrize("page", SMALL_PAGES, ids=range(len(SMALL_PAGES)))
def test_small_pages_with_real_paragraphs_yield_them(page: str) -> None:
    art = html_to_article(page)
    sentences = [s for s in re.findall(r"[^<>]{20,}?[.!?](?=<|\s)", page)]
    for sentence in sentences:
        assert sentence.strip() in art.text or sentence.strip() in (art.lead or "")


def test_lone_surrogate_is_replaced_not_a_cut() -> None:
    page = (
        "<html><body><article><h1>Ein Titel für die Seite</h1>"
        "<p>Der erste Satz steht hier, sagte der Sprecher am Montag.\ud800 Danach geht es "
        "weiter.</p><p>Der zweite Absatz kommt nach dem kaputten Zeichen und bleibt.</p>"
        "</article></body></html>"
    )
    art = html_to_article(page)
    assert "Der zweite Absatz kommt nach dem kaputten Zeichen" in art.text
    assert "\ufffd" in art.text and "\ud800" not in art.text
    assert art.meta.notes == ["1 lone surrogate or noncharacter code point(s) replaced by U+FFFD"]
    art.model_dump_json()  # serialisable


def test_element_and_depth_limits_give_a_clear_error() -> None:
    settings = DEFAULT_SETTINGS.with_overrides(max_html_elements=1000)
    with pytest.raises(InputTooComplex, match="max_html_elements"):
        html_to_article(
            "<html><body>" + "<p>Satz.</p>" * 2000 + "</body></html>", settings=settings
        )
    deep = "<html><body>" + "<div>" * 300 + "<p>Tief verschachtelt.</p>" + "</div>" * 300
    with pytest.raises(InputTooComplex, match="deeper than 200"):
        html_to_article(deep + "</body></html>")
    assert issubclass(InputTooComplex, QuellenlageError) and InputTooComplex.exit_code == 20


def test_a_million_elements_stop_before_parsing() -> None:
    with pytest.raises(InputTooLarge):  # 8 MB of markup: over the character limit
        html_to_article("<html><body>" + "<p>x</p>" * 1_000_000 + "</body></html>")
    with pytest.raises(InputTooComplex):  # 7 MB: under it, but a million elements
        html_to_article("<html><body>" + "<b></b>" * 1_000_000 + "<p>Satz.</p></body></html>")
