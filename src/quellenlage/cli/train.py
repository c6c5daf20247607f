"""``quellenlage train --data DIR``: rebuild the attribution model from SpkAtt files."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from ._app import app, cli_errors


@app.command()
@cli_errors
def train(
    data: Annotated[Path, typer.Option("--data", help="Directory of SpkAtt train .json files.")],
    dev: Annotated[
        Path | None, typer.Option("--dev", help="SpkAtt dev directory: scores go into the meta.")
    ] = None,
    ud: Annotated[
        Path | None,
        typer.Option("--ud", help="UD German .conllu directory: also retrain the POS tagger."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output directory (default: the package's models/ folder)."),
    ] = None,
) -> None:
    """Train the attribution CRFs (messages, nested messages, roles, medium) on CPU."""
    from ..attribute.learned.crf import DEFAULT_MODEL_DIR
    from ..attribute.learned.training import train as train_attribution

    started = time.perf_counter()
    if ud is not None:
        _train_tagger(ud)

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f}s] {msg}", file=sys.stderr)

    meta = train_attribution(data, out or DEFAULT_MODEL_DIR, dev_dir=dev, log=log)
    print(
        f"wrote attribution model {meta['version']} to {out or DEFAULT_MODEL_DIR} "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )


def _train_tagger(ud: Path) -> None:
    """Retrain the annotate stage's tagger first, so the attribution features see its tags."""
    from ..annotate import tagger
    from ..errors import InputNotFound

    paths = sorted(ud.glob("*.conllu"))
    if not paths:
        raise InputNotFound(f"no *.conllu files in {ud}")
    out = Path(tagger.__file__).resolve().parent / "data"
    tagger.train_tagger(paths, out)
    getattr(tagger, "_LOADED", {}).clear()  # the next annotate call loads the new tagger
