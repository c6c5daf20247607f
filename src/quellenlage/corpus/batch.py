"""The batch runner: many inputs → a pool of worker processes → the store, resumably.

* ``process_record`` (``corpus.record``) is the pure per-record function (ingest +
  ``analyze_article`` + rows); the batch workers and the Spark job both call it.
* ``run_batch`` streams records, skips ids already stored, hands them to the worker processes
  (``corpus.pool``: one or two records at a time to each, over a pipe), and writes results in
  the parent (one writer per store) in small all-or-nothing batches. A worker that exceeds the
  per-document timeout is stopped by an alarm inside it; one that hangs in C code or dies is
  killed and replaced, and its document gets an error row. Workers are recycled after
  ``max_tasks_per_child`` documents.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.sources import InputRecord, SourceOptions, iter_records
from ..settings import DEFAULT_SETTINGS, Settings
from .pool import Pool
from .record import DocResult, Rows, failed_result, process_record, record_article, record_meta
from .schema import TABLES
from .store import Store

# The per-record function and its result, importable from here as before (Spark, tests).
__all__ = [
    "BatchOptions",
    "BatchSummary",
    "DocResult",
    "count_todo",
    "failed_result",
    "process_record",
    "record_article",
    "record_meta",
    "run_batch",
]


@dataclass(slots=True)
class BatchOptions:
    """Knobs of one batch run (the CLI maps its options here)."""

    workers: int = 0  # 0: all cores
    limit: int | None = None  # only the first N input records
    timeout_per_doc: float = 60.0  # seconds; 0 = no limit
    commit_every: int = 32  # documents per transaction / Parquet part
    commit_seconds: float = 5.0  # ... or after this long, whichever comes first
    max_tasks_per_child: int = 500  # recycle workers (bounded memory growth)
    default_outlet: str | None = None
    count_first: bool = True  # count records up front for the progress bar's total / ETA


@dataclass(slots=True)
class BatchSummary:
    """What a run did; ``exit_code`` is 0 when no document failed in this run, else 2."""

    records: int = 0
    already_stored: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    workers: int = 0
    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    error_codes: dict[str, int] = field(default_factory=dict)

    @property
    def analysed(self) -> int:
        return self.ok + self.errors + self.skipped

    @property
    def docs_per_second(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 0


Progress = Callable[[int, int | None, BatchSummary], None]


def count_todo(
    inputs: list[str | Path],
    sources: SourceOptions,
    known: set[str],
    limit: int | None,
    exclude: tuple[Path, ...] = (),
) -> int:
    """How many records a run will have to process (for the progress bar's ETA)."""
    n = 0
    for i, rec in enumerate(iter_records(inputs, sources, exclude=exclude)):
        if limit is not None and i >= limit:
            break
        n += rec.doc_id not in known
    return n


class _Sink:
    """Where results go: counted into the summary, buffered, and written in small batches."""

    def __init__(
        self,
        store: Store,
        opts: BatchOptions,
        summary: BatchSummary,
        progress: Progress | None,
        total: int | None,
    ) -> None:
        self.store, self.opts, self.summary = store, opts, summary
        self.progress, self.total = progress, total
        self.buffer: list[DocResult] = []
        self.t0 = self.last_flush = time.monotonic()

    def flush(self) -> None:
        """Write the buffered results in one all-or-nothing store write."""
        if self.buffer:
            merged: Rows = {t: [] for t in TABLES}
            for res in self.buffer:
                for table, rows in res.rows.items():
                    merged[table].extend(rows)
            self.store.write(merged)
            self.buffer.clear()
        self.last_flush = time.monotonic()

    def flush_if_due(self) -> None:
        """Flush when ``commit_seconds`` have passed since the last write (a slow trickle)."""
        if time.monotonic() - self.last_flush > self.opts.commit_seconds:
            self.flush()

    def done(self, res: DocResult) -> None:
        """Count one finished record, buffer its rows, flush when the batch is full."""
        summary = self.summary
        self.buffer.append(res)
        if res.outcome == "ok":
            summary.ok += 1
        elif res.outcome == "skipped":
            summary.skipped += 1
        else:
            summary.errors += 1
            summary.error_codes[res.code or "?"] = summary.error_codes.get(res.code or "?", 0) + 1
        if res.pid:
            mb = res.rss_kb / 1024
            summary.peak_rss_mb[res.pid] = max(summary.peak_rss_mb.get(res.pid, 0.0), mb)
        summary.seconds = time.monotonic() - self.t0
        if len(self.buffer) >= self.opts.commit_every:
            self.flush()
        else:
            self.flush_if_due()
        if self.progress:
            self.progress(summary.analysed, self.total, summary)


def _todo(
    inputs: list[str | Path],
    src: SourceOptions,
    opts: BatchOptions,
    store: Store,
    known: set[str],
    sink: _Sink,
) -> Iterator[InputRecord]:
    """The records that need a worker; stored ids are counted and skipped, unreadable ones
    become error rows right here."""
    summary = sink.summary
    for i, rec in enumerate(iter_records(inputs, src, exclude=store.paths)):
        if opts.limit is not None and i >= opts.limit:
            return
        summary.records += 1
        if rec.doc_id in known:
            summary.already_stored += 1
            continue
        known.add(rec.doc_id)  # the same file given twice is analysed once
        if rec.error is not None or rec.skip is not None:
            sink.done(process_record(rec))  # nothing to analyse: no worker needed
            continue
        yield rec


def run_batch(
    inputs: list[str | Path],
    store: Store,
    *,
    sources: SourceOptions | None = None,
    options: BatchOptions | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Progress | None = None,
) -> BatchSummary:
    """Analyse every record of ``inputs`` not yet in ``store``; stream the rows into it."""
    src = sources or SourceOptions()
    opts = options or BatchOptions()
    n_workers = opts.workers or os.cpu_count() or 1
    known = store.known_ids()
    summary = BatchSummary(workers=n_workers)
    total = count_todo(inputs, src, known, opts.limit, store.paths) if opts.count_first else None
    sink = _Sink(store, opts, summary, progress, total)
    records = _todo(inputs, src, opts, store, known, sink)
    if progress:
        progress(0, total, summary)
    pool = Pool(
        n_workers,
        (settings, opts.timeout_per_doc, opts.default_outlet),
        max_tasks=opts.max_tasks_per_child,
        timeout=opts.timeout_per_doc,
    )
    try:
        while pool.dispatch(records):
            pool.collect(sink.done)
            sink.flush_if_due()
        sink.flush()
    finally:
        # On Ctrl-C or an error: what is complete is stored, the workers go.
        with contextlib.suppress(Exception):
            sink.flush()
        pool.close()
    summary.seconds = time.monotonic() - sink.t0
    return summary
