"""CSV → records: one article per row, from a text column named or numbered.

``--text-column`` is a header name, or a 1-based column number (as ``cut -f`` counts). With
a name the first row is the header; with a number there is no header unless ``csv_header``
says so. With a header, columns named ``id``, ``url``, ``date``, ``outlet``, ``title`` and
``author`` fill the article's metadata.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InvalidInput
from .sources import InputRecord, SourceOptions, csv_rows, make_id, open_text

_META = ("url", "date", "outlet", "title", "author")


def iter_csv(
    path: Path, name: str, opts: SourceOptions, *, gzipped: bool = False
) -> Iterator[InputRecord]:
    """One record per data row; a row without the text column becomes an error record."""
    by_number = opts.text_column.isdigit()
    header = opts.csv_header if opts.csv_header is not None else not by_number
    with open_text(path, gzipped) as fh:
        rows = csv_rows(fh, opts)
        columns: dict[str, int] = {}
        rowno = 0
        try:
            if header:
                first = next(rows, None)
                if first is None:
                    yield _error(name, 0, "", "empty", "the CSV file has no rows")
                    return
                columns = {c.strip().lower(): i for i, c in enumerate(first)}
            if by_number:
                text_idx = int(opts.text_column) - 1
                if text_idx < 0:
                    raise InvalidInput("--text-column numbers start at 1")
            elif opts.text_column.lower() in columns:
                text_idx = columns[opts.text_column.lower()]
            else:
                raise InvalidInput(
                    f"{name}: no column {opts.text_column!r}; the header has: "
                    f"{', '.join(columns) or 'nothing'} (give a 1-based number for a file "
                    "without header)"
                )
            for row in rows:
                rowno += 1
                yield _row_record(row, rowno, name, text_idx, columns, opts)
        except UnicodeDecodeError as exc:
            yield _error(
                name,
                rowno + 1,
                "",
                "undecodable",
                f"row {rowno + 1} is not valid UTF-8 ({exc.reason}); the rest of the "
                "file is not read",
            )
        except Exception as exc:  # csv.Error: a broken quote structure stops the reader
            if isinstance(exc, InvalidInput):
                raise
            yield _error(name, rowno + 1, "", "invalid", f"row {rowno + 1}: CSV error: {exc}")


def _row_record(
    row: list[str],
    rowno: int,
    name: str,
    text_idx: int,
    columns: dict[str, int],
    opts: SourceOptions,
) -> InputRecord:
    record = f"row {rowno}"
    joined = "\x1f".join(row)
    if text_idx >= len(row):
        return _error(
            name,
            rowno,
            joined,
            "invalid",
            f"row {rowno} has {len(row)} columns; the text is in column {text_idx + 1}",
        )
    text = row[text_idx]
    if not text.strip():
        return _error(name, rowno, joined, "empty", f"row {rowno}: the text column is empty")
    if len(text.encode("utf-8", "surrogatepass")) > opts.max_record_bytes:
        return _error(
            name,
            rowno,
            joined,
            "too_large",
            f"row {rowno}: article larger than {opts.max_record_bytes:,} bytes",
        )
    meta = {
        k: row[columns[k]]
        for k in _META
        if k in columns and columns[k] < len(row) and row[columns[k]].strip()
    }
    meta_id = row[columns["id"]] if "id" in columns and columns["id"] < len(row) else None
    return InputRecord(
        doc_id=make_id(name, record, text),
        input=name,
        record=record,
        input_format="csv",
        text=text,
        meta_id=meta_id or None,
        **meta,
    )


def _error(name: str, rowno: int, content: str, code: str, message: str) -> InputRecord:
    record = f"row {rowno}"
    return InputRecord(
        doc_id=make_id(name, record, content),
        input=name,
        record=record,
        input_format="csv",
        error=(code, message),
    )
