"""JSON lines → records: one article per line, ``text`` or ``html``, optional metadata.

Fields read: ``text`` or ``html`` (one of them required), and optionally ``id``, ``url``,
``date`` (or ``published``), ``outlet``, ``title``, ``author``. A bad line becomes an error
record; the rest of the file is read on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from .sources import InputRecord, SourceOptions, make_id, open_text

_META = ("url", "date", "outlet", "title", "author")


def iter_jsonl(
    path: Path, name: str, opts: SourceOptions, *, gzipped: bool = False
) -> Iterator[InputRecord]:
    """One record per non-empty line of a JSON lines file."""
    with open_text(path, gzipped) as fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except UnicodeDecodeError as exc:
                yield _error(
                    name,
                    lineno + 1,
                    "",
                    "undecodable",
                    f"line {lineno + 1} is not valid UTF-8 ({exc.reason}); "
                    "the rest of the file is not read",
                )
                return
            if not line:
                return
            lineno += 1
            if line.strip():
                yield line_record(line, name, lineno, opts)


def line_record(line: str, name: str, lineno: int, opts: SourceOptions) -> InputRecord:
    """The record of one JSON line (an article, or an error that says what is wrong)."""
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return _error(name, lineno, line, "invalid", f"line {lineno}: not valid JSON ({exc})")
    if not isinstance(obj, dict):
        return _error(
            name,
            lineno,
            line,
            "invalid",
            f"line {lineno}: expected a JSON object, got {type(obj).__name__}",
        )
    text, html = obj.get("text"), obj.get("html")
    body = text if isinstance(text, str) and text.strip() else None
    markup = html if body is None and isinstance(html, str) and html.strip() else None
    if body is None and markup is None:
        return _error(
            name,
            lineno,
            line,
            "invalid",
            f"line {lineno}: no non-empty 'text' or 'html' string field",
        )
    content = body if body is not None else markup
    if len(content.encode("utf-8", "surrogatepass")) > opts.max_record_bytes:
        return _error(
            name,
            lineno,
            line,
            "too_large",
            f"line {lineno}: article larger than {opts.max_record_bytes:,} bytes",
        )
    meta = {k: str(obj[k]) for k in _META if obj.get(k) not in (None, "")}
    if "date" not in meta and obj.get("published") not in (None, ""):
        meta["date"] = str(obj["published"])  # the name many feeds and corpora use
    meta_id = str(obj["id"]) if obj.get("id") not in (None, "") else None
    record = f"line {lineno}"
    return InputRecord(
        doc_id=make_id(name, record, content),
        input=name,
        record=record,
        input_format="jsonl",
        meta_id=meta_id,
        text=body,
        html=markup,
        **meta,
    )


def _error(name: str, lineno: int, line: str, code: str, message: str) -> InputRecord:
    record = f"line {lineno}"
    return InputRecord(
        doc_id=make_id(name, record, line),
        input=name,
        record=record,
        input_format="jsonl",
        error=(code, message),
    )
