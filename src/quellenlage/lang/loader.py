"""The one checked loader of the language data: documented TSV tables.

Every word list quellenlage uses lives in ``lang/<code>/data/NAME.tsv`` in this format:

* UTF-8; lines starting with ``#`` document the table (what it is for, each column, decisions)
  and may stand anywhere; blank lines are ignored;
* the first other line is the **header**: the column names, tab-separated. A name ending in
  ``?`` is optional: its cells may be empty, and when it is the last columns, omitted;
* every further line is one row with exactly one cell per column (tab-separated); a cell never
  has surrounding spaces.

The code that reads a table names the columns it expects; the loader checks the header, the
cell count of each row, required cells, and duplicate keys, and fails at load with the file
and line (``LexiconError``) instead of letting a malformed entry change results silently.
Tables are read once per process.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import LexiconError


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of one TSV table, cells as strings, with the line each row came from."""

    path: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def index(self, column: str) -> int:
        """Position of ``column`` (name without the ``?`` marker)."""
        names = [c.rstrip("?") for c in self.columns]
        try:
            return names.index(column)
        except ValueError:
            raise KeyError(f"{self.path} has no column {column!r}; columns: {names}") from None

    def column(self, column: str) -> list[str]:
        """All cells of one column, in file order."""
        k = self.index(column)
        return [row[k] for row in self.rows]

    def mapping(self, key: str, value: str) -> dict[str, str]:
        """``{key cell: value cell}`` over all rows (keys are unique when declared so)."""
        k, v = self.index(key), self.index(value)
        return {row[k]: row[v] for row in self.rows}

    def error(self, row: int, message: str) -> LexiconError:
        """An error that names this table's file and the line of row ``row``."""
        return LexiconError(f"{self.path}:{self.lines[row]}: {message}")


def parse_table(
    text: str, path: str, columns: Sequence[str], key: Sequence[str] | None = None
) -> Table:
    """Parse and check the text of a table (see the module docstring for the format).

    ``columns`` is the header the caller expects; ``key`` the columns whose cells together must
    be unique (default: the first column; ``()`` for none).
    """
    expected = tuple(columns)
    key_cols = (expected[0].rstrip("?"),) if key is None else tuple(key)
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    seen: dict[tuple[str, ...], int] = {}
    positions: list[int] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = tuple(cells)
            if header != expected:
                raise LexiconError(
                    f"{path}:{lineno}: header {list(header)} differs from the expected columns "
                    f"{list(expected)}"
                )
            positions = [[c.rstrip("?") for c in header].index(k) for k in key_cols]
            continue
        row = _check_row(cells, header, path, lineno)
        ident = tuple(row[p] for p in positions)
        if key_cols and ident in seen:
            raise LexiconError(
                f"{path}:{lineno}: duplicate entry {' / '.join(ident)!r} (first on line "
                f"{seen[ident]})"
            )
        seen[ident] = lineno
        rows.append(row)
        lines.append(lineno)
    if header is None:
        raise LexiconError(f"{path}: no header line (expected {list(expected)})")
    return Table(path, header, tuple(rows), tuple(lines))


def _check_row(
    cells: list[str], header: tuple[str, ...], path: str, lineno: int
) -> tuple[str, ...]:
    """One row padded to the header, after checking cell count, spaces and required cells."""
    if len(cells) > len(header):
        raise LexiconError(f"{path}:{lineno}: {len(cells)} cells, the header has {len(header)}")
    missing = header[len(cells) :]
    if any(not name.endswith("?") for name in missing):
        raise LexiconError(
            f"{path}:{lineno}: {len(cells)} cells, the header has {len(header)} "
            f"(missing {[n for n in missing if not n.endswith('?')]})"
        )
    cells = cells + [""] * len(missing)
    for name, cell in zip(header, cells, strict=True):
        if cell != cell.strip():
            raise LexiconError(f"{path}:{lineno}: cell {name!r} has surrounding spaces")
        if not cell and not name.endswith("?"):
            raise LexiconError(f"{path}:{lineno}: required cell {name!r} is empty")
    return tuple(cells)


@cache
def load_table(
    package: str, name: str, columns: tuple[str, ...], key: tuple[str, ...] | None = None
) -> Table:
    """Load the packaged table ``package``/data/``name`` once per process (checked)."""
    ref = resources.files(package).joinpath("data", name)
    try:
        text = ref.read_text("utf-8")
    except FileNotFoundError:
        raise LexiconError(f"language data {package}/data/{name} is missing") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"language data {package}/data/{name} is not UTF-8: {exc}") from None
    return parse_table(text, f"{package.replace('.', '/')}/data/{name}", columns, key)
