"""The corpus explorer (``serve --db``) through the test client: sort, filter, search, facets,
exports, links between sources, statements and articles, the outlet page, bad parameters."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("duckdb")

from fastapi.testclient import TestClient

from quellenlage.server import create_app
from test_report_html import parse, sample_analysis, xss_analysis


def _store(path: Path) -> Path:
    from quellenlage.corpus.schema import analysis_rows
    from quellenlage.corpus.store import DuckStore

    store = DuckStore(path)
    second = sample_analysis()
    second.article.meta.outlet = "Morgenblatt"
    second.article.meta.date = "2025-03-02"
    for i, a in enumerate([sample_analysis(), xss_analysis(), second]):
        meta = {"doc_id": f"doc{i}", "input": "x", "record": "", "input_format": "text"}
        store.write(analysis_rows(meta, a, 0.1))
    store.close()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("corpus") / "corpus.duckdb")


@pytest.fixture(scope="module")
def c(db: Path):
    with TestClient(create_app(db=db, executor="thread")) as client:
        yield client


def cells(html: str, col: str) -> list[str]:
    """The visible text of one column of the view table."""
    found = re.findall(rf'<td[^>]*data-col="{col}"[^>]*>(.*?)</td>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", x)).strip() for x in found]


def test_every_view_renders_and_escapes(c: TestClient) -> None:
    for path in (
        "/corpus",
        "/corpus/articles",
        "/corpus/statements",
        "/corpus/events",
        "/corpus/sources",
        "/corpus/outlets",
        "/corpus/articles/doc1",
    ):
        r = c.get(path)
        assert r.status_code == 200, (path, r.text[-300:])
        p = parse(r.text)
        assert len(p.raw["script"]) == 1, path
        assert not [t for t, _a in p.tags if t in ("img", "iframe")], path


def values(html: str, col: str) -> list[str]:
    """The raw codes behind a status, type or form column."""
    return re.findall(rf'data-col="{col}"[^>]* data-value="([^"]*)"', html)


def test_sort_by_any_column(c: TestClient) -> None:
    up = values(c.get("/corpus/statements?sort=status&dir=asc&per_page=200").text, "status")
    assert up == sorted(up) and len(set(up)) > 2
    down = cells(c.get("/corpus/sources?sort=source&dir=desc&lang=en").text, "source")
    assert down == sorted(down, reverse=True)
    html = c.get("/corpus/sources?sort=events&dir=desc").text
    assert 'aria-sort="descending"' in html


def test_facets_filter_and_count(c: TestClient) -> None:
    html = c.get("/corpus/statements?status=hearsay&lang=en").text
    assert set(values(html, "status")) == {"hearsay"}
    assert re.search(r'id="row-count">(\d+)<', html).group(1) == "5"  # 2+1+2 hearsay
    facet = re.search(r'<div class="facet" id="facet-outlet">.*?</div>', html, re.S).group(0)
    assert "Beispielblatt" in facet and "Morgenblatt" in facet
    html = c.get("/corpus/events?source_type=government&outlet=Morgenblatt").text
    assert set(cells(html, "outlet")) == {"Morgenblatt"}
    assert cells(html, "source") and all(
        s in ("Energieministerium", "Regierung") for s in cells(html, "source")
    )


def test_date_range(c: TestClient) -> None:
    html = c.get("/corpus/articles?date_from=2025-01&date_to=2025-12").text
    assert cells(html, "date") == ["2025-03-02"]


def test_search_ignores_case_and_accents(c: TestClient) -> None:
    hits = cells(c.get("/corpus/statements?q=KRAFTWERK").text, "statement")
    assert hits and all("kraftwerk" in h.lower() for h in hits)
    a = cells(c.get("/corpus/statements?q=überprüft").text, "statement")
    b = cells(c.get("/corpus/statements?q=uberpruft").text, "statement")
    assert a and a == b
    assert cells(c.get("/corpus/statements?q=%25").text, "statement") == []  # % is literal


def test_exports_csv_json_xlsx_match_the_view(c: TestClient) -> None:
    q = "/corpus/statements?status=denied&outlet=Beispielblatt"
    shown = cells(c.get(q).text, "statement")
    r = c.get(q + "&format=csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="quellenlage-statements.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["statement"] for row in rows] == shown
    assert {row["status"] for row in rows} == {"denied"}
    data = c.get(q + "&format=json").json()
    assert [d["statement"] for d in data] == shown
    openpyxl = pytest.importorskip("openpyxl")
    r = c.get(q + "&format=xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    values = [[cell.value for cell in row] for row in ws.iter_rows()]
    assert values[0][0] == "statement" and [v[0] for v in values[1:]] == shown
    outlets = c.get("/corpus/outlets?format=json").json()
    assert {o["outlet"] for o in outlets} >= {"Beispielblatt", "Morgenblatt"}


def test_source_statements_articles_linked_both_ways(c: TestClient) -> None:
    sources = c.get("/corpus/sources").text
    assert 'href="/corpus/statements?source=Max%20Beispiel"' in sources
    stmts = c.get("/corpus/statements?source=Max%20Beispiel").text
    assert "Max Beispiel" in re.search(r"<h1[^>]*>(.*?)</h1>", stmts, re.S).group(1)
    links = re.findall(r'href="(/corpus/articles/doc\d#st-\d+)"', stmts)
    assert "/corpus/articles/doc0#st-7" in links
    article = c.get("/corpus/articles/doc0").text
    assert 'href="/corpus/statements?source=Max%20Beispiel"' in article
    assert 'href="/corpus/statements?doc_id=doc0"' in article
    arts = c.get("/corpus/articles?source=Max%20Beispiel").text
    assert set(cells(arts, "title")) == {"Minister soll Kraftwerk verkauft haben"}


def test_outlet_page_counts_next_to_shares_and_sorts(c: TestClient) -> None:
    html = c.get("/corpus/outlets?lang=en&sort=outlet&dir=asc").text
    order = re.findall(r'<tr data-outlet="([^"]+)">', html)
    first_table = order[: len(order) // 2]
    assert first_table == sorted(first_table)
    row = re.search(r'<tr data-outlet="Morgenblatt">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-status="denied"><a [^>]*>2</a> <span class="share">20.0 %', row)
    src = re.findall(r'<tr data-outlet="Morgenblatt"><td>.*?</tr>', html, re.S)[-1]
    assert re.search(r'data-type="person"><a [^>]*>1</a> <span class="share">20.0 %', src)


@pytest.mark.parametrize(
    "query",
    [
        "/corpus?page=4611686018427387904",
        "/corpus/statements?page=0",
        "/corpus/statements?page=abc",
        "/corpus/statements?per_page=100000",
        "/corpus/statements?sort=evil%22;DROP",
        "/corpus/statements?dir=sideways",
        "/corpus/articles?date_from=yesterday",
        "/corpus/statements?format=pdf",
        "/corpus/outlets?sort=nope",
    ],
)
def test_out_of_range_parameters_are_4xx_not_500(c: TestClient, query: str) -> None:
    r = c.get(query)
    assert 400 <= r.status_code < 500, (query, r.status_code)
    assert r.headers["content-type"].startswith("text/html")


def test_a_page_past_the_end_is_empty(c: TestClient) -> None:
    r = c.get("/corpus/statements?page=999&lang=en")
    assert r.status_code == 200 and "The last page is 1" in r.text


def test_store_without_optional_columns(tmp_path: Path, db: Path) -> None:
    import duckdb

    copy = tmp_path / "old.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    for col in ("title", "outlet", "date", "url"):
        con.execute(f'ALTER TABLE articles DROP COLUMN "{col}"')
    con.close()
    with TestClient(create_app(db=copy, executor="thread")) as client:
        for path in (
            "/corpus",
            "/corpus/statements",
            "/corpus/sources",
            "/corpus/outlets",
            "/corpus/events?q=Regierung",
            "/corpus/articles/doc0",
        ):
            assert client.get(path).status_code == 200, path
        titles = cells(client.get("/corpus").text, "title")
        assert set(titles) == {"doc0", "doc1", "doc2"}  # the id stands in for the title
        assert (
            json.loads(client.get("/corpus/outlets?format=json").text)[0]["outlet"] == "(unknown)"
        )
