"""The batch runner's worker processes: records out over a pipe, results back, and each
worker kept busy while the parent writes to the store.

* Each worker gets up to ``DEPTH`` records at a time: the next one waits in its pipe while it
  analyses the current one, so it never idles while the parent is busy writing a batch (one
  record in flight per worker cost a two-worker run a fifth of its speed on two cores).
* A record is only sent ahead when it is small (``AHEAD_BYTES``): the records waiting in a
  pipe then always fit its buffer, so the parent's send never blocks on a worker that is itself
  blocked sending a large result back (a deadlock otherwise).
* A worker that dies, or stays on one document past the hard limit, is killed and replaced:
  the document it was on gets an error row, the ones waiting behind it go to another worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

from ..ingest.sources import InputRecord
from ..settings import Settings
from .record import DocResult, failed_result, process_record

DEPTH = 2  # records per worker at a time: the one it analyses and the next
AHEAD_BYTES = 48_000  # larger records are only sent to an idle worker (pipe buffers ~200 KB)


def worker_main(
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


class Worker:
    """One worker process and the records it has been given (the first is the one it is on)."""

    def __init__(self, ctx: Any, args: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, *args), daemon=True)
        self.proc.start()
        child.close()
        self.inflight: deque[tuple[InputRecord, int]] = deque()  # (record, pickled size)
        self.started = 0.0  # when the first record in flight started
        self.tasks = 0

    @property
    def current(self) -> InputRecord | None:
        """The record the worker is analysing, if any."""
        return self.inflight[0][0] if self.inflight else None

    def can_take(self, size: int, max_tasks: int) -> bool:
        """Whether a record of ``size`` pickled bytes may be sent now."""
        if self.tasks >= max_tasks or len(self.inflight) >= DEPTH:
            return False
        if not self.inflight:
            return True
        return size <= AHEAD_BYTES and all(s <= AHEAD_BYTES for _r, s in self.inflight)

    def send(self, rec: InputRecord, data: bytes) -> None:
        if not self.inflight:
            self.started = time.monotonic()
        self.inflight.append((rec, len(data)))
        self.tasks += 1
        self.conn.send_bytes(data)

    def finished(self) -> None:
        """The first record's result came back: the next one starts now."""
        self.inflight.popleft()
        self.started = time.monotonic()

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


def mp_context() -> Any:
    """Forkserver where available (workers fork from a server with the models loaded once)."""
    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(
            ["quellenlage.pipeline", "quellenlage.corpus.record", "quellenlage.corpus.pool"]
        )
    return ctx


class Pool:
    """The worker processes: hand out records, collect results, replace dead or stuck ones."""

    def __init__(
        self,
        n_workers: int,
        args: tuple[Settings, float, str | None],
        *,
        max_tasks: int,
        timeout: float,
    ) -> None:
        """``args`` go to ``worker_main``: settings, per-document timeout, default outlet."""
        self.ctx = mp_context()
        self.args = args
        self.max_tasks = max_tasks
        # Beyond the worker's own alarm: a document stuck in C code is killed from here.
        self.hard_limit = timeout + max(5.0, timeout / 2) if timeout > 0 else None
        self.workers = [Worker(self.ctx, self.args) for _ in range(n_workers)]
        self.pending: deque[tuple[InputRecord, bytes]] = deque()  # taken, not yet sent
        self.exhausted = False

    def _next(self, records: Iterator[InputRecord]) -> tuple[InputRecord, bytes] | None:
        """The next record to send, pickled once (its size decides whether it may wait)."""
        if not self.pending and not self.exhausted:
            rec = next(records, None)
            if rec is None:
                self.exhausted = True
            else:
                self.pending.append((rec, bytes(ForkingPickler.dumps(rec))))
        return self.pending[0] if self.pending else None

    def dispatch(self, records: Iterator[InputRecord]) -> bool:
        """Fill every worker up to ``DEPTH``; False when nothing is left in flight."""
        for i, w in enumerate(self.workers):
            if w.tasks >= self.max_tasks and not w.inflight and not self._drained():
                w.stop()  # recycled once its last record is back: bounded memory growth
                self.workers[i] = w = Worker(self.ctx, self.args)
            while (item := self._next(records)) is not None and w.can_take(
                len(item[1]), self.max_tasks
            ):
                self.pending.popleft()
                w.send(*item)
        return any(w.inflight for w in self.workers)

    def _drained(self) -> bool:
        return self.exhausted and not self.pending

    def _replace(self, w: Worker) -> None:
        """Kill ``w``; the records waiting behind the one it was on go back to the queue."""
        w.stop(kill=True)
        waiting = list(w.inflight)[1:]
        for rec, _size in reversed(waiting):
            self.pending.appendleft((rec, bytes(ForkingPickler.dumps(rec))))
        self.workers[self.workers.index(w)] = Worker(self.ctx, self.args)

    def collect(self, done: Callable[[DocResult], None]) -> None:
        """Wait up to 0.5 s for results; a dead worker or one past the hard limit is replaced
        and its document gets an error row."""
        busy = [w for w in self.workers if w.inflight]
        ready = wait([w.conn for w in busy], timeout=0.5)
        for w in busy:
            rec = w.current
            assert rec is not None
            if w.conn in ready:
                try:
                    res = w.conn.recv()
                except (EOFError, OSError):
                    self._replace(w)
                    message = (
                        f"the worker process died (exit status {w.proc.exitcode}) while "
                        "analysing this document"
                    )
                    done(failed_result(rec, "error", "crash", message))
                    continue
                w.finished()
                done(res)
            elif self.hard_limit and time.monotonic() - w.started > self.hard_limit:
                self._replace(w)
                message = (
                    f"analysis did not finish in {self.hard_limit:g} s; the worker "
                    "was killed (--timeout-per-doc)"
                )
                done(failed_result(rec, "error", "timeout", message, self.hard_limit))

    def close(self) -> None:
        """Stop every worker; one still busy (Ctrl-C, an error) is killed."""
        for w in self.workers:
            w.stop(kill=bool(w.inflight))
