"""``quellenlage train`` on three handmade SpkAtt documents written into tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quellenlage.attribute.learned.crf import META_NAME, CRFEngine, read_meta
from quellenlage.attribute.learned.training import load_train_docs, train
from quellenlage.cli import app
from quellenlage.doc import Doc

DOCS = [
    (
        [
            "Der Bürgermeister sagte am Montag , die Brücke werde bald saniert .",
            "„ Wir haben keine Wahl “ , sagte er .",
            "Die Stadt liegt am Fluss .",
        ],
        [
            {"Cue": ["0:2"], "Message": [f"0:{i}" for i in range(6, 11)], "Source": ["0:0", "0:1"],
             "Frame": ["0:0", "0:1", "0:2", "0:3", "0:4", "0:5"], "Addr": [], "Form": "Indirect",
             "STWR": "Speech", "IsNested": False, "HasNested": False},
            {"Cue": ["1:7"], "Message": [f"1:{i}" for i in range(0, 6)], "Source": ["1:8"],
             "Frame": ["1:6", "1:7", "1:8"], "Addr": [], "Form": "Direct", "STWR": "Speech",
             "IsNested": False, "HasNested": False},
        ],
    ),
    (
        [
            "Laut der Polizei wurden zwei Menschen verletzt .",
            "Der Fahrer soll zu schnell gefahren sein .",
        ],
        [
            {"Cue": ["0:0"], "Message": [f"0:{i}" for i in range(3, 7)], "Source": ["0:1", "0:2"],
             "Frame": ["0:0", "0:1", "0:2"], "Addr": [], "Form": "Indirect", "STWR": "SW",
             "IsNested": False, "HasNested": False},
            {"Cue": [], "Message": [f"1:{i}" for i in range(0, 8)], "Source": [], "Frame": [],
             "Addr": [], "Form": "FreeIndirect", "STWR": "SW", "IsNested": False,
             "HasNested": False},
        ],
    ),
    (
        ["Die Ministerin erklärte : „ Das Gesetz kommt . “", "Das Wetter war gut ."],
        [
            {"Cue": ["0:2"], "Message": [f"0:{i}" for i in range(4, 10)], "Source": ["0:0", "0:1"],
             "Frame": ["0:0", "0:1", "0:2", "0:3"], "Addr": [], "Form": "Direct",
             "STWR": "Speech", "IsNested": False, "HasNested": False},
        ],
    ),
]  # fmt: skip


def _write(folder: Path) -> Path:
    folder.mkdir()
    for n, (sents, anns) in enumerate(DOCS):
        data = {
            "DocumentName": f"doc{n}",
            "Sentences": [{"SentenceId": i, "Tokens": s.split()} for i, s in enumerate(sents)],
            "Annotations": anns,
        }
        (folder / f"doc{n}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return folder


def test_handmade_docs_are_read_on_flat_tokens(tmp_path: Path) -> None:
    docs = load_train_docs(_write(tmp_path / "data"))
    assert [len(d.events) for d in docs] == [2, 2, 1]
    first = docs[0].events[1]  # the Direct quote of sentence 1 starts after sentence 0's 12 tokens
    assert first.message[0] == 12 and first.form == "Direct"


def test_train_writes_a_loadable_versioned_model(tmp_path: Path) -> None:
    data = _write(tmp_path / "data")
    meta = train(data, tmp_path / "model", dev_dir=data)
    assert read_meta(tmp_path / "model")["version"] == meta["version"]
    assert meta["data"]["documents"] == 3 and meta["data"]["events"] == 5
    assert "CC BY-NC-SA 4.0" in meta["licence"]
    assert "joint_f1" in meta["scores"]["dev"]["full"]
    eng = CRFEngine(tmp_path / "model")
    events = eng(Doc.from_tokens([s.split() for s in DOCS[2][0]]))
    assert all(e.message for e in events)


def test_train_is_deterministic(tmp_path: Path) -> None:
    data = _write(tmp_path / "data")
    train(data, tmp_path / "a")
    train(data, tmp_path / "b")
    for name in ("message", "roles"):
        f = f"attribution-{name}.crfsuite"
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_train_cli(tmp_path: Path) -> None:
    data = _write(tmp_path / "data")
    result = CliRunner().invoke(app, ["train", "--data", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m" / META_NAME).is_file()


def test_train_cli_missing_data_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 3
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


SPKATT_TRAIN = (
    Path(__file__).resolve().parents[1].parent / "shared" / "data" / "spkatt-news" / "train"
)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not SPKATT_TRAIN.is_dir(), reason="../shared/data/spkatt-news is absent")
def test_train_rebuilds_the_shipped_models_byte_for_byte(tmp_path: Path) -> None:
    # what ships in the repo is what `quellenlage train` makes from the data
    from quellenlage.modelfiles import shipped_folder

    train(SPKATT_TRAIN, tmp_path)
    shipped = shipped_folder("attribution")
    for made in sorted(tmp_path.glob("attribution-*.crfsuite")):
        assert made.read_bytes() == (shipped / made.name).read_bytes(), made.name
