"""WARC input: HTML responses become articles; redirects, PDFs, truncated and cut-off records
are recorded with the reason. The WARC files are built here with warcio."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")
pytest.importorskip("trafilatura", reason="the html extra (trafilatura) is not installed")
pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quellenlage.corpus.batch import BatchOptions, run_batch
from quellenlage.corpus.store import DuckStore
from quellenlage.ingest.sources import iter_records
from test_batch_runner import pipeline_ok  # noqa: F401  (fixture)

ARTICLES = [
    (
        "https://www.tagblatt-nord.at/politik/budget",
        "Streit um das Budget",
        [
            "Der Finanzminister sagte am Montag, das Budget sei solide finanziert. Die "
            "Opposition widersprach ihm umgehend und verlangte Nachbesserungen.",
            "Laut einem Sprecher der Opposition fehlen im Entwurf mehrere Milliarden Euro. "
            "Das Ministerium soll die Zahlen geschönt haben.",
        ],
    ),
    (
        "https://www.tagblatt-nord.at/chronik/hochwasser",
        "Hochwasser in der Steiermark",
        [
            "Nach tagelangem Regen sind in der Steiermark mehrere Flüsse über die Ufer getreten. "
            "Die Feuerwehr war mit über 300 Kräften im Einsatz, teilte das Landeskommando mit.",
            "Ein Sprecher der Landesregierung erklärte, die Lage sei angespannt, aber unter "
            "Kontrolle. Berichten zufolge sollen zwei Brücken gesperrt worden sein.",
        ],
    ),
]


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def _response(
    w: WARCWriter,
    url: str,
    status: str,
    headers: list[tuple[str, str]],
    payload: bytes,
    warc_headers: dict[str, str] | None = None,
) -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    rec = w.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(payload),
        http_headers=http,
        warc_headers_dict=warc_headers or {},
    )
    w.write_record(rec)


def build_warc(path: Path, *, gzip: bool = True, cut_off: bool = False) -> Path:
    """Two HTML pages, a redirect, a PDF, a crawler-truncated page, plus warcinfo/request
    records; with ``cut_off`` the file ends in the middle of a last HTML record."""
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gzip)
    w.write_record(w.create_warcinfo_record("test.warc", {"software": "quellenlage-test"}))
    html = [("Content-Type", "text/html; charset=utf-8")]
    for url, title, paras in ARTICLES:
        req = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "www.tagblatt-nord.at")], is_http_request=True
        )
        w.write_record(w.create_warc_record(url, "request", http_headers=req))
        _response(w, url, "200 OK", html, page(title, paras))
    _response(
        w,
        "http://tagblatt-nord.at/",
        "301 Moved Permanently",
        [("Location", "https://www.tagblatt-nord.at/")],
        b"",
    )
    _response(
        w,
        "https://www.tagblatt-nord.at/bericht.pdf",
        "200 OK",
        [("Content-Type", "application/pdf")],
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    )
    _response(
        w,
        "https://www.tagblatt-nord.at/lang",
        "200 OK",
        html,
        page("Lang", ["Ein sehr langer Artikel wurde hier abgeschnitten."]),
        {"WARC-Truncated": "length"},
    )
    data = buf.getvalue()
    if cut_off:
        tail = io.BytesIO()
        w2 = WARCWriter(tail, gzip=gzip)
        _response(
            w2,
            "https://www.tagblatt-nord.at/kaputt",
            "200 OK",
            html,
            page("Kaputt", ARTICLES[0][2] * 5),
        )
        data += tail.getvalue()[: len(tail.getvalue()) // 2]
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("gzip", [True, False])
def test_records_of_a_warc(tmp_path: Path, gzip: bool) -> None:
    recs = list(iter_records([build_warc(tmp_path / "t.warc.gz", gzip=gzip)]))
    by_url = {r.url: r for r in recs}
    assert len(recs) == 5  # warcinfo and request records describe the crawl: no rows
    for url, _, _ in ARTICLES:
        assert by_url[url].data and by_url[url].skip is None and by_url[url].error is None
        assert by_url[url].fetched  # the WARC-Date: when it was crawled, not published
        assert by_url[url].date is None
    assert by_url["http://tagblatt-nord.at/"].skip == (
        "redirect (HTTP 301) to https://www.tagblatt-nord.at/"
    )
    assert by_url["https://www.tagblatt-nord.at/bericht.pdf"].skip == "not HTML (application/pdf)"
    assert "WARC-Truncated: length" in by_url["https://www.tagblatt-nord.at/lang"].skip
    assert len({r.doc_id for r in recs}) == 5


@pytest.mark.parametrize("gzip", [True, False])
def test_cut_off_record_is_an_error(tmp_path: Path, gzip: bool) -> None:
    recs = list(iter_records([build_warc(tmp_path / "t.warc", gzip=gzip, cut_off=True)]))
    errors = [r for r in recs if r.error]
    assert len(errors) == 1
    code, message = errors[0].error
    assert code == "truncated" and "cut off" in message
    assert sum(1 for r in recs if r.data) == 2  # the good pages before it are still there


@pytest.mark.usefixtures("pipeline_ok")
def test_batch_on_a_warc(tmp_path: Path) -> None:
    warc = build_warc(tmp_path / "crawl.warc.gz", cut_off=True)
    store = DuckStore(tmp_path / "c.duckdb")
    summary = run_batch([warc], store, options=BatchOptions(workers=1))
    con = store.con
    arts = con.execute(
        "SELECT url, title, outlet, input_format, date FROM articles ORDER BY url"
    ).fetchall()
    assert [a[0] for a in arts] == sorted(u for u, _, _ in ARTICLES)
    assert {a[1] for a in arts} == {t for _, t, _ in ARTICLES}
    assert all(a[2] == "tagblatt-nord.at" and a[3] == "warc" and a[4] for a in arts)
    rows = con.execute("SELECT outcome, code, message FROM errors ORDER BY message").fetchall()
    assert [r[0] for r in rows].count("skipped") == 3
    assert [r[0] for r in rows].count("error") == 1
    assert any("redirect" in r[2] for r in rows) and any("application/pdf" in r[2] for r in rows)
    assert (summary.ok, summary.skipped, summary.errors, summary.exit_code) == (2, 3, 1, 2)
    n = con.execute("SELECT count(*) FROM statements").fetchone()[0]
    assert n >= 4
    store.close()
