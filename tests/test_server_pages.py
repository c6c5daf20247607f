"""The explorer's page parameters: a huge page number is a 422 page, never a 500; the largest
allowed page of the largest size is an empty page (issue: ``/corpus?page=2**62``)."""

from __future__ import annotations

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from quellenlage.server import create_app
from quellenlage.server.corpus_views import MAX_PAGE, PER_PAGE
from test_server_corpus import _store


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    db = _store(tmp_path_factory.mktemp("pages") / "corpus.duckdb")
    app = create_app(db=db, executor="thread")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    "page",
    [
        "2**62",  # as typed
        str(2**62),
        str(2**63),  # beyond DuckDB's BIGINT
        "9" * 5000,  # beyond Python's int() digit limit
        str(MAX_PAGE + 1),
        "-1",
    ],
)
@pytest.mark.parametrize("view", ["/corpus", "/corpus/statements", "/corpus/sources"])
def test_a_huge_page_is_422(c: TestClient, view: str, page: str) -> None:
    r = c.get(view, params={"page": page})
    assert r.status_code == 422, (view, page[:30], r.status_code)
    assert "page must be" in r.text and "Traceback" not in r.text


def test_the_last_allowed_page_is_empty_not_an_error(c: TestClient) -> None:
    r = c.get(
        "/corpus/statements", params={"page": MAX_PAGE, "per_page": max(PER_PAGE), "lang": "en"}
    )
    assert r.status_code == 200 and "The last page is 1" in r.text
