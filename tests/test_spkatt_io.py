"""Reading, validating and writing SpkAtt JSON files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quellenlage.errors import InputNotFound, InvalidInput
from quellenlage.eval.spkatt import SpkAttEvent, iter_dir, read_spkatt, spkatt_json, write_spkatt

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SPKATT = SHARED / "data" / "spkatt-news"

SENTENCES = [
    ["Der", "Sprecher", "sagte", ",", "man", "prüfe", "den", "Fall", "."],
    ["„", "Wir", "warten", "ab", "“", ",", "hieß", "es", "."],
]


def _annotation(**over: object) -> dict:
    ann = {
        "Addr": [],
        "Cue": ["0:2"],
        "Form": "Indirect",
        "Frame": ["0:0", "0:1", "0:2", "0:3"],
        "HasNested": False,
        "IsNested": False,
        "Message": ["0:7", "0:4", "0:5", "0:6"],  # unsorted on purpose
        "STWR": "Speech",
        "Source": ["0:0", "0:1"],
    }
    ann.update(over)
    return ann


def _file(tmp_path: Path, data: object, name: str = "42 - Testartikel.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _doc(*annotations: dict, sentences: list | None = None) -> dict:
    sents = SENTENCES if sentences is None else sentences
    return {
        "DocumentName": "42 - Testartikel",
        "Sentences": [{"SentenceId": i, "Tokens": t} for i, t in enumerate(sents)],
        "Annotations": list(annotations),
    }


def test_read_typed_record(tmp_path: Path) -> None:
    direct = _annotation(
        Form="Direct", STWR="none", Message=["1:1", "1:2", "1:3"], Cue=["1:6"], Source=[]
    )
    doc = read_spkatt(_file(tmp_path, _doc(_annotation(), direct)))
    assert doc.name == "42 - Testartikel"
    assert doc.sentences == SENTENCES
    first, second = doc.events
    assert first.message == [(0, 4), (0, 5), (0, 6), (0, 7)]  # sorted ints
    assert first.source == [(0, 0), (0, 1)]
    assert (first.form, first.medium, first.is_nested) == ("Indirect", "Speech", False)
    assert (second.form, second.medium, second.source) == ("Direct", None, [])


def test_round_trip(tmp_path: Path) -> None:
    src = _file(tmp_path, _doc(_annotation(), _annotation(STWR="none", IsNested=True)))
    doc = read_spkatt(src)
    out = tmp_path / "out" / src.name
    out.parent.mkdir()
    write_spkatt(out, doc.name, doc.sentences, doc.events)
    again = read_spkatt(out)
    assert again.sentences == doc.sentences
    assert again.events == doc.events
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["Annotations"][0]["Message"] == ["0:4", "0:5", "0:6", "0:7"]
    assert data["Annotations"][1]["STWR"] == "none"
    assert data["Sentences"][1] == {"SentenceId": 1, "Tokens": SENTENCES[1]}
    assert "„Wir" not in out.read_text(encoding="utf-8")  # tokens stay tokens
    assert not list(out.parent.glob("*.tmp"))


def test_duplicate_refs_are_one_token(tmp_path: Path) -> None:
    doc = read_spkatt(_file(tmp_path, _doc(_annotation(Cue=["0:2", "0:2"]))))
    assert doc.events[0].cue == [(0, 2)]


def test_missing_annotations_and_ignoring_them(tmp_path: Path) -> None:
    data = _doc()
    del data["Annotations"]
    assert read_spkatt(_file(tmp_path, data)).events == []
    # Prediction input: broken annotations are not even looked at.
    broken = _doc({"Form": "Gossip"})
    assert read_spkatt(_file(tmp_path, broken), annotations=False).events == []


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"DocumentName": "x"}, "no 'Sentences'"),
        ({"Sentences": {"a": 1}}, "'Sentences' is not a list"),
        ({"Sentences": [{"SentenceId": 0}]}, "sentence 0 has no 'Tokens'"),
        ({"Sentences": [{"SentenceId": 0, "Tokens": ["a", 3]}]}, "not a list of strings"),
        ({"Sentences": [{"SentenceId": 1, "Tokens": ["a"]}]}, "SentenceId 1, expected 0"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_structural_errors(tmp_path: Path, data: object, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        read_spkatt(_file(tmp_path, data))
    assert fragment in str(info.value)
    assert "42 - Testartikel.json" in str(info.value)


@pytest.mark.parametrize(
    ("over", "fragment"),
    [
        ({"Message": ["0-4"]}, "'0-4' is not of the form 's:t'"),
        ({"Message": [4]}, "is not a string"),
        ({"Source": ["2:0"]}, "names sentence 2, but there are only 2 sentences"),
        ({"Cue": ["1:9"]}, "names token 9 of sentence 1, which has only 9 tokens"),
        ({"Form": "Gossip"}, "Form 'Gossip' is not one of"),
        ({"STWR": "Telepathy"}, "STWR 'Telepathy' is not one of"),
        ({"IsNested": "yes"}, "IsNested is 'yes'"),
        ({"Addr": "0:1"}, "Addr is not a list"),
    ],
)
def test_annotation_errors(tmp_path: Path, over: dict, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        read_spkatt(_file(tmp_path, _doc(_annotation(), _annotation(**over))))
    message = str(info.value)
    assert fragment in message
    assert "42 - Testartikel.json annotation 1" in message


def test_not_json_and_not_found(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"bad\.json: not valid JSON"):
        read_spkatt(bad)
    bad.write_bytes(b'{"a": "\xff"}')
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_spkatt(bad)
    with pytest.raises(InputNotFound):
        read_spkatt(tmp_path / "nope.json")


def test_write_refuses_refs_outside_the_tokens(tmp_path: Path) -> None:
    event = SpkAttEvent(form="Direct", message=[(1, 9)])
    with pytest.raises(InvalidInput, match="1:9"):
        write_spkatt(tmp_path / "x.json", "x", SENTENCES, [event])
    assert not (tmp_path / "x.json").exists()


def test_spkatt_json_defaults() -> None:
    event = SpkAttEvent(form="Reported", message=[(0, 5), (0, 4)])
    ann = spkatt_json("x", SENTENCES, [event])["Annotations"][0]
    assert ann == {
        "Addr": [],
        "Cue": [],
        "Form": "Reported",
        "Frame": [],
        "HasNested": False,
        "IsNested": False,
        "Message": ["0:4", "0:5"],
        "STWR": "none",
        "Source": [],
    }


def test_iter_dir(tmp_path: Path) -> None:
    for name in ("b.json", "a.json", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "sub.json").mkdir()
    assert [p.name for p in iter_dir(tmp_path)] == ["a.json", "b.json"]
    with pytest.raises(InputNotFound):
        list(iter_dir(tmp_path / "missing"))
    with pytest.raises(InvalidInput):
        list(iter_dir(tmp_path / "a.json"))


@pytest.mark.shared
@pytest.mark.skipif(not SPKATT.is_dir(), reason="needs ../shared/data/spkatt-news")
def test_all_shared_files_read_and_round_trip(tmp_path: Path) -> None:
    n = 0
    for split in ("train", "dev"):
        for path in iter_dir(SPKATT / split):
            doc = read_spkatt(path)
            out = tmp_path / path.name
            write_spkatt(out, doc.name, doc.sentences, doc.events)
            assert read_spkatt(out).events == doc.events
            n += 1
    assert n == 850
