"""The batch runner: many inputs → a pool of worker processes → the store, resumably.

* ``process_record`` is the pure per-record function (ingest + ``analyze_article`` + rows);
  the batch workers and the Spark job both call it.
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
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AnalysisTimeout, QuellenlageError
from ..ingest import record_article as ingest_record
from ..ingest.sources import InputRecord, SourceOptions, iter_records
from ..model import Article
from ..settings import DEFAULT_SETTINGS, Settings
from .schema import TABLES, analysis_rows, error_row
from .store import Store

Rows = dict[str, list[dict[str, Any]]]


@dataclass(slots=True)
class DocResult:
    """What became of one record: its rows (ok) or its error/skip row, and worker stats."""

    doc_id: str
    outcome: str  # "ok" | "error" | "skipped"
    rows: Rows
    code: str | None = None
    message: str | None = None
    seconds: float = 0.0
    pid: int = 0
    rss_kb: int = 0


def record_meta(rec: InputRecord) -> dict[str, str | None]:
    """The identifying fields every row of a record carries."""
    return {
        "doc_id": rec.doc_id,
        "input": rec.input,
        "record": rec.record,
        "input_format": rec.input_format,
        "url": rec.url,
    }


def record_article(
    rec: InputRecord, *, settings: Settings = DEFAULT_SETTINGS, default_outlet: str | None = None
) -> Article:
    """Ingest one record into an ``Article`` (``ingest.record_article``: text, HTML, file
    bytes, a WARC payload, or a URL of a URL list, fetched here in the worker)."""
    article = ingest_record(rec, settings=settings)
    if default_outlet and not article.meta.outlet:
        article.meta.outlet = default_outlet
    return article


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise ``AnalysisTimeout`` in this thread after ``seconds`` (main thread, Unix only)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise AnalysisTimeout(f"analysis took longer than {seconds:g} s (--timeout-per-doc)")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def process_record(
    rec: InputRecord,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    timeout: float = 0.0,
    default_outlet: str | None = None,
) -> DocResult:
    """Analyse one record into store rows; every failure becomes an error row, never raises."""
    from ..pipeline import analyze_article

    meta = record_meta(rec)
    if rec.error is not None:
        return failed_result(rec, "error", *rec.error)
    if rec.skip is not None:
        return failed_result(rec, "skipped", "skipped", rec.skip)
    t0 = time.perf_counter()
    try:
        with _alarm(timeout):
            article = record_article(rec, settings=settings, default_outlet=default_outlet)
            analysis = analyze_article(article, settings=settings)
            seconds = time.perf_counter() - t0
            rows = analysis_rows(meta, analysis, seconds)
    except QuellenlageError as exc:
        return failed_result(rec, "error", exc.code, str(exc), time.perf_counter() - t0)
    except RecursionError:
        return failed_result(rec, "error", "internal", "recursion too deep while analysing")
    except Exception as exc:  # a bug in a stage must not stop the batch: record it, go on
        return failed_result(
            rec, "error", "internal", f"{type(exc).__name__}: {exc}", time.perf_counter() - t0
        )
    return DocResult(rec.doc_id, "ok", rows, seconds=seconds)


def failed_result(
    rec: InputRecord, outcome: str, code: str, message: str, seconds: float = 0.0
) -> DocResult:
    """The result of a record that did not become an article: its errors-table row."""
    row = error_row(record_meta(rec), outcome, code, message)
    return DocResult(rec.doc_id, outcome, {"errors": [row]}, code, message, seconds)


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
    from .pool import Pool  # here: the pool module imports this one

    pool = Pool(n_workers, settings, opts)
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
