"""``report sources``: sources ranked by canonical identity; a pronoun or other function word
that stands for no resolved name ("er", "Sie", "Man", "Viele", "Wie") is never a ranked name
but counted in one labelled row per outlet."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("duckdb")

from conftest import SHARED
from quellenlage.cli import app
from quellenlage.corpus.reports import UNRESOLVED_LABEL, function_words
from quellenlage.corpus.store import DuckStore

runner = CliRunner()
GNAD = SHARED / "data" / "10kgnad-test.csv"


def _source(doc: str, i: int, text: str, canonical: str | None, type_: str) -> dict[str, Any]:
    return {
        "doc_id": doc,
        "event_id": f"e{i}",
        "part": 0,
        "n_parts": 0,
        "text": text,
        "type": type_,
        "canonical": canonical,
        "event_status": "attributed",
    }


def _report(args: list[str]) -> list[dict[str, Any]]:
    res = runner.invoke(app, ["report", "sources", *args, "-f", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """Two outlets; "Bote" quotes Olaf Scholz three times (under two spellings), an unnamed
    spokesman once, and six sources that are function words."""
    mentions = [
        ("Scholz", "Olaf Scholz", "person"),
        ("Scholz", "Olaf Scholz", "person"),
        ("Olaf Scholz", "Olaf Scholz", "person"),
        ("ein Sprecher", None, "person"),
        ("er", None, "person"),
        ("Er", None, "person"),
        ("Sie", None, "person"),
        ("Man", None, "vague"),
        ("Viele", None, "vague"),
        ("Wie", None, "unknown"),
    ]
    rows: dict[str, list[dict[str, Any]]] = {
        "articles": [{"doc_id": "a", "outlet": "Bote"}, {"doc_id": "b", "outlet": "Blatt"}],
        "sources": [_source("a", i, *m) for i, m in enumerate(mentions)],
    }
    rows["sources"].append(_source("b", 0, "die Polizei", "Polizei", "organisation"))
    db = tmp_path / "c.duckdb"
    st = DuckStore(db)
    st.write(rows)
    st.close()
    return db


def test_function_words_come_from_the_packaged_lexicon() -> None:
    words = set(function_words())
    assert {"er", "sie", "es", "man", "du", "diese", "dieser", "viele", "wie"} <= words
    assert "scholz" not in words and "polizei" not in words


def test_sources_rank_identities_and_count_unresolved_pronouns_apart(store: Path) -> None:
    rows = _report(["--db", str(store), "--top", "50"])
    bote = [r for r in rows if r["outlet"] == "Bote"]
    names = [r["source"] for r in bote if r["source"] != UNRESOLVED_LABEL]
    assert names == ["Olaf Scholz", "ein Sprecher"]
    scholz = next(r for r in bote if r["source"] == "Olaf Scholz")
    assert (scholz["events"], scholz["articles"]) == (3, 1)  # one identity, both spellings
    unresolved = [r for r in bote if r["source"] == UNRESOLVED_LABEL]
    assert len(unresolved) == 1 and unresolved[0]["events"] == 6
    assert unresolved[0]["source_type"] is None
    assert bote[-1]["source"] == UNRESOLVED_LABEL  # after the outlet's ranked names
    blatt = [r for r in rows if r["outlet"] == "Blatt"]
    assert [r["source"] for r in blatt] == ["Polizei"]  # no unresolved row without any


def test_the_unresolved_row_is_not_cut_by_top(store: Path) -> None:
    rows = _report(["--db", str(store), "--top", "1"])
    assert [r["source"] for r in rows if r["outlet"] == "Bote"] == [
        "Olaf Scholz",
        UNRESOLVED_LABEL,
    ]


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.skipif(not GNAD.is_file(), reason="needs ../shared/data/10kgnad-test.csv")
def test_no_function_word_among_the_top_sources_of_real_news(tmp_path: Path) -> None:
    """The first 200 10kGNAD articles (derStandard): no pronoun or function word is ranked."""
    db = tmp_path / "k.duckdb"
    cmd = [sys.executable, "-c", "from quellenlage.cli import main; main()", "batch", str(GNAD)]
    cmd += ["--db", str(db), "--csv-sep", ";", "--csv-quote", "'", "--text-column", "2"]
    cmd += ["--outlet", "derStandard", "--limit", "200", "--no-progress"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = _report(["--db", str(db), "--top", "50"])
    words = set(function_words())
    ranked = [r["source"] for r in rows if r["source"] != UNRESOLVED_LABEL]
    assert len(ranked) > 20
    assert [s for s in ranked if s.strip().lower() in words] == []
    # The pronouns are there, counted in their own row (real news has many "sagte er").
    unresolved = [r for r in rows if r["source"] == UNRESOLVED_LABEL]
    assert len(unresolved) == 1 and unresolved[0]["events"] > 0
