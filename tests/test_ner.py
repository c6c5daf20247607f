"""The learned NER: names in invented German news sentences, API contracts, model errors.

Sentences are written for this suite (no GermEval text). Assertions on single sentences are
limited to names a usable German NER must find; a quality floor over a larger invented set
checks the rest without pinning every decision of the model.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quellenlage.annotate import annotate_text
from quellenlage.annotate.ner import (
    PUBLIC_LABELS,
    doc_spans,
    load_ner,
    predict,
    sentence_spans,
)
from quellenlage.annotate.ner.germeval import public_labels, repair_bio
from quellenlage.annotate.ner.runtime import META_FILE, WEIGHTS_FILE, shipped_dir
from quellenlage.annotate.ner.scoring import bio_spans, score
from quellenlage.errors import ModelError


def names(text: str) -> set[tuple[str, str]]:
    """(surface text, label) of every name the NER finds in ``text``."""
    doc = annotate_text(text)
    return {(sp.text, sp.label) for sent in doc_spans(doc) for sp in sent}


# ------------------------------------------------------------------------ must-find names

MUST = [
    (
        "Bundeskanzler Olaf Scholz sagte am Montag in Berlin, die Lage sei ernst.",
        {("Olaf Scholz", "PER"), ("Berlin", "LOC")},
    ),
    (
        "Nach Angaben des Robert Koch-Instituts stieg die Zahl der Fälle.",
        {("Robert Koch-Instituts", "ORG")},
    ),
    (
        "Das Robert Koch-Institut (RKI) meldete 300 neue Fälle.",
        {("Robert Koch-Institut", "ORG"), ("RKI", "ORG")},
    ),
    ("Das Paul-Ehrlich-Institut prüft den Impfstoff.", {("Paul-Ehrlich-Institut", "ORG")}),
    ("Die Süddeutsche Zeitung berichtete zuerst über den Fall.", {("Süddeutsche Zeitung", "ORG")}),
    (
        "Siemens kündigte an, 500 Stellen in Erlangen zu streichen.",
        {("Siemens", "ORG"), ("Erlangen", "LOC")},
    ),
    (
        "Angela Merkel traf den französischen Präsidenten Emmanuel Macron in Paris.",
        {("Angela Merkel", "PER"), ("Emmanuel Macron", "PER"), ("Paris", "LOC")},
    ),
    (
        "„Wir prüfen den Vorgang“, sagte Polizeisprecherin Karin Brenneisen.",
        {("Karin Brenneisen", "PER")},
    ),
]


@pytest.mark.parametrize(("text", "expected"), MUST, ids=[t[:30] for t, _ in MUST])
def test_finds_the_names_a_news_reader_expects(text: str, expected: set) -> None:
    assert expected <= names(text)


def test_authority_named_after_its_seat_follows_the_guidelines() -> None:
    # NoSta-D (GermEval) annotates "Staatsanwaltschaft Bayreuth" as O + LOC: the place is
    # the name; joining the authority noun to it is the job of entity resolution.
    found = names("Das teilte die Staatsanwaltschaft Münster am Dienstag mit.")
    assert ("Münster", "LOC") in found
    assert not any(label == "PER" for _, label in found)


def test_nationality_adjective_is_not_a_location() -> None:
    # GermEval's LOCderiv ("deutsche") is output as O: the word names no place.
    found = names("Die deutsche Regierung und die russische Armee schwiegen dazu.")
    assert not any(text in {"deutsche", "russische"} for text, _ in found)


def test_function_words_are_never_names() -> None:
    doc = annotate_text("Er sagte, dass sie es nicht wisse, und ging dann nach Hause.")
    assert doc_spans(doc) == [[]]


# Invented sentences with their gold names; the model must get most of them, not all.
FLOOR_CASES = [
    (
        "Der Vorstandschef der Deutschen Bank, Christian Sewing, wies die Kritik zurück.",
        {("Deutschen Bank", "ORG"), ("Christian Sewing", "PER")},
    ),
    (
        "Laut Reuters wurde in Kiew erneut Luftalarm ausgelöst.",
        {("Reuters", "ORG"), ("Kiew", "LOC")},
    ),
    (
        "Die Polizei in Hamburg sucht nach einem Mann aus Bremen.",
        {("Hamburg", "LOC"), ("Bremen", "LOC")},
    ),
    (
        "Der Bürgermeister von Tübingen, Boris Palmer, widersprach.",
        {("Tübingen", "LOC"), ("Boris Palmer", "PER")},
    ),
    ("Der Konzern Volkswagen meldete einen Gewinnrückgang.", {("Volkswagen", "ORG")}),
    (
        "Die Weltgesundheitsorganisation WHO warnte vor einer neuen Welle.",
        {("Weltgesundheitsorganisation", "ORG"), ("WHO", "ORG")},
    ),
    (
        "Wie der Spiegel berichtet, will die SPD den Antrag ablehnen.",
        {("Spiegel", "ORG"), ("SPD", "ORG")},
    ),
    (
        "Die Ministerin Annalena Baerbock reiste anschließend nach Warschau weiter.",
        {("Annalena Baerbock", "PER"), ("Warschau", "LOC")},
    ),
    ("Das Landgericht Köln verurteilte den 48-Jährigen zu drei Jahren Haft.", {("Köln", "LOC")}),
    (
        "Ein Sprecher des Bundesamts für Verfassungsschutz wollte sich nicht äußern.",
        {("Bundesamts für Verfassungsschutz", "ORG")},
    ),
    (
        "Die Lufthansa streicht Flüge zwischen Frankfurt und New York.",
        {("Lufthansa", "ORG"), ("Frankfurt", "LOC"), ("New York", "LOC")},
    ),
    (
        "Thomas Müller schoss den FC Bayern München zum Sieg.",
        {("Thomas Müller", "PER"), ("FC Bayern München", "ORG")},
    ),
]


def test_quality_floor_on_invented_news() -> None:
    gold = sum(len(exp) for _, exp in FLOOR_CASES)
    found = sum(len(exp & names(text)) for text, exp in FLOOR_CASES)
    assert found >= 0.7 * gold, f"{found} of {gold} invented names found"


# ------------------------------------------------------------------------------------- API


def test_predict_returns_one_public_label_per_word() -> None:
    words = ["Laut", "Olaf", "Scholz", "hat", "die", "EU", "recht", "."]
    labels = predict(words)
    assert len(labels) == len(words)
    assert set(labels) <= set(PUBLIC_LABELS)
    assert labels[1:3] == ["B-PER", "I-PER"]
    assert predict([]) == []


def test_given_tags_are_used_and_batches_match_single_sentences() -> None:
    doc = annotate_text("Olaf Scholz reiste nach Rom. Dort traf er Giorgia Meloni.")
    model = load_ner()
    sents = [[t.text for t in s.tokens] for s in doc.sentences]
    tags = [[t.tag or "" for t in s.tokens] for s in doc.sentences]
    batch = model.predict_batch(sents, tags)
    assert batch == [predict(w, t) for w, t in zip(sents, tags, strict=True)]
    spans = sentence_spans(doc.sentences[0], text=doc.text)
    assert [(sp.text, sp.label) for sp in spans] == [
        (doc.text[sp.char_start : sp.char_end], sp.label) for sp in spans
    ]


def test_empty_sentences_in_a_batch_are_kept_in_place() -> None:
    out = load_ner().predict_batch([[], ["Berlin"], []], [[], ["NE"], []])
    assert out == [[], ["B-LOC"], []]


def test_word_cache_rotation_keeps_results() -> None:
    model = load_ner()
    text = "Der Minister Hans Eichel sprach in Kassel mit Vertretern der IG Metall ."
    words = text.split(" ")
    before = predict(words, model=model)
    saved = model._matrix
    model._matrix = saved[:4].copy()  # a tiny cache: every batch starts a new generation
    model._reset_cache()
    try:
        assert predict(words, model=model) == before
    finally:
        model._matrix = saved
        model._reset_cache()


WORDS = [
    "der",
    "Müller",
    "Berlin",
    "sagte",
    ",",
    "„",
    "AG",
    "von",
    "Bank",
    "X",
    "EU-Kommission",
    "1990",
    "und",
    ".",
]


@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_output_is_valid_bio_for_any_words(words: list[str]) -> None:
    labels = predict(words)
    assert len(labels) == len(words)
    assert repair_bio(labels) == labels


# ---------------------------------------------------------------------------- label logic


def test_subtypes_map_to_o_and_bio_is_repaired() -> None:
    assert public_labels(["B-LOCderiv", "B-ORG", "I-ORG", "B-PERpart", "I-PER"]) == [
        "O",
        "B-ORG",
        "I-ORG",
        "O",
        "B-PER",
    ]


def test_scores_exact_spans_and_tokens() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    assert bio_spans(gold[0]) == [(0, 2, "PER"), (3, 4, "LOC")]
    result = score(gold, pred, ("PER", "LOC"))
    assert result["entity"]["PER"]["f1"] == 0.0
    assert result["entity"]["LOC"]["f1"] == 100.0
    assert result["entity"]["micro"]["precision"] == 50.0
    assert result["token"]["PER"]["precision"] == 100.0
    assert result["token"]["PER"]["recall"] == 50.0


# ---------------------------------------------------------------------------- model files


def _copy_model(tmp_path: Path) -> Path:
    out = tmp_path / "model"
    shutil.copytree(shipped_dir(), out)
    return out


def _edit_meta(model_dir: Path, **changes: object) -> None:
    path = model_dir / META_FILE
    meta = json.loads(path.read_text("utf-8"))
    meta.update(changes)
    path.write_text(json.dumps(meta), "utf-8")


def test_shipped_model_is_small_and_loads() -> None:
    model = load_ner()
    assert model.meta["format_version"] == 1
    size = sum(p.stat().st_size for p in shipped_dir().iterdir() if p.is_file())
    assert size < 3_000_000


@pytest.mark.parametrize(
    "change",
    [{"format_version": 99}, {"feature_version": 99}, {"name": "someone-else"}],
    ids=["format", "features", "name"],
)
def test_incompatible_metadata_is_refused(tmp_path: Path, change: dict) -> None:
    model_dir = _copy_model(tmp_path)
    _edit_meta(model_dir, **change)
    with pytest.raises(ModelError):
        load_ner(model_dir)


def test_missing_or_damaged_files_are_refused(tmp_path: Path) -> None:
    model_dir = _copy_model(tmp_path)
    (model_dir / WEIGHTS_FILE).write_bytes(b"not a zip file")
    with pytest.raises(ModelError, match="cannot read NER weights"):
        load_ner(model_dir)
    (model_dir / META_FILE).unlink()
    with pytest.raises(ModelError, match="no NER model"):
        load_ner(model_dir)
