"""The fuzz checker (``bench/bench_fuzz.py``) on small own fixtures, and the causes it found.

The checker itself is tested first: it must report a dropped paragraph and a broken span, or
a green fuzz run would mean nothing. Then ~150 mutated inputs built from the sentences below
(no shared data) go through the same checks as the full bench.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import pytest

import quellenlage
from quellenlage.errors import QuellenlageError
from quellenlage.ingest.furniture import furniture_lexicon

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import bench_fuzz

SENTENCES = [
    "Der Sprecher der Stadt sagte am Montag, die Brücke bleibe bis März gesperrt.",
    "„Wir haben keine andere Wahl“, erklärte Bürgermeisterin Anna Roth am Abend.",
    "Laut Polizei wurden bei dem Unfall auf der Landstraße zwei Menschen leicht verletzt.",
    "Die Opposition kritisierte die Pläne für den Neubau des Rathauses scharf.",
    "Der Minister soll zurücktreten wollen, berichtete die Zeitung unter Berufung auf Vertraute.",
    "Die Arbeiten am Abschnitt beginnen im Frühjahr und dauern voraussichtlich zwei Jahre.",
    "Ein Sprecher des Ministeriums wies den Bericht am Dienstag als falsch zurück.",
    "Nach Angaben der Feuerwehr war das Feuer gegen Mitternacht unter Kontrolle.",
]
TEXT = "Brücke bleibt gesperrt\n\n" + "\n\n".join(SENTENCES[:4])


def test_checker_passes_a_clean_analysis() -> None:
    analysis = quellenlage.analyze(TEXT)
    assert bench_fuzz.check_analysis(analysis) == []
    assert bench_fuzz.lost_sentences(TEXT, analysis.article) == []


def test_checker_finds_a_dropped_paragraph() -> None:
    article = quellenlage.analyze(TEXT).article
    dropped = article.model_copy(update={"text": article.text.replace(SENTENCES[2], "")})
    assert bench_fuzz.lost_sentences(TEXT, dropped) == [SENTENCES[2]]
    # Moved to the furniture list it counts as kept (the audit list is a place).
    moved = dropped.model_copy(update={"furniture": [*dropped.furniture, SENTENCES[2]]})
    assert bench_fuzz.lost_sentences(TEXT, moved) == []
    # A cut sentence is lost too: the whole line must be there.
    cut = article.model_copy(update={"text": article.text.replace("zwei Menschen ", "")})
    assert bench_fuzz.lost_sentences(TEXT, cut) == [SENTENCES[2]]


def test_checker_cleans_the_input_as_ingest_documents() -> None:
    text = "Der Sprecher\u200b der Stadt sagte\x00 am Montag, die Br\ud800ücke bleibe gesperrt.\r\n"
    analysis = quellenlage.analyze(text)
    assert bench_fuzz.lost_sentences(text, analysis.article) == []
    assert bench_fuzz.sentence_lines(text) == [
        "Der Sprecher der Stadt sagte am Montag, die Br\ufffdücke bleibe gesperrt."
    ]
    assert bench_fuzz.sentence_lines("Nur drei Wörter.\nStartseite > Politik") == []


def test_checker_finds_broken_contracts() -> None:
    analysis = quellenlage.analyze(TEXT)
    st = analysis.statements[0]
    bad = analysis.model_copy(deep=True)
    bad.statements[0] = st.model_copy(update={"start": st.start + 1})
    assert any("not its slice" in p for p in bench_fuzz.check_analysis(bad))
    bad.statements[0] = st.model_copy(update={"end": len(analysis.article.text) + 5})
    assert any("outside the text" in p for p in bench_fuzz.check_analysis(bad))
    bad = analysis.model_copy(deep=True)
    bad.article.meta.notes.append("kaputt \ud800")
    assert any("surrogate" in p for p in bench_fuzz.check_analysis(bad))
    bad = analysis.model_copy(deep=True)
    bad.statements[0].events.append("e99")
    assert any("unknown events" in p for p in bench_fuzz.check_analysis(bad))


# ------------------------------------------------------------------ causes the fuzz run found


def test_breadcrumb_pattern_is_linear_on_many_separators() -> None:
    """The navigation pattern backtracked exponentially on a line of many ``<div>`` (a
    separator ``>`` inside a segment): one such line took minutes."""
    lex = furniture_lexicon()
    for line in [
        "cht: Wie wir ges" + "<div>" * 300 + "Ein Satz in der Tiefe steht hier.pielt haben",
        " > ".join(["Wort Wort"] * 300) + " x.",
        "> " * 3000,
    ]:
        t0 = time.process_time()
        lex.match(line)
        assert time.process_time() - t0 < 0.5
    assert lex.match("Startseite > Politik > Ausland") is not None
    assert lex.match("Startseite › Politik › Ausland › Europa") is not None
    assert lex.match("Home>>Politik>>Inland") is not None
    assert lex.match("Startseite > Politik > Ausland hat gestern gewählt.") is None


def test_character_references_are_cleaned_like_text() -> None:
    """``&#5;`` or ``&#xFFFE;`` decode only in the HTML parse, after the markup was cleaned:
    a control character stayed in ``article.text``."""
    page = (
        "<html><body><article><h1>Brücke bleibt gesperrt</h1>"
        f"<p>{SENTENCES[0].replace('Stadt', 'St&#5;adt').replace('März', 'M&#xFFFE;ärz')}</p>"
        f"<p>{SENTENCES[3]}</p></article></body></html>"
    )
    analysis = quellenlage.analyze_html(page)
    assert bench_fuzz.check_analysis(analysis) == []
    assert "Der Sprecher der Stadt sagte" in analysis.article.text
    assert "M\ufffdärz" in analysis.article.text
    notes = " ".join(analysis.article.meta.notes)
    assert "control character(s) removed (from a character reference)" in notes
    assert "noncharacter" in notes


@pytest.mark.parametrize(
    "text",
    [
        # A mention that crosses a paragraph break: the joined text was "HDP-Chef Selahattin…".
        "HDP-Chef\n\nSelahattin Demirtas sagte, die Regierung trage die Verantwortung.",
        "Der Guardian und die BBC berichteten unter Berufung auf Unterlagen der panamaischen "
        "Finanzkanzlei Mossack Fonseca, der Minister habe Konten.",
    ],
)
def test_source_text_is_its_slice(text: str) -> None:
    """``Source.text`` was the sources stage's joined tokens, not ``article.text[start:end]``."""
    analysis = quellenlage.analyze(text)
    assert any(e.source for e in analysis.speech_events)
    assert bench_fuzz.check_analysis(analysis) == []


# ------------------------------------------------------------------ a small deterministic fuzz


def _fixture_inputs(n: int) -> list[tuple[str, str]]:
    rng = random.Random(14)
    out = []
    for _ in range(n):
        sents = bench_fuzz.excerpt(rng, SENTENCES)
        html = rng.random() < 0.35
        text = bench_fuzz.wrap_html(rng, sents)[1] if html else bench_fuzz.layout(rng, sents)
        for _ in range(rng.choice([1, 2, 3])):
            text = bench_fuzz.mutate_str(rng, text, html)[0]
        out.append(("html" if html else "text", text))
    return out


def test_mutated_fixtures_keep_every_contract() -> None:
    t0 = time.process_time()
    failures: list[tuple[int, str, list[str]]] = []
    inputs = _fixture_inputs(150)
    for i, (entry, text) in enumerate(inputs):
        try:
            if entry == "html":
                analysis = quellenlage.analyze_html(text)
            else:
                analysis = quellenlage.analyze(text)
        except QuellenlageError:
            continue
        except Exception as exc:
            failures.append((i, "crash", [repr(exc)]))
            continue
        problems = bench_fuzz.check_analysis(analysis)
        if entry == "text":
            problems += [f"lost {s!r}" for s in bench_fuzz.lost_sentences(text, analysis.article)]
        if problems:
            failures.append((i, "contract", problems[:2]))
    assert sum(bench_fuzz.Case(0, "text", t, "").surrogates for _, t in inputs) >= 5
    assert failures == []
    assert time.process_time() - t0 < 20
