"""HTML ingest: main text and metadata via trafilatura, structure from the page's markup."""

from __future__ import annotations

import pytest

pytest.importorskip("trafilatura", reason="the html extra (trafilatura) is not installed")

from quellenlage.errors import NoSentence
from quellenlage.ingest.html import decode_html, html_to_article
from quellenlage.model import ArticleMeta

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
