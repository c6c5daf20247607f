"""The batch runner: formats in, one row per document out, errors recorded, resumable, and a
``kill -9`` in the middle loses nothing and stores nothing twice."""

from __future__ import annotations

import csv
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
pytest.importorskip("trafilatura", reason="the html extra (trafilatura) is not installed")

from quellenlage.corpus.batch import BatchOptions, process_record, record_article, run_batch
from quellenlage.corpus.store import DuckStore, ParquetStore, connect_readonly
from quellenlage.ingest.sources import InputRecord, SourceOptions, iter_records

SENTENCES = [
    "Der Bürgermeister sagte am Dienstag, die neue Brücke werde im Herbst eröffnet.",
    "Laut der Polizei wurden bei dem Unfall zwei Personen leicht verletzt.",
    "Die Firma soll nach Medienberichten mehrere hundert Stellen streichen wollen.",
    "Ein Sprecher des Ministeriums bestritt die Vorwürfe am Abend entschieden.",
    "Die Angaben konnten zunächst nicht unabhängig überprüft werden.",
    "Der Gemeinderat beschloss das Budget mit den Stimmen der Mehrheit.",
    "Experten rechnen damit, dass die Preise im kommenden Jahr weiter steigen.",
    "Die Ausstellung ist bis Ende März täglich von zehn bis 18 Uhr geöffnet.",
]


def article(i: int) -> str:
    """A small German news text, different for every ``i``."""
    picks = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)]
    return f"Meldung Nummer {i} aus Graz\n\n" + " ".join(picks)


def write_csv(path: Path, n: int, *, header: bool = False) -> Path:
    """A 10kGNAD-like CSV: ``label;text`` with ``'`` as quote character."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", quotechar="'")
        if header:
            w.writerow(["label", "text"])
        for i in range(n):
            w.writerow(["Inland", article(i).replace("\n\n", " ")])
    return path


CSV_OPTS = SourceOptions(csv_sep=";", csv_quote="'", text_column="2")


@pytest.fixture(scope="module")
def pipeline_ok() -> None:
    """Fail with the pipeline's own message when it cannot analyse a plain article at all
    (a model being retrained, say): every batch assertion below would fail obscurely."""
    rec = InputRecord(
        doc_id="probe", input="/probe", record="", input_format="text", text=article(0)
    )
    res = process_record(rec)
    if res.outcome != "ok":
        pytest.fail(f"the analysis pipeline is broken, not the batch: [{res.code}] {res.message}")


def counts(con, table: str) -> tuple[int, int]:
    key = "doc_id" if table in ("articles", "errors") else "doc_id, idx"
    return con.execute(f"SELECT count(*), count(DISTINCT ({key})) FROM {table}").fetchone()


@pytest.mark.usefixtures("pipeline_ok")
def test_csv_without_header_and_resume(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "k.csv", 12)
    store = DuckStore(tmp_path / "c.duckdb")
    first = run_batch([data], store, sources=CSV_OPTS, options=BatchOptions(workers=2, limit=5))
    assert (first.ok, first.errors, first.exit_code) == (5, 0, 0)
    second = run_batch([data], store, sources=CSV_OPTS, options=BatchOptions(workers=2))
    assert (second.already_stored, second.ok) == (5, 7)
    assert counts(store.con, "articles") == (12, 12)
    assert counts(store.con, "statements")[0] == counts(store.con, "statements")[1] > 12
    third = run_batch([data, data], store, sources=CSV_OPTS, options=BatchOptions(workers=1))
    assert (third.already_stored, third.ok, third.records) == (24, 0, 24)
    rec = store.con.execute(
        "SELECT record, input_format, text FROM articles WHERE record = 'row 3'"
    ).fetchone()
    assert rec[1] == "csv" and "Meldung Nummer 2 aus Graz" in rec[2]
    store.close()


def test_csv_with_header_by_name(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "h.csv", 3, header=True)
    opts = SourceOptions(csv_sep=";", csv_quote="'", text_column="text")
    recs = list(iter_records([data], opts))
    assert [r.record for r in recs] == ["row 1", "row 2", "row 3"]
    assert all(r.text and r.text.startswith("Meldung Nummer") for r in recs)


def test_ids_are_stable_and_content_sensitive(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "k.csv", 3)
    ids = [r.doc_id for r in iter_records([data], CSV_OPTS)]
    assert ids == [r.doc_id for r in iter_records([str(data)], CSV_OPTS)]
    assert len(set(ids)) == 3
    text = data.read_text("utf-8").replace("Nummer 1 ", "Nummer 99 ")
    data.write_text(text, "utf-8")
    changed = [r.doc_id for r in iter_records([data], CSV_OPTS)]
    assert changed[0] == ids[0] and changed[1] != ids[1] and changed[2] == ids[2]


@pytest.mark.usefixtures("pipeline_ok")
def test_folder_with_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(article(1), "utf-8")
    (folder / "sub" / "b.html").write_text(
        "<!DOCTYPE html><html><head><title>Brücke</title></head><body><article>"
        f"<h1>Neue Brücke</h1><p>{article(2)}</p><p>{article(3)}</p></article></body></html>",
        "utf-8",
    )
    (folder / "c.jsonl").write_text(
        json.dumps(
            {"id": "x1", "text": article(4), "url": "https://bote.at/1", "outlet": "Bote"},
            ensure_ascii=False,
        )
        + "\n"
        + "{kaputt\n"
        + json.dumps({"title": "ohne Text"})
        + "\n",
        "utf-8",
    )
    (folder / "e.jsonl").write_text(
        json.dumps(
            {
                "html": f"<html><body><article><h1>Neue Ampel</h1><p>{article(8)}</p>"
                "</article></body></html>",
                "url": "https://bote.at/2",
            }
        )
        + "\n",
        "utf-8",
    )
    (folder / "d.txt.gz").write_bytes(gzip.compress(article(5).encode("utf-8")))
    (folder / "kaputt.gz").write_bytes(gzip.compress(article(6).encode("utf-8"))[:25])
    (folder / "leer.txt").write_bytes(b"")
    (folder / "bild.bin").write_bytes(bytes(range(256)) * 8)
    (folder / ".versteckt").write_text(article(7), "utf-8")
    store = DuckStore(tmp_path / "c.duckdb")
    summary = run_batch([folder], store, options=BatchOptions(workers=2))
    con = store.con
    arts = dict(con.execute("SELECT input, outlet FROM articles").fetchall())
    names = sorted(Path(p).name for p in arts)
    assert names == ["a.txt", "b.html", "c.jsonl", "d.txt.gz", "e.jsonl"]
    assert arts[str(folder / "c.jsonl")] == "Bote"
    errors = {
        Path(i).name + (f" {r}" if r else ""): (c, m)
        for i, r, c, m in con.execute("SELECT input, record, code, message FROM errors").fetchall()
    }
    assert errors["kaputt.gz"][0] == "corrupt_gzip" and "gzip" in errors["kaputt.gz"][1]
    assert errors["leer.txt"] == ("empty", "empty file: nothing to analyse")
    assert errors["bild.bin"][0] == "binary" and "binary file" in errors["bild.bin"][1]
    assert (
        errors["c.jsonl line 2"][0] == "invalid" and "not valid JSON" in errors["c.jsonl line 2"][1]
    )
    assert "no non-empty 'text' or 'html'" in errors["c.jsonl line 3"][1]
    assert len(errors) == 5
    assert (summary.ok, summary.errors, summary.exit_code) == (5, 5, 2)
    html = con.execute("SELECT title, outlet FROM articles WHERE input LIKE '%e.jsonl'").fetchone()
    assert html == ("Neue Ampel", "bote.at")
    meta = con.execute("SELECT meta_id, url FROM articles WHERE input LIKE '%c.jsonl'").fetchone()
    assert meta == ("x1", "https://bote.at/1")
    store.close()


@pytest.mark.usefixtures("pipeline_ok")
def test_format_option_overrides_detection(tmp_path: Path) -> None:
    page = tmp_path / "seite.txt"
    page.write_text(f"<div><p>{article(1)}</p></div>", "utf-8")
    (auto,) = iter_records([page])
    (forced,) = iter_records([page], SourceOptions(format="text"))
    assert (auto.input_format, forced.input_format, forced.forced) == ("html", "text", True)
    assert "</p>" in record_article(forced).text and "</p>" not in record_article(auto).text


def test_timeout_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    import quellenlage.pipeline as pipeline

    monkeypatch.setattr(pipeline, "analyze_article", lambda *a, **k: time.sleep(10))
    rec = InputRecord(doc_id="d1", input="/x", record="row 1", input_format="csv", text=article(1))
    t0 = time.monotonic()
    res = process_record(rec, timeout=0.3)
    assert res.outcome == "error" and res.code == "timeout"
    assert "--timeout-per-doc" in res.message
    assert time.monotonic() - t0 < 5
    assert res.rows["errors"][0]["doc_id"] == "d1"


def test_a_failing_stage_becomes_an_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    import quellenlage.pipeline as pipeline

    def boom(*a, **k):
        raise IndexError("list index out of range")

    monkeypatch.setattr(pipeline, "analyze_article", boom)
    rec = InputRecord(doc_id="d2", input="/x", record="", input_format="text", text=article(2))
    res = process_record(rec)
    assert (res.outcome, res.code) == ("error", "internal")
    assert res.message == "IndexError: list index out of range"


def _table(con, table: str) -> list[tuple]:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "seconds"]
    sql = f"SELECT {', '.join(chr(34) + c + chr(34) for c in cols)} FROM {table}"
    return sorted(con.execute(sql).fetchall(), key=repr)


@pytest.mark.usefixtures("pipeline_ok")
def test_parquet_store_has_the_same_rows(tmp_path: Path) -> None:
    data = write_csv(tmp_path / "k.csv", 6)
    duck = DuckStore(tmp_path / "c.duckdb")
    run_batch([data], duck, sources=CSV_OPTS, options=BatchOptions(workers=1))
    duck.close()
    out = tmp_path / "pq"
    pq = ParquetStore(out)
    run_batch([data], pq, sources=CSV_OPTS, options=BatchOptions(workers=2, commit_every=2))
    pq.close()  # releases the writer lock for the second writer below
    a = connect_readonly(tmp_path / "c.duckdb", None)
    b = connect_readonly(None, out)
    for table in ("articles", "statements", "speech_events", "sources", "entities", "errors"):
        assert _table(a, table) == _table(b, table), table
    # A child part without its articles part (a run killed between renames) is invisible and
    # removed by the next writer.
    import pyarrow as pa
    import pyarrow.parquet as pq_io

    part = pq_io.read_table(next((out / "statements").glob("q-*.parquet")))
    orphan = out / "statements" / "q-orphan.parquet"
    ids = ["killed-" + i for i in part.column("doc_id").to_pylist()]
    pq_io.write_table(part.set_column(0, "doc_id", pa.array(ids)), orphan)
    assert (
        connect_readonly(None, out).execute("SELECT count(*) FROM statements").fetchone()
        == a.execute("SELECT count(*) FROM statements").fetchone()
    )
    again = run_batch([data], ParquetStore(out), sources=CSV_OPTS)
    assert again.already_stored == 6 and not orphan.exists()


@pytest.mark.usefixtures("pipeline_ok")
def test_kill_9_in_the_middle_then_rerun(tmp_path: Path) -> None:
    """A batch killed with SIGKILL after some commits; the re-run completes the store."""
    n = 60
    data = write_csv(tmp_path / "k.csv", n)
    db = tmp_path / "c.duckdb"
    cmd = [
        sys.executable,
        "-c",
        "from quellenlage.cli import main; main()",
        "batch",
        str(data),
        "--db",
        str(db),
        "--csv-sep",
        ";",
        "--csv-quote",
        "'",
        "--text-column",
        "2",
        "-j",
        "2",
        "--commit-every",
        "1",
        "--no-progress",
    ]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, start_new_session=True)
    wal = Path(str(db) + ".wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 50_000:  # several documents committed
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the batch finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers, at once
    proc.wait()
    rerun = subprocess.run(cmd, stderr=subprocess.PIPE, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert " 0 already stored" not in rerun.stderr  # the first run had stored some
    con = DuckStore(db, read_only=True).con
    assert counts(con, "articles") == (n, n)
    for table in ("statements", "speech_events", "entities"):
        total, distinct = counts(con, table)
        assert total == distinct, table
    # Every stored document has all its statements: the count matches the articles row.
    assert (
        con.execute(
            "SELECT count(*) FROM articles a WHERE n_statements != (SELECT "
            "count(*) FROM statements s WHERE s.doc_id = a.doc_id)"
        ).fetchone()[0]
        == 0
    )


@pytest.mark.usefixtures("pipeline_ok")
def test_a_worker_that_dies_is_replaced(tmp_path: Path) -> None:
    """SIGKILL one worker mid-run: its document gets a crash row, the batch goes on."""
    n = 16
    data = write_csv(tmp_path / "k.csv", n)
    store = DuckStore(tmp_path / "c.duckdb")
    killed: list[int] = []

    def progress(done: int, total: int | None, summary) -> None:
        if done >= 2 and not killed and summary.peak_rss_mb:
            pid = next(iter(summary.peak_rss_mb))
            killed.append(pid)
            os.kill(pid, signal.SIGKILL)

    summary = run_batch(
        [data], store, sources=CSV_OPTS, options=BatchOptions(workers=2), progress=progress
    )
    assert killed
    crashes = store.con.execute("SELECT message FROM errors WHERE code = 'crash'").fetchall()
    assert len(crashes) <= 1 and all("worker process died" in m for (m,) in crashes)
    assert summary.ok + summary.errors == n and summary.errors == len(crashes)
    assert counts(store.con, "articles")[0] + counts(store.con, "errors")[0] == n
    store.close()


def test_only_small_records_wait_in_a_workers_pipe() -> None:
    """A record is sent ahead of the one a worker is on only when both are small: what waits
    in a pipe then fits its buffer, so the parent's send can never block (a deadlock)."""
    from types import SimpleNamespace

    from quellenlage.corpus.pool import AHEAD_BYTES, DEPTH, Worker

    def can_take(inflight: list[int], size: int, tasks: int = 0, max_tasks: int = 500) -> bool:
        fake = SimpleNamespace(inflight=[(None, s) for s in inflight], tasks=tasks)
        return Worker.can_take(fake, size, max_tasks)  # type: ignore[arg-type]

    assert DEPTH == 2
    assert can_take([], 10 * AHEAD_BYTES)  # an idle worker takes anything
    assert can_take([1000], 1000)
    assert not can_take([1000], AHEAD_BYTES + 1)  # large: waits for an idle worker
    assert not can_take([AHEAD_BYTES + 1], 1000)  # behind a large one: nothing waits
    assert not can_take([1000, 1000], 1000)  # DEPTH reached
    assert not can_take([], 1000, tasks=500)  # due for recycling
