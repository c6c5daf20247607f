"""Bounded reading of untrusted files: physical lines with a size limit, gzip with a
decompressed-size limit, JSON with a nesting-depth limit.

A reader never holds more than one line (at most ``max_line_bytes``) in memory: an
over-long line is skipped to its end in chunks and reported, the lines after it are read
on. A gzip stream stops with ``InputTooLarge`` once it has produced more than its budget
(an absolute limit, and a multiple of the compressed size so that a small bomb stops early).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import InputTooComplex, InputTooLarge
from ..settings import Settings

_SKIP_CHUNK = 1024 * 1024
# A JSON string (escapes included), and the brackets that nest.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(rb"[\[\]{}]")


@dataclass(slots=True)
class PhysicalLine:
    """One line of a file: its 1-based number, its bytes (``None`` when too long), its size."""

    number: int
    data: bytes | None
    size: int


class BoundedStream:
    """A binary stream that raises ``InputTooLarge`` after ``budget`` bytes were read."""

    def __init__(self, raw: IO[bytes] | gzip.GzipFile, budget: int, what: str) -> None:
        self.raw = raw
        self.budget = budget
        self.what = what
        self.done = 0

    def _count(self, data: bytes) -> bytes:
        self.done += len(data)
        if self.done > self.budget:
            raise InputTooLarge(
                f"{self.what}: more than {self.budget:,} bytes after decompression "
                "(the limit for this file); the rest of the file is not read"
            )
        return data

    def read(self, size: int = -1) -> bytes:
        return self._count(self.raw.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self.raw.readline(size))

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> BoundedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def gzip_budget(path: Path, limits: Settings) -> int:
    """Decompressed bytes a gzipped file may produce (see ``Settings``)."""
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0
    by_ratio = max(limits.gzip_ratio_floor_bytes, size * limits.max_gzip_ratio)
    return min(limits.max_decompressed_bytes, by_ratio)


def open_binary(path: Path, gzipped: bool, limits: Settings) -> BoundedStream:
    """Open a (possibly gzipped) file for bounded binary reading."""
    if gzipped:
        raw = gzip.open(path, "rb")  # noqa: SIM115 - closed by BoundedStream
        return BoundedStream(raw, gzip_budget(path, limits), str(path))
    return BoundedStream(open(path, "rb"), 1 << 62, str(path))


def iter_lines(stream: BoundedStream | IO[bytes], max_line: int) -> Iterator[PhysicalLine]:
    """The physical lines of a stream (``\\n`` ends a line), none longer than ``max_line``.

    An over-long line is consumed to its end without being kept: ``data`` is ``None``.
    """
    number = 0
    while True:
        chunk = stream.readline(max_line + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) <= max_line or chunk.endswith(b"\n"):
            yield PhysicalLine(number, chunk, len(chunk))
            continue
        size = len(chunk)
        while True:
            more = stream.readline(_SKIP_CHUNK)
            size += len(more)
            if not more or more.endswith(b"\n"):
                break
        yield PhysicalLine(number, None, size)


def json_depth_ok(line: bytes, max_depth: int) -> bool:
    """Whether no array/object in this JSON text nests deeper than ``max_depth``.

    Linear: brackets inside strings are removed first; a text with fewer opening brackets
    than the limit needs no count at all.
    """
    if line.count(b"[") + line.count(b"{") <= max_depth:
        return True
    depth = 0
    for m in _BRACKET.finditer(_JSON_STRING.sub(b'""', line)):
        if m[0] in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                return False
        else:
            depth -= 1
    return True


def loads_bounded(line: bytes | str, max_depth: int) -> Any:
    """``json.loads`` that refuses nesting deeper than ``max_depth`` before parsing."""
    raw = line.encode("utf-8", "surrogatepass") if isinstance(line, str) else line
    if not json_depth_ok(raw, max_depth):
        raise InputTooComplex(f"JSON nested deeper than {max_depth} levels")
    return json.loads(line)
