"""The batch runner: many inputs → a pool of worker processes → the store, resumably.

* ``process_record`` is the pure per-record function (ingest + ``analyze_article`` + rows);
  the batch workers and the Spark job both call it.
* ``run_batch`` streams records, skips ids already stored, hands one record at a time to each
  worker over a pipe, and writes results in the parent (DuckDB allows one writer) in small
  all-or-nothing batches. A worker that exceeds the per-document timeout is stopped by an
  alarm inside it; one that hangs in C code or dies is killed and replaced, and its document
  gets an error row. Workers are recycled after ``max_tasks_per_child`` documents.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
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
        return _failed(rec, "error", *rec.error)
    if rec.skip is not None:
        return _failed(rec, "skipped", "skipped", rec.skip)
    t0 = time.perf_counter()
    try:
        with _alarm(timeout):
            article = record_article(rec, settings=settings, default_outlet=default_outlet)
            analysis = analyze_article(article, settings=settings)
            seconds = time.perf_counter() - t0
            rows = analysis_rows(meta, analysis, seconds)
    except QuellenlageError as exc:
        return _failed(rec, "error", exc.code, str(exc), time.perf_counter() - t0)
    except RecursionError:
        return _failed(rec, "error", "internal", "recursion too deep while analysing")
    except Exception as exc:  # a bug in a stage must not stop the batch: record it, go on
        return _failed(
            rec, "error", "internal", f"{type(exc).__name__}: {exc}", time.perf_counter() - t0
        )
    return DocResult(rec.doc_id, "ok", rows, seconds=seconds)


def _failed(
    rec: InputRecord, outcome: str, code: str, message: str, seconds: float = 0.0
) -> DocResult:
    row = error_row(record_meta(rec), outcome, code, message)
    return DocResult(rec.doc_id, outcome, {"errors": [row]}, code, message, seconds)


# ------------------------------------------------------------------------------ worker pool


def _worker_main(
    conn: Connection, settings: Settings, timeout: float, default_outlet: str | None
) -> None:
    """Worker loop: receive a record, send back its result; ``None`` means stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            rec = conn.recv()
        except (EOFError, OSError):
            return
        if rec is None:
            return
        res = process_record(rec, settings=settings, timeout=timeout, default_outlet=default_outlet)
        res.pid = os.getpid()
        res.rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        conn.send(res)


class _Worker:
    """One worker process, the record it is working on and since when."""

    def __init__(self, ctx: Any, args: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, *args), daemon=True)
        self.proc.start()
        child.close()
        self.current: InputRecord | None = None
        self.started = 0.0
        self.tasks = 0

    def send(self, rec: InputRecord) -> None:
        self.current, self.started = rec, time.monotonic()
        self.tasks += 1
        self.conn.send(rec)

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


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


def _mp_context() -> Any:
    """Forkserver where available (workers fork from a server with the models loaded once)."""
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(["quellenlage.pipeline", "quellenlage.corpus.batch"])
    return ctx


class _Pool:
    """The worker processes: hand out records, collect results, replace dead or stuck ones."""

    def __init__(self, n_workers: int, settings: Settings, opts: BatchOptions) -> None:
        self.ctx = _mp_context()
        self.args = (settings, opts.timeout_per_doc, opts.default_outlet)
        self.max_tasks = opts.max_tasks_per_child
        # Beyond the worker's own alarm: a document stuck in C code is killed from here.
        self.hard_limit = (
            opts.timeout_per_doc + max(5.0, opts.timeout_per_doc / 2)
            if opts.timeout_per_doc > 0
            else None
        )
        self.workers = [_Worker(self.ctx, self.args) for _ in range(n_workers)]
        self.exhausted = False

    def _replace(self, w: _Worker) -> None:
        self.workers[self.workers.index(w)] = _Worker(self.ctx, self.args)

    def dispatch(self, records: Iterator[InputRecord]) -> bool:
        """Give every idle worker its next record; False when nothing is left in flight."""
        for i, w in enumerate(self.workers):
            if w.current is None and not self.exhausted:
                if w.tasks >= self.max_tasks:
                    w.stop()
                    self.workers[i] = w = _Worker(self.ctx, self.args)
                rec = next(records, None)
                if rec is None:
                    self.exhausted = True
                else:
                    w.send(rec)
        return any(w.current is not None for w in self.workers)

    def collect(self, done: Callable[[DocResult], None]) -> None:
        """Wait up to 0.5 s for results; a dead worker or one past the hard limit is replaced
        and its document gets an error row."""
        busy = [w for w in self.workers if w.current is not None]
        ready = wait([w.conn for w in busy], timeout=0.5)
        for w in busy:
            rec = w.current
            assert rec is not None
            if w.conn in ready:
                try:
                    res = w.conn.recv()
                except (EOFError, OSError):
                    w.stop(kill=True)
                    self._replace(w)
                    message = (
                        f"the worker process died (exit status {w.proc.exitcode}) while "
                        "analysing this document"
                    )
                    done(_failed(rec, "error", "crash", message))
                    continue
                w.current = None
                done(res)
            elif self.hard_limit and time.monotonic() - w.started > self.hard_limit:
                w.stop(kill=True)
                self._replace(w)
                message = (
                    f"analysis did not finish in {self.hard_limit:g} s; the worker "
                    "was killed (--timeout-per-doc)"
                )
                done(_failed(rec, "error", "timeout", message, self.hard_limit))

    def close(self) -> None:
        """Stop every worker; one still busy (Ctrl-C, an error) is killed."""
        for w in self.workers:
            w.stop(kill=w.current is not None)


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
    pool = _Pool(n_workers, settings, opts)
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
