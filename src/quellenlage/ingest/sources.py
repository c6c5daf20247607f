"""Input paths → a stream of ``InputRecord``: one per article, or one per thing that is not.

Formats are detected from content (gzip and WARC magic, JSON lines, HTML tags, NUL bytes),
the extension decides only between CSV and plain text; ``--format`` overrides. Folders are
walked recursively in sorted order. Nothing here analyses anything: a record carries the raw
text/HTML/bytes to a worker, plus a stable id, so the batch runner can skip what is stored.

Each record's ``doc_id`` is derived from the absolute input path, the record's place in the
file (row, line, WARC-Record-ID) and a hash of its content: stable across runs, different
when the content changes.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputNotFound, InvalidInput

FORMATS = ("auto", "text", "html", "warc", "jsonl", "csv")
_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|div|article)\b", re.I | re.S
)
_SNIFF = 8192


@dataclass(slots=True)
class SourceOptions:
    """How to read inputs: the format (or auto) and the CSV dialect and columns."""

    format: str = "auto"
    text_column: str = "text"
    csv_sep: str = ","
    csv_quote: str = '"'
    # None: a header row exists iff the text column is given by name (not by number).
    csv_header: bool | None = None
    # Refuse single records larger than this (bytes of text/HTML).
    max_record_bytes: int = 10 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise InvalidInput(f"unknown input format {self.format!r}; known: {', '.join(FORMATS)}")
        if len(self.csv_sep) != 1 or len(self.csv_quote) != 1:
            raise InvalidInput("--csv-sep and --csv-quote must be single characters")


@dataclass(slots=True)
class InputRecord:
    """One unit of input: an article to analyse, or the reason why it is not one.

    Exactly one of ``text`` (plain text), ``html`` (markup), ``data`` (raw bytes of a whole
    text or HTML file, decoded by the ingest in the worker), ``error`` (code, message) or
    ``skip`` (reason) is set.
    """

    doc_id: str
    input: str
    record: str
    input_format: str
    url: str | None = None
    date: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    meta_id: str | None = None
    text: str | None = None
    html: str | None = None
    data: bytes | None = None
    content_type: str | None = None
    # True when ``--format`` named the format: the worker must not second-guess it.
    forced: bool = False
    error: tuple[str, str] | None = None
    skip: str | None = None


def make_id(path: str, record: str, content: bytes | str) -> str:
    """Stable document id: hash of absolute path, place in the file and content hash."""
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(content).hexdigest()
    return hashlib.sha256(f"{path}\n{record}\n{digest}".encode()).hexdigest()[:20]


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
    """All records of all inputs, in a stable order (files sorted, records in file order)."""
    opts = options or SourceOptions()
    for path in expand_paths(inputs, exclude=exclude):
        yield from iter_file(path, opts)


def iter_file(path: Path, opts: SourceOptions) -> Iterator[InputRecord]:
    """The records of one file; damage to the file becomes an error record, never an exception."""
    name = os.path.abspath(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
    except OSError as exc:
        yield _file_error(name, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    gzipped = head[:2] == b"\x1f\x8b"
    if gzipped:
        unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            inner = unzip.decompress(head, _SNIFF)
        except zlib.error as exc:
            yield _file_error(name, "corrupt_gzip", f"corrupt gzip file: {exc}", path)
            return
        if len(head) < _SNIFF and not unzip.eof and not unzip.unconsumed_tail:
            # The whole file was read and the compressed stream did not end: cut off.
            yield _file_error(
                name,
                "corrupt_gzip",
                "corrupt gzip file: it ends before the compressed data does (cut off?)",
                path,
            )
            return
    else:
        inner = head
    fmt = opts.format if opts.format != "auto" else detect_format(inner, path)
    if fmt == "empty":
        yield _file_error(name, "empty", "empty file: nothing to analyse", path)
        return
    if fmt == "binary":
        yield _file_error(
            name, "binary", "binary file (NUL bytes): not text, HTML, WARC, JSON lines or CSV", path
        )
        return
    try:
        if fmt == "warc":
            from .warc import iter_warc

            yield from iter_warc(path, name, opts)
        elif fmt == "jsonl":
            from .jsonl import iter_jsonl

            yield from iter_jsonl(path, name, opts, gzipped=gzipped)
        elif fmt == "csv":
            from .csvfile import iter_csv

            yield from iter_csv(path, name, opts, gzipped=gzipped)
        else:
            yield from _whole_file(path, name, fmt, gzipped, opts)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield _file_error(name, "corrupt_gzip", f"corrupt or cut-off gzip file: {exc}", path)


def detect_format(head: bytes, path: Path | None = None) -> str:
    """Format from the first bytes: warc, jsonl, html, csv (by extension), text; or the
    pseudo-formats ``empty`` and ``binary`` that become error records."""
    if not head.strip():
        return "empty"
    if head.startswith(b"WARC/"):
        return "warc"
    if b"\x00" in head:
        # UTF-16 text has NUL bytes too; its BOM tells it apart from binary data.
        return "text" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "binary"
    body = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"{"):
        first = body.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    if _HTML_START.match(body):
        return "html"
    suffixes = [s.lower() for s in path.suffixes] if path else []
    if ".csv" in suffixes or ".tsv" in suffixes:
        return "csv"
    return "text"


def open_text(path: Path, gzipped: bool) -> io.TextIOBase:
    """Open a (possibly gzipped) UTF-8 text file for streaming; BOM dropped, newlines raw."""
    if gzipped:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _whole_file(
    path: Path, name: str, fmt: str, gzipped: bool, opts: SourceOptions
) -> Iterator[InputRecord]:
    """A text or HTML file is one article; its bytes are decoded by the ingest in the worker."""
    opener = gzip.open if gzipped else open
    with opener(path, "rb") as fh:
        data = fh.read(opts.max_record_bytes + 1)
    if len(data) > opts.max_record_bytes:
        yield _file_error(
            name, "too_large", f"file larger than {opts.max_record_bytes:,} bytes", path
        )
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
            content = hashlib.sha256(path.read_bytes()).digest()
    return InputRecord(
        doc_id=make_id(name, "file", content),
        input=name,
        record="",
        input_format="unknown",
        error=(code, message),
    )


def csv_rows(fh: io.TextIOBase, opts: SourceOptions) -> Iterator[list[str]]:
    """Rows of a CSV stream in the configured dialect (no field size limit: articles are long)."""
    csv.field_size_limit(opts.max_record_bytes)
    yield from csv.reader(fh, delimiter=opts.csv_sep, quotechar=opts.csv_quote)
