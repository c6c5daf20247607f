"""JSON lines → records: one article per line, ``text`` or ``html``, optional metadata.

Fields read: ``text`` or ``html`` (one of them required), ``id``, and the metadata fields
``url``, ``date``, ``outlet``, ``title``, ``author``, ``section``; every other field is kept
as given in ``ArticleMeta.extra``. The file is read line by line with a line-size and a
nesting-depth limit; a bad line (not UTF-8, not JSON, too long, too deep, no text) becomes
one error record and the lines after it are read on.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputTooComplex, InputTooLarge
from .records import InputRecord, SourceOptions, error_record, make_id, split_fields, with_fields
from .streams import PhysicalLine, iter_lines, loads_bounded, open_binary


def iter_jsonl(
    path: Path, name: str, opts: SourceOptions, *, gzipped: bool = False
) -> Iterator[InputRecord]:
    """One record per non-empty line of a JSON lines file."""
    limits = opts.limits
    lineno = 0
    try:
        with open_binary(path, gzipped, limits) as stream:
            for line in iter_lines(stream, limits.max_line_bytes):
                lineno = line.number
                if line.data is not None and not line.data.strip():
                    continue
                yield _line_record(line, name, opts)
    except InputTooLarge as exc:
        yield _error(name, lineno + 1, str(exc), "too_large", str(exc))
    except (EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        message = f"line {lineno + 1}: corrupt or cut-off gzip data ({exc}); the rest is lost"
        yield _error(name, lineno + 1, str(exc), "corrupt_gzip", message)


def _line_record(line: PhysicalLine, name: str, opts: SourceOptions) -> InputRecord:
    n = line.number
    if line.data is None:
        limit = opts.limits.max_line_bytes
        message = f"line {n}: {line.size:,} bytes, longer than the line limit of {limit:,}"
        return _error(name, n, f"{line.size}", "too_large", message)
    raw = line.data.removeprefix(b"\xef\xbb\xbf") if n == 1 else line.data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"line {n} is not valid UTF-8 ({exc.reason} at byte {exc.start})"
        return _error(name, n, raw, "undecodable", message)
    return line_record(text, name, n, opts)


def line_record(line: str, name: str, lineno: int, opts: SourceOptions) -> InputRecord:
    """The record of one JSON line (an article, or an error that says what is wrong)."""
    try:
        obj = loads_bounded(line, opts.limits.max_json_depth)
    except InputTooComplex as exc:
        return _error(name, lineno, line, "too_complex", f"line {lineno}: {exc}")
    except (ValueError, RecursionError) as exc:
        return _error(name, lineno, line, "invalid", f"line {lineno}: not valid JSON ({exc})")
    if not isinstance(obj, dict):
        message = f"line {lineno}: expected a JSON object, got {type(obj).__name__}"
        return _error(name, lineno, line, "invalid", message)
    text, html = obj.get("text"), obj.get("html")
    body = text if isinstance(text, str) and text.strip() else None
    markup = html if body is None and isinstance(html, str) and html.strip() else None
    content = body if body is not None else markup
    if content is None:
        message = f"line {lineno}: no non-empty 'text' or 'html' string field"
        return _error(name, lineno, line, "invalid", message)
    if len(content.encode("utf-8", "surrogatepass")) > opts.max_record_bytes:
        message = f"line {lineno}: article larger than {opts.max_record_bytes:,} bytes"
        return _error(name, lineno, line, "too_large", message)
    meta, extra = split_fields(obj)
    meta_id = str(obj["id"]) if obj.get("id") not in (None, "") else None
    record = f"line {lineno}"
    rec = InputRecord(
        doc_id=make_id(name, record, content),
        input=name,
        record=record,
        input_format="jsonl",
        meta_id=meta_id,
        text=body,
        html=markup,
        extra=extra,
    )
    return with_fields(rec, meta)


def _error(name: str, lineno: int, content: bytes | str, code: str, message: str) -> InputRecord:
    return error_record(name, f"line {lineno}", content, code, message, "jsonl")
