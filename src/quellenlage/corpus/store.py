"""The corpus store: DuckDB (one file, the default) or a folder of Parquet files.

Both are written by one process (the batch runner's parent) in all-or-nothing units: a
document's articles row and its child rows are committed together, so ``kill -9`` at any
moment leaves each document either fully stored or absent, and a re-run skips exactly the
stored ones.

* DuckDB: one transaction per small batch of documents (DuckDB's WAL replays only committed
  transactions after a crash).
* Parquet (``DIR/<table>/part-*.parquet``, the layout the Spark job writes too): each batch
  writes one part file per table under a temporary name and renames them, the articles part
  last. Child parts whose articles part never appeared are orphans of a killed run: readers
  ignore them (the views join on ``articles``) and the next writer deletes them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InvalidInput, QuellenlageError, require
from .schema import CHILD_TABLES, STORE_VERSION, TABLES

_DUCK_TYPES = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "bool": "BOOLEAN",
    "double": "DOUBLE",
    "str[]": "VARCHAR[]",
    "json": "VARCHAR",
}


class StoreVersionError(InvalidInput):
    """The store was written by an incompatible version of quellenlage."""


class QueryRefused(QuellenlageError):
    """A query that would touch files (read, write, attach, export) or change the settings:
    ``query`` sees the store's tables and nothing else."""

    code, exit_code = "refused", 24


class StoreLocked(QuellenlageError):
    """Another process is writing to the store: one writer at a time (DuckDB and Parquet)."""

    code, exit_code = "store_locked", 25


LOCK_FILE = ".quellenlage-writer.lock"
"""The Parquet store's writer lock (``flock``): released by the kernel when the writer dies."""


@contextlib.contextmanager
def _duck_errors(path: Path, doing: str) -> Iterator[None]:
    """DuckDB's errors as one line: a held lock is ``StoreLocked``, the rest ``InvalidInput``
    (a truncated or foreign file fails on open or on the first read, never as a traceback)."""
    duckdb = require("duckdb", "store")
    try:
        yield
    except duckdb.Error as exc:
        if "Could not set lock" in str(exc) or "Conflicting lock" in str(exc):
            raise StoreLocked(
                f"the store {path} is being written by another process (one writer at a "
                "time); wait for it to finish"
            ) from exc
        raise InvalidInput(
            f"cannot {doing} the store {path} (damaged or not a DuckDB file?): {first_line(exc)}"
        ) from exc


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of ``table``, derived from ``schema.TABLES``."""
    pa = require("pyarrow", "store")
    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "double": pa.float64(),
        "str[]": pa.list_(pa.string()),
        "json": pa.string(),
    }
    return pa.schema([pa.field(c.name, types[c.type]) for c in TABLES[table]])


def to_arrow(table: str, rows: list[dict[str, Any]]) -> Any:
    """Rows (dicts) → a pyarrow table with the declared schema."""
    pa = require("pyarrow", "store")
    return pa.Table.from_pylist(rows, schema=arrow_schema(table))


def ddl(table: str) -> str:
    """``CREATE TABLE IF NOT EXISTS`` for ``table`` in DuckDB."""
    cols = ", ".join(f'"{c.name}" {_DUCK_TYPES[c.type]}' for c in TABLES[table])
    key = ', PRIMARY KEY ("doc_id")' if table in ("articles", "errors") else ""
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols}{key})'


class Store:
    """Common interface of the two backends, as the batch runner uses it."""

    # The store's own files: never read as input when a folder around them is analysed.
    paths: tuple[Path, ...] = ()

    def known_ids(self) -> set[str]:
        """Ids of every document already stored (as article or as error/skip row)."""
        raise NotImplementedError

    def write(self, batch: dict[str, list[dict[str, Any]]]) -> None:
        """Store the rows of several complete documents as one all-or-nothing unit."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and release the store."""


class DuckStore(Store):
    """A DuckDB file: tables created on first use, version checked on open."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        duckdb = require("duckdb", "store")
        self.path = Path(path)
        self.paths = (self.path, Path(f"{path}.wal"))
        if read_only and not self.path.exists():
            raise InvalidInput(f"no store at {path}: run `quellenlage batch ... --db {path}`")
        with _duck_errors(self.path, "open"):
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        try:
            with _duck_errors(self.path, "open"):
                if not read_only:
                    self._create()
                self._check_version()
        except BaseException:
            self.con.close()
            raise

    def _create(self) -> None:
        self.con.execute("BEGIN")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)"
        )
        self.con.execute(
            "INSERT INTO store_meta VALUES ('store_version', ?) ON CONFLICT DO NOTHING",
            [STORE_VERSION],
        )
        for table in TABLES:
            self.con.execute(ddl(table))
        self.con.execute("COMMIT")

    def _check_version(self) -> None:
        try:
            row = self.con.execute(
                "SELECT value FROM store_meta WHERE key = 'store_version'"
            ).fetchone()
        except Exception as exc:
            raise StoreVersionError(f"{self.path} is not a quellenlage store") from exc
        if row is None or row[0] != STORE_VERSION:
            raise StoreVersionError(
                f"{self.path} has store version {row[0] if row else '?'}; this quellenlage "
                f"reads version {STORE_VERSION}"
            )

    def known_ids(self) -> set[str]:
        with _duck_errors(self.path, "read"):
            ids = {r[0] for r in self.con.execute("SELECT doc_id FROM articles").fetchall()}
            ids.update(r[0] for r in self.con.execute("SELECT doc_id FROM errors").fetchall())
        return ids

    def write(self, batch: dict[str, list[dict[str, Any]]]) -> None:
        with _duck_errors(self.path, "write to"):
            self._write(batch)

    def _write(self, batch: dict[str, list[dict[str, Any]]]) -> None:
        self.con.execute("BEGIN")
        try:
            # Children first, articles last: the order does not matter inside a transaction,
            # but it keeps the rule of the Parquet backend in one place of the reader's mind.
            for table in (*CHILD_TABLES, "errors", "articles"):
                rows = batch.get(table)
                if not rows:
                    continue
                name = f"_new_{table}"
                self.con.register(name, to_arrow(table, rows))
                self.con.execute(f'INSERT INTO "{table}" SELECT * FROM {name}')
                self.con.unregister(name)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.con.close()


class ParquetStore(Store):
    """A folder ``DIR/<table>/part-*.parquet``; the articles part file commits a batch."""

    def __init__(self, path: str | Path) -> None:
        require("pyarrow.parquet", "store")
        self.path = Path(path)
        self.paths = (self.path,)
        self.path.mkdir(parents=True, exist_ok=True)
        # The lock comes first: cleanup and known_ids must not see another writer's files.
        self._lock_fd: int | None = self._lock()
        for table in TABLES:
            (self.path / table).mkdir(exist_ok=True)
        self._cleanup()

    def _lock(self) -> int:
        """Take the writer lock without waiting, or raise ``StoreLocked``.

        ``flock`` rather than a pid file: the kernel drops it when the process dies (kill -9
        included), so there is never a stale lock to detect. The descriptor is not inherited
        by the worker processes.
        """
        fd = os.open(self.path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StoreLocked(
                f"the store {self.path} is being written by another process (one writer at "
                "a time); wait for it to finish"
            ) from None
        return fd

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the descriptor releases the flock
            self._lock_fd = None

    def __del__(self) -> None:
        # A store dropped without close() (a notebook, a test) lets the next writer in.
        with contextlib.suppress(Exception):
            self.close()

    def _cleanup(self) -> None:
        """Delete temporary files and child parts without their articles part (killed run)."""
        committed = {p.name.split(".")[0] for p in parts(self.path / "articles")}
        for table in TABLES:
            for p in (self.path / table).iterdir():
                if p.name.startswith(".tmp-") or (
                    table in CHILD_TABLES
                    and p.name.startswith("q-")
                    and p.name.split(".")[0] not in committed
                ):
                    p.unlink()

    def known_ids(self) -> set[str]:
        pq = require("pyarrow.parquet", "store")
        ids: set[str] = set()
        for table in ("articles", "errors"):
            for p in parts(self.path / table):
                ids.update(pq.read_table(p, columns=["doc_id"]).column(0).to_pylist())
        return ids

    def write(self, batch: dict[str, list[dict[str, Any]]]) -> None:
        pq = require("pyarrow.parquet", "store")
        part = f"q-{uuid.uuid4().hex}"
        done: list[tuple[Path, Path]] = []
        # Errors are whole documents by themselves; articles go last: they commit the part.
        for table in (*CHILD_TABLES, "errors", "articles"):
            rows = batch.get(table)
            if not rows:
                continue
            tmp = self.path / table / f".tmp-{part}.parquet"
            pq.write_table(to_arrow(table, rows), tmp)
            done.append((tmp, self.path / table / f"{part}.parquet"))
        for tmp, final in done:
            os.replace(tmp, final)


def parts(folder: Path) -> list[Path]:
    """The committed part files of one table folder (not a writer's ``.tmp-`` files)."""
    return [p for p in folder.glob("*.parquet") if not p.name.startswith(".")]


def open_store(db: str | Path | None, out: str | Path | None) -> Store:
    """The store the user named: ``--db FILE`` (DuckDB) or ``--out DIR`` (Parquet)."""
    if (db is None) == (out is None):
        raise InvalidInput("give exactly one of --db FILE (DuckDB) or --out DIR (Parquet)")
    return DuckStore(db) if db is not None else ParquetStore(out)  # type: ignore[arg-type]


def connect_readonly(db: str | Path | None, out: str | Path | None) -> Any:
    """A sandboxed DuckDB connection on which every table of the store is queryable by name.

    For a Parquet folder (batch or Spark output) the tables are views over the part files;
    child rows of uncommitted parts are hidden by joining on ``articles``. The connection
    cannot touch the file system beyond the store itself (``_sandbox``).
    """
    duckdb = require("duckdb", "store")
    if (db is None) == (out is None):
        raise InvalidInput("give exactly one of --db FILE (DuckDB) or --out DIR (Parquet)")
    if db is not None:
        con = DuckStore(db, read_only=True).con
        _sandbox(con, [])
        return con
    root = Path(out)  # type: ignore[arg-type]
    if not (root / "articles").is_dir():
        raise InvalidInput(f"no Parquet store at {out}: expected {out}/articles/*.parquet")
    con = duckdb.connect()
    allowed: list[str] = []
    for table in ("articles", "errors", *CHILD_TABLES):
        files = sorted(str(p.resolve()) for p in parts(root / table))
        allowed += files
        if files:
            source = f"read_parquet({_sql_list(files)}, union_by_name = true)"
        else:
            cols = ", ".join(f'NULL::{_DUCK_TYPES[c.type]} AS "{c.name}"' for c in TABLES[table])
            source = f"(SELECT {cols} WHERE false)"
        where = " WHERE doc_id IN (SELECT doc_id FROM articles)" if table in CHILD_TABLES else ""
        con.execute(f'CREATE VIEW "{table}" AS SELECT * FROM {source}{where}')
    _sandbox(con, allowed)
    return con


def _sandbox(con: Any, allowed: list[str]) -> None:
    """No file access but ``allowed`` (the part files the views read), settings locked.

    DuckDB checks this in the engine: ``read_csv``, ``read_text``, ``glob``, ``COPY``,
    ``EXPORT``, ``ATTACH`` and extension loading fail with a permission error, and the lock
    refuses a ``SET`` that would undo it. Views bind when queried, so a Parquet store's own
    files must stay allowed; DuckDB would also let a ``COPY`` overwrite an allowed file, which
    is why ``check_read_only`` admits only ``SELECT``/``EXPLAIN`` statements on top of this.
    """
    if con.execute("SELECT current_setting('lock_configuration')").fetchone()[0]:
        # DuckDB shares one database instance per file within a process: a second connection
        # to a store already opened here is sandboxed (and locked) by the first.
        return
    if allowed:
        con.execute(f"SET allowed_paths = {_sql_list(allowed)}")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


# Statements that only read: SELECT covers FROM-first, VALUES, DESCRIBE, SHOW and SUMMARIZE.
_READ_ONLY_STATEMENTS = ("SELECT", "EXPLAIN")


def check_read_only(sql: str) -> None:
    """Refuse SQL with any statement that is not a query (COPY, EXPORT, SET, ATTACH, ...)."""
    duckdb = require("duckdb", "store")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise InvalidInput(f"query failed: {first_line(exc)}") from exc
    for st in statements:
        kind = st.type.name
        if kind not in _READ_ONLY_STATEMENTS:
            raise QueryRefused(
                f"refused: {kind} statements are not allowed; the store is read-only and "
                "queries cannot touch files (use SELECT, and -o FILE to save the result)"
            )


def first_line(exc: BaseException) -> str:
    """DuckDB's message without the context lines it appends (one line on the terminal)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _sql_list(items: Iterable[str]) -> str:
    return "[" + ", ".join("'" + i.replace("'", "''") + "'" for i in items) + "]"
