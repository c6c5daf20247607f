"""WARC / WARC.gz → records: every HTML response becomes an article, the rest say why not.

- ``response`` (and ``resource``) records with an HTML payload and a 2xx status → one article
  each, with the target URI as URL and the WARC-Date as date;
- redirects, other HTTP statuses, non-HTML payloads (PDF, images...), ``revisit`` records and
  records marked ``WARC-Truncated`` → skipped, with the reason;
- a record whose payload is cut off (the file ends inside it) → an error record;
- ``warcinfo``, ``request`` and ``metadata`` records describe the crawl, not a document: they
  are passed over without a row (a crawl has one request per response).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import require
from .sources import InputRecord, SourceOptions, make_id

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_DOCUMENTS = {"warcinfo", "request", "metadata", "conversion", "continuation"}


def iter_warc(path: Path, name: str, opts: SourceOptions) -> Iterator[InputRecord]:
    """The records of one WARC file, gzipped per record or not (warcio tells them apart)."""
    archive = require("warcio.archiveiterator", "warc")
    size = os.path.getsize(path)
    end = 0
    with open(path, "rb") as fh:
        it = archive.ArchiveIterator(fh)
        try:
            for rec in it:
                if rec.rec_type in _NOT_DOCUMENTS:
                    it.read_to_end(rec)
                else:
                    yield _record(rec, name, opts)
                    it.read_to_end(rec)
                end = it.get_record_offset() + it.get_record_length()
        except Exception as exc:  # warcio raises ArchiveLoadFailed and zlib/IO errors
            yield InputRecord(
                doc_id=make_id(name, f"offset {end}", str(exc)),
                input=name,
                record=f"offset {end}",
                input_format="warc",
                error=("invalid", f"damaged WARC after byte {end:,}: {exc}"),
            )
            return
        fh.seek(end)
        rest = fh.read(64)
    if end < size and rest.strip(b"\r\n"):
        # warcio stops silently at a cut-off gzip member: the unread tail tells.
        yield InputRecord(
            doc_id=make_id(name, f"offset {end}", str(size)),
            input=name,
            record=f"offset {end}",
            input_format="warc",
            error=(
                "truncated",
                f"the WARC file ends in a record that is cut off: "
                f"{size - end:,} bytes after byte {end:,} cannot be read",
            ),
        )


def _record(rec: object, name: str, opts: SourceOptions) -> InputRecord:
    """One WARC record as an article record, or as a skip/error record with the reason."""
    h = rec.rec_headers  # type: ignore[attr-defined]
    record_id = h.get_header("WARC-Record-ID") or ""
    url = h.get_header("WARC-Target-URI")
    date = h.get_header("WARC-Date")
    rec_type = rec.rec_type  # type: ignore[attr-defined]

    def out(content: bytes | str, **kw: object) -> InputRecord:
        return InputRecord(
            doc_id=make_id(name, record_id, content),
            input=name,
            record=record_id,
            input_format="warc",
            url=url,
            date=date,
            **kw,
        )  # type: ignore[arg-type]

    if rec_type not in ("response", "resource"):
        return out(rec_type, skip=f"{rec_type} record: no document in it")
    http = rec.http_headers  # type: ignore[attr-defined]
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
    try:
        payload = rec.content_stream().read(opts.max_record_bytes + 1)  # type: ignore[attr-defined]
    except Exception as exc:  # broken chunked/gzip transfer encoding
        return out(str(exc), error=("undecodable", f"payload cannot be decoded: {exc}"))
    if len(payload) > opts.max_record_bytes:
        return out(
            payload[:4096],
            error=("too_large", f"payload larger than {opts.max_record_bytes:,} bytes"),
        )
    missing = getattr(rec.raw_stream, "limit", 0)  # type: ignore[attr-defined]
    if missing:
        return out(
            payload,
            error=(
                "truncated",
                f"record cut off: the file ends {missing:,} bytes before the record does",
            ),
        )
    if not payload.strip():
        return out(payload, skip="empty payload")
    return out(payload, data=payload, content_type=ctype)
