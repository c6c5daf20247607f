"""Read-only access to a corpus store for the explorer: one connection, one cursor per query.

The explorer reads the store through queries that check which columns exist (``col``), so
that a store written by an older or newer ``batch`` (with or without ``title``, ``outlet``,
``url``, ``date`` on ``articles``) still opens; a missing column reads as NULL.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from ..corpus.store import connect_readonly
from ..errors import InvalidInput

Result = tuple[list[str], list[tuple[Any, ...]]]


class CorpusDB:
    """A read-only DuckDB store, its tables' columns, and thread-safe queries."""

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self.name = self.db.name
        self.con = connect_readonly(self.db, None)  # raises InvalidInput with a clear message
        self._lock = threading.Lock()
        rows = self.con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall()
        self.columns: dict[str, set[str]] = {}
        for table, column in rows:
            self.columns.setdefault(table, set()).add(column)
        for table in ("articles", "statements", "speech_events", "sources"):
            if table not in self.columns:
                raise InvalidInput(f"{self.db} has no table {table!r}: not a quellenlage store")

    def has(self, table: str, column: str) -> bool:
        return column in self.columns.get(table, set())

    def col(self, alias: str, table: str, column: str, default: str = "NULL") -> str:
        """``alias."column"`` when the table has it, else ``default`` (an SQL expression)."""
        return f'{alias}."{column}"' if self.has(table, column) else default

    def query(self, sql: str, params: list[Any] | None = None) -> Result:
        """Run one query on its own cursor (a DuckDB connection is not shared across threads)."""
        with self._lock:
            cur = self.con.cursor()
        try:
            res = cur.execute(sql, params or [])
            return [d[0] for d in res.description], res.fetchall()
        finally:
            cur.close()

    async def aquery(self, sql: str, params: list[Any] | None = None) -> Result:
        """``query`` in a worker thread, so the event loop stays free."""
        return await run_in_threadpool(self.query, sql, params)

    def close(self) -> None:
        self.con.close()


def get_corpus(request: Request) -> CorpusDB:
    """FastAPI dependency: the app's corpus store (routers mounted only with ``--db``)."""
    corpus = request.app.state.corpus
    if corpus is None:  # pragma: no cover - corpus routers are only mounted with a store
        raise InvalidInput("this server was started without a corpus store (--db)")
    return corpus


Corpus = Annotated[CorpusDB, Depends(get_corpus)]
"""A route parameter ``db: Corpus`` receives the store (``Depends(get_corpus)``)."""
