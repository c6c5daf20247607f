"""How the provenance stage scales: time per article at 1k, 2k, 4k and 8k articles.

Usage: python bench/bench_provenance.py [--work DIR] [--sizes 1,2,4,8] [--results FILE]

The corpus is 10kGNAD's 1,028 test articles (``../shared/data/10kgnad-test.csv``, licensed:
read here, never copied into the repository) and generated variants of them: variant k
rewrites every capitalised word letter by letter (consonants shifted, the length kept), so
nouns and names differ between variants and no two variants report one story, while the
function words and the statistics of the text stay those of real German news. Every article
gets an invented outlet (8 of them) and a publication time (one every 7 hours from 2016-01-01;
variant k 400·k days later, so that the variants are distinct corpora in time too: a variant
keeps the numbers and lower-case words of its original, which would otherwise tie them
together). The 8k store is
written once by ``quellenlage batch`` (JSONL); the 1k, 2k and 4k stores are copies of its
first variants. Each size then runs ``run_provenance`` from scratch and reports wall time,
CPU time and time per article; ratios are to the 1k run, measured in the same invocation
(on a shared machine the CPU ratio is the one to trust: wall time includes waiting for cores).
Separately, the 1,028 original articles are stored exactly as the README says
(``quellenlage batch … --text-column 2``) and ``quellenlage provenance`` is timed as a
command on them (start-up included). With ``--results`` the figures replace the
``bench_provenance`` section of that Markdown file (bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from quellenlage.corpus.schema import TABLES
from quellenlage.corpus.store import DuckStore

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "data" / "10kgnad-test.csv"
MARK_BEGIN, MARK_END = "<!-- bench_provenance:begin -->", "<!-- bench_provenance:end -->"
OUTLETS = [
    "Morgenkurier",
    "Tagesbote Nord",
    "Abendblatt Süd",
    "Radio Mitte",
    "Nachrichtendienst West",
    "Stadtportal",
    "Wochenspiegel",
    "Alpenzeitung",
]
CONSONANTS = "bcdfghjklmnpqrstvwxz"


def quellenlage() -> str:
    """The command of the Python that runs this script (a venv's, if active)."""
    exe = Path(sys.executable).with_name("quellenlage")
    return str(exe) if exe.exists() else "quellenlage"


def _shift(word: str, k: int) -> str:
    out = []
    for ch in word:
        low = ch.lower()
        if low in CONSONANTS:
            new = CONSONANTS[(CONSONANTS.index(low) + 3 * k) % len(CONSONANTS)]
            out.append(new.upper() if ch.isupper() else new)
        else:
            out.append(ch)
    return "".join(out)


def variant(text: str, k: int) -> str:
    """Variant k of a text: capitalised words rewritten, same length, same layout."""
    if k == 0:
        return text
    return re.sub(r"\b[A-ZÄÖÜ][\wäöüß]*", lambda m: _shift(m.group(0), k), text)


def write_corpus(source: Path, path: Path, variants: int) -> int:
    """The JSONL of ``variants`` variants of the 1,028 articles; returns the count."""
    with source.open(encoding="utf-8", newline="") as fh:
        texts = [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'") if len(row) > 1]
    start = datetime(2016, 1, 1, 6, 0, tzinfo=UTC)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for k in range(variants):
            for i, text in enumerate(texts):
                rec = {
                    "id": f"g{k}-{i}",
                    "outlet": OUTLETS[(i + k) % len(OUTLETS)],
                    "url": f"https://example.invalid/{k}/{i}",
                    "published": (start + timedelta(days=400 * k, hours=7 * i)).isoformat(),
                    "text": variant(text, k),
                }
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                n += 1
    return n


def batch(inputs: list[str], db: Path, *extra: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(
        [quellenlage(), "batch", *inputs, "--db", str(db), "--workers", "2", *extra],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def subset(src: Path, dst: Path, variants: int) -> None:
    """A store with the articles of the first ``variants`` variants of ``src`` (the tables
    created by the store itself, so keys and version are those of a real store)."""
    dst.unlink(missing_ok=True)
    DuckStore(dst).close()
    con = duckdb.connect(str(dst))
    con.execute(f"ATTACH '{src}' AS src (READ_ONLY)")
    keep = " OR ".join(f"meta_id LIKE 'g{k}-%'" for k in range(variants))
    con.execute(f"CREATE TEMP TABLE keep AS SELECT doc_id FROM src.articles WHERE {keep}")
    for table in TABLES:
        con.execute(
            f'INSERT INTO "{table}" SELECT * FROM src."{table}" '
            "WHERE doc_id IN (SELECT doc_id FROM keep)"
        )
    con.close()


def n_articles(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        con.close()


def time_provenance(db: Path) -> dict[str, float]:
    """One run from scratch in this process: wall and CPU seconds."""
    from quellenlage.corpus.provenance import Options, run_provenance

    cpu0, t0 = time.process_time(), time.perf_counter()
    result = run_provenance(db, Options(rebuild=True))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {
        "wall": wall,
        "cpu": cpu,
        "stories": len(result.stories),
        "multi": sum(1 for s in result.stories if len(s.articles) > 1),
        "claims": len(result.claims),
        "citations": len(result.citations),
    }


def command_time(db: Path) -> float:
    """``quellenlage provenance --db DB --rebuild`` as a command, start-up included."""
    t0 = time.perf_counter()
    subprocess.run(
        [quellenlage(), "provenance", "--db", str(db), "--rebuild", "-f", "json", "-o", os.devnull],
        check=True,
    )
    return time.perf_counter() - t0


def report(rows: list[dict], original: dict, load: tuple[float, float, float]) -> str:
    base = rows[0]["wall"] / rows[0]["n"]
    base_cpu = rows[0]["cpu"] / rows[0]["n"]
    batch_note = f", {original['batch']:.0f} s" if original["batch"] else ""
    lines = [
        "## bench_provenance: claims across outlets at 1k–8k articles (issue 11)",
        "",
        f"`python bench/bench_provenance.py` on {platform.machine()}, {os.cpu_count()} CPU(s), "
        f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} at the end: the machine "
        "was shared, so compare the ratios (one invocation), not the absolute times.",
        "",
        "| articles | wall s | CPU s | ms/article (wall) | ratio to 1k | ms/article (CPU) | "
        "ratio to 1k | stories (multi) | claims | citations |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        per = r["wall"] / r["n"]
        lines.append(
            f"| {r['n']:,} | {r['wall']:.1f} | {r['cpu']:.1f} | {per * 1000:.1f} | "
            f"{per / base:.2f}× | {r['cpu'] / r['n'] * 1000:.1f} | "
            f"{r['cpu'] / r['n'] / base_cpu:.2f}× | {r['stories']:,} "
            f"({r['multi']:,}) | {r['claims']:,} | {r['citations']:,} |"
        )
    lines += [
        "",
        f"10kGNAD's {original['n']:,} original articles (`quellenlage batch "
        "../shared/data/10kgnad-test.csv --csv-sep ';' --csv-quote \"'\" --no-csv-header "
        f"--text-column 2 --db X`{batch_note}), then `quellenlage provenance --db "
        f"X --rebuild`: **{original['command']:.1f} s** as a command (start-up included; "
        f"{original['wall']:.1f} s wall, {original['cpu']:.1f} s CPU in-process).",
    ]
    return "\n".join(lines)


def write_results(path: Path, section: str) -> None:
    text = path.read_text("utf-8") if path.exists() else "# Benchmark results\n"
    block = f"{MARK_BEGIN}\n{section}\n{MARK_END}"
    if MARK_BEGIN in text:
        text = re.sub(re.escape(MARK_BEGIN) + ".*?" + re.escape(MARK_END), block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-provenance"))
    ap.add_argument("--sizes", default="1,2,4,8", help="variants per run (1 = 1,028 articles)")
    ap.add_argument("--results", type=Path, help="Markdown file whose section to replace")
    ap.add_argument("--csv", type=Path, default=CSV, help="the 10kGNAD test CSV")
    args = ap.parse_args()
    if not args.csv.exists():
        sys.exit(f"bench_provenance: {args.csv} not found (../shared beside the project)")
    sizes = [int(s) for s in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    full = args.work / f"variants-{max(sizes)}.duckdb"
    if not full.exists():
        corpus = args.work / f"variants-{max(sizes)}.jsonl"
        print(f"writing {write_corpus(args.csv, corpus, max(sizes))} articles, batch …", flush=True)
        print(f"batch: {batch([str(corpus)], full):.0f} s", flush=True)
    rows = []
    for k in sizes:
        db = args.work / f"run-{k}.duckdb"
        subset(full, db, k)
        r = time_provenance(db)
        r["n"] = n_articles(db)
        rows.append(r)
        print(json.dumps(r), flush=True)
    gnad = args.work / "10kgnad.duckdb"
    gnad_batch = 0.0
    if not gnad.exists():
        gnad_batch = batch(
            [str(args.csv)], gnad, "--csv-sep", ";", "--csv-quote", "'", "--no-csv-header",
            "--text-column", "2",
        )  # fmt: skip
    original = time_provenance(gnad)
    original["command"] = command_time(gnad)
    original["batch"] = gnad_batch
    original["n"] = n_articles(gnad)
    section = report(rows, original, os.getloadavg())
    print(section)
    if args.results:
        write_results(args.results, section)


if __name__ == "__main__":
    main()
