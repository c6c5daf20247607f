"""CSV → records: one article per row, from a text column named or numbered.

``--text-column`` is a header name, or a 1-based column number (as ``cut -f`` counts). With
a name the first row is the header; with a number there is no header unless ``csv_header``
says so. With a header, columns named ``id``, ``url``, ``date``, ``outlet``, ``title``,
``author`` and ``section`` fill the article's metadata and all other columns are kept in
``ArticleMeta.extra``.

The file is read line by line (``streams.iter_lines``), each line decoded on its own: a row
with bytes that are not UTF-8, an over-long line or a broken quote structure becomes one
error record and the rows before and after it are read as usual.
"""

from __future__ import annotations

import csv
import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputTooLarge, InvalidInput
from .records import InputRecord, SourceOptions, error_record, make_id, split_fields, with_fields
from .streams import PhysicalLine, iter_lines, open_binary


class _Lines:
    """Decoded physical lines for ``csv.reader``; problems are kept for the current row.

    A class, not a generator: ``csv.reader`` may raise in the middle of a row and is then
    asked for the next row, which must find this iterator still alive.
    """

    def __init__(self, lines: Iterator[PhysicalLine], max_line: int) -> None:
        self.lines = lines
        self.max_line = max_line
        self.problems: list[tuple[str, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if line.data is None:
            self.problems.append(
                ("too_large", f"a line of {line.size:,} bytes (the limit is {self.max_line:,})")
            )
            return "\n"
        data = line.data.removeprefix(b"\xef\xbb\xbf") if line.number == 1 else line.data
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(
                ("undecodable", f"not valid UTF-8 ({exc.reason}) in line {line.number}")
            )
            return data.decode("utf-8", "replace")


def iter_csv(
    path: Path, name: str, opts: SourceOptions, *, gzipped: bool = False
) -> Iterator[InputRecord]:
    """One record per data row; a row without the text column becomes an error record."""
    limits = opts.limits
    rowno = 0
    try:
        with open_binary(path, gzipped, limits) as stream:
            lines = _Lines(iter_lines(stream, limits.max_line_bytes), limits.max_line_bytes)
            csv.field_size_limit(max(opts.max_record_bytes, limits.max_line_bytes))
            reader = csv.reader(lines, delimiter=opts.csv_sep, quotechar=opts.csv_quote)
            try:
                columns, text_idx = _columns(reader, lines, name, opts)
            except InvalidInput as exc:  # this file's header has no such column
                yield _error(name, 0, str(exc), "invalid", str(exc))
                return
            if text_idx < 0:
                yield _error(name, 0, "", "empty", "the CSV file has no rows")
                return
            while True:
                rowno += 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    lines.problems.clear()
                    yield _error(name, rowno, str(exc), "invalid", f"row {rowno}: CSV error: {exc}")
                    continue
                yield _row_record(row, rowno, name, text_idx, columns, opts, lines)
    except InputTooLarge as exc:
        yield _error(name, rowno, str(exc), "too_large", str(exc))
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        message = f"row {rowno}: corrupt or cut-off gzip data ({exc}); the rest is lost"
        yield _error(name, rowno, str(exc), "corrupt_gzip", message)


def _columns(
    reader: Iterator[list[str]], lines: _Lines, name: str, opts: SourceOptions
) -> tuple[dict[str, int], int]:
    """The header's column names and the index of the text column (-1: no rows at all)."""
    by_number = opts.text_column.isdigit()
    header = opts.csv_header if opts.csv_header is not None else not by_number
    columns: dict[str, int] = {}
    if header:
        first = next(reader, None)
        lines.problems.clear()
        if first is None:
            return columns, -1
        columns = {c.strip().lower(): i for i, c in enumerate(first)}
    if by_number:
        return columns, int(opts.text_column) - 1
    if opts.text_column.lower() in columns:
        return columns, columns[opts.text_column.lower()]
    raise InvalidInput(
        f"{name}: no column {opts.text_column!r}; the header has: "
        f"{', '.join(columns) or 'nothing'} (give a 1-based number for a file without header)"
    )


def _row_record(
    row: list[str],
    rowno: int,
    name: str,
    text_idx: int,
    columns: dict[str, int],
    opts: SourceOptions,
    lines: _Lines,
) -> InputRecord:
    joined = "\x1f".join(row)
    if lines.problems:
        code, what = lines.problems[0]
        lines.problems.clear()
        return _error(name, rowno, joined, code, f"row {rowno}: {what}; the row is not analysed")
    if text_idx >= len(row):
        message = f"row {rowno} has {len(row)} columns; the text is in column {text_idx + 1}"
        return _error(name, rowno, joined, "invalid", message)
    text = row[text_idx]
    if not text.strip():
        return _error(name, rowno, joined, "empty", f"row {rowno}: the text column is empty")
    if len(text.encode("utf-8", "surrogatepass")) > opts.max_record_bytes:
        message = f"row {rowno}: article larger than {opts.max_record_bytes:,} bytes"
        return _error(name, rowno, joined, "too_large", message)
    named = {key: row[i] for key, i in columns.items() if i < len(row) and i != text_idx}
    meta, extra = split_fields(dict(named))
    meta_id = named.get("id") or None
    record = f"row {rowno}"
    rec = InputRecord(
        doc_id=make_id(name, record, text),
        input=name,
        record=record,
        input_format="csv",
        text=text,
        meta_id=meta_id,
        extra=extra,
    )
    return with_fields(rec, meta)


def _error(name: str, rowno: int, content: str, code: str, message: str) -> InputRecord:
    return error_record(name, f"row {rowno}", content, code, message, "csv")
