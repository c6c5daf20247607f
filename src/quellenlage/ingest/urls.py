"""URL lists → records (``batch --urls FILE``): one record per URL, fetched by the worker.

A URL list is a text file with one ``http(s)://`` URL per line; blank lines and lines
starting with ``#`` are skipped, a URL may be followed by whitespace and a comment. A line
that is not such a URL becomes an error record. The record's id depends on the list file,
the line and the URL (not on the page, which is only fetched in the worker), so that a
re-run skips what is stored without fetching it again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from .records import InputRecord, SourceOptions, error_record, make_id
from .streams import iter_lines, open_binary


def iter_url_file(path: Path, opts: SourceOptions) -> Iterator[InputRecord]:
    """One record per URL line of ``path`` (``input_format`` "url", ``fetch_url`` set)."""
    name = os.path.abspath(path)
    try:
        stream = open_binary(path, False, opts.limits)
    except OSError as exc:
        message = f"cannot read the URL list: {exc.strerror or exc}"
        yield error_record(name, "file", b"", "unreadable", message, "url")
        return
    with stream:
        for line in iter_lines(stream, 64 * 1024):
            yield from _url_record(name, line.number, line.data)


def _url_record(name: str, number: int, data: bytes | None) -> Iterator[InputRecord]:
    record = f"line {number}"
    if data is None:
        yield error_record(name, record, b"", "invalid", f"{record}: not a URL (too long)", "url")
        return
    text = data.decode("utf-8", "replace").strip().removeprefix("\ufeff")
    if not text or text.startswith("#"):
        return
    url = text.split()[0]
    problem = url_problem(url)
    if problem is not None:
        yield error_record(name, record, url, "invalid", f"{record}: {problem}", "url")
        return
    yield InputRecord(
        doc_id=make_id(name, record, url),
        input=name,
        record=record,
        input_format="url",
        url=url,
        fetch_url=url,
    )


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an absolute http(s) URL with a host, or ``None`` when it is one."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL: {url[:200]!r}"
    if not parts.hostname:
        return f"a URL without a host: {url[:200]!r}"
    return None


def is_url(text: str) -> bool:
    """Whether a command-line argument names a web page rather than a file."""
    return text.lower().startswith(("http://", "https://")) and url_problem(text) is None
