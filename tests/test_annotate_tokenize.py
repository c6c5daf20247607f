"""Tokenizer and sentence splitter: each tricky German case, offsets that slice back exactly.

All texts are written for this suite.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quellenlage.annotate import segment_article
from quellenlage.annotate.tokenize import split_sentences, token_agreement, tokenize
from quellenlage.model import Article, Block


def toks(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def sents(text: str) -> list[str]:
    tokens = tokenize(text)
    return [text[s[0].start : s[-1].end] for s in split_sentences(text, tokens)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # abbreviations keep their period
        ("Das gilt z.B. für Dr. Meier.", ["Das", "gilt", "z.B.", "für", "Dr.", "Meier", "."]),
        ("Prof. Lang u.a. kamen", ["Prof.", "Lang", "u.a.", "kamen"]),
        ("bzw. ca. 20 Mio. Euro", ["bzw.", "ca.", "20", "Mio.", "Euro"]),
        ("Haus Nr. 5 in St. Pölten", ["Haus", "Nr.", "5", "in", "St.", "Pölten"]),
        ("Äpfel, Birnen usw.", ["Äpfel", ",", "Birnen", "usw."]),
        ("das gilt v.a. hier", ["das", "gilt", "v.a.", "hier"]),
        # initials
        ("W. Schulz kam", ["W.", "Schulz", "kam"]),
        # ordinals and dates
        ("am 3. März 2022", ["am", "3.", "März", "2022"]),
        ("der 20. Jahrhundert-Wechsel", ["der", "20.", "Jahrhundert-Wechsel"]),
        ("Stand: 24.11.2026 10:00 Uhr", ["Stand", ":", "24.11.2026", "10:00", "Uhr"]),
        ("ein 3:0-Sieg", ["ein", "3:0-Sieg"]),
        # numbers
        ("über 13.000 Tote und 1,5 Prozent", ["über", "13.000", "Tote", "und", "1,5", "Prozent"]),
        # URLs, e-mail, handles, hashtags
        (
            "Siehe https://example.org/a?b=1. Danke",
            ["Siehe", "https://example.org/a?b=1", ".", "Danke"],
        ),
        ("Mail an info@beispiel.de!", ["Mail", "an", "info@beispiel.de", "!"]),
        ("auf tagesschau.de lesen", ["auf", "tagesschau.de", "lesen"]),
        ("@kanzleramt und #Ukraine", ["@kanzleramt", "und", "#Ukraine"]),
        # hyphenated compounds are one token; truncated compounds keep the hyphen
        (
            "der US-Geheimdienst, die Putin-Bitte im Ukraine-Krieg",
            ["der", "US-Geheimdienst", ",", "die", "Putin-Bitte", "im", "Ukraine-Krieg"],
        ),
        ("Ein- und Ausfuhr", ["Ein-", "und", "Ausfuhr"]),
        ("Kim Jong-un", ["Kim", "Jong-un"]),
        ("die CDU/CSU-Fraktion", ["die", "CDU/CSU-Fraktion"]),
        # elision and apostrophes inside words
        ("So geht's nicht, sagt's", ["So", "geht's", "nicht", ",", "sagt's"]),
        ("Das war’s", ["Das", "war’s"]),
        # every quote mark is a token of its own
        ("„Ja“, sagte er", ["„", "Ja", "“", ",", "sagte", "er"]),
        ('"Nein"', ['"', "Nein", '"']),
        ("»Gut« und «gut»", ["»", "Gut", "«", "und", "«", "gut", "»"]),
        ("‚klein‘ und ‹klein›", ["‚", "klein", "‘", "und", "‹", "klein", "›"]),
        ("'Ihr seid verrückt'", ["'", "Ihr", "seid", "verrückt", "'"]),
        ("‘so’", ["‘", "so", "’"]),
        ("''Zitat''", ["''", "Zitat", "''"]),
        # dashes, brackets, ellipsis
        ("Krieg – und Frieden", ["Krieg", "–", "und", "Frieden"]),
        ("(laut Polizei) [sic]", ["(", "laut", "Polizei", ")", "[", "sic", "]"]),
        ("Und dann... nichts…", ["Und", "dann", "...", "nichts", "…"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert toks(text) == expected


def test_offsets_and_space_after() -> None:
    text = "  Er sagte: „Wir kommen.“\nDann ging er."
    tokens = tokenize(text)
    for t in tokens:
        assert text[t.start : t.end] == t.text
    by_text = {t.text: t for t in tokens}
    assert by_text["sagte"].space_after is False  # followed by ":"
    assert by_text[":"].space_after is True
    assert by_text["„"].space_after is False


def test_tokenize_range_keeps_global_offsets() -> None:
    text = "Titel\n\nDer Text beginnt hier."
    tokens = tokenize(text, 7, len(text))
    assert tokens[0].text == "Der" and tokens[0].start == 7
    assert all(text[t.start : t.end] == t.text for t in tokens)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
@settings(max_examples=200, deadline=None)
def test_offsets_always_slice_back(text: str) -> None:
    tokens = tokenize(text)
    for a, b in itertools.pairwise(tokens):
        assert a.end <= b.start
    for t in tokens:
        assert t.text and text[t.start : t.end] == t.text
        assert not t.text.isspace()
    # nothing but whitespace is lost
    covered = "".join(text[t.start : t.end] for t in tokens)
    assert covered == "".join(text.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er kam. Sie ging.", ["Er kam.", "Sie ging."]),
        ("Kommt er? Ja! Gut…", ["Kommt er?", "Ja!", "Gut…"]),
        # a quote closing after the end mark belongs to the sentence ...
        ("„Wir kommen.“ Dann ging er.", ["„Wir kommen.“", "Dann ging er."]),
        # ... and a comma-continued frame stays in it
        ("„Wir kommen.“, sagte er. Dann ging er.", ["„Wir kommen.“, sagte er.", "Dann ging er."]),
        ("„Wirklich?“ fragte sie. Er nickte.", ["„Wirklich?“ fragte sie.", "Er nickte."]),
        ('"Nie wieder!", rief er.', ['"Nie wieder!", rief er.']),
        # no split after abbreviations, initials, ordinals
        ("Das sagte Dr. Meier. Er ging.", ["Das sagte Dr. Meier.", "Er ging."]),
        ("Am 3. März kam z. B. W. Schulz.", ["Am 3. März kam z. B. W. Schulz."]),
        ("Er wurde am 1. Januar 20. Präsident.", ["Er wurde am 1. Januar 20. Präsident."]),
        # but a year or count at the end does end the sentence
        ("Er starb im Jahr 2011. Danach kam sie.", ["Er starb im Jahr 2011.", "Danach kam sie."]),
        ("Die Zahl stieg auf 13. Die Polizei kam.", ["Die Zahl stieg auf 13.", "Die Polizei kam."]),
        # an abbreviation that may end a sentence does so before a capital
        (
            "Er kaufte Äpfel, Birnen usw. Dann ging er.",
            ["Er kaufte Äpfel, Birnen usw.", "Dann ging er."],
        ),
        # ... but not a number abbreviation before its unit, or "u.a." before a name
        ("Er zahlte 1,9 Mrd. Euro. Dann ging er.", ["Er zahlte 1,9 Mrd. Euro.", "Dann ging er."]),
        ("Es kamen u.a. Merkel und Macron.", ["Es kamen u.a. Merkel und Macron."]),
        ("Die Bahn Wien/St. Pölten fährt.", ["Die Bahn Wien/St. Pölten fährt."]),
        ("Er wohnt in Wr. Neustadt.", ["Er wohnt in Wr. Neustadt."]),
        # a colon is not a sentence end
        ("Er sagte: Wir kommen morgen.", ["Er sagte: Wir kommen morgen."]),
        # a bracketed sentence keeps its bracket
        ("Er kam. (Das war neu.) Dann ging er.", ["Er kam.", "(Das war neu.)", "Dann ging er."]),
        # a line break without end mark separates a heading from the text
        (
            "Nordkorea lehnt ab\nDer Machthaber sagte nein.",
            ["Nordkorea lehnt ab", "Der Machthaber sagte nein."],
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_sentences_never_cross_blocks() -> None:
    text = "Kein Punkt im Titel\n\nDer Text. Noch ein Satz"
    art = Article(
        text=text,
        blocks=[Block(kind="title", start=0, end=19), Block(kind="body", start=21, end=len(text))],
    )
    doc = segment_article(art)
    assert [(text[s.start : s.end], s.block) for s in doc.sentences] == [
        ("Kein Punkt im Titel", "title"),
        ("Der Text.", "body"),
        ("Noch ein Satz", "body"),
    ]


def test_article_without_blocks_is_one_body() -> None:
    doc = segment_article(Article(text="Eins. Zwei."))
    assert [s.block for s in doc.sentences] == ["body", "body"]


SPKATT = Path(__file__).resolve().parents[2] / "shared" / "data" / "spkatt-news" / "dev"


@pytest.mark.shared
@pytest.mark.skipif(not SPKATT.is_dir(), reason="needs ../shared/data/spkatt-news/dev")
def test_spkatt_token_agreement() -> None:
    """Re-tokenizing detokenized SpkAtt sentences gives back their tokens (boundary recall)."""
    files = sorted(SPKATT.glob("*.json"))[:60]
    sentences = [s["Tokens"] for f in files for s in json.loads(f.read_text())["Sentences"]]
    result = token_agreement(sentences)
    assert result["token_recall"] >= 0.99
    assert result["identical_sentences"] >= 0.95
