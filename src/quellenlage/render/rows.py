"""Tabular results (columns + rows) as CSV, JSON, Markdown, Excel or a terminal table.

One module for every place that exports a table: ``quellenlage query`` and ``report``, and
the corpus explorer's CSV/JSON/Excel links. The formats keep the values as they are (no
rounding, no translation); the Excel writer stores every text as text, so a cell that
starts with ``=`` is never run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from ..errors import InvalidInput, require

Rows = Sequence[Sequence[Any]]
ROW_FORMATS = ("table", "csv", "json", "md", "xlsx")


def _plain(value: Any) -> Any:
    """Values JSON and Excel can hold: lists stay lists in JSON, other objects become text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_csv(columns: Sequence[str], rows: Rows) -> str:
    """CSV with a header row; lists are joined with "; "."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell_text(v) for v in row] for row in rows)
    return buf.getvalue()


def to_json(columns: Sequence[str], rows: Rows) -> str:
    """A JSON list of objects, one per row, German characters unescaped."""
    objs = [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    return json.dumps(objs, ensure_ascii=False, indent=2) + "\n"


def _md_cell(value: Any) -> str:
    return _cell_text(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(columns: Sequence[str], rows: Rows) -> str:
    """A GitHub-flavoured Markdown table (pipes and newlines in cells escaped)."""
    lines = [
        "| " + " | ".join(_md_cell(c) for c in columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_xlsx(columns: Sequence[str], rows: Rows, *, sheet: str = "quellenlage") -> bytes:
    """An Excel workbook with one sheet: a bold header row, then the rows (needs openpyxl)."""
    openpyxl = require("openpyxl", "xlsx")
    WriteOnlyCell = require("openpyxl.cell", "xlsx").WriteOnlyCell
    Font = require("openpyxl.styles", "xlsx").Font

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31] or "quellenlage")
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=str(name))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells = []
        for value in row:
            plain = _plain(value)
            if isinstance(plain, list):
                plain = _cell_text(plain)
            cell = WriteOnlyCell(ws, value=plain)
            if isinstance(plain, str):
                cell.data_type = "s"  # text stays text: "=HYPERLINK(...)" is not a formula
            cells.append(cell)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_terminal(
    columns: Sequence[str],
    rows: Rows,
    *,
    width: int | None = None,
    max_col_width: int = 40,
    color: bool = False,
) -> str:
    """A rich table fitted to ``width``: long cells cut with an ellipsis, never wrapped."""
    buf = io.StringIO()
    console = Console(file=buf, width=width or 100, force_terminal=color, no_color=not color)
    table = Table(show_lines=False, header_style="bold")
    for name in columns:
        table.add_column(str(name), overflow="ellipsis", no_wrap=True, max_width=max_col_width)
    for row in rows:
        table.add_row(*(_cell_text(v) for v in row))
    console.print(table)
    return buf.getvalue()


def format_rows(
    columns: Sequence[str],
    rows: Rows,
    fmt: str,
    *,
    width: int | None = None,
    max_col_width: int = 40,
) -> str | bytes:
    """Rows in one of ``ROW_FORMATS``; Excel gives bytes, the others text."""
    if fmt == "csv":
        return to_csv(columns, rows)
    if fmt == "json":
        return to_json(columns, rows)
    if fmt == "md":
        return to_markdown(columns, rows)
    if fmt == "xlsx":
        return to_xlsx(columns, rows)
    if fmt == "table":
        return to_terminal(columns, rows, width=width, max_col_width=max_col_width)
    raise InvalidInput(f"unknown table format {fmt!r}; known: {', '.join(ROW_FORMATS)}")
