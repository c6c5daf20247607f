"""Training the NER: byte-identical retraining, numpy decoding equal to crfsuite's, and the
shipped model's held-out F1 on GermEval 2014 (``shared``: needs ../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quellenlage.annotate.ner.features import sentence_features
from quellenlage.annotate.ner.germeval import read_germeval, split
from quellenlage.annotate.ner.runtime import META_FILE, WEIGHTS_FILE, NerModel, load_ner
from quellenlage.annotate.ner.training import (
    DEFAULTS,
    HELDOUT_SHARE,
    _train_crf,
    evaluate,
    export_crf,
    tag_sentences,
    train_ner,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GERMEVAL = SHARED / "data" / "germeval2014-ner"

# Invented sentences in a compact form: "token/LABEL" with O left out. Written for this suite.
MINI = [
    "Bundeskanzler Olaf/B-PER Scholz/I-PER sagte in Berlin/B-LOC , die Lage sei ernst .",
    "Die Staatsanwaltschaft/B-ORG Münster/I-ORG ermittelt gegen einen Mann aus Hamm/B-LOC .",
    "Laut Reuters/B-ORG traf Emmanuel/B-PER Macron/I-PER den Papst in Rom/B-LOC .",
    "Das Robert/B-ORG Koch-Institut/I-ORG meldete am Montag neue Zahlen .",
    "Die Süddeutsche/B-ORG Zeitung/I-ORG berichtete über den Fall in München/B-LOC .",
    "Siemens/B-ORG will in Erlangen/B-LOC 500 Stellen streichen .",
    "Annalena/B-PER Baerbock/I-PER reiste nach Warschau/B-LOC und Prag/B-LOC .",
    "Der Film Das/B-OTH Boot/I-OTH lief im ZDF/B-ORG .",
    "Die deutsche/B-LOCderiv Regierung schwieg , sagte Karin/B-PER Brenneisen/I-PER .",
    "Der SPD-Chef/B-ORGpart widersprach dem Bericht der Zeit/B-ORG .",
    "In Köln/B-LOC demonstrierten Tausende gegen die Pläne von Volkswagen/B-ORG .",
    "Thomas/B-PER Müller/I-PER spielt für den FC/B-ORG Bayern/I-ORG München/I-ORG .",
    "Die Polizei in Hamburg/B-LOC sucht Zeugen .",
    "Boris/B-PER Palmer/I-PER ist Oberbürgermeister von Tübingen/B-LOC .",
    "Die WHO/B-ORG warnte in Genf/B-LOC vor einer neuen Welle .",
    "Der Kreml/B-ORG wies den Bericht der New/B-ORG York/I-ORG Times/I-ORG zurück .",
]


def write_mini(folder: Path) -> Path:
    """The invented sentences as a GermEval 2014 file, one invented URL per sentence."""
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for k, sent in enumerate(MINI):
        lines.append(f"#\thttp://example.org/{k}\t[2024-01-01]")
        for i, item in enumerate(sent.split(), 1):
            word, _, label = item.partition("/")
            lines.append(f"{i}\t{word}\t{label or 'O'}\tO")
        lines.append("")
    (folder / "mini.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_reader_reads_urls_words_and_outer_labels(tmp_path: Path) -> None:
    sents = read_germeval(write_mini(tmp_path) / "mini.tsv")
    assert len(sents) == len(MINI)
    assert sents[0].url == "http://example.org/0"
    assert sents[0].words[1:3] == ("Olaf", "Scholz")
    assert sents[0].labels[1:3] == ("B-PER", "I-PER")


@pytest.mark.slow
def test_retraining_is_byte_identical(tmp_path: Path) -> None:
    data = write_mini(tmp_path / "data")
    a, b = tmp_path / "a", tmp_path / "b"
    report = train_ner(data, a, heldout=0.3, max_iterations=30)
    train_ner(data, b, heldout=0.3, max_iterations=30)
    for name in (WEIGHTS_FILE, META_FILE):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert report["sentences"] > 0  # some sentences were held out and scored
    assert load_ner(a).predict_batch([["Olaf", "Scholz"]], [["NE", "NE"]])[0][0] != "I-PER"


def test_numpy_decoding_equals_crfsuite(tmp_path: Path) -> None:
    import pycrfsuite

    sents = read_germeval(write_mini(tmp_path / "data") / "mini.tsv")
    tags = tag_sentences(sents)
    path = tmp_path / "m.crfsuite"
    _train_crf(sents, tags, path, {**DEFAULTS, "max_iterations": 30}, subtypes=False)
    model = NerModel(export_crf(path), {"tags": sorted({t for tg in tags for t in tg})})
    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    ours = model.predict_batch([list(s.words) for s in sents], tags)
    for sent, tg, mine in zip(sents, tags, ours, strict=True):
        assert crf.tag(sentence_features(sent.words, tg)) == mine


# Micro entity F1 (exact span and type) of the shipped model on its held-out sentences, as
# measured when it was trained (docs/ner.md), minus one point of slack.
HELDOUT_MICRO_F1_FLOOR = 64.7


@pytest.mark.shared
@pytest.mark.skipif(not GERMEVAL.is_dir(), reason="../shared/data/germeval2014-ner is absent")
def test_shipped_model_heldout_f1_is_above_the_floor() -> None:
    sentences = [s for f in sorted(GERMEVAL.glob("*.tsv")) for s in read_germeval(f)]
    _, held = split(sentences, HELDOUT_SHARE)
    model = load_ner()
    report = evaluate(model, held, tag_sentences(held))
    micro = report["all"]["entity"]["micro"]["f1"]
    assert micro >= HELDOUT_MICRO_F1_FLOOR
    assert model.meta["heldout"]["sentences"] == len(held)  # the split the card reports
