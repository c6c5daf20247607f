"""The shipped tagger: loads once, tags STTS, finds Konjunktiv, lemmatizes; model errors.

Sentences are written for this suite. Tag assertions are limited to what any decent German
tagger gets right; mood assertions are the point of the Konjunktiv detector.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quellenlage.annotate import annotate_text, annotate_tokens
from quellenlage.annotate.tagger import (
    META_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    Lemmatizer,
    load_tagger,
    mood_of,
)
from quellenlage.annotate.tagger.conllu import read_conllu
from quellenlage.annotate.tagger.features import sentence_features
from quellenlage.annotate.tagger.training import train_tagger
from quellenlage.errors import ModelError

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "quellenlage" / "models" / "tagger"


def tagged(text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    doc = annotate_text(text)
    return {t.text: (t.tag, t.mood, t.lemma) for s in doc.sentences for t in s.tokens}


def test_konjunktiv_in_indirect_speech() -> None:
    t = tagged("Er sagte, er habe keine Zeit.")
    assert t["habe"][1] == "Sub"
    assert t["sagte"][1] == "Ind"
    assert t["habe"][0] == "VAFIN"
    assert t["Zeit"][1] is None  # not a finite verb


@pytest.mark.parametrize(
    ("text", "verb", "mood"),
    [
        ("Die Sprecherin sagte, das Land sei bereit.", "sei", "Sub"),
        ("Der Minister erklärte, man werde die Grenze schließen.", "werde", "Sub"),
        ("Die Zeitung berichtete, dass die Regierung eine Invasion fürchte.", "fürchte", "Sub"),
        ("Der Anwalt sagte, sein Mandant könne nicht kommen.", "könne", "Sub"),
        ("Die Polizei teilte mit, die Täter seien geflohen.", "seien", "Sub"),
        ("Sie sagte, sie hätte das nie getan.", "hätte", "Sub"),
        ("Ohne Hilfe wäre die Stadt verloren.", "wäre", "Sub"),
        ("Ich habe keine Zeit.", "habe", "Ind"),
        ("Ich werde morgen kommen.", "werde", "Ind"),
        ("Die Regierung fürchtet eine Invasion.", "fürchtet", "Ind"),
        ("Der Bürgermeister prüfte den Antrag.", "prüfte", "Ind"),
        ("Das Gericht hat den Antrag abgelehnt.", "hat", "Ind"),
    ],
)
def test_mood(text: str, verb: str, mood: str) -> None:
    assert tagged(text)[verb][1] == mood


def test_mood_rule_directly() -> None:
    """The rule itself, on given tags and lemmas (independent of the CRF)."""
    words = ["Er", "sagte", ",", "er", "arbeite", "viel", "."]
    tags = ["PPER", "VVFIN", "$,", "PPER", "VVFIN", "ADV", "$."]
    lemmas = ["er", "sagen", ",", "er", "arbeiten", "viel", "."]
    assert mood_of(words, tags, lemmas, 4) == "Sub"
    assert mood_of(words, tags, lemmas, 1) == "Ind"
    assert mood_of(words, tags, lemmas, 5) is None
    words[3] = "ich"
    assert mood_of(words, tags, lemmas, 4) == "Ind"
    # strong Konjunktiv II: an umlaut the lemma lacks
    assert mood_of(["sie", "fänden"], ["PPER", "VVFIN"], ["sie", "finden"], 1) == "Sub"
    assert mood_of(["sie", "wählten"], ["PPER", "VVFIN"], ["sie", "wählen"], 1) == "Ind"


def test_basic_tags_and_lemmas() -> None:
    t = tagged("Die Kinder spielten gestern im Garten.")
    assert t["Die"][0] == "ART"
    assert t["Kinder"][0] == "NN"
    assert t["spielten"][0] == "VVFIN"
    assert t["spielten"][2] == "spielen"
    assert t["Kinder"][2] == "Kind"
    assert t["im"][0] == "APPRART"
    assert t["."][0] == "$."


def test_lemmatizer_rules_for_unknown_words() -> None:
    lem = Lemmatizer({"Vorrat\tNN": "Vorrat", "weisen\tVVINF": "weisen"}, {})
    assert lem.lemma("Atomwaffenvorrat", "NN") == "Atomwaffenvorrat"
    assert lem.lemma("Blumenvorrat", "NN") == "Blumenvorrat"
    assert lem.lemma("schmückte", "VVFIN") == "schmücken"
    assert lem.lemma("geschmückt", "VVPP") == "schmücken"
    assert lem.lemma("großen", "ADJA") == "groß"


def test_pretokenized_input_is_not_changed() -> None:
    sents = [["„", "Ja", "“", ",", "sagte", "er", "."], ["Er", "sei", "müde", "."]]
    doc = annotate_tokens(sents)
    assert [[t.text for t in s.tokens] for s in doc.sentences] == sents
    assert all(t.tag for s in doc.sentences for t in s.tokens)
    assert doc.sentences[1].tokens[1].mood == "Sub"


def test_model_is_loaded_once() -> None:
    assert load_tagger() is load_tagger()
    meta = load_tagger().meta
    assert meta["format_version"] == 2
    assert "licence" in meta and meta["heldout"]


def test_shipped_model_is_small() -> None:
    total = sum(p.stat().st_size for p in SHIPPED.iterdir() if p.is_file())
    assert total < 10 * 1024 * 1024


def _copy_model(tmp_path: Path) -> Path:
    out = tmp_path / "model"
    shutil.copytree(SHIPPED, out)
    return out


def test_version_mismatch_is_a_model_error(tmp_path: Path) -> None:
    d = _copy_model(tmp_path)
    meta = json.loads((d / META_FILE).read_text())
    meta["format_version"] = 99
    (d / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="not supported"):
        load_tagger(d)


def test_corrupt_model_is_a_model_error(tmp_path: Path) -> None:
    d = _copy_model(tmp_path)
    (d / WEIGHTS_FILE).write_bytes(b"not a weights file")
    with pytest.raises(ModelError, match="cannot read"):
        load_tagger(d)


def test_missing_model_is_a_model_error(tmp_path: Path) -> None:
    d = _copy_model(tmp_path)
    (d / WEIGHTS_FILE).unlink()
    with pytest.raises(ModelError, match="missing"):
        load_tagger(d)


def test_numpy_inference_matches_crfsuite() -> None:
    """The fast numpy Viterbi gives crfsuite's labels on the shipped model."""
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(SHIPPED / MODEL_FILE))
    tagger = load_tagger()
    sentences = [
        "Der Kreml und Peking bestritten die Gerüchte vehement .",
        "„ Wir kommen nicht “ , sagte die Sprecherin am 3. März in Wien .",
        "Laut einem Twitter-Posting soll Kim Putins Ansuchen abgewiesen haben :",
        "Ja",
        "Ohne Hilfe wäre die Stadt verloren , hätte das Land nicht 13.000 Soldaten geschickt .",
    ]
    for sent in sentences:
        words = sent.split()
        assert tagger.labels(words) == crf.tag(sentence_features(words, tagger._scorer.contexts))


CONLLU = """# sent_id = 1
1\tEr\ter\tPRON\tPPER\tCase=Nom\t2\tnsubj\t_\t_
2\tsagte\tsagen\tVERB\tVVFIN\tMood=Ind|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No
3\t,\t,\tPUNCT\t$,\t_\t5\tpunct\t_\t_
4\ter\ter\tPRON\tPPER\tCase=Nom\t5\tnsubj\t_\t_
5\tsei\tsein\tAUX\tVAFIN\tMood=Sub|VerbForm=Fin\t2\tccomp\t_\t_
6-7\tim\t_\t_\t_\t_\t_\t_\t_\t_
6\tin\tin\tADP\tAPPR\t_\t8\tcase\t_\t_
7\tdem\tder\tDET\tART\t_\t8\tdet\t_\t_
8\tHaus\tHaus\tNOUN\tNN\t_\t5\tobl\t_\tSpaceAfter=No
9\t.\t.\tPUNCT\t$.\t_\t2\tpunct\t_\t_

"""


def test_read_conllu_merges_contractions(tmp_path: Path) -> None:
    p = tmp_path / "a.conllu"
    p.write_text(CONLLU)
    (sent,) = read_conllu(p)
    assert [t.form for t in sent] == ["Er", "sagte", ",", "er", "sei", "im", "Haus", "."]
    im = sent[5]
    assert (im.xpos, im.lemma) == ("APPRART", "in")
    assert sent[4].mood == "Sub"


def test_train_tagger_on_a_tiny_treebank(tmp_path: Path) -> None:
    p = tmp_path / "tiny.conllu"
    p.write_text(CONLLU * 30)
    out = tmp_path / "model"
    report = train_tagger([p], out, max_iterations=20)
    assert "heldout_stts" in report
    tagger = load_tagger(out)
    tags, lemmas, moods = tagger.analyse(["Er", "sagte", ",", "er", "sei", "im", "Haus", "."])
    assert tags[4] == "VAFIN" and moods[4] == "Sub" and lemmas[4] == "sein"
    assert tags[5] == "APPRART"


def test_train_without_stts_treebank_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "penn.conllu"
    p.write_text(
        CONLLU.replace("\tVVFIN\t", "\tVBC\t")
        .replace("$.", ".")
        .replace("$,", ",")
        .replace("\tART\t", "\tDT\t")
        .replace("\tAPPR\t", "\tIN\t")
    )
    with pytest.raises(ModelError, match="STTS"):
        train_tagger([p], tmp_path / "m", max_iterations=5)


def test_word_cache_overflow_keeps_tagging(monkeypatch: pytest.MonkeyPatch) -> None:
    """A full word cache is emptied without losing the words of the sentence at hand."""
    tagger = load_tagger()
    scorer = tagger._scorer
    scorer._rows.clear()
    scorer._old_rows.clear()
    monkeypatch.setattr(type(scorer), "_CACHE_WORDS", 8)
    first = ["Der", "Kreml", "schwieg", "gestern", "lange", "."]
    second = ["Der", "Kreml", "schwieg", "heute", "wieder", "nicht", "."]  # 3 new, 4 known
    expected = [tagger.labels(first), tagger.labels(second)]
    for _ in range(3):
        assert [tagger.labels(first), tagger.labels(second)] == expected


def test_context_lexicon_from_unlabeled_text(tmp_path: Path) -> None:
    from quellenlage.annotate.tagger.training import build_context_lexicon

    sents = [
        ["Die", "finanzielle", "Lage", "ist", "gut", "."],
        ["Die", "finanzielle", "Hilfe", "kam", "aus", "Kiew", "."],
        ["Er", "reiste", "nach", "Kiew", "."],
    ] * 3
    out = tmp_path / "ctx.tsv"
    n = build_context_lexicon(sents, out)
    rows = {
        line.split("\t")[0]: line.split("\t")[1:]
        for line in out.read_text().splitlines()
        if not line.startswith("#")
    }
    assert n == len(rows)
    assert rows["finanzielle"][0] == "die"  # left neighbour
    assert rows["finanzielle"][2] == "0"  # never capitalised inside a sentence
    assert rows["kiew"][2] == "1"  # always capitalised inside a sentence
    assert rows["die"][0] == "<s>"


def test_clean_stts_fixes_or_drops_bad_tags() -> None:
    from quellenlage.annotate.tagger.conllu import UDToken, clean_stts

    def tok(form: str, tag: str) -> UDToken:
        return UDToken(form, tag, form.lower(), None, "X")

    good = [tok("Darauf", "PROAV"), tok("kam", "VVFIN"), tok(";", "$;"), tok("„", "PUNCT")]
    bad = [tok("Er", "PPER"), tok("kam", "14")]
    out = clean_stts([good, bad])
    assert len(out) == 1
    assert [t.xpos for t in out[0]] == ["PAV", "VVFIN", "$.", "$("]


def test_warm_up_loads_the_stage() -> None:
    from quellenlage.annotate import warm_up

    warm_up()
    assert load_tagger()._scorer._rows  # words of the warm-up sentence are cached


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("bestritten", "bestreiten"),
        ("bestritt", "bestreiten"),
        ("zurückgewiesen", "zurückweisen"),
        ("wies", "weisen"),
        ("sprach", "sprechen"),
        ("anerkannt", "anerkennen"),
    ],
)
def test_strong_verb_lemmas(form: str, lemma: str) -> None:
    from quellenlage.annotate.tagger import strong_verb_lemma

    assert strong_verb_lemma(form) == lemma


def test_konjunktiv_the_crf_missed_is_repaired() -> None:
    t = tagged("Der Sprecher sagte, man weise die Vorwürfe zurück.")
    assert t["weise"][:2] == ("VVFIN", "Sub")
    assert t["weise"][2] == "weisen"
    t = tagged("Er sagte, der Minister verspreche Hilfe.")
    assert t["verspreche"][1] == "Sub"
    # but an adjective stays one
    assert tagged("Die weise Frau sprach.")["weise"][0] == "ADJA"
    assert tagged("Sie ist weise.")["weise"][0] != "VVFIN"


@pytest.mark.parametrize(
    ("form", "lemma"),
    [
        ("Journalistinnen", "Journalistin"),
        ("Zeitungsmeldungen", "Zeitungsmeldung"),
        ("Insidern", "Insider"),
        ("Tweets", "Tweet"),
        ("Telegram-Postings", "Telegram-Posting"),
    ],
)
def test_unknown_plural_nouns(form: str, lemma: str) -> None:
    lem = Lemmatizer({}, {})
    assert lem.lemma(form, "NN") == lemma
