"""Where results go: the output format inferred from a file name, output paths checked before
any work starts, and files written with one clear error per failure.

``analyze_to`` is what ``quellenlage analyze`` runs (read → analyse → render → write);
``rows_to`` does the same for tables (``query``, ``report``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, OutputDirMissing, OutputIsDirectory, OutputNotWritable
from ..ingest import fetch_article, read_bytes, read_path
from ..ingest.urls import is_url
from ..pipeline import analyze_article
from ..settings import Settings
from . import FORMATS, render
from .rows import ROW_FORMATS, format_rows

# File name endings that choose a format when none is given.
EXTENSIONS = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".txt": "terminal",
    ".csv": "csv",
    ".xlsx": "xlsx",
}


def infer_format(
    fmt: str | None, output: Path | None, known: Sequence[str] = FORMATS, default: str = "terminal"
) -> str:
    """``fmt`` if given, else the one ``output``'s extension names, else ``default``."""
    if fmt:
        if fmt not in known:
            raise InvalidInput(f"unknown format {fmt!r}; known: {', '.join(known)}")
        return fmt
    if output is not None:
        guess = EXTENSIONS.get(output.suffix.lower())
        if guess is not None and guess in known:
            return guess
    return default


def check_output(path: Path) -> None:
    """Fail before any work when ``path`` cannot become a file: one error, its own exit code."""
    if path.is_dir():
        raise OutputIsDirectory(f"{path} is a folder; give a file name, e.g. {path / 'out.html'}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        raise OutputDirMissing(f"the folder {parent} does not exist; create it first")
    if not parent.is_dir():
        raise OutputIsDirectory(f"{parent} is a file, not a folder")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputNotWritable(f"{path} is not writable")
    if not path.exists() and not os.access(parent, os.W_OK | os.X_OK):
        raise OutputNotWritable(f"cannot create files in {parent}: permission denied")


def write_output(path: Path, data: str | bytes) -> None:
    """Write the whole output; an OS error becomes one ``Output*`` error."""
    check_output(path)
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except IsADirectoryError as exc:
        raise OutputIsDirectory(f"{path} is a folder") from exc
    except FileNotFoundError as exc:
        if not path.parent.exists():
            raise OutputDirMissing(f"the folder {path.parent} does not exist") from exc
        raise OutputNotWritable(f"cannot create {path}: {exc.strerror or exc}") from exc
    except OSError as exc:
        raise OutputNotWritable(f"cannot write {path}: {exc.strerror or exc}") from exc


@dataclass(frozen=True, slots=True)
class ViewOptions:
    """How an analysis is shown: format, reader's language, terminal width, compactness."""

    fmt: str | None = None
    lang: str | None = None
    width: int | None = None
    compact: bool = False
    color: bool | None = None  # None: colour when writing to a terminal


def analyze_to(
    source: str, *, output: Path | None, view: ViewOptions, settings: Settings
) -> str | None:
    """Analyse ``source`` (a path, an http(s) URL, or ``-`` for stdin) and write or return
    the rendering."""
    fmt = infer_format(view.fmt, output)
    if output is not None:
        check_output(output)  # before the analysis, not after it
    if source == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        article = read_bytes(data, name="<stdin>", settings=settings)
    elif is_url(source):
        article = fetch_article(source, settings=settings)  # safe fetch: see ingest/fetch.py
    else:
        article = read_path(Path(source), settings=settings)
    analysis = analyze_article(article, settings=settings)
    color = view.color if view.color is not None else (output is None and sys.stdout.isatty())
    text = render(
        analysis, fmt, color=color, lang=view.lang, width=view.width, compact=view.compact
    )
    if output is None:
        return text
    write_output(output, text)
    return None


def rows_to(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    fmt: str | None,
    output: Path | None,
    width: int | None = None,
    max_col_width: int = 40,
) -> str | None:
    """Rows as ``fmt`` (inferred from ``output``, else a terminal table); written or returned."""
    fmt = infer_format(fmt, output, ROW_FORMATS, default="table")
    if fmt == "xlsx" and output is None:
        raise InvalidInput("Excel output needs a file: add -o results.xlsx")
    data = format_rows(columns, rows, fmt, width=width, max_col_width=max_col_width)
    if output is None:
        return data if isinstance(data, str) else data.decode()
    write_output(output, data)
    return None
