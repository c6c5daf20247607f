"""Model folders: ``quellenlage train --out`` writes one, ``--model-dir`` reads it.

A model folder has the shipped layout (attribution CRFs at the top, the tagger in
``tagger/``); the kinds it lacks come from the shipped models; a wrong folder is a one-line
error. Training never writes into the installed package unless told to.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quellenlage import modelfiles
from quellenlage.annotate import annotate_text
from quellenlage.annotate.tagger.training import train_tagger
from quellenlage.cli import app
from quellenlage.errors import ModelError
from quellenlage.pipeline import analyze
from quellenlage.settings import MODEL_DIR_ENV, Settings
from quellenlage.train import train_models
from test_annotate_tagger import CONLLU
from test_attribute_train import _write

SHIPPED = modelfiles.SHIPPED
TEXT = "Der Sprecher sagte, die Regierung habe nichts entschieden. „Wir warten“, sagte er."


def _copy_shipped(root: Path, *, tagger: bool = True) -> Path:
    """A model folder with copies of the shipped models."""
    root.mkdir()
    for p in SHIPPED.iterdir():
        if p.is_file() and p.name.startswith("attribution"):
            shutil.copy(p, root / p.name)
    if tagger:
        shutil.copytree(SHIPPED / "tagger", root / "tagger")
    return root


def test_settings_read_the_model_dir_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path))
    assert Settings().model_dir == str(tmp_path)
    assert Settings(model_dir=None).model_dir is None
    monkeypatch.delenv(MODEL_DIR_ENV)
    assert Settings().model_dir is None


def test_a_model_folder_gives_the_same_analysis(tmp_path: Path) -> None:
    root = _copy_shipped(tmp_path / "models")
    assert modelfiles.check_root(root) == ["attribution", "tagger"]
    assert modelfiles.folder("tagger", root) == root / "tagger"
    mine = analyze(TEXT, settings=Settings(model_dir=str(root)))
    assert mine.to_json() == analyze(TEXT, settings=Settings(model_dir=None)).to_json()


def test_a_kind_the_folder_lacks_comes_from_the_shipped_models(tmp_path: Path) -> None:
    root = _copy_shipped(tmp_path / "models", tagger=False)
    assert modelfiles.folder("tagger", root) == SHIPPED / "tagger"
    assert modelfiles.folder("attribution", root) == root


def test_the_tagger_is_read_from_the_folder(tmp_path: Path) -> None:
    root = _copy_shipped(tmp_path / "models")
    meta = root / "tagger" / "tagger.meta.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text("utf-8")), "format_version": 99}))
    with pytest.raises(ModelError, match="not supported"):
        annotate_text(TEXT, settings=Settings(model_dir=str(root)))


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_a_wrong_folder_is_a_model_error(tmp_path: Path, make: str) -> None:
    root = tmp_path / "models"
    if make == "empty":
        root.mkdir()
    with pytest.raises(ModelError, match=r"does not exist|holds no quellenlage model"):
        modelfiles.folder("tagger", root)


def test_cli_model_dir_option(tmp_path: Path) -> None:
    root = _copy_shipped(tmp_path / "models")
    article = tmp_path / "a.txt"
    article.write_text(TEXT, "utf-8")
    runner = CliRunner()
    ok = runner.invoke(app, ["analyze", str(article), "-f", "json", "--model-dir", str(root)])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["speech_events"]
    bad = runner.invoke(app, ["analyze", str(article), "--model-dir", str(tmp_path / "nope")])
    assert bad.exit_code == ModelError.exit_code
    assert "does not exist" in bad.output and "Traceback" not in bad.output


def test_train_writes_to_the_working_directory_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _write(tmp_path / "data")
    shipped = {p.name: p.stat().st_mtime_ns for p in SHIPPED.iterdir() if p.is_file()}
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["train", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "quellenlage-models" / "attribution.meta.json").is_file()
    assert "--model-dir quellenlage-models" in result.output
    assert {p.name: p.stat().st_mtime_ns for p in SHIPPED.iterdir() if p.is_file()} == shipped


@pytest.mark.slow
def test_train_with_a_treebank_makes_a_complete_model_folder(tmp_path: Path) -> None:
    """``--ud`` trains the tagger into ``tagger/`` first; the CRFs see its tags; the folder
    then runs on its own (both kinds come from it)."""
    ud = tmp_path / "ud"
    ud.mkdir()
    (ud / "tiny.conllu").write_text(CONLLU * 30, "utf-8")
    root = tmp_path / "out"
    meta = train_models(_write(tmp_path / "data"), root, ud=ud)
    assert meta["tagged"] is True
    assert modelfiles.check_root(root) == ["attribution", "tagger"]
    doc = annotate_text("Er sagte , er sei im Haus .", settings=Settings(model_dir=str(root)))
    assert [t.tag for t in doc.tokens][4:6] == ["VAFIN", "APPRART"]
    assert analyze(TEXT, settings=Settings(model_dir=str(root))).article is not None


@pytest.mark.slow
def test_tagger_training_is_byte_identical(tmp_path: Path) -> None:
    conllu = tmp_path / "tiny.conllu"
    conllu.write_text(CONLLU * 30, "utf-8")
    for name in ("a", "b"):
        train_tagger([conllu], tmp_path / name, max_iterations=20)
    for f in ("tagger.crfsuite", "tagger.weights.npz", "lemmas.json", "word_contexts.tsv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
