"""Input paths → a stream of ``InputRecord``: one per article, or one per thing that is not.

Formats are detected from content (gzip and WARC magic, JSON lines, HTML tags, control
bytes), the extension decides only between CSV and plain text; ``--format`` overrides.
Detection reads as much as it needs: the whole first line for JSON lines (bounded by the
line limit), not a fixed prefix. Folders are walked recursively in sorted order. Nothing here
analyses anything: a record carries the raw text/HTML/bytes (or a URL) to a worker, plus a
stable id, so the batch runner can skip what is stored.

Each record's ``doc_id`` is derived from the absolute input path, the record's place in the
file (row, line, WARC-Record-ID) and a hash of its content: stable across runs, different
when the content changes.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputNotFound, InputTooLarge
from .csvfile import iter_csv
from .jsonl import iter_jsonl
from .records import FORMATS, InputRecord, SourceOptions, error_record, make_id
from .streams import json_depth_ok, open_binary
from .urls import iter_url_file
from .warc import iter_warc

__all__ = [
    "FORMATS",
    "InputRecord",
    "SourceOptions",
    "detect_format",
    "expand_paths",
    "iter_file",
    "iter_records",
    "make_id",
]

_HTML_START = re.compile(
    rb"^\s*(?:<!--(?:(?!-->).)*-->\s*)*<(!doctype\s+html|html|head|body|meta|div|article)\b",
    re.I | re.S,
)
_SNIFF = 8192
# How far to look for a second gzip member when the first one is damaged.
_SCAN_FOR_MEMBER = 4 * 1024 * 1024
# Control bytes that never occur in text (NUL included); more than 1% of them: binary.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def expand_paths(inputs: Iterable[str | Path], *, exclude: Iterable[Path] = ()) -> list[Path]:
    """Files of the inputs: files as given, folders walked recursively (hidden names skipped).

    ``exclude``: files or folders never to read (the store being written, inside an input).
    """
    skip = [p.resolve() for p in exclude]

    def wanted(path: Path) -> bool:
        real = path.resolve()
        return not any(real == s or s in real.parents for s in skip)

    out: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(
                    Path(root) / f
                    for f in sorted(files)
                    if not f.startswith(".") and wanted(Path(root) / f)
                )
        elif path.exists():
            if wanted(path):
                out.append(path)
        else:
            raise InputNotFound(f"no such file or folder: {raw}")
    return out


def iter_records(
    inputs: Iterable[str | Path],
    options: SourceOptions | None = None,
    *,
    exclude: Iterable[Path] = (),
) -> Iterator[InputRecord]:
    """All records of all inputs, in a stable order (files sorted, records in file order),
    then one record per URL of the URL lists (``options.url_files``)."""
    opts = options or SourceOptions()
    for path in expand_paths(inputs, exclude=exclude):
        yield from iter_file(path, opts)
    for url_file in opts.url_files:
        yield from iter_url_file(Path(url_file), opts)


def iter_file(path: Path, opts: SourceOptions) -> Iterator[InputRecord]:
    """The records of one file; damage to the file becomes an error record, never an exception."""
    name = os.path.abspath(path)
    try:
        fmt, gzipped = _sniff(path, opts)
    except OSError as exc:
        yield _file_error(name, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield _file_error(name, "corrupt_gzip", f"corrupt gzip file: {exc}", path)
        return
    if fmt == "empty":
        yield _file_error(name, "empty", "empty file: nothing to analyse", path)
        return
    if fmt == "binary":
        message = "binary file (control bytes): not text, HTML, WARC, JSON lines or CSV"
        yield _file_error(name, "binary", message, path)
        return
    try:
        if fmt == "warc":
            yield from iter_warc(path, name, opts)
        elif fmt == "jsonl":
            yield from iter_jsonl(path, name, opts, gzipped=gzipped)
        elif fmt == "csv":
            yield from iter_csv(path, name, opts, gzipped=gzipped)
        else:
            yield from _whole_file(path, name, fmt, gzipped, opts)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield _file_error(name, "corrupt_gzip", f"corrupt or cut-off gzip file: {exc}", path)


def _sniff(path: Path, opts: SourceOptions) -> tuple[str, bool]:
    """``(format, gzipped)``: from the head of the (decompressed) file, and its whole first
    line when that may be a JSON line."""
    with open(path, "rb") as fh:
        raw = fh.read(_SNIFF)
    gzipped = raw[:2] == b"\x1f\x8b"
    head = raw
    if gzipped:
        head = _first_member(path, raw)
    if opts.format != "auto":
        return opts.format, gzipped
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"{") and b"\n" not in body:
        # The first line is longer than the head: read all of it (bounded by the line limit).
        with (
            contextlib.suppress(InputTooLarge, EOFError, zlib.error, gzip.BadGzipFile),
            open_binary(path, gzipped, opts.limits) as stream,
        ):
            head = stream.readline(opts.limits.max_line_bytes)
    return detect_format(head, path, max_depth=opts.limits.max_json_depth), gzipped


def _first_member(path: Path, raw: bytes) -> bytes:
    """The start of the first readable gzip member (a WARC.gz has one per record): a damaged
    first member must not hide that the file is a WARC; the reader skips just that record."""
    try:
        return _inflate(raw)
    except zlib.error:
        with open(path, "rb") as fh:
            window = fh.read(_SCAN_FOR_MEMBER)
        start = window.find(b"\x1f\x8b\x08", 1)
        if start < 0:
            raise
        return _inflate(window[start : start + _SNIFF])


def _inflate(raw: bytes) -> bytes:
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
    head = unzip.decompress(raw, _SNIFF)
    if len(raw) < _SNIFF and not unzip.eof and not unzip.unconsumed_tail:
        raise EOFError("it ends before the compressed data does (cut off?)")
    return head


def detect_format(head: bytes, path: Path | None = None, *, max_depth: int = 64) -> str:
    """Format from the first bytes (and the whole first line): warc, jsonl, html, csv (by
    extension), text; or the pseudo-formats ``empty`` and ``binary``."""
    if not head.strip():
        return "empty"
    if head.startswith(b"WARC/"):
        return "warc"
    if head[:2] in _UTF16_BOMS:
        return "text"  # UTF-16 text has NUL bytes; its BOM tells it apart from binary data
    sample = head[:_SNIFF]
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 100):
        return "binary"
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"{"):
        first = body.split(b"\n", 1)[0]
        if _is_json_object(first, max_depth):
            return "jsonl"
    if _HTML_START.match(body):
        return "html"
    suffixes = [s.lower() for s in path.suffixes] if path else []
    if ".jsonl" in suffixes or ".ndjson" in suffixes:
        return "jsonl"  # a first line that is not an object: its error record says so
    if ".csv" in suffixes or ".tsv" in suffixes:
        return "csv"
    return "text"


def _is_json_object(line: bytes, max_depth: int) -> bool:
    if not json_depth_ok(line, max_depth):
        return True  # an object too deep to parse is still a JSON line (its error says so)
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _whole_file(
    path: Path, name: str, fmt: str, gzipped: bool, opts: SourceOptions
) -> Iterator[InputRecord]:
    """A text or HTML file is one article; its bytes are decoded by the ingest in the worker."""
    with open_binary(path, gzipped, opts.limits) as stream:
        data = stream.read(opts.max_record_bytes + 1)
    if len(data) > opts.max_record_bytes:
        message = f"file larger than {opts.max_record_bytes:,} bytes"
        yield _file_error(name, "too_large", message, path)
        return
    if not data.strip():
        yield _file_error(name, "empty", "empty file: nothing to analyse", path)
        return
    yield InputRecord(
        doc_id=make_id(name, "", data),
        input=name,
        record="",
        input_format=fmt,
        data=data,
        forced=opts.format != "auto",
    )


def _file_error(name: str, code: str, message: str, path: Path | None = None) -> InputRecord:
    """An error record for a whole file; its id changes when the file does, so a fixed file
    is analysed on the next run."""
    content = b""
    if path is not None:
        with contextlib.suppress(OSError):
            content = _file_digest(path)
    rec = error_record(name, "file", content, code, message, "unknown")
    rec.record = ""
    return rec


def _file_digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.digest()
