"""Loading of the lexicons that ship as documented TSV data files.

Format: UTF-8, one entry per line, columns separated by tabs; lines starting with ``#`` are
documentation (the first ones name the columns), blank lines are ignored. A trailing column
may be omitted when it is optional; a comment after `` #`` at the end of a line is dropped.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def tsv_rows(package: str, *path: str) -> list[list[str]]:
    """The data rows of a packaged TSV file, split on tabs, cells as written.

    Lines that are blank or start with ``#`` are skipped; nothing else is interpreted, so a
    cell may hold any regular expression (``load_tsv`` below also drops `` #`` comments).
    """
    text = resources.files(package).joinpath(*path).read_text("utf-8")
    return [
        line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


@cache
def load_tsv(package: str, name: str, columns: int) -> tuple[tuple[str, ...], ...]:
    """The rows of ``package``/``name``, each padded to ``columns`` fields with ``""``."""
    text = resources.files(package).joinpath(name).read_text("utf-8")
    rows: list[tuple[str, ...]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) > columns:
            raise ValueError(
                f"{package}/{name}:{lineno}: {len(fields)} columns, expected {columns}"
            )
        rows.append(tuple(fields + [""] * (columns - len(fields))))
    return tuple(rows)
