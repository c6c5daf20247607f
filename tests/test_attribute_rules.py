"""Quote pairing by type, the attribution lexicons, and BIO decoding: the exact parts."""

from __future__ import annotations

import pytest

from quellenlage.attribute.learned.crf import bio_spans
from quellenlage.attribute.quotes import pair_quotes, quote_depths
from quellenlage.lang.de.cues import cues as lexicons


def _pairs(text: str) -> list[tuple[str, str, int]]:
    words = text.split()
    return [(words[p.open], words[p.close], p.depth) for p in pair_quotes(words)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("„ Wir kommen “ , sagte er .", [("„", "“", 0)]),
        ("„ Wir kommen ” , sagte er .", [("„", "”", 0)]),
        ("» Wir kommen « , sagte er .", [("»", "«", 0)]),
        ("« Wir kommen » , sagte er .", [("«", "»", 0)]),
        ('" Wir kommen " , sagte er .', [('"', '"', 0)]),
        ("' Wir kommen ' , sagte er .", [("'", "'", 0)]),
        ("„ Er rief ‚ Halt ‘ und lief “ .", [("„", "“", 0), ("‚", "‘", 1)]),
        # a straight quote inside German quotes is paired with its own kind only
        ('„ Das " Ding " ist da “ .', [("„", "“", 0), ('"', '"', 1)]),
    ],
)
def test_quotes_pair_by_type(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _pairs(text) == expected


def test_unpaired_quote_stays_unpaired() -> None:
    # „ never closes with » and a lone opener pairs with nothing
    assert _pairs("„ Wir kommen » nicht .") == []
    assert _pairs("Er sagte „ wir kommen .") == []


def test_quote_depths_mark_the_inside() -> None:
    words = ["a", "„", "b", "‚", "c", "‘", "d", "“", "e"]
    assert quote_depths(len(words), pair_quotes(words)) == [0, 0, 1, 1, 2, 1, 1, 0, 0]


@pytest.mark.parametrize(
    ("word", "medium"),
    [("sagte", "Speech"), ("gesagt", "Speech"), ("mitgeteilt", "SW"), ("schrieb", "Writing")],
)
def test_reporting_lexicon_matches_inflected_forms(word: str, medium: str) -> None:
    hit = lexicons().reporting(word)
    assert hit is not None and hit[0] == medium


@pytest.mark.parametrize("word", ["haus", "meine", "und", "der"])
def test_reporting_lexicon_ignores_other_words(word: str) -> None:
    assert lexicons().reporting(word) is None


def test_frame_lexicon_knows_laut_and_zufolge() -> None:
    frames = lexicons().frames
    assert frames["laut"] == "prep" and frames["zufolge"] == "post"
    assert frames["soll"] == "evidential"


def test_bio_spans_split_on_b_and_on_form_change() -> None:
    labels = ["O", "B-Direct", "I-Direct", "B-Indirect", "I-Indirect", "I-Reported", "O"]
    expected = [([11, 12], "Direct"), ([13, 14], "Indirect"), ([15], "Reported")]
    assert bio_spans(labels, 10) == expected


def test_a_wie_clause_is_the_frame_not_an_event_of_its_own() -> None:
    import quellenlage

    events = quellenlage.analyze(
        "Das Gericht hatte die Umwidmung für nichtig erklärt. Wie das „Handelsblatt“ unter "
        "Berufung auf Regierungskreise berichtet, sollen fünf Milliarden Euro eingespart werden."
    ).speech_events
    assert not any(e.message.text.startswith("Wie das") for e in events)
    report = next(e for e in events if "eingespart" in e.message.text)
    assert report.source is not None and report.source.canonical == "Handelsblatt"
