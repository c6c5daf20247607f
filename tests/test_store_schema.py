"""The store schema: one declaration for DuckDB, Parquet, Spark and the docs; rows of an
Analysis round-trip through both backends without loss."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
pytest.importorskip("pyarrow", reason="the store extra (pyarrow) is not installed")

from hypothesis import given, settings
from hypothesis import strategies as st

from quellenlage.corpus.schema import TABLES, analysis_rows, markdown_tables
from quellenlage.corpus.store import (
    DuckStore,
    ParquetStore,
    StoreVersionError,
    connect_readonly,
)
from quellenlage.model import (
    Analysis,
    Article,
    ArticleMeta,
    Block,
    ChainLink,
    Entity,
    MediaItem,
    Paragraph,
    Source,
    Span,
    SpeechEvent,
    Statement,
    Summary,
)

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "Kreml und Peking bestritten die Gerüchte. Laut Sarah Hurst soll Kim abgelehnt haben. "
    "Das konnte nicht verifiziert werden."
)


def span(s: str, occurrence: int = 0) -> dict:
    start = TEXT.index(s) if not occurrence else TEXT.index(s, TEXT.index(s) + 1)
    return {"text": s, "start": start, "end": start + len(s)}


def sample() -> Analysis:
    """A hand-built analysis that uses every field the store keeps."""
    src = Source(
        **span("Kreml und Peking"),
        type="government",
        canonical=None,
        parts=[
            Source(**span("Kreml"), type="government", canonical="Kreml"),
            Source(**span("Peking"), type="government", canonical="China"),
        ],
    )
    e1 = SpeechEvent(
        id="e1",
        form="Reported",
        medium="Speech",
        cue=Span(**span("bestritten")),
        message=Span(**span("die Gerüchte")),
        source=src,
        status="denied",
        target="e2",
        evidence=["rule:deny-verb"],
        markers=["bestreiten"],
    )
    e2 = SpeechEvent(
        id="e2",
        form="Indirect",
        cue=Span(**span("Laut")),
        message=Span(**span("Kim abgelehnt haben")),
        source=Source(**span("Sarah Hurst"), type="person", canonical="Sarah Hurst"),
        frame=Span(**span("Laut Sarah Hurst")),
        parent=None,
        status="hearsay",
        chain=[ChainLink(name="Sarah Hurst", type="person", event="e2")],
        evidence=["rule:laut-NP", "crf"],
    )
    first = TEXT.index(".") + 1
    article = Article(
        kicker=None,
        title=None,
        lead=None,
        paragraphs=[Paragraph(text=TEXT, kind="body", start=0, end=len(TEXT))],
        media=[MediaItem(caption="Kim Jong-un", credit="AFP")],
        furniture=["Teilen"],
        text=TEXT,
        blocks=[Block(kind="body", start=0, end=len(TEXT))],
        meta=ArticleMeta(id="x", url="https://heute.at/a", outlet="Heute", date="2022-03-15"),
    )
    return Analysis(
        language="de",
        article=article,
        entities=[Entity(**span("Sarah Hurst"), label="PER", canonical="Sarah Hurst")],
        speech_events=[e1, e2],
        statements=[
            Statement(
                text=TEXT[:first],
                start=0,
                end=first,
                status="denied",
                events=["e1"],
                target="e2",
                evidence=["e1"],
            ),
            Statement(
                text=TEXT[first + 1 :],
                start=first + 1,
                end=len(TEXT),
                status="unverified",
                markers=["soll"],
            ),
        ],
        summary=Summary(
            statements=2,
            by_status={"denied": 1, "unverified": 1},
            by_source_type={"government": 1, "person": 1},
            speech_events=2,
        ),
        engine={"quellenlage": "test"},
    )


META = {"doc_id": "abc", "input": "/in/x.jsonl", "record": "line 1", "input_format": "jsonl"}


def test_docs_describe_every_column() -> None:
    doc = (ROOT / "docs" / "store.md").read_text("utf-8")
    assert markdown_tables() in doc, "docs/store.md is out of step with corpus.schema.TABLES"


def test_rows_follow_the_declared_columns() -> None:
    rows = analysis_rows(META, sample(), 0.5)
    for table, cols in TABLES.items():
        for row in rows[table]:
            assert list(row) == [c.name for c in cols], table
    assert [len(rows[t]) for t in TABLES] == [1, 2, 2, 4, 1, 0]
    sources = [(r["part"], r["text"], r["canonical"]) for r in rows["sources"]]
    assert sources[:3] == [
        (0, "Kreml und Peking", None),
        (1, "Kreml", "Kreml"),
        (2, "Peking", "China"),
    ]


@pytest.mark.parametrize("backend", ["duckdb", "parquet"])
def test_round_trip(tmp_path: Path, backend: str) -> None:
    analysis = sample()
    rows = analysis_rows(META, analysis, 0.5)
    if backend == "duckdb":
        store = DuckStore(tmp_path / "s.duckdb")
        store.write(rows)
        store.close()
        con = connect_readonly(tmp_path / "s.duckdb", None)
    else:
        ParquetStore(tmp_path / "pq").write(rows)
        con = connect_readonly(None, tmp_path / "pq")
    stored = con.execute("SELECT analysis FROM articles").fetchone()[0]
    assert Analysis.model_validate_json(stored) == analysis
    ev = con.execute(
        "SELECT event_id, form, status, target, source_type, cue_text, "
        "frame_text, evidence, chain FROM speech_events ORDER BY idx"
    ).fetchall()
    assert ev[0][:6] == ("e1", "Reported", "denied", "e2", "government", "bestritten")
    assert ev[1][6:8] == ("Laut Sarah Hurst", ["rule:laut-NP", "crf"])
    st_rows = con.execute("SELECT status, events, markers FROM statements ORDER BY idx").fetchall()
    assert st_rows == [("denied", ["e1"], []), ("unverified", [], ["soll"])]
    assert con.execute(
        "SELECT json_extract_string(paragraphs, '$[0].kind'), furniture, outlet FROM articles"
    ).fetchone() == ("body", ["Teilen"], "Heute")


def test_store_of_another_version_is_refused(tmp_path: Path) -> None:
    store = DuckStore(tmp_path / "s.duckdb")
    store.con.execute("UPDATE store_meta SET value = '99' WHERE key = 'store_version'")
    store.close()
    with pytest.raises(StoreVersionError, match="store version 99"):
        DuckStore(tmp_path / "s.duckdb")


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=30, deadline=None)
@given(
    rows=st.lists(
        st.tuples(_text, st.none() | _text, st.lists(_text, max_size=3)), min_size=1, max_size=5
    )
)
def test_strings_and_lists_survive_the_store(rows) -> None:
    store = DuckStore(":memory:")
    batch = {
        "statements": [
            {
                "doc_id": f"d{i}",
                "idx": 0,
                "start": 0,
                "end": len(a),
                "text": a,
                "block": "body",
                "status": "asserted",
                "events": [],
                "markers": m,
                "target": b,
                "evidence": [],
            }
            for i, (a, b, m) in enumerate(rows)
        ]
    }
    store.write(batch)
    back = store.con.execute("SELECT doc_id, text, target, markers FROM statements").fetchall()
    assert {r[0]: r[1:] for r in back} == {f"d{i}": (a, b, m) for i, (a, b, m) in enumerate(rows)}
    store.close()
