"""Ingest, text side: structure of scraped articles in many site styles, compared to sidecars."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quellenlage.ingest import read_path, text_to_article
from quellenlage.ingest.furniture import furniture_lexicon, looks_like_credit
from quellenlage.ingest.shapes import is_sentence_like
from quellenlage.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
CASES = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json"))
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FOUNDING = SHARED / "examples" / "000_b96d3c4380c1609e.txt"


def check_offsets(article: Article) -> None:
    """Every paragraph and block slices back to its text; blocks tile the text in order."""
    for p in article.paragraphs:
        assert article.text[p.start : p.end] == p.text
    pos = 0
    for block in article.blocks:
        assert block.start >= pos
        assert (
            article.text[block.start : block.end].strip() == article.text[block.start : block.end]
        )
        pos = block.end
    named = {b.kind: article.text[b.start : b.end] for b in article.blocks}
    for kind in ("kicker", "title", "lead"):
        assert named.get(kind) == getattr(article, kind)
    pieces = [article.text[b.start : b.end] for b in article.blocks]
    assert "\n\n".join(pieces) == article.text


def test_there_are_at_least_eight_fixtures() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("name", CASES)
def test_fixture_matches_sidecar(name: str) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    article = read_path(FIXTURES / f"{name}.txt")
    assert article.kicker == expected["kicker"]
    assert article.title == expected["title"]
    assert article.lead == expected["lead"]
    got_paragraphs = [{"kind": p.kind, "text": p.text} for p in article.paragraphs]
    assert got_paragraphs == expected["paragraphs"]
    assert [m.model_dump() for m in article.media] == expected["media"]
    assert article.furniture == expected["furniture"]
    if "author" in expected:
        assert article.meta.author == expected["author"]
    if "date" in expected:
        assert article.meta.date == expected["date"]
    check_offsets(article)


@pytest.mark.parametrize("name", CASES)
def test_fixture_furniture_and_captions_are_not_in_the_text(name: str) -> None:
    article = read_path(FIXTURES / f"{name}.txt")
    paragraphs = [p.text for p in article.paragraphs]
    for item in article.furniture:
        assert item not in paragraphs
    for media in article.media:
        assert media.caption not in article.text
        if media.credit:
            assert media.credit not in article.text


@pytest.mark.parametrize("name", CASES)
def test_fixture_as_crlf_and_with_trailing_spaces_gives_the_same_structure(name: str) -> None:
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    plain = text_to_article(raw)
    messy = text_to_article(raw.replace("\n", "  \r\n"))
    assert messy.model_dump(exclude={"meta"}) == plain.model_dump(exclude={"meta"})


SCRAPE_VARIANTS = {
    "one line per paragraph": lambda raw: re.sub(r"\n\s*\n", "\n", raw),
    "blank line after every line": lambda raw: raw.replace("\n", "\n\n"),
    "no indentation": lambda raw: re.sub(r"\n[ \t]+", "\n", raw),
}


@pytest.mark.parametrize("variant", sorted(SCRAPE_VARIANTS))
@pytest.mark.parametrize("name", CASES)
def test_fixture_scraped_differently_gives_the_same_structure(name: str, variant: str) -> None:
    # The layout of blank lines and indentation differs between scrapers; the structure
    # a reader sees must not depend on it.
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    plain = text_to_article(raw)
    other = text_to_article(SCRAPE_VARIANTS[variant](raw))
    assert other.model_dump(exclude={"meta"}) == plain.model_dump(exclude={"meta"})


# ------------------------------------------------------------------------- founding example


@pytest.mark.shared
@pytest.mark.skipif(not FOUNDING.exists(), reason=f"needs the shared example at {FOUNDING}")
def test_founding_example_structure() -> None:
    article = read_path(FOUNDING)
    assert article.kicker == "Ukraine"
    assert article.title == '"Zu verrückt für uns": Kim Jong-un weist Putin-Bitte ab'
    assert article.lead is not None
    assert article.lead.startswith("Russlands Präsident Wladimir Putin soll")
    assert article.lead.endswith("Aus Pjöngjang folgte eine Absage.")
    captions = [(m.caption, m.credit) for m in article.media]
    assert len(captions) == 2
    assert captions[0][0].startswith("Historisch gesehen gelten")
    assert captions[0][1] == "STR / AFP / picturedesk.com"
    assert captions[1][0] == (
        "Die Angriffe der russischen Armee auf die ukrainische Hauptstadt werden immer heftiger."
    )
    assert captions[1][1] == "- / AFP / picturedesk.com"
    for item in ("Teilen", "1/16", "Gehe zur Galerie"):
        assert item in article.furniture
    # The second copy of each caption is listed as furniture, once.
    assert sum(f.startswith("Historisch gesehen") for f in article.furniture) == 1
    assert sum(f.startswith("Die Angriffe") for f in article.furniture) == 1
    kinds = [p.kind for p in article.paragraphs]
    assert kinds.count("subheading") == 1
    assert article.paragraphs[kinds.index("subheading")].text == (
        "Nordkorea fürchtet russische Invasion"
    )
    assert kinds.count("body") == 5
    for p in article.paragraphs:
        for item in ("Teilen", "1/16", "Gehe zur Galerie", "picturedesk", "Historisch gesehen"):
            assert item not in p.text
    assert "Das Zitat konnte bisher von anderen Quellen nicht verifiziert werden." in article.text
    check_offsets(article)


# ------------------------------------------------------------------------- single behaviours


def test_no_title_means_everything_is_body() -> None:
    text = (
        "Der Gemeinderat hat am Montag den Haushalt für das kommende Jahr beschlossen.\n\n"
        "Die Opposition stimmte dagegen, sie kritisierte vor allem die neuen Schulden."
    )
    article = text_to_article(text)
    assert (article.kicker, article.title, article.lead) == (None, None, None)
    assert [p.kind for p in article.paragraphs] == ["body", "body"]
    assert article.text == text
    check_offsets(article)


def test_only_short_lines_are_kept_as_body() -> None:
    article = text_to_article("Hallo Welt\nNoch eine Zeile")
    assert article.title is None
    assert [p.text for p in article.paragraphs] == ["Hallo Welt", "Noch eine Zeile"]


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "Titel der Meldung\n\n"
        "Die Regierung hat am Dienstag ein neues Gesetz zur\n"
        "Förderung von Wärmepumpen vorgelegt, das ab Januar\n"
        "gelten soll. Kritiker halten es für zu teuer.\n\n"
        "Zwischentitel\n"
        "Die Opposition kündigte an, gegen das Gesetz im\n"
        "Bundesrat zu stimmen.\n\n"
        "Der Verband der Installateure begrüßte den Entwurf\n"
        "dagegen ausdrücklich.\n"
    )
    article = text_to_article(text)
    assert article.title == "Titel der Meldung"
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("subheading", "Zwischentitel"),
        ("body", "Die Opposition kündigte an, gegen das Gesetz im Bundesrat zu stimmen."),
        ("body", "Der Verband der Installateure begrüßte den Entwurf dagegen ausdrücklich."),
    ]
    assert article.lead == (
        "Die Regierung hat am Dienstag ein neues Gesetz zur Förderung von Wärmepumpen "
        "vorgelegt, das ab Januar gelten soll. Kritiker halten es für zu teuer."
    )


def test_hyphenated_line_break_is_joined() -> None:
    text = "Die Bundes-\nregierung widersprach dem Bericht am Abend entschieden."
    article = text_to_article(text)
    assert article.text == "Die Bundesregierung widersprach dem Bericht am Abend entschieden."


def test_credit_at_the_end_of_a_caption_line() -> None:
    text = (
        "Titel\n\nEin Lead mit genug Wörtern, damit er als Absatz gilt.\n\n"
        "Der Kanzler am Montag in Berlin. Foto: picture alliance/dpa\n\n"
        "Der Kanzler sagte, er sehe keinen Grund für Neuwahlen."
    )
    article = text_to_article(text)
    assert [(m.caption, m.credit) for m in article.media] == [
        ("Der Kanzler am Montag in Berlin.", "Foto: picture alliance/dpa")
    ]
    assert "Foto" not in article.text


def test_agency_signature_at_the_end_of_the_last_paragraph() -> None:
    text = (
        "Titel\n\n"
        "Die Polizei nahm am Abend zwei Verdächtige fest, wie ein Sprecher sagte. (APA/red)"
    )
    article = text_to_article(text)
    assert (
        article.lead == "Die Polizei nahm am Abend zwei Verdächtige fest, wie ein Sprecher sagte."
    )
    assert article.furniture == ["(APA/red)"]


def test_agency_line_after_a_paragraph_is_not_a_credit() -> None:
    text = (
        "Titel\n\nDie Polizei nahm am Abend zwei Verdächtige fest, wie ein Sprecher sagte.\n"
        "dpa/AFP/jm"
    )
    article = text_to_article(text)
    assert article.media == []
    assert article.furniture == ["dpa/AFP/jm"]


def test_credit_without_caption_is_furniture() -> None:
    # (Kicker and title share a block, so blank lines here do separate groups.)
    text = (
        "Kicker\nTitel\n\nEin Lead mit genug Wörtern, damit er als Absatz gilt.\n\n"
        "Foto: IMAGO/Beispiel\n\nEin zweiter Absatz, der ebenfalls lang genug ist."
    )
    article = text_to_article(text)
    assert article.media == []
    assert article.furniture == ["Foto: IMAGO/Beispiel"]
    assert len(article.paragraphs) == 1


def test_long_sentence_is_never_taken_by_a_broad_pattern() -> None:
    # "Hintergrund: …" and "Quelle: …" are read-more / source patterns, but a long sentence
    # is article text.
    line = (
        "Hintergrund: Die Regierung hatte im Mai beschlossen, die Förderung für Elektroautos "
        "zum Jahresende vollständig auslaufen zu lassen."
    )
    article = text_to_article(f"Titel\n\n{line}\n\nQuelle: dpa")
    assert line in article.text
    assert article.furniture == ["Quelle: dpa"]


def test_byline_sets_author_and_stand_sets_date() -> None:
    text = (
        "Titel der Geschichte\n\nVon Eva-Maria Huber, Linz\n\nStand: 3.2.2026, 09:15 Uhr\n\n"
        "Die Stadt erhöht die Parkgebühren zum ersten Mal seit zehn Jahren."
    )
    article = text_to_article(text)
    assert article.meta.author == "Eva-Maria Huber"
    assert article.meta.date == "3.2.2026, 09:15 Uhr"
    assert article.furniture == ["Von Eva-Maria Huber, Linz", "Stand: 3.2.2026, 09:15 Uhr"]


def test_sentence_starting_with_von_is_not_a_byline() -> None:
    text = "Titel\n\nVon Montag an gilt in der Innenstadt ein Tempolimit von 30 Kilometern."
    article = text_to_article(text)
    assert article.meta.author is None
    assert article.lead == "Von Montag an gilt in der Innenstadt ein Tempolimit von 30 Kilometern."


def test_duplicated_title_is_not_a_caption() -> None:
    text = (
        "Kim weist Putin ab\nKim weist Putin ab\n\n"
        "Nordkorea will sich nicht in den Krieg einmischen."
    )
    article = text_to_article(text)
    assert article.title == "Kim weist Putin ab"
    assert article.media == []
    assert article.furniture == ["Kim weist Putin ab"]


def test_question_title_and_question_subheading() -> None:
    text = (
        "Droht ein harter Winter?\n\n"
        "Die Gasspeicher sind zu 95 Prozent gefüllt, sagen Fachleute der Netzagentur.\n\n"
        "Was bedeutet das für Mieter?\n\n"
        "Mieter müssen nach Angaben des Mieterbundes mit höheren Abschlägen rechnen."
    )
    article = text_to_article(text)
    assert article.title == "Droht ein harter Winter?"
    assert [p.kind for p in article.paragraphs] == ["subheading", "body"]


def test_related_box_does_not_swallow_a_subheading_after_a_blank_line() -> None:
    text = (
        "Kicker\nTitel\n\nEin Lead mit genug Wörtern, damit er als Absatz gilt.\n\n"
        "Mehr zum Thema\n\nZwischentitel danach\n\n"
        "Ein Absatz nach dem Zwischentitel, lang genug für einen Absatz."
    )
    article = text_to_article(text)
    assert [p.kind for p in article.paragraphs] == ["subheading", "body"]
    assert article.furniture == ["Mehr zum Thema"]


def test_bullet_list_items_are_body() -> None:
    text = (
        "Titel\n\nDie Regierung hat drei Maßnahmen beschlossen, die ab Januar gelten:\n"
        "- Mehr Geld für Pflege\n- Weniger Bürokratie\n- Ein neues Klimaticket"
    )
    article = text_to_article(text)
    assert [p.text for p in article.paragraphs] == [
        "Die Regierung hat drei Maßnahmen beschlossen, die ab Januar gelten:",
        "- Mehr Geld für Pflege",
        "- Weniger Bürokratie",
        "- Ein neues Klimaticket",
    ]


def test_cookie_banner_and_share_row_are_furniture() -> None:
    text = (
        "Wir verwenden Cookies, um Ihnen ein optimales Nutzungserlebnis zu bieten.\n"
        "Alle akzeptieren\n\nTitel der Meldung\n\nFacebook Twitter WhatsApp E-Mail\n\n"
        "Die Feuerwehr rückte in der Nacht zu einem Großbrand in einer Lagerhalle aus."
    )
    article = text_to_article(text)
    assert article.title == "Titel der Meldung"
    assert article.furniture == [
        "Wir verwenden Cookies, um Ihnen ein optimales Nutzungserlebnis zu bieten.",
        "Alle akzeptieren",
        "Facebook Twitter WhatsApp E-Mail",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("STR / AFP / picturedesk.com", True),
        ("- / AFP / picturedesk.com", True),
        ("APA/HANS MUSTER", True),
        ("Reuters/Kai Beispiel", True),
        ("Kim / Putin / Xi", False),
        ("Berlin / Wien", False),
        ("Der Kreml und Peking bestritten die Gerüchte vehement.", False),
    ],
)
def test_credit_shape(text: str, expected: bool) -> None:
    assert looks_like_credit(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er sagte das.", True),
        ('Er sagte: "Nein."', True),
        ("»Ich gehe«, sagte sie.", True),
        ("Das sagt die Opposition dazu:", True),
        ("Nordkorea fürchtet russische Invasion", False),
        ("Teilen", False),
        ("1/16", False),
        ("...", False),
    ],
)
def test_is_sentence_like(text: str, expected: bool) -> None:
    assert is_sentence_like(text) is expected


def test_furniture_lexicon_has_documented_entries() -> None:
    lex = furniture_lexicon()
    assert len(lex.lines) > 30 and len(lex.literals) > 50 and lex.suffixes
    assert all(p.comment for p in (*lex.lines, *lex.suffixes))
    kinds = {p.kind for p in lex.lines} | set(lex.literals.values())
    for kind in ("share", "ad", "related", "timestamp", "byline", "credit", "gallery", "agency"):
        assert kind in kinds


def test_bracketed_credit_after_the_last_paragraph_does_not_take_it() -> None:
    # Every line is followed by a blank line, so blank lines say nothing about grouping;
    # the credit of an image without caption must not turn the last paragraph into one.
    text = (
        "Wien\n\n(Bild: APA/Roland Muster)\n\n"
        "Brand in Wiener Altbau: Feuerwehr rettet zwölf Menschen\n\n24.11.2026 10:12\n\n"
        "In der Nacht ist in einem Altbau ein Feuer ausgebrochen. Zwei wurden verletzt.\n\n"
        "Brandstiftung wird nicht ausgeschlossen\n\n"
        "Die Ermittler schließen Brandstiftung nicht aus. Gerüchte über einen Mieter wies ein "
        "Polizeisprecher als „völlig haltlos“ zurück.\n\n(Foto: APA/Roland Muster)\n\nKommentare"
    )
    article = text_to_article(text)
    assert article.kicker == "Wien"
    assert [p.kind for p in article.paragraphs] == ["subheading", "body"]
    assert article.media == []
    assert article.furniture == [
        "(Bild: APA/Roland Muster)",
        "24.11.2026 10:12",
        "(Foto: APA/Roland Muster)",
        "Kommentare",
    ]
    assert article.meta.date == "24.11.2026 10:12"


def test_stamp_with_reading_time_and_bracketed_source_credit() -> None:
    text = (
        "Bundesliga: Trainer vor dem Aus?\n"
        "Nach der fünften Niederlage in Folge wächst der Druck auf den Trainer. Der Verein hält "
        "offiziell an ihm fest.\n"
        "Aktualisiert am 24.11.2026 – 13:45 Uhr | Lesedauer: 2 Min.\n"
        "Der Trainer am Samstag an der Seitenlinie. (Quelle: Sven Muster/imago)\n"
        "Die Lage ist ernst. Medienberichten zufolge sollen Gespräche mit Nachfolgern laufen.\n"
        "Teilen Sie diesen Artikel\n"
        'Der Sportdirektor dementierte das: "Es gibt keine Gespräche."\n'
    )
    article = text_to_article(text)
    assert article.title == "Bundesliga: Trainer vor dem Aus?"
    assert article.lead is not None and article.lead.startswith("Nach der fünften")
    assert [(m.caption, m.credit) for m in article.media] == [
        ("Der Trainer am Samstag an der Seitenlinie.", "(Quelle: Sven Muster/imago)")
    ]
    assert article.furniture == [
        "Aktualisiert am 24.11.2026 – 13:45 Uhr | Lesedauer: 2 Min.",
        "Teilen Sie diesen Artikel",
    ]
    assert len(article.paragraphs) == 2


def test_paragraph_ending_in_a_bracketed_credit_stays_body() -> None:
    body = (
        "Die Zahl der Einbrüche stieg im Vorjahr deutlich. Besonders betroffen waren "
        "Einfamilienhäuser am Stadtrand."
    )
    article = text_to_article(f"Titel\n\n{body} (Foto: Polizei)")
    assert article.lead == body
    assert article.media == []
    assert article.furniture == ["(Foto: Polizei)"]


def test_source_line_inside_the_text_credits_the_caption_before_it() -> None:
    text = (
        "Politik\nKanzleramt weist Bericht zurück\n"
        "Ein Bericht über angebliche Rücktrittspläne sorgt in Berlin für Unruhe.\n"
        "Die Vizekanzlerin bei einer Pressekonferenz im Oktober\nQuelle: IMAGO/Max Beispiel\n"
        "Ein Regierungssprecher wies den Bericht am Montag zurück, wie er mitteilte.\n"
        "Quelle: dpa\n"
    )
    article = text_to_article(text)
    assert [(m.caption, m.credit) for m in article.media] == [
        ("Die Vizekanzlerin bei einer Pressekonferenz im Oktober", "Quelle: IMAGO/Max Beispiel")
    ]
    assert article.furniture == ["Quelle: dpa"]


@pytest.mark.parametrize(
    ("head", "title", "author"),
    [
        (
            "Kim weist Putin ab und bleibt neutral\nAnna Müller",
            "Kim weist Putin ab und bleibt neutral",
            "Anna Müller",
        ),
        (
            "Streit um Budget eskaliert\nJonas Berger, Graz",
            "Streit um Budget eskaliert",
            "Jonas Berger",
        ),
        ("Der große Bericht über Heizkosten\nTeure Wärme", "Teure Wärme", None),
        ("Ukraine\nKim Jong-un", "Kim Jong-un", None),
    ],
)
def test_bare_author_line_between_title_and_lead(head: str, title: str, author: str | None) -> None:
    lead = "Nordkorea will sich nicht in den Krieg einmischen, sagte ein Sprecher am Montag."
    article = text_to_article(f"{head}\n{lead}")
    assert article.title == title
    assert article.lead == lead
    assert article.meta.author == author


def test_teaser_printed_twice_is_the_lead_not_a_caption() -> None:
    lead = "Nordkorea will sich nicht in den Krieg einmischen, sagte ein Sprecher am Montag."
    body = "Ein zweiter Absatz mit genug Wörtern, damit er als Absatz gilt."
    article = text_to_article(f"Kim weist Putin ab\n\n{lead}\n{lead}\n\n{body}")
    assert (article.title, article.lead) == ("Kim weist Putin ab", lead)
    assert article.media == []
    assert article.furniture == [lead]
    assert [p.text for p in article.paragraphs] == [body]


def test_embeds_footer_and_promos_are_furniture() -> None:
    text = (
        "Kicker\nTitel der Meldung\n\n"
        "Die Journalistin veröffentlichte am Sonntag ein Posting mit einem angeblichen Zitat.\n\n"
        "Empfohlener redaktioneller Inhalt\n"
        "— Sarah Muster (@smuster) 12. März 2026\n"
        "pic.twitter.com/Ab12Cd\n\n"
        "Das Zitat konnte bisher von anderen Quellen nicht verifiziert werden.\n\n"
        "Fehler im Artikel gefunden? Jetzt melden.\n"
        "Folgen Sie uns auf Instagram\n"
        "Jetzt die kostenlose News-App herunterladen!\n"
        "Impressum\n"
        "© Musterverlag 2026"
    )
    article = text_to_article(text)
    assert article.lead is not None and article.lead.startswith("Die Journalistin")
    assert [p.text for p in article.paragraphs] == [
        "Das Zitat konnte bisher von anderen Quellen nicht verifiziert werden."
    ]
    assert len(article.furniture) == 8


def test_credit_tail_never_swallows_the_next_sentence() -> None:
    """Found by Hypothesis: a wrapped line joined after "Foto: dpa" must stay article text."""
    from quellenlage.ingest import text_to_article

    line = "Schlamm und Geröll bedecken die Zufahrtsstraße auf einer Länge von 200 Metern."
    text = (
        f"    {line}\n    {line}\n"
        "Der Kreml und Peking bestritten die Gerüchte vehement. Foto: dpa\n"
        f"Was bedeutet das für Mieter?\n    {line}\n"
        "Feuerwehr: Baum stürzt auf Auto – Fahrer leicht verletzt"
    )
    assert "Was bedeutet das für Mieter?" in text_to_article(text).text


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        # A coordinated compound: the hyphen starts "Schwellen- und Entwicklungsländer".
        ("Sie helfen Schwellen-\nund Entwicklungsländern beim Aufbau.", "Schwellen- und"),
        ("Die Ein-\noder Ausfuhr ist seit Montag verboten.", "Ein- oder Ausfuhr"),
        # A known word, or a compound with a known head: the hyphen was a line break.
        ("Die Ver-\nhandlungen dauerten bis in die Nacht.", "Verhandlungen"),
        ("Das Bundesverfassungs-\ngericht entschied am Dienstag.", "Bundesverfassungsgericht"),
        # A capital after the hyphen: the hyphen belongs to the word.
        ("Der Ukraine-\nKrieg dauert an, sagte er.", "Ukraine-Krieg"),
        # Nothing known: the hyphen stays, no letter is lost.
        ("Die Quxbr-\nzelwampen sind da, sagte sie.", "Quxbr-zelwampen"),
    ],
)
def test_line_break_hyphens_only_go_where_a_word_is_known(text: str, joined: str) -> None:
    assert joined in text_to_article(text).text


def test_a_sentence_with_a_glued_credit_keeps_its_place() -> None:
    """Issue 14: '… Foto: dpa' at the end of the only sentence must not make it a caption."""
    art = text_to_article(
        "Titel\n\nDer Minister sagte am Montag in Berlin, er sei zufrieden. Foto: dpa"
    )
    assert "er sei zufrieden." in art.text and art.media == []
    assert art.furniture == ["Foto: dpa"]


def test_lone_surrogates_nul_and_controls_are_cleaned_with_notes_never_cut() -> None:
    text = "Titel\n\nDer erste Satz steht hier.\ud800 Der zweite\x00 Satz folgt\x07 danach."
    art = text_to_article(text)
    assert art.text.endswith("Der zweite Satz folgt danach.")
    assert art.meta.notes == [
        "1 lone surrogate or noncharacter code point(s) replaced by U+FFFD",
        "1 NUL character(s) removed",
        "1 control character(s) removed",
    ]
    art.model_dump_json()


def test_analyze_with_a_lone_surrogate_is_an_analysis_not_a_crash() -> None:
    import quellenlage

    analysis = quellenlage.analyze(
        "Der Sprecher sagte am Montag, die Lage sei ruhig.\udc80 Die Polizei bestätigte das."
    )
    assert "Die Polizei bestätigte das." in analysis.article.text
    assert "\udc80" not in analysis.to_json()


def test_a_one_line_article_with_a_dateline_gets_its_headline_as_title() -> None:
    from quellenlage.ingest import text_to_article

    body = "Der Minister sagte am Montag, die Reform komme im Frühjahr. " * 8
    text = "Minister kündigt Reform an – Opposition skeptisch. Wien – " + body.strip()
    art = text_to_article(text)
    assert art.title == "Minister kündigt Reform an – Opposition skeptisch."
    assert art.paragraphs[0].text.startswith("Wien – Der Minister")  # nothing of the text lost
    assert "Opposition skeptisch" not in art.paragraphs[0].text


def test_a_one_line_article_without_a_dateline_stays_body() -> None:
    from quellenlage.ingest import text_to_article

    text = "Der Minister sagte am Montag, die Reform komme im Frühjahr. " * 10
    art = text_to_article(text.strip())
    assert not art.title and len(art.paragraphs) == 1
