"""One input record → its store rows: the pure per-record function that the batch workers and
the Spark job both call, and the result it gives (``DocResult``).

Every failure becomes an error row here, never an exception: a bad document must not stop a
batch. The worker pool (``corpus.pool``) and the batch runner (``corpus.batch``) build on it.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import AnalysisTimeout, QuellenlageError
from ..ingest import record_article as ingest_record
from ..ingest.sources import InputRecord
from ..model import Article
from ..settings import DEFAULT_SETTINGS, Settings
from .schema import analysis_rows, error_row

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
