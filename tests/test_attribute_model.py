"""The shipped attribution model: meta, licence, version checks (ModelError, no pickle)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quellenlage.attribute.learned.crf import (
    DEFAULT_MODEL_DIR,
    META_NAME,
    MODEL_FORMAT,
    PARTS,
    CRFEngine,
    read_meta,
)
from quellenlage.attribute.learned.features import FEATURE_VERSION
from quellenlage.doc import Doc
from quellenlage.errors import ModelError


def test_shipped_meta_is_complete_and_small() -> None:
    meta = read_meta(DEFAULT_MODEL_DIR)
    assert meta["format"] == MODEL_FORMAT
    assert meta["feature_version"] == FEATURE_VERSION
    assert "CC BY-NC-SA 4.0" in meta["licence"]
    assert meta["data"]["documents"] > 0
    size = sum((DEFAULT_MODEL_DIR / meta["files"][p]).stat().st_size for p in PARTS)
    assert size < 50 * 1024 * 1024
    # no pickle anywhere in the shipped model folder
    assert not [p for p in DEFAULT_MODEL_DIR.iterdir() if p.suffix in (".pkl", ".pickle")]


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "model"
    dst.mkdir()
    meta = read_meta(DEFAULT_MODEL_DIR)
    shutil.copy(DEFAULT_MODEL_DIR / META_NAME, dst / META_NAME)
    for part in PARTS:
        shutil.copy(DEFAULT_MODEL_DIR / meta["files"][part], dst / meta["files"][part])
    return dst


def _edit(model: Path, **changes: object) -> None:
    meta = json.loads((model / META_NAME).read_text("utf-8"))
    meta.update(changes)
    (model / META_NAME).write_text(json.dumps(meta), "utf-8")


def test_a_copied_model_loads_and_predicts(tmp_path: Path) -> None:
    eng = CRFEngine(_copy(tmp_path))
    events = eng(Doc.from_tokens([["„", "Wir", "kommen", "“", ",", "sagte", "sie", "."]]))
    assert isinstance(events, list)
    assert eng.version.startswith("crf-")


def test_unsupported_format_is_a_model_error(tmp_path: Path) -> None:
    model = _copy(tmp_path)
    _edit(model, format=MODEL_FORMAT + 1)
    with pytest.raises(ModelError, match="format"):
        read_meta(model)


def test_feature_version_mismatch_is_a_model_error(tmp_path: Path) -> None:
    model = _copy(tmp_path)
    _edit(model, feature_version=FEATURE_VERSION + 1)
    with pytest.raises(ModelError, match="features"):
        CRFEngine(model)(Doc.from_tokens([["Er", "sagte", "nichts", "."]]))


def test_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="quellenlage train"):
        read_meta(tmp_path)


def test_missing_part_is_a_model_error(tmp_path: Path) -> None:
    model = _copy(tmp_path)
    (model / "attribution-roles.crfsuite").unlink()
    with pytest.raises(ModelError, match="roles"):
        read_meta(model)


def test_corrupt_meta_is_a_model_error(tmp_path: Path) -> None:
    model = _copy(tmp_path)
    (model / META_NAME).write_text("{not json", "utf-8")
    with pytest.raises(ModelError, match="unreadable"):
        read_meta(model)


def test_corrupt_crfsuite_file_is_a_model_error(tmp_path: Path) -> None:
    model = _copy(tmp_path)
    (model / "attribution-message.crfsuite").write_bytes(b"garbage")
    with pytest.raises(ModelError, match="cannot be read"):
        CRFEngine(model)(Doc.from_tokens([["Er", "sagte", "nichts", "."]]))
