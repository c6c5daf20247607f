"""The analysis workers: one job per request, a pool of processes, a time limit per job.

A job crosses a process boundary, so it is a small frozen dataclass; the worker runs the
same per-document functions as the CLI and the batch runner and renders the report fragment
itself, so that the event loop only moves strings around.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from .. import ingest
from ..errors import AnalysisTimeout, QuellenlageError
from ..ingest import read_bytes
from ..model import Analysis, ArticleMeta
from ..pipeline import analyze, analyze_article, analyze_html
from ..render.html import render_report_fragment
from ..render.i18n import UILang
from ..settings import Settings

# Seconds one analysis may run when Settings.timeout says "no limit" (0): a server needs one.
DEFAULT_TIMEOUT = 30.0
# Seconds a request may wait for a free worker before the server says it is busy.
DEFAULT_QUEUE_WAIT = 60.0
# Seconds a fresh worker process may take to start and load the models.
STARTUP_LIMIT = 120.0

ExecutorKind = Literal["process", "thread"]
JobResult = tuple[str, str | None, str | None]
"""The Analysis JSON, and the report fragment and title when a page asked for them."""


@dataclass(frozen=True, slots=True)
class Job:
    """One analysis request as a worker sees it (picklable: it crosses a process boundary).

    ``kind`` says what ``content`` is; a ``url`` is fetched by the worker through the ingest
    stage's fetcher (``ingest.fetch_article``: public addresses only, robots.txt, limits),
    never by the server's own code.
    """

    kind: Literal["text", "html", "bytes", "url"]
    content: str | bytes
    settings: Settings
    name: str = "-"
    meta: ArticleMeta | None = None
    want_report: bool = False
    ui_lang: UILang | None = None


def analyze_job(job: Job) -> Analysis:
    """The default analyzer: the same per-document functions the CLI and batch use."""
    if job.kind == "html":
        return analyze_html(str(job.content), meta=job.meta, settings=job.settings)
    if job.kind == "url":
        # Looked up on the module at call time, so that a test can allow its local server.
        article = ingest.fetch_article(str(job.content), settings=job.settings, meta=job.meta)
        return analyze_article(article, settings=job.settings)
    if job.kind == "bytes":
        data = job.content if isinstance(job.content, bytes) else job.content.encode("utf-8")
        article = read_bytes(data, name=job.name, settings=job.settings)
        if job.meta is not None:  # what the caller knows wins over what the file says
            article.meta = article.meta.model_copy(update=job.meta.model_dump(exclude_none=True))
        return analyze_article(article, settings=job.settings)
    return analyze(str(job.content), meta=job.meta, settings=job.settings)


def run_job(job: Job, analyzer: Callable[[Job], Analysis] = analyze_job) -> JobResult:
    """Worker entry: the Analysis JSON, and the report fragment + title when a page wants it."""
    analysis = analyzer(job)
    text = analysis.to_json(indent=None)
    if not job.want_report:
        return text, None, None
    return text, str(render_report_fragment(analysis, lang=job.ui_lang)), analysis.article.title


def _warm_up(analyzer: Callable[[Job], Analysis] | None = None) -> str:
    """Load the models in a fresh worker before the first request.

    ``analyzer`` is only passed so that unpickling it (importing its module) happens here too.
    """
    # A warm-up must never take the server down; real errors surface on real requests.
    with contextlib.suppress(QuellenlageError):
        analyze("Der Sprecher sagte am Montag, die Lage sei ruhig.")
    return "ok"


class Busy(AnalysisTimeout):
    """No worker became free in time (the server is overloaded): a timeout of the queue.

    It never reaches the CLI; it shares AnalysisTimeout's exit code on purpose.
    """

    code = "busy"


class Runner:
    """Runs jobs on a worker pool with a per-analysis time limit.

    A semaphore admits at most ``workers`` jobs at once, so the time limit counts the
    analysis itself, not the wait in the queue (that wait has its own, longer limit).
    """

    def __init__(
        self,
        *,
        workers: int,
        kind: ExecutorKind,
        timeout: float,
        queue_wait: float = DEFAULT_QUEUE_WAIT,
        analyzer: Callable[[Job], Analysis] = analyze_job,
    ) -> None:
        self.workers = max(1, workers)
        self.kind = kind
        self.timeout = timeout
        self.queue_wait = queue_wait
        self.analyzer = analyzer
        self._pool: Executor | None = None
        self._lock = threading.Lock()
        self._slots: asyncio.Semaphore | None = None
        self._warm: weakref.WeakSet[Executor] = weakref.WeakSet()  # pools whose workers are up

    def _new_pool(self) -> Executor:
        if self.kind == "thread":
            return ThreadPoolExecutor(self.workers, thread_name_prefix="quellenlage-analysis")
        # spawn, not fork: the server process runs threads, and forking those is unsafe.
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))

    @property
    def pool(self) -> Executor:
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def warm_up(self) -> None:
        """Start every worker and load the models (blocking; called at server start-up)."""
        if self.kind == "process":
            futures = [self.pool.submit(_warm_up, self.analyzer) for _ in range(self.workers)]
            for f in futures:
                f.result()
            self._warm.add(self.pool)

    def _recycle(self, broken: Executor) -> None:
        """Kill a process pool whose worker is stuck past the time limit; start a new one."""
        with self._lock:
            if self._pool is not broken:
                return
            self._pool = None
        processes = getattr(broken, "_processes", None) or {}
        for proc in list(processes.values()):
            proc.kill()
        broken.shutdown(wait=False, cancel_futures=True)

    async def _acquire(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.queue_wait)
        except TimeoutError:
            raise Busy(
                f"all {self.workers} analysis workers stayed busy for {self.queue_wait:g} s; "
                "try again later"
            ) from None
        return self._slots

    async def run(self, job: Job) -> JobResult:
        """Run one job; raise ``AnalysisTimeout`` past the limit, ``Busy`` if none is free."""
        slots = await self._acquire()
        try:
            pool = self.pool
            loop = asyncio.get_running_loop()
            if self.kind == "process" and pool not in self._warm:
                # A fresh pool (first use, or after a kill) starts its worker and loads the
                # models first, so the time limit below counts the analysis alone.
                await asyncio.wait_for(
                    loop.run_in_executor(pool, _warm_up, self.analyzer), STARTUP_LIMIT
                )
                self._warm.add(pool)
            future = loop.run_in_executor(pool, run_job, job, self.analyzer)
            try:
                return await asyncio.wait_for(future, self.timeout or None)
            except TimeoutError:
                if self.kind == "process":
                    self._recycle(pool)
                raise AnalysisTimeout(
                    f"the analysis took longer than the limit of {self.timeout:g} s and was "
                    "stopped; try a shorter text"
                ) from None
            except BrokenExecutor:
                # Another request's timeout killed this pool while our job was on it.
                raise AnalysisTimeout(
                    "the analysis worker was restarted while this text was being analysed; "
                    "please retry"
                ) from None
        finally:
            slots.release()

    def close(self) -> None:
        """Stop the pool; idle workers exit, one stuck in an analysis is killed after 2 s."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()
