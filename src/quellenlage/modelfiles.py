"""Where the learned models are read from: the shipped folder, or a model folder of your own.

One folder holds every kind of model quellenlage loads, each recognised by its metadata file:
the attribution CRFs at the top (``attribution.meta.json``), the tagger in ``tagger/``, and
each further kind in a subfolder of its own. ``quellenlage train --out DIR`` writes this
layout; ``--model-dir DIR`` or ``QUELLENLAGE_MODEL_DIR`` (``Settings.model_dir``) reads it.
A kind the folder lacks comes from the shipped models: a folder with retrained attribution
CRFs alone still tags with the shipped tagger, which is the tagger they were trained on.

A new kind of model registers itself with one line and asks for its folder with another::

    NER = register("ner", "ner", "ner.meta.json", shipped=Path(__file__).parent / "model")
    load_ner(folder("ner", settings.model_dir))
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ModelError

SHIPPED = Path(__file__).resolve().parent / "models"
"""The models that come with the package."""


@dataclass(frozen=True, slots=True)
class ModelKind:
    """A kind of model: its subfolder in a model folder ("" = the folder itself), the file
    whose presence means the kind is there, and the folder of the shipped one."""

    name: str
    subdir: str
    marker: str
    shipped: Path


_KINDS: dict[str, ModelKind] = {}


def register(name: str, subdir: str, marker: str, *, shipped: Path | None = None) -> ModelKind:
    """Register a kind of model (``shipped`` defaults to ``models/<subdir>``)."""
    kind = ModelKind(name, subdir, marker, shipped or SHIPPED / subdir)
    old = _KINDS.get(name)
    if old is not None and old != kind:
        raise ValueError(f"model kind {name!r} is already registered as {old}")
    _KINDS[name] = kind
    return kind


ATTRIBUTION = register("attribution", "", "attribution.meta.json")
TAGGER = register("tagger", "tagger", "tagger.meta.json")


def kinds() -> list[ModelKind]:
    """Every registered kind of model."""
    return list(_KINDS.values())


def _kind(name: str) -> ModelKind:
    try:
        return _KINDS[name]
    except KeyError:
        raise ModelError(f"no model kind {name!r}; known: {', '.join(sorted(_KINDS))}") from None


def shipped_folder(name: str) -> Path:
    """The folder of the shipped model of kind ``name``."""
    return _kind(name).shipped


def local(name: str, root: str | Path) -> Path | None:
    """The folder of kind ``name`` inside the model folder ``root``, or None when absent."""
    kind = _kind(name)
    path = Path(root) / kind.subdir if kind.subdir else Path(root)
    return path if (path / kind.marker).is_file() else None


def folder(name: str, root: str | Path | None) -> Path:
    """The folder to load model kind ``name`` from: inside ``root`` when it has one, else the
    shipped one. ``ModelError`` when ``root`` is not a folder or holds no model at all."""
    if root is None:
        return shipped_folder(name)
    check_root(root)
    return local(name, root) or shipped_folder(name)


def check_root(root: str | Path) -> list[str]:
    """The kinds of model in the model folder ``root``; ``ModelError`` when there are none."""
    path = Path(root)
    if not path.is_dir():
        raise ModelError(f"model folder {path} does not exist")
    found = [k.name for k in _KINDS.values() if local(k.name, path) is not None]
    if not found:
        expected = ", ".join(str(Path(k.subdir) / k.marker) for k in _KINDS.values())
        raise ModelError(f"model folder {path} holds no quellenlage model (expected {expected})")
    return found


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed`` with fixed timestamps, so equal arrays give equal bytes (the
    weights files of the tagger and the NER: retraining on the same data changes no byte)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arr), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())
