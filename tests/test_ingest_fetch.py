"""The URL fetcher against a local server this test starts (issue 12): a page, redirects
re-checked, private addresses refused (also behind DNS and redirects), size and time limits,
content types, charsets, robots.txt. Only these tests pass ``allow_loopback=True``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("httpx", reason="the serve extra (httpx) is not installed")
pytest.importorskip("trafilatura", reason="the html extra (trafilatura) is not installed")

from quellenlage.errors import FetchError, FetchRefused, FetchTimeout, InputTooLarge
from quellenlage.ingest import fetch as fetch_module
from quellenlage.ingest.fetch import address_problem, fetch_article, fetch_page
from quellenlage.settings import DEFAULT_SETTINGS

PAGE = (
    "<!DOCTYPE html><html lang='de'><head><meta charset='iso-8859-1'>"
    "<title>Stadtwerke erhöhen Preise | Tagblatt</title>"
    "<meta property='og:site_name' content='Tagblatt'></head><body><article>"
    "<h1>Stadtwerke erhöhen die Preise für Fernwärme</h1>"
    "<p>Die Stadtwerke erhöhen zum ersten Juli die Preise für Fernwärme um zwölf Prozent, "
    "teilte ein Sprecher am Montag mit. Grund seien gestiegene Kosten für Gas.</p>"
    "<p>Der Mieterverein kritisierte die Erhöhung. Viele Haushalte könnten sich die Heizung "
    "bald nicht mehr leisten, sagte die Vorsitzende.</p></article></body></html>"
)
BIG = 20 * 1024 * 1024
SEEN_HOSTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    """The routes of the test server."""

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, ctype: str, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN_HOSTS.append(self.headers.get("Host", ""))
        path = self.path
        if path == "/robots.txt":
            self._send(200, "text/plain", b"User-agent: *\nDisallow: /intern/\n")
        elif path in ("/page", "/intern/page"):
            self._send(200, "text/html; charset=ISO-8859-1", PAGE.encode("latin-1"))
        elif path == "/text":
            body = "Stadtwerke erhöhen Preise\n\nDie Stadtwerke erhöhen die Preise, sagte er."
            self._send(200, "text/plain; charset=utf-8", body.encode())
        elif path == "/to-page":
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
        elif path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.20.30.40/admin")
            self.end_headers()
        elif path == "/to-metadata":
            self.send_response(301)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
        elif path == "/big":
            self._big(length=True)
        elif path == "/big-chunked":
            self._big(length=False)
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", PAGE.encode("latin-1"))
        elif path == "/pdf":
            self._send(200, "application/pdf", b"%PDF-1.7\n")
        elif path == "/gone":
            self._send(404, "text/html", b"<p>weg</p>")
        else:
            self._send(404, "text/plain", b"nein")

    def _big(self, *, length: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if length:
            self.send_header("Content-Length", str(BIG))
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_000 + b"</p>"
        try:
            for _ in range(BIG // len(chunk) + 1):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what it should do


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


FAST = DEFAULT_SETTINGS.with_overrides(fetch_timeout=1.5, fetch_connect_timeout=1.0)


def test_a_page_is_fetched_decoded_and_ingested(server: str) -> None:
    art = fetch_article(f"{server}/page", settings=FAST, allow_loopback=True)
    assert art.title == "Stadtwerke erhöhen die Preise für Fernwärme"  # charset from the header
    assert len(art.paragraphs) == 2 and "Mieterverein" in art.text
    assert art.meta.url == f"{server}/page" and art.meta.input_format == "url"
    assert art.meta.fetched and art.meta.outlet == "Tagblatt"


def test_a_plain_text_page_is_a_text_article(server: str) -> None:
    art = fetch_article(f"{server}/text", settings=FAST, allow_loopback=True)
    assert art.title == "Stadtwerke erhöhen Preise"


def test_loopback_is_refused_unless_a_test_allows_it(server: str) -> None:
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_page(f"{server}/page", settings=FAST)


def test_a_redirect_is_followed_and_checked_again(server: str) -> None:
    page = fetch_page(f"{server}/to-page", settings=FAST, allow_loopback=True)
    assert page.url == f"{server}/page" and page.redirects == [f"{server}/to-page"]
    with pytest.raises(FetchRefused, match=r"10\.20\.30\.40 is a private address"):
        fetch_page(f"{server}/to-private", settings=FAST, allow_loopback=True)
    with pytest.raises(FetchRefused, match="link-local"):
        fetch_page(f"{server}/to-metadata", settings=FAST, allow_loopback=True)


def test_a_20_mb_body_is_cut_off_with_a_clear_error(server: str) -> None:
    with pytest.raises(InputTooLarge, match="not downloaded"):  # Content-Length says so
        fetch_page(f"{server}/big", settings=FAST, allow_loopback=True)
    with pytest.raises(InputTooLarge, match="download was stopped"):  # no length: counted
        fetch_page(f"{server}/big-chunked", settings=FAST, allow_loopback=True)


def test_a_slow_server_times_out(server: str) -> None:
    with pytest.raises(FetchTimeout, match="time limit"):
        fetch_page(f"{server}/slow", settings=FAST, allow_loopback=True)


def test_a_non_html_type_is_refused(server: str) -> None:
    with pytest.raises(FetchRefused, match="application/pdf, not a web page"):
        fetch_page(f"{server}/pdf", settings=FAST, allow_loopback=True)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_page(f"{server}/gone", settings=FAST, allow_loopback=True)


def test_robots_txt_is_respected_by_default(server: str) -> None:
    with pytest.raises(FetchRefused, match=r"robots\.txt does not allow"):
        fetch_page(f"{server}/intern/page", settings=FAST, allow_loopback=True)
    ignore = FAST.with_overrides(fetch_respect_robots=False)
    assert fetch_page(f"{server}/intern/page", settings=ignore, allow_loopback=True).data


def test_the_connection_goes_to_the_checked_address(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo
    port = int(server.rsplit(":", 1)[1])

    def fake(host: str, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        if host == "intern.example":
            return real("10.0.0.5", port, 0, socket.SOCK_STREAM)
        if host == "nachrichten.example":
            return real("127.0.0.1", port, 0, socket.SOCK_STREAM)
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake)
    with pytest.raises(FetchRefused, match=r"intern\.example resolves to 10\.0\.0\.5"):
        fetch_page(f"http://intern.example:{port}/page", settings=FAST, allow_loopback=True)
    SEEN_HOSTS.clear()
    page = fetch_page(f"http://nachrichten.example:{port}/page", settings=FAST, allow_loopback=True)
    assert page.url == f"http://nachrichten.example:{port}/page"
    assert SEEN_HOSTS[-1] == f"nachrichten.example:{port}"  # Host header, IP connection


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("http://user:pw@example.org/", "credentials"),
        ("http:///nohost", "no host"),
    ],
)
def test_urls_that_are_never_fetched(url: str, why: str) -> None:
    with pytest.raises(FetchRefused, match=why):
        fetch_page(url, settings=FAST)


@pytest.mark.parametrize(
    "ip",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.4",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
        "240.0.0.1",
    ],
)
def test_non_public_addresses(ip: str) -> None:
    assert address_problem(ip) is not None
    assert address_problem("93.184.216.34") is None


# --------------------------------------------------------------------------- command line


def test_analyze_url_refuses_loopback_with_a_one_line_error(server: str) -> None:
    from typer.testing import CliRunner

    from quellenlage.cli import app

    result = CliRunner().invoke(app, ["analyze", f"{server}/page"])
    assert result.exit_code == FetchRefused.exit_code != 1
    assert "loopback" in result.output and "Traceback" not in result.output


def test_batch_urls_gives_one_row_per_url_and_goes_on(server: str, tmp_path: Path) -> None:
    pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
    from typer.testing import CliRunner

    from quellenlage.cli import app

    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server}/page\nkein-url\nhttp://10.0.0.7/x\n", encoding="utf-8")
    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(
        app, ["batch", "--urls", str(urls), "--db", str(db), "--workers", "1", "--no-progress"]
    )
    assert result.exit_code == 2, result.output  # completed, with errors
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        codes = sorted(r[0] for r in con.execute("SELECT code FROM errors").fetchall())
    # The loopback page is refused outside tests too; every URL has its row.
    assert codes == ["fetch_refused", "fetch_refused", "invalid"]
