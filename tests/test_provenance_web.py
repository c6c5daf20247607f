"""The provenance pages of ``serve --db`` and the docs of the provenance tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
pytest.importorskip("fastapi", reason="the serve extra (fastapi) is not installed")
pytest.importorskip("datasketch", reason="the provenance extra (datasketch) is not installed")

from fastapi.testclient import TestClient

from quellenlage.corpus.provenance import run_provenance
from quellenlage.corpus.provenance.tables import markdown_tables
from quellenlage.server import create_app
from test_provenance import batch, fixture_store, store  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = '<img src=x onerror="window.__xss=1">'


def test_docs_describe_every_provenance_column() -> None:
    doc = (ROOT / "docs" / "store.md").read_text("utf-8")
    assert markdown_tables() in doc, "docs/store.md is out of step with PROVENANCE_TABLES"


def test_story_and_claim_pages(store: Path) -> None:  # noqa: F811
    result = run_provenance(store)
    big = max(result.stories, key=lambda s: len(s.articles))
    with TestClient(create_app(db=store, executor="thread")) as client:
        index = client.get("/corpus/stories")
        assert index.status_code == 200 and big.id in index.text
        page = client.get(f"/corpus/stories/{big.id}")
        assert page.status_code == 200
        policy = page.headers["content-security-policy"]
        assert "style-src 'sha256-" in policy and "unsafe-inline" not in policy
        for outlet in big.outlets:
            assert f'data-outlet="{outlet}"' in page.text
        claim = next(c for c in result.claims if c.story == big.id)
        assert client.get(f"/corpus/claims/{claim.id}").status_code == 200
        assert client.get("/corpus/stories/s-unknown").status_code == 404
        assert client.get("/corpus/claims/c-unknown").status_code == 404


def test_pages_before_the_first_run_say_what_to_do(fixture_store: Path) -> None:  # noqa: F811
    with TestClient(create_app(db=fixture_store, executor="thread")) as client:
        page = client.get("/corpus/stories")
    assert page.status_code == 404 and "quellenlage provenance" in page.text


def test_hostile_text_is_escaped(tmp_path: Path) -> None:
    lines = []
    for i, outlet in enumerate(["Kurier Eins", PAYLOAD]):
        text = (
            f"Angriff auf Rathaus in Gerstenfeld {PAYLOAD}\n\n"
            f'"Das war ein gezielter Angriff {PAYLOAD}", sagte Polizeisprecherin Anna Kolb. '
            "Nach Angaben der Polizei wurden 14 Fenster beschädigt."
        )
        lines.append(
            json.dumps(
                {
                    "id": f"x{i}",
                    "outlet": outlet,
                    "published": f"2025-05-0{i + 1}T08:00:00Z",
                    "text": text,
                },
                ensure_ascii=False,
            )
        )
    src = tmp_path / "hostile.jsonl"
    src.write_text("\n".join(lines) + "\n", "utf-8")
    db = tmp_path / "corpus.duckdb"
    batch([src], db)
    result = run_provenance(db)
    with TestClient(create_app(db=db, executor="thread")) as client:
        pages = [client.get(f"/corpus/stories/{s.id}").text for s in result.stories]
        pages += [client.get(f"/corpus/claims/{c.id}").text for c in result.claims]
    for page in pages:
        assert PAYLOAD not in page
        assert not re.search(r"<img\b", page)
