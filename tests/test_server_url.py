"""The web API's URL input obeys the fetcher's rules (issue 12): private, loopback and
non-http URLs are refused with a clear error; a page the fetcher may fetch is analysed."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")
pytest.importorskip("trafilatura", reason="the html extra (trafilatura) is not installed")

from fastapi.testclient import TestClient

import quellenlage.ingest as ingest
from quellenlage.ingest.fetch import fetch_article
from quellenlage.server import create_app
from test_ingest_fetch import FAST, server  # noqa: F401  (fixture: the local test server)


@pytest.fixture(scope="module")
def api() -> TestClient:
    return TestClient(create_app(settings=FAST, executor="thread"))


@pytest.mark.parametrize(
    ("url", "code", "why"),
    [
        ("http://127.0.0.1:9/page", "fetch_refused", "loopback"),
        ("http://10.0.0.1/intern", "fetch_refused", "private"),
        ("http://[::ffff:192.168.1.1]/", "fetch_refused", "private"),
        ("file:///etc/passwd", "fetch_refused", "only http and https"),
    ],
)
def test_api_refuses_what_the_fetcher_refuses(
    api: TestClient, url: str, code: str, why: str
) -> None:
    r = api.post("/v1/analyze", json={"url": url})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == code and why in body["message"]


def test_api_wants_exactly_one_input(api: TestClient) -> None:
    r = api.post("/v1/analyze", json={"text": "Ein Satz.", "url": "https://example.org/"})
    assert r.status_code == 422 and "exactly one" in r.json()["message"]


def test_api_analyses_a_fetched_page(
    api: TestClient,
    server: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The one test option: loopback allowed for the local server this test started.
    def local(url: str, **kw: object) -> object:
        return fetch_article(url, allow_loopback=True, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "fetch_article", local)
    r = api.post("/v1/analyze", json={"url": f"{server}/page"})
    assert r.status_code == 200, r.text
    art = r.json()["article"]
    assert art["title"] == "Stadtwerke erhöhen die Preise für Fernwärme"
    assert art["meta"]["url"] == f"{server}/page" and art["meta"]["input_format"] == "url"
