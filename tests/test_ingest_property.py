"""Ingest properties for any text: offsets slice back, and no sentence ever goes missing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quellenlage.errors import EmptyInput
from quellenlage.ingest import text_to_article
from quellenlage.ingest.decode import normalize_text
from quellenlage.ingest.shapes import is_sentence_like
from quellenlage.model import Article

SENTENCES = [
    "Der Kreml und Peking bestritten die Gerüchte vehement.",
    'Laut einem Posting soll Kim das Ansuchen abgewiesen haben: "Ihr seid zu verrückt."',
    "Das Zitat konnte bisher nicht unabhängig überprüft werden.",
    "»Wir tun, was möglich ist«, sagte ein Sprecher.",
    "Ein Beamter soll außerdem behauptet haben, dass die Lage ernst sei.",
    "Die Polizei dementierte das ausdrücklich.",
    "Warum kam die Warnung so spät?",
    "Ja.",
    "Hintergrund: Die Regierung hatte im Mai beschlossen, die Förderung auslaufen zu lassen.",
    "Quelle: Die Studie stützt sich auf Daten aus zwölf Ländern und drei Jahrzehnten.",
    "Von Montag an gilt ein Tempolimit, teilte die Stadt mit.",
    "Die Einsatzkräfte arbeiten seit Sonntag an der Räumung der Straße.",
]
SHORT = [
    "Ukraine",
    "Nordkorea fürchtet russische Invasion",
    '"Zu verrückt für uns": Kim weist Putin ab',
    "Was bedeutet das für Mieter?",
    "Mehr aus Wien",
    "- Ein Punkt einer Liste",
    "Bundes-",
    "regierung widersprach",
]
FURNITURE = [
    "Teilen",
    "1/16",
    "Gehe zur Galerie",
    "Foto: dpa",
    "STR / AFP / picturedesk.com",
    "Stand: 24.11.2026 10:00 Uhr",
    "(APA/red)",
    "dpa/AFP/jm",
    "Von Anna Müller",
    "Mehr zum Thema",
    "Lesen Sie auch: Kim testet Rakete",
    "Anzeige",
    "Kommentare 12",
    "Newsletter",
]
FIXTURE_LINES = sorted(
    {
        line
        for path in (Path(__file__).parent / "fixtures" / "articles").glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
)
LINE = st.one_of(
    st.sampled_from(FIXTURE_LINES),
    st.sampled_from(SENTENCES),
    st.sampled_from(SHORT),
    st.sampled_from(FURNITURE),
    st.text(max_size=60),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(SENTENCES), st.sampled_from(FURNITURE)),
)
SEPARATOR = st.sampled_from(["\n", "\n\n", "\n    ", "\r\n", "\n\n\n"])


@st.composite
def scraped_texts(draw: st.DrawFn) -> str:
    """Texts shaped like scrapes: article lines, furniture and noise with various breaks."""
    lines = draw(st.lists(LINE, min_size=1, max_size=25))
    out = [lines[0]]
    for line in lines[1:]:
        out.append(draw(SEPARATOR))
        out.append(line)
    return "".join(out)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _parse(text: str) -> Article | None:
    try:
        return text_to_article(text)
    except EmptyInput:
        assert not normalize_text(text).strip()
        return None


def _check(text: str) -> None:
    article = _parse(text)
    if article is None:
        return
    # Offsets: every paragraph and block slices back to its text.
    for p in article.paragraphs:
        assert article.text[p.start : p.end] == p.text
    for block in article.blocks:
        piece = article.text[block.start : block.end]
        assert piece and piece == piece.strip()
    for kind in ("kicker", "title", "lead"):
        value = getattr(article, kind)
        spans = [article.text[b.start : b.end] for b in article.blocks if b.kind == kind]
        assert spans == ([value] if value is not None else [])
    # No sentence-like line disappears unless it is listed as furniture.
    clean = _collapse(article.text)
    captions = [_collapse(m.caption) for m in article.media]
    with_credit = {_collapse(f"{m.caption} {m.credit}") for m in article.media if m.credit}
    furniture = {_collapse(f) for f in article.furniture}
    for raw in normalize_text(text).split("\n"):
        line = _collapse(raw)
        if not line or not is_sentence_like(line) or line in furniture:
            continue
        assert line in clean or any(line in c for c in captions) or line in with_credit, line


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scraped_texts())
def test_scrape_shaped_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    _check(text)


GNAD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "10kgnad-test.csv"


@pytest.mark.shared
@pytest.mark.skipif(not GNAD.exists(), reason=f"needs the shared corpus at {GNAD}")
def test_real_articles_keep_every_sentence() -> None:
    # 1,028 real Austrian articles (derStandard.at): the same invariants as above.
    with GNAD.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";", quotechar="'"))
    assert len(rows) > 1000
    for _label, text in rows:
        _check(text)


INSERTABLE = [
    "Teilen",
    "Anzeige",
    "Werbung",
    "Drucken",
    "Kommentare 5",
    "Lesen Sie auch: Kim testet neue Rakete",
    "Artikel teilen",
    "Facebook Twitter WhatsApp",
    "Zur Startseite",
    "Weiter nach der Anzeige",
    "Mehr dazu lesen Sie hier",
]
ARTICLES = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt"))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ARTICLES), st.sampled_from(INSERTABLE), st.integers(0, 10_000))
def test_inserting_furniture_between_paragraphs_changes_nothing_else(
    path: Path, item: str, where: int
) -> None:
    raw = path.read_text(encoding="utf-8")
    before = text_to_article(raw)
    # Insert the item as its own block after one of the body paragraphs.
    lines = raw.split("\n")
    body_lines = [i for i, line in enumerate(lines) if line in {p.text for p in before.paragraphs}]
    at = body_lines[where % len(body_lines)] + 1
    blank = "" if "\n\n" in raw else None
    extra = [blank, item] if blank is not None else [item]
    changed = "\n".join([*lines[:at], *extra, *lines[at:]])
    after = text_to_article(changed)
    keep = {"kicker", "title", "lead", "paragraphs", "media", "text", "blocks"}
    assert after.model_dump(include=keep) == before.model_dump(include=keep)
    assert after.furniture.count(item) == before.furniture.count(item) + 1


CAPTION_BLOCKS = [
    ("Ein Bild vom Ort des Geschehens am Montagmorgen.", "Foto: dpa"),
    ("Polizisten sichern den Eingang des Gebäudes", "APA/MAX MUSTER"),
    ("Die Ministerin bei ihrer Ankunft in Brüssel.", "Bild: IMAGO/Beispielbild"),
    ("Rettungskräfte im Einsatz", "REUTERS/Jan Beispiel"),
]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ARTICLES), st.sampled_from(CAPTION_BLOCKS), st.integers(0, 10_000))
def test_inserting_a_captioned_image_adds_one_media_item(
    path: Path, block: tuple[str, str], where: int
) -> None:
    raw = path.read_text(encoding="utf-8")
    before = text_to_article(raw)
    lines = raw.split("\n")
    body_lines = [i for i, line in enumerate(lines) if line in {p.text for p in before.paragraphs}]
    # Between two paragraphs: after the last one, a credit without blank-line grouping is
    # read as an uncaptioned image (the last sentence must not become a caption).
    between = body_lines[:-1] or body_lines
    at = between[where % len(between)] + 1
    extra = ["", *block] if "\n\n" in raw else list(block)
    after = text_to_article("\n".join([*lines[:at], *extra, *lines[at:]]))
    keep = {"kicker", "title", "lead", "paragraphs", "text", "blocks", "furniture"}
    assert after.model_dump(include=keep) == before.model_dump(include=keep)
    caption, credit = block
    assert [m for m in after.media if m not in before.media] == [
        type(after.media[0])(caption=caption, credit=credit)
    ]


# --------------------------------------------------------------------------- HTML

pytest.importorskip("trafilatura", reason="the html extra (trafilatura) is not installed")

import html as html_lib  # noqa: E402

from quellenlage.ingest.html import html_to_article  # noqa: E402

WRAPPERS = [
    "{body}",
    "<html><body>{body}</body></html>",
    "<!DOCTYPE html><html><head><title>Meldung</title></head><body><article>"
    "<h1>Eine Meldung aus der Region</h1>{body}</article></body></html>",
    "<html><body><nav><a href='/'>Start</a> <a href='/p'>Politik</a></nav><main>{body}</main>"
    "<aside><h2>Meistgelesen</h2><p><a href='/x'>Ein anderer Artikel</a></p></aside>"
    "<footer>Impressum</footer></body></html>",
]
NOISE = st.sampled_from(["", "\ud800", "\x00", "\u200b", "\x07", "\ufeff"])


@st.composite
def html_pages(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A page of real paragraphs (with invisible or broken characters in them)."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6, unique=True))
    noisy = [draw(NOISE) + s + draw(NOISE) for s in sentences]
    body = "".join(f"<p>{html_lib.escape(s, quote=False)}</p>" for s in noisy)
    return draw(st.sampled_from(WRAPPERS)).format(body=body), sentences


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages())
def test_html_paragraphs_are_never_lost(case: tuple[str, list[str]]) -> None:
    page, sentences = case
    article = html_to_article(page)
    shown = _collapse(f"{article.lead or ''} {article.text}")
    for sentence in sentences:
        assert _collapse(sentence) in shown, sentence
    article.model_dump_json()
