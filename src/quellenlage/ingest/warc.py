"""WARC / WARC.gz → records: every HTML response becomes an article, the rest say why not.

- ``response`` (and ``resource``) records with an HTML payload and a 2xx status → one article
  each, with the target URI as URL and the WARC-Date as the time it was crawled;
- redirects, other HTTP statuses, non-HTML payloads (PDF, images...), ``revisit`` records and
  records marked ``WARC-Truncated`` → skipped, with the reason;
- a record whose Content-Length does not fit (warcio finds no blank line after it, or the
  file ends inside it) → an error record, never a silently shortened page;
- a damaged record (a flipped byte in a gzip member, a broken header) → an error record, and
  reading goes on at the next record: the next gzip member, or the next ``WARC/1.x`` line;
- ``warcinfo``, ``request`` and ``metadata`` records describe the crawl, not a document: they
  are passed over without a row (a crawl has one request per response).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import require
from .records import InputRecord, SourceOptions, error_record, make_id

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_DOCUMENTS = {"warcinfo", "request", "metadata", "conversion", "continuation"}
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."
_SCAN_CHUNK = 1024 * 1024


@dataclass(slots=True)
class _Cursor:
    """Where reading stands: the start of the last record, and whether it was suspect."""

    gzipped: bool
    start: int = 0
    end: int = 0
    suspect: bool = False


def iter_warc(path: Path, name: str, opts: SourceOptions) -> Iterator[InputRecord]:
    """The records of one WARC file, gzipped per record or not, resynchronised past damage."""
    archive = require("warcio.archiveiterator", "warc")
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        cursor = _Cursor(gzipped=fh.read(2) == b"\x1f\x8b")
        offset: int | None = 0
        while offset is not None and offset < size:
            fh.seek(offset)
            failure = yield from _read_from(archive, fh, name, opts, cursor)
            if failure is None:
                yield from _cut_off_tail(fh, name, cursor.end, size)
                break
            # Resynchronise: a suspect record may have swallowed the next one, so look for
            # the next record start right after the start of the damaged one.
            where = cursor.start if cursor.suspect else failure[0]
            nxt = _next_record_start(fh, where + 1, cursor.gzipped)
            reach = f"reading goes on at byte {nxt:,}" if nxt is not None else "no record after it"
            yield error_record(
                name,
                f"offset {failure[0]}",
                failure[1],
                "damaged",
                f"damaged WARC data at byte {failure[0]:,} ({failure[1]}); {reach}",
                "warc",
            )
            offset = nxt


def _read_from(
    archive: Any, fh: IO[bytes], name: str, opts: SourceOptions, cursor: _Cursor
) -> Generator[InputRecord, None, tuple[int, str] | None]:
    """Records from the current position; returns ``(offset, reason)`` of a failure or None."""
    start = fh.tell()
    it = archive.ArchiveIterator(fh)
    cursor.start, cursor.end, cursor.suspect = start, start, False
    while True:
        try:
            with _quiet():
                rec = next(it)
        except StopIteration:
            return None
        except Exception as exc:  # warcio raises ArchiveLoadFailed, zlib and IO errors
            return (_failure_offset(it, start), _reason(exc))
        errors_before = it.err_count
        try:
            with _quiet():
                out = _record(rec, name, opts)
                it.read_to_end(rec)
            cursor.start = it.get_record_offset()
            cursor.end = cursor.start + it.get_record_length()
        except Exception as exc:
            return (_failure_offset(it, start), _reason(exc))
        if it.err_count > errors_before:
            cursor.suspect = True
            out = _bad_length(out, name, rec)
        else:
            cursor.suspect = False
        if out is not None:
            yield out


def _cut_off_tail(fh: IO[bytes], name: str, end: int, size: int) -> Iterator[InputRecord]:
    """warcio stops silently at a cut-off gzip member: the unread tail tells."""
    fh.seek(end)
    if end < size and fh.read(64).strip(b"\r\n"):
        yield error_record(
            name,
            f"offset {end}",
            str(size),
            "truncated",
            f"the WARC file ends in a record that is cut off: {size - end:,} bytes after "
            f"byte {end:,} cannot be read",
            "warc",
        )


def _bad_length(out: InputRecord | None, name: str, rec: Any) -> InputRecord:
    """The record after which warcio found no blank line: its Content-Length is wrong."""
    h = rec.rec_headers
    record_id = h.get_header("WARC-Record-ID") or ""
    length = h.get_header("Content-Length") or "?"
    return InputRecord(
        doc_id=make_id(name, record_id, f"bad length {length}"),
        input=name,
        record=record_id,
        input_format="warc",
        url=h.get_header("WARC-Target-URI"),
        error=(
            "bad_length",
            f"Content-Length {length} does not match the record (no blank line after it); "
            "its payload cannot be trusted and is not analysed",
        ),
    )


def _failure_offset(it: Any, start: int) -> int:
    try:
        return int(it.offset)
    except (AttributeError, TypeError, ValueError):
        return start


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """warcio writes its warnings to stderr; they become error records instead."""
    with contextlib.redirect_stderr(io.StringIO()):
        yield


def _next_record_start(fh: IO[bytes], pos: int, gzipped: bool) -> int | None:
    """The offset of the next gzip member or ``WARC/1.x`` line at or after ``pos``."""
    needle = _GZIP_MAGIC if gzipped else _WARC_LINE
    fh.seek(pos)
    base = pos
    carry = b""
    while True:
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        hit = data.find(needle)
        if hit >= 0:
            found = base - len(carry) + hit
            return found if gzipped else found + 1  # after the newline
        carry = data[-(len(needle) - 1) :]
        base += len(chunk)


def _record(rec: Any, name: str, opts: SourceOptions) -> InputRecord | None:
    """One WARC record as an article record, or as a skip/error record with the reason."""
    if rec.rec_type in _NOT_DOCUMENTS:
        return None
    h = rec.rec_headers
    record_id = h.get_header("WARC-Record-ID") or ""

    def out(content: bytes | str, **kw: Any) -> InputRecord:
        return InputRecord(
            doc_id=make_id(name, record_id, content),
            input=name,
            record=record_id,
            input_format="warc",
            url=h.get_header("WARC-Target-URI"),
            fetched=h.get_header("WARC-Date"),
            **kw,
        )

    if rec.rec_type not in ("response", "resource"):
        return out(rec.rec_type, skip=f"{rec.rec_type} record: no document in it")
    http = rec.http_headers
    ctype = (http.get_header("Content-Type") if http else h.get_header("Content-Type")) or ""
    if http is not None:
        status = http.get_statuscode() or ""
        if status.startswith("3"):
            target = http.get_header("Location") or "?"
            return out(status + target, skip=f"redirect (HTTP {status}) to {target}")
        if not status.startswith("2"):
            return out(status, skip=f"HTTP status {status}: no article")
    mime = ctype.split(";")[0].strip().lower()
    if mime not in _HTML_TYPES:
        return out(ctype, skip=f"not HTML ({mime or 'no content type'})")
    truncated = h.get_header("WARC-Truncated")
    if truncated:
        return out(
            truncated,
            skip=f"payload truncated by the crawler (WARC-Truncated: "
            f"{truncated}): an incomplete page is not analysed",
        )
    return _payload(rec, out, ctype, opts)


def _payload(rec: Any, out: Any, ctype: str, opts: SourceOptions) -> InputRecord:
    try:
        payload: bytes = rec.content_stream().read(opts.max_record_bytes + 1)
    except Exception as exc:  # broken chunked/gzip transfer encoding
        return out(str(exc), error=("undecodable", f"payload cannot be decoded: {exc}"))
    if len(payload) > opts.max_record_bytes:
        message = f"payload larger than {opts.max_record_bytes:,} bytes"
        return out(payload[:4096], error=("too_large", message))
    missing = getattr(rec.raw_stream, "limit", 0)
    if missing:
        return out(
            payload,
            error=(
                "truncated",
                f"record cut off: {missing:,} bytes of its Content-Length are missing "
                "(the file or the gzip member ends before the record does)",
            ),
        )
    if not payload.strip():
        return out(payload, skip="empty payload")
    return out(payload, data=payload, content_type=ctype)
