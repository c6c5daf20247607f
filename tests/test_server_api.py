"""The web service through FastAPI's test client: every endpoint, limits, errors, headers.

Most tests inject a hand-built analysis (``fake_analyzer``) so that they test the service, not
the engine; a few go through the real pipeline end to end.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")

from fastapi.testclient import TestClient

from quellenlage.model import Analysis, json_schema
from quellenlage.render.html import assets
from quellenlage.server import Job, create_app
from test_report_html import parse, sample_analysis, xss_analysis, xss_text

GERMAN = (
    "Der Minister sagte am Montag, die Lage sei ernst. Die Regierung plant neue Hilfen für "
    "die Betriebe. Laut der Polizei soll niemand verletzt worden sein."
)


def fake_analyzer(job: Job) -> Analysis:
    """Ignore the input; return the hand-built sample (top level: picklable for processes)."""
    return sample_analysis()


def xss_analyzer(job: Job) -> Analysis:
    return xss_analysis()


def slow_analyzer(job: Job) -> Analysis:
    """Sleep past any test time limit, then answer (threads cannot be stopped)."""
    time.sleep(float(str(job.content).split()[0]) if str(job.content)[:1].isdigit() else 3.0)
    return sample_analysis()


def client(**kw) -> TestClient:
    kw.setdefault("executor", "thread")
    return TestClient(create_app(**kw))


# ------------------------------------------------------------------------------- JSON API


def test_healthz():
    r = client().get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["schema_version"] == "2"
    assert body["max_body_bytes"] == 2 * 1024 * 1024


def test_schema_endpoint_is_the_model_schema():
    r = client().get("/v1/schema")
    assert r.status_code == 200
    assert r.json() == json_schema()


def test_openapi_json_describes_the_api():
    spec = client().get("/openapi.json").json()
    assert {"/v1/analyze", "/v1/schema", "/healthz"} <= set(spec["paths"])
    post = spec["paths"]["/v1/analyze"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "AnalyzeRequest"
    )
    assert {"200", "413", "422", "503"} <= set(post["responses"])
    assert "/" not in spec["paths"] and "/report" not in spec["paths"]  # pages stay out


def test_docs_page_is_self_contained():
    r = client().get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    p = parse(r.text)
    for tag, attrs in p.tags:
        if tag in ("script", "link", "img"):
            ref = attrs.get("src") or attrs.get("href") or ""
            assert ref == "" or ref.startswith("data:"), (tag, attrs)
    assert "/v1/analyze" in r.text and "AnalyzeRequest" in r.text


def test_analyze_text_with_fake_analyzer_returns_the_analysis():
    r = client(analyzer=fake_analyzer).post("/v1/analyze", json={"text": GERMAN})
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert Analysis.model_validate(r.json()) == sample_analysis()


def test_analyze_text_real_pipeline():
    r = client().post("/v1/analyze", json={"text": GERMAN, "meta": {"outlet": "Testblatt"}})
    assert r.status_code == 200, r.text
    a = Analysis.model_validate(r.json())
    assert a.language == "de" and a.statements
    assert a.article.meta.outlet == "Testblatt"
    assert "Der Minister sagte am Montag" in a.article.text


def test_analyze_html_real_pipeline():
    pytest.importorskip("trafilatura")
    html = (
        "<html><head><title>Test</title></head><body><article><h1>Streit um Hilfen</h1>"
        f"<p>{GERMAN}</p><p>Die Opposition kritisierte den Plan scharf.</p></article>"
        "</body></html>"
    )
    r = client().post("/v1/analyze", json={"html": html})
    assert r.status_code == 200, r.text
    assert "Der Minister sagte" in Analysis.model_validate(r.json()).article.text


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b'{"text": "unterminated', "not valid JSON"),
        (b"{bad json}", "not valid JSON"),
        (b'"just a string"', "must be a JSON object"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"text": "a", "html": "<p>b</p>"}', "exactly one of 'text' or 'html'"),
        (b"{}", "exactly one of 'text' or 'html'"),
        (b'{"text": 42}', "text"),
        (b'{"txt": "Hallo"}', "Extra inputs are not permitted"),
        (b'{"url": "http://127.0.0.1/", "text": "a"}', "exactly one of"),  # one input only
    ],
)
def test_bad_requests_get_422_with_a_clear_message(body, needle):
    r = client(analyzer=fake_analyzer).post(
        "/v1/analyze", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    err = r.json()
    assert err["error"] == "invalid_request"
    assert needle in err["message"]


def test_empty_text_is_refused_by_the_pipeline_with_its_code():
    r = client().post("/v1/analyze", json={"text": "   "})
    assert r.status_code == 422
    assert r.json()["error"] == "empty"


def test_body_limit_by_content_length():
    c = client(analyzer=fake_analyzer, max_body_bytes=1000)
    ok = c.post("/v1/analyze", json={"text": "x" * 900})
    assert ok.status_code == 200
    r = c.post("/v1/analyze", json={"text": "x" * 1001})
    assert r.status_code == 413
    assert r.json()["error"] == "too_large" and "1,000 bytes" in r.json()["message"]


def test_body_limit_default_is_2_mib():
    c = client(analyzer=fake_analyzer)
    r = c.post("/v1/analyze", json={"text": "x" * (2 * 1024 * 1024)})
    assert r.status_code == 413


def test_body_limit_without_content_length():
    c = client(analyzer=fake_analyzer, max_body_bytes=1000)

    def chunks():
        yield b'{"text": "'
        for _ in range(20):
            yield b"x" * 100
        yield b'"}'

    r = c.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413

    def small():
        yield b'{"text": "'
        yield b"Hallo"
        yield b'"}'

    r = c.post("/v1/analyze", content=small(), headers={"content-type": "application/json"})
    assert r.status_code == 200


def test_body_limit_on_the_form_gives_an_html_page():
    c = client(analyzer=fake_analyzer, max_body_bytes=1000)
    r = c.post("/report", data={"text": "x" * 5000})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert "larger than the limit" in r.text


def test_time_limit_gives_503_with_a_clear_message():
    c = client(analyzer=slow_analyzer, timeout=0.2)
    r = c.post("/v1/analyze", json={"text": "2 Sekunden"})
    assert r.status_code == 503
    assert r.json()["error"] == "timeout"
    assert "longer than the limit of 0.2 s" in r.json()["message"]


@pytest.mark.slow
def test_time_limit_kills_a_stuck_process_worker_and_recovers():
    app = create_app(analyzer=slow_analyzer, timeout=3.0, executor="process", workers=1)
    with TestClient(app) as c:
        r = c.post("/v1/analyze", json={"text": "60 Sekunden"})
        assert r.status_code == 503 and r.json()["error"] == "timeout"
        # The stuck worker was killed and replaced: the next request is answered.
        r = c.post("/v1/analyze", json={"text": "0 Sekunden"})
        assert r.status_code == 200, r.text


# ------------------------------------------------------------------------------- headers


def _sha(s: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()


@pytest.mark.parametrize("path", ["/", "/docs", "/healthz", "/v1/schema"])
def test_security_headers(path):
    r = client().get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert f"script-src '{_sha(assets().js)}'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    if r.headers["content-type"].startswith("text/html"):
        p = parse(r.text)
        assert p.raw["script"] == [assets().js]  # the only script is the one the CSP allows
        assert p.raw["style"] == [assets().css]


# ------------------------------------------------------------------------------- pages


def test_index_has_paste_and_upload_forms():
    r = client().get("/")
    assert r.status_code == 200
    p = parse(r.text)
    forms = [a for t, a in p.tags if t == "form"]
    assert {f["id"] for f in forms} == {"paste-form", "upload-form", "url-form"}
    assert all(f["action"] == "/report#report" and f["method"] == "post" for f in forms)
    assert [a for t, a in p.tags if t == "textarea" and a.get("name") == "text"]
    assert [a for t, a in p.tags if t == "input" and a.get("type") == "file"]


def test_paste_form_shows_the_report():
    r = client(analyzer=fake_analyzer).post("/report", data={"text": GERMAN})
    assert r.status_code == 200
    assert 'class="chart chart-status"' in r.text
    for status in ("hearsay", "denied", "unverified", "confirmed", "attributed"):
        assert f'class="st st-{status}"' in r.text
    assert GERMAN in r.text  # the pasted text stays in the textarea


def test_upload_form_real_pipeline(tmp_path: Path):
    data = ("Politik\n\nStreit um Hilfen\n\n" + GERMAN + "\n").encode("utf-8")
    r = client().post("/report", files={"file": ("artikel.txt", data, "text/plain")})
    assert r.status_code == 200, r.text[-500:]
    assert "Der Minister sagte am Montag" in r.text
    assert 'class="chart chart-status"' in r.text


def test_empty_form_is_a_422_page():
    r = client().post("/report", data={"text": "  "})
    assert r.status_code == 422
    assert "paste a text or choose a file" in r.text


def test_report_page_escapes_hostile_analysis():
    r = client(analyzer=xss_analyzer).post("/report", data={"text": xss_text()})
    assert r.status_code == 200
    p = parse(r.text)
    assert p.raw["script"] == [assets().js]
    for tag, attrs in p.tags:
        assert tag not in ("img", "iframe"), tag
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:")
    # the pasted payload is echoed into the textarea only as text
    assert "&lt;/textarea&gt;&lt;script&gt;" in r.text


def test_report_page_with_hostile_text_real_pipeline():
    r = client().post("/report", data={"text": xss_text()})
    assert r.status_code == 200, r.text[-500:]
    p = parse(r.text)
    assert p.raw["script"] == [assets().js]
    assert not [t for t, _a in p.tags if t in ("img", "iframe")]


# ------------------------------------------------------------------------------- corpus


@pytest.fixture
def corpus_db(tmp_path: Path) -> Path:
    pytest.importorskip("duckdb")
    from quellenlage.corpus.schema import analysis_rows
    from quellenlage.corpus.store import DuckStore

    path = tmp_path / "corpus.duckdb"
    store = DuckStore(path)
    for i, a in enumerate([sample_analysis(), xss_analysis()]):
        meta = {"doc_id": f"doc{i}", "input": "x", "record": "", "input_format": "text"}
        store.write(analysis_rows(meta, a, 0.1))
    store.close()
    return path


def test_corpus_pages(corpus_db: Path):
    with TestClient(create_app(db=corpus_db, executor="thread")) as c:
        r = c.get("/corpus")
        assert r.status_code == 200
        assert "Minister soll Kraftwerk verkauft haben" in r.text
        assert 'href="/corpus/articles/doc0"' in r.text
        r = c.get("/corpus/articles/doc0")
        assert r.status_code == 200 and 'class="st st-denied"' in r.text
        assert c.get("/corpus/articles/nope").status_code == 404
        r = c.get("/corpus/sources")
        assert r.status_code == 200 and "Max Beispiel" in r.text
        r = c.get("/corpus/outlets")
        assert r.status_code == 200 and "Beispielblatt" in r.text
        # hearsay share of the sample outlet: 2 of 10 statements, count next to the share
        row = re.search(r"Beispielblatt</a></td>(.*?)</tr>", r.text, re.S).group(1)
        assert re.search(r'data-status="hearsay"><a [^>]*>2</a> <span class="share">20,0 %', row)
        en = c.get("/corpus/outlets?lang=en").text
        row = re.search(r"Beispielblatt</a></td>(.*?)</tr>", en, re.S).group(1)
        assert '<span class="share">20.0 %</span>' in row
        # hostile stored text stays text on every page
        for path in ("/corpus", "/corpus/articles/doc1", "/corpus/sources", "/corpus/outlets"):
            page = c.get(path).text
            p = parse(page)
            assert p.raw["script"] == [assets().js], path
            assert not [t for t, _a in p.tags if t in ("img", "iframe")], path


def test_corpus_pages_absent_without_db():
    assert client().get("/corpus").status_code == 404
    assert json.loads(client().get("/healthz").text)["corpus"] is False


def test_missing_store_is_a_clear_error(tmp_path: Path):
    from quellenlage.errors import InvalidInput

    with pytest.raises(InvalidInput, match="no store at"):
        create_app(db=tmp_path / "nope.duckdb")


def test_pages_speak_german_by_default_and_english_on_request():
    c = client()
    r = c.get("/")
    assert '<html lang="de">' in r.text and "Text analysieren" in r.text
    r = c.get("/?lang=en")
    assert '<html lang="en">' in r.text and "Analyse text" in r.text
    assert "quellenlage_lang=en" in r.headers["set-cookie"]
    assert '<html lang="en">' in c.get("/docs").text  # the cookie keeps the choice
    assert '<html lang="en">' in client(ui_lang="en").get("/").text


def test_report_page_in_the_readers_language():
    r = client(analyzer=fake_analyzer).post("/report?lang=en", data={"text": GERMAN})
    assert "Who is quoted" in r.text and "Wer zitiert wird" not in r.text
    r = client(analyzer=fake_analyzer).post("/report", data={"text": GERMAN})
    assert "Wer zitiert wird" in r.text
