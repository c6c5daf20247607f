"""``quellenlage train``: the tagger (optional) and the attribution CRFs into one model folder.

The folder has the layout of the shipped models (``modelfiles.py``), so ``--model-dir DIR``
or ``QUELLENLAGE_MODEL_DIR=DIR`` runs with it. The attribution CRFs are trained on the tags of
the tagger they will run with: the one trained here (``--ud``), else one already in the
folder, else the shipped one. Nothing is written into the installed package unless it is
named as the output folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .annotate.tagger.training import train_tagger
from .attribute.learned.training import train as train_attribution
from .errors import InputNotFound
from .modelfiles import TAGGER, local

DEFAULT_OUT = Path("quellenlage-models")
"""Where ``quellenlage train`` writes without ``--out``: a folder in the working directory."""


def train_models(
    data: str | Path,
    out: str | Path = DEFAULT_OUT,
    *,
    dev: str | Path | None = None,
    ud: str | Path | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    """Train into model folder ``out``: the tagger on the ``*.conllu`` files of ``ud`` (when
    given), then the attribution CRFs on the SpkAtt files of ``data`` (scored on ``dev``).
    Returns the attribution model's metadata."""
    root = Path(out)
    if ud is not None:
        paths = sorted(Path(ud).glob("*.conllu"))
        if not paths:
            raise InputNotFound(f"no *.conllu files in {ud}")
        log(f"training the tagger on {len(paths)} treebanks")
        report = train_tagger(paths, root / TAGGER.subdir)
        log(f"tagger held-out tag accuracy {report['heldout_stts'].get('tag_accuracy')}")
    tagger_root = root if local("tagger", root) is not None else None
    return train_attribution(data, root, dev_dir=dev, tagger_root=tagger_root, log=log)
