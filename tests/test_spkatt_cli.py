"""``quellenlage spkatt predict|score`` end to end on small German fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quellenlage.attribute import register_engine
from quellenlage.cli import app
from quellenlage.doc import Doc, Event
from quellenlage.errors import ModelError
from quellenlage.eval.spkatt import SpkAttEvent as EventCandidate
from quellenlage.eval.spkatt import read_spkatt, to_doc_events, write_spkatt

SENTENCES = [
    ["Die", "Polizei", "teilte", "mit", ",", "der", "Täter", "sei", "geflohen", "."],
    ["„", "Wir", "suchen", "ihn", "“", ",", "sagte", "ein", "Sprecher", "."],
]
GOLD = [
    EventCandidate(
        form="Indirect",
        medium="Writing",
        message=[(0, 5), (0, 6), (0, 7), (0, 8)],
        cue=[(0, 2), (0, 3)],
        source=[(0, 0), (0, 1)],
        frame=[(0, 0), (0, 1), (0, 2), (0, 3), (0, 4)],
    ),
    EventCandidate(
        form="Direct",
        medium="Speech",
        message=[(1, 1), (1, 2), (1, 3)],
        cue=[(1, 6)],
        source=[(1, 7), (1, 8)],
    ),
]


def _echo_gold(doc: Doc) -> list[Event]:
    """A test engine: the Direct gold event whenever the doc has the fixture's tokens."""
    if [t.text for t in doc.sentences[-1].tokens] == SENTENCES[1]:
        return to_doc_events(doc, [GOLD[1]])
    return []


def _broken(doc: Doc) -> list[Event]:
    raise ModelError("the test model is broken")


def _flaky(doc: Doc) -> list[Event]:
    """Fails on the one-sentence document only (b.json of the fixture)."""
    if len(doc.sentences) == 1:
        raise ModelError("the endpoint hiccupped")
    return []


# Registered under test-only names.
register_engine("test-echo", _echo_gold, "test: echoes the Direct gold event")
register_engine("test-broken", _broken, "test: always fails")
register_engine("test-flaky", _flaky, "test: fails on one-sentence documents")


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    write_spkatt(gold / "a.json", "a", SENTENCES, GOLD)
    write_spkatt(gold / "b.json", "b", SENTENCES[:1], GOLD[:1])
    return gold, pred


def run(*args: str):
    return CliRunner().invoke(app, ["spkatt", *args])


def test_predict_then_score(dirs: tuple[Path, Path]) -> None:
    gold, pred = dirs
    result = run("predict", str(gold), str(pred), "--engine", "test-echo")
    assert result.exit_code == 0, result.output
    assert "wrote 2 of 2 files" in result.output
    a = read_spkatt(pred / "a.json")
    assert a.sentences == SENTENCES  # the same tokens
    assert a.events == [GOLD[1]]
    assert read_spkatt(pred / "b.json").events == []
    # Gold: 3 events (a: 2, b: 1); found: the Direct one, exactly.
    # Message: P = mean(1) = 1; R = mean(1, 0, 0) = 1/3; F1 = 2·(1/3)/(4/3) = 1/2 → 50.00.
    result = run("score", str(gold), str(pred), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    full = data["tasks"]["full"]
    assert full["message"]["precision"] == 1.0
    assert full["message"]["recall"] == pytest.approx(1 / 3)
    assert full["message"]["f1"] == pytest.approx(0.5)
    assert full["by_form"]["Direct"]["joint"]["f1"] == 1.0
    assert full["by_form"]["Indirect"]["joint"]["recall"] == 0.0
    assert set(data["tasks"]) == {"full", "simplified"}
    assert data["warnings"] == []


def test_score_table_and_task_choice(dirs: tuple[Path, Path]) -> None:
    gold, _ = dirs
    result = run("score", str(gold), str(gold))
    assert result.exit_code == 0, result.output
    for word in ("full task", "simplified task", "Message", "Roles", "Joint", "by Form"):
        assert word in result.output
    assert "IndirectFreeIndirect" in result.output
    assert "100.00" in result.output
    result = run("score", str(gold), str(gold), "--task", "simplified", "--json")
    assert list(json.loads(result.output)["tasks"]) == ["simplified"]


def test_score_warns_about_missing_predictions(dirs: tuple[Path, Path]) -> None:
    gold, pred = dirs
    pred.mkdir()
    result = run("score", str(gold), str(pred))
    assert result.exit_code == 0
    assert "warning: a.json: no prediction file" in result.output


def test_predict_skips_a_malformed_file(dirs: tuple[Path, Path]) -> None:
    gold, pred = dirs
    (gold / "c.json").write_text('{"Sentences": [{"SentenceId": 0}]}', encoding="utf-8")
    # Annotations of the input are ignored, even broken ones.
    data = json.loads((gold / "b.json").read_text(encoding="utf-8"))
    data["Annotations"] = [{"Form": "Gossip"}]
    (gold / "b.json").write_text(json.dumps(data), encoding="utf-8")
    result = run("predict", str(gold), str(pred), "--engine", "test-echo")
    assert result.exit_code == 2
    assert "skipped c.json: c.json: sentence 0 has no 'Tokens' list [invalid]" in result.output
    assert "completed with errors" in result.output
    assert sorted(p.name for p in pred.iterdir()) == ["a.json", "b.json"]


def test_predict_model_errors(dirs: tuple[Path, Path]) -> None:
    gold, pred = dirs
    # Broken from the first file on: one error, exit 11, nothing written.
    result = run("predict", str(gold), str(pred), "--engine", "test-broken")
    assert result.exit_code == 11
    assert result.output.count("the test model is broken") == 1
    assert not list(pred.glob("*.json"))
    # Failing on one file after another one worked: that file is skipped, the run goes on.
    result = run("predict", str(gold), str(pred), "--engine", "test-flaky")
    assert result.exit_code == 2
    assert "skipped b.json: the endpoint hiccupped [model]" in result.output
    assert [p.name for p in pred.glob("*.json")] == ["a.json"]


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (("predict", "{gold}", "{gold}"), 10, "would overwrite the input files"),
        (
            ("predict", "{gold}", "{pred}", "--engine", "nope"),
            11,
            "no attribution engine named 'nope'",
        ),
        (("predict", "{missing}", "{pred}"), 3, "no such directory"),
        (("score", "{missing}", "{gold}"), 3, "no such directory"),
    ],
)
def test_errors_are_one_line(
    dirs: tuple[Path, Path], args: tuple, code: int, fragment: str
) -> None:
    gold, pred = dirs
    paths = {"gold": gold, "pred": pred, "missing": gold.parent / "missing"}
    result = run(*(a.format(**paths) for a in args))
    assert result.exit_code == code, result.output
    assert fragment in result.output
    assert "Traceback" not in result.output
