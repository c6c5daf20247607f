"""The API's bounds: a time limit on every analysis, and hostile shapes of text that finish."""

from __future__ import annotations

import pytest

import quellenlage
from quellenlage.errors import AnalysisTimeout, QuellenlageError
from quellenlage.pipeline import DEFAULT_TIMEOUT, _deadline
from quellenlage.settings import DEFAULT_SETTINGS, Settings


def test_an_analysis_past_its_time_limit_stops_with_a_timeout() -> None:
    text = "Der Sprecher sagte, die Brücke sei bis März gesperrt. " * 400
    with pytest.raises(AnalysisTimeout):
        quellenlage.analyze(text, timeout=1e-9)


def test_the_default_limit_and_no_limit() -> None:
    assert _deadline(None, DEFAULT_SETTINGS) > 0  # the API has a limit by default …
    assert _deadline(0, DEFAULT_SETTINGS) == 0.0  # … and 0 means none
    assert DEFAULT_TIMEOUT > 10
    assert _deadline(None, Settings(timeout=5.0)) < _deadline(None, DEFAULT_SETTINGS)
    assert quellenlage.analyze("Er sagte, es werde regnen.", timeout=0).speech_events


@pytest.mark.parametrize(
    "text",
    [
        "Er sagte „Ja“ und „nein“ " * 400,  # alternating quote marks
        "und dann sagte er es werde schon gut gehen " * 200,  # no punctuation at all
        "»« «» ‚‘ ‹› " * 400,  # quote marks only
    ],
    ids=["alternating-quotes", "no-punctuation", "only-quote-marks"],
)
def test_hostile_shapes_end_in_an_analysis_or_a_clear_error(text: str) -> None:
    try:
        analysis = quellenlage.analyze(text, timeout=60)
    except QuellenlageError as exc:  # e.g. "no sentence": one line, its own exit code
        assert exc.exit_code > 1
    else:
        assert analysis.article.text


def test_an_overlong_sentence_is_cut_at_clause_breaks_with_a_note() -> None:
    from quellenlage.annotate import annotate_text

    words = [f"wort{i}" + ("," if i % 37 == 36 else "") for i in range(1_000)]
    doc = annotate_text(" ".join(words), tag=False)
    lengths = [s.last - s.first for s in doc.sentences]
    assert max(lengths) <= DEFAULT_SETTINGS.max_sentence_tokens
    assert sum(lengths) == len(doc.tokens)  # every token is in exactly one piece
    # the cuts fall after a comma where there is one in the window, not mid-clause
    assert all(doc.tokens[s.last - 1].text == "," for s in doc.sentences[:-1])
    assert any("were cut at clause breaks" in n for n in doc.notes)


def test_a_normal_text_is_not_cut() -> None:
    from quellenlage.annotate import annotate_text

    doc = annotate_text("Der Sprecher sagte, die Brücke bleibe gesperrt. Es regnet.", tag=False)
    assert len(doc.sentences) == 2 and not doc.notes


@pytest.mark.parametrize(
    "text",
    [
        # a cue that runs past its sentence (found by bench/bench_fuzz.py, seed 0)
        "sich dafür Evolutionstheorie\n\nIronischerweise lässt sich dafür ‘schöpfe“risch‘ man "
        "haben unabhängig voneinander mit Wort ”",
        "neues Vorhaben hineinzugehen, so",  # "so" ends the text
        "LAUT KREUZ 32 UMS\n\nLAUT ROTEM KREUZ 32 MENSCHEN LEBEN –",  # no message after laut
    ],
    ids=["cue-past-sentence", "so-at-end", "laut-without-message"],
)
def test_fuzz_found_shapes_do_not_crash_the_rules(text: str) -> None:
    try:
        analysis = quellenlage.analyze(text)
    except QuellenlageError as exc:
        assert exc.exit_code > 1
    else:
        assert all(e.message.text for e in analysis.speech_events)
