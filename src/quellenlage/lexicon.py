"""Loading of the lexicons that ship as documented TSV data files.

Format: UTF-8, one entry per line, columns separated by tabs; lines starting with ``#`` are
documentation (the first ones name the columns), blank lines are ignored. A trailing column
may be omitted when it is optional; a comment after `` #`` at the end of a line is dropped.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


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
