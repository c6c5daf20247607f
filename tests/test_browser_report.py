"""The report and the server pages in a real browser: headless Chromium driven by Selenium.

Checks what only a browser can: statements highlighted per status, the chart drawn, the chain
shown on click and by keyboard, nothing overflowing at phone width, no console errors (CSP
violations included), and no injected script running (``window.__xss`` stays undefined).
Screenshots are saved under the test's tmp dir.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(
        "headless browser tests need Debian's chromium and chromium-driver "
        "(apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver")
pytest.importorskip("uvicorn")
pytest.importorskip("multipart")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from quellenlage.model import STATUSES  # noqa: E402
from quellenlage.render.html import render_html  # noqa: E402
from test_report_html import sample_analysis, xss_analysis, xss_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "beispiel.txt"


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


class LiveServer:
    """uvicorn serving the app on a free loopback port, in a thread of this process."""

    def __init__(self, **app_kw) -> None:
        import uvicorn

        from quellenlage.server import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        app = create_app(executor="thread", **app_kw)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server() -> Iterator[LiveServer]:
    with LiveServer() as server:
        yield server


# ------------------------------------------------------------------------------ helpers


def console_errors(driver) -> list[dict]:
    """Console messages at error level (CSP violations and failed loads land here too)."""
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def marked_statuses(driver) -> dict[str, int]:
    """Statements per status as highlighted in the article: distinct data-st per class."""
    return driver.execute_script(
        """
        const out = {};
        for (const m of document.querySelectorAll('.text mark.st')) {
          const st = [...m.classList].find(c => c.startsWith('st-')).slice(3);
          (out[st] = out[st] || new Set()).add(m.dataset.st);
        }
        return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.size]));
        """
    )


def chart_counts(driver) -> dict[str, int]:
    rows = driver.find_elements(By.CSS_SELECTOR, "svg.chart-status g.row")
    return {r.get_attribute("data-status"): int(r.get_attribute("data-n")) for r in rows}


def full_screenshot(driver, path: Path, width: int) -> None:
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(height + 120, 6000))
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 10_000  # a real picture, not a blank page


def assert_no_xss(driver) -> None:
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.execute_script("return typeof window.parent.__xss") == "undefined"


def wait_for_report(driver, timeout: float = 120) -> None:
    """Wait for the report (or an error page, which fails the test with its message)."""
    WebDriverWait(driver, timeout).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "svg.chart-status, .panel.error")
    )
    errors = driver.find_elements(By.CSS_SELECTOR, ".panel.error")
    assert not errors, errors[0].text


# ------------------------------------------------------------------------------ the report


def test_report_file_in_browser(browser, tmp_path: Path):
    a = sample_analysis()
    report = tmp_path / "report.html"
    report.write_text(render_html(a), encoding="utf-8")
    browser.get(report.as_uri())

    # every statement highlighted with its status; the chart drawn with the summary counts
    expected = {s: a.summary.by_status[s] for s in STATUSES if a.summary.by_status.get(s)}
    assert marked_statuses(browser) == expected
    assert chart_counts(browser) == {s: a.summary.by_status.get(s, 0) for s in STATUSES}
    bar = browser.find_element(By.CSS_SELECTOR, "svg.chart-status rect.bar")
    assert bar.size["width"] > 0 and bar.is_displayed()
    # the underline differs per status (colour is not the only signal)
    styles = browser.execute_script(
        """return [...new Set([...document.querySelectorAll('.legend mark.st')]
             .map(m => getComputedStyle(m).textDecorationStyle + '/' +
                       getComputedStyle(m).textDecorationLine))];"""
    )
    assert len(styles) == len(STATUSES)

    # click the statement with the nested quote: the panel shows the chain, in order
    browser.find_element(By.CSS_SELECTOR, 'mark.st[data-st="st-7"]').click()
    chain = browser.find_elements(By.CSS_SELECTOR, "#detail-body .ev ol.chain")
    texts = [c.text for c in chain]
    assert any(
        t.index("Beispielblatt")
        < t.index("Posting")
        < t.index("Max Beispiel")
        < t.index("Regierung")
        for t in texts
        if "Regierung" in t
    ), texts
    full_screenshot(browser, tmp_path / "report-desktop.png", 1280)

    # the unverified note links to its target: following the link flashes the quote
    browser.find_element(By.CSS_SELECTOR, 'mark.st[data-st="st-8"]').click()
    link = browser.find_element(By.CSS_SELECTOR, "#detail-body a.tgt")
    assert link.get_attribute("data-goto") == "st-7"
    link.click()
    WebDriverWait(browser, 5).until(
        lambda d: "flash" in d.find_element(By.ID, "st-7").get_attribute("class")
    )

    # keyboard: Tab reaches a statement, Enter opens it, focus is visible, Escape closes
    browser.find_element(By.TAG_NAME, "body").click()
    browser.execute_script("document.activeElement.blur(); window.scrollTo(0, 0);")
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(40):
        body.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if active.tag_name == "mark":
            break
    else:
        pytest.fail("no statement reachable with the Tab key")
    outline = browser.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, s.outlineWidth];"
    )
    assert outline[0] != "none" and outline[1] != "0px"
    active.send_keys(Keys.ENTER)
    assert browser.find_element(By.CSS_SELECTOR, "#detail-body .st-detail").is_displayed()
    active.send_keys(Keys.ESCAPE)

    # phone width: nothing wider than the screen; the panel becomes a bottom sheet on click
    browser.set_window_size(375, 800)
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    font = browser.execute_script(
        "return parseFloat(getComputedStyle(document.querySelector('.text')).fontSize)"
    )
    assert font >= 15
    browser.find_element(By.CSS_SELECTOR, 'mark.st[data-st="st-3"]').click()
    assert browser.find_element(By.ID, "detail").is_displayed()
    browser.save_screenshot(str(tmp_path / "report-phone-detail.png"))
    browser.find_element(By.ID, "detail-close").click()
    full_screenshot(browser, tmp_path / "report-phone.png", 375)

    # the furniture is collapsed until opened
    details = browser.find_element(By.CSS_SELECTOR, "details.furniture")
    assert details.get_attribute("open") is None
    assert console_errors(browser) == []


def test_report_file_with_xss_payloads_runs_no_injected_script(browser, tmp_path: Path):
    report = tmp_path / "xss.html"
    report.write_text(render_html(xss_analysis()), encoding="utf-8")
    browser.get(report.as_uri())
    for mark in browser.find_elements(By.CSS_SELECTOR, ".text mark.st"):
        browser.execute_script("arguments[0].click()", mark)  # clone every detail template
    browser.find_element(By.CSS_SELECTOR, "details.furniture summary").click()
    time.sleep(0.3)
    assert_no_xss(browser)
    assert "<script>window.__xss=1</script>" in browser.find_element(By.TAG_NAME, "h1").text
    assert not browser.find_elements(By.CSS_SELECTOR, "img, iframe")
    full_screenshot(browser, tmp_path / "xss-report.png", 1280)
    assert console_errors(browser) == []


# ------------------------------------------------------------------------------ the server


def _example_text() -> str:
    if EXAMPLE.is_file():
        return EXAMPLE.read_text(encoding="utf-8")
    # Until the repository ships its example: a small article of our own.
    return "\n\n".join(
        [
            "Politik",
            "Streit um neue Hilfen",
            "Der Minister soll die Hilfen gekürzt haben. Das Ministerium bestreitet das.",
            'Laut der Zeitung "Morgenpost" hat der Minister den Plan schon im Mai '
            "unterschrieben. Die Angaben konnten nicht unabhängig überprüft werden.",
            "Die Opposition sagte, das sei ein Skandal. Die Hilfen laufen im Dezember aus.",
        ]
    )


def _submit_paste(driver, server: LiveServer, text: str) -> None:
    driver.get(server.url + "/")
    area = driver.find_element(By.ID, "text")
    # Paste: put the whole text in at once, as the clipboard would, and tell the page.
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        area,
        text,
    )
    driver.find_element(By.ID, "paste-submit").click()


def test_server_paste_example_article(browser, live_server: LiveServer, tmp_path: Path):
    import httpx

    text = _example_text()
    api = httpx.post(live_server.url + "/v1/analyze", json={"text": text}, timeout=120)
    assert api.status_code == 200, api.text
    expected = {k: v for k, v in api.json()["summary"]["by_status"].items() if v}
    assert expected  # the example has statements

    _submit_paste(browser, live_server, text)
    wait_for_report(browser)
    # every status the analysis found is highlighted, as often as it was found
    assert marked_statuses(browser) == expected
    counts = chart_counts(browser)
    assert {k: v for k, v in counts.items() if v} == expected
    # the pasted text is still in the form, for editing and resubmitting
    assert browser.find_element(By.ID, "text").get_attribute("value").strip() == text.strip()
    # sources, when the engine found any, are marked and lead to their events
    for src in browser.find_elements(By.CSS_SELECTOR, ".text a.src")[:3]:
        target = src.get_attribute("href").rsplit("#", 1)[1]
        assert browser.find_element(By.ID, target).get_attribute("class").startswith("ev ")
    first = browser.find_elements(By.CSS_SELECTOR, ".text mark.st[tabindex='0']")
    if first:
        first[0].click()
        assert browser.find_element(By.CSS_SELECTOR, "#detail-body .st-detail").is_displayed()
    full_screenshot(browser, tmp_path / "server-example.png", 1280)
    full_screenshot(browser, tmp_path / "server-example-phone.png", 375)
    assert console_errors(browser) == []


def test_server_pages_run_no_injected_script(browser, live_server: LiveServer, tmp_path: Path):
    _submit_paste(browser, live_server, xss_text())
    wait_for_report(browser)
    for mark in browser.find_elements(By.CSS_SELECTOR, ".text mark.st"):
        browser.execute_script("arguments[0].click()", mark)
    time.sleep(0.3)
    assert_no_xss(browser)
    # the payload round-trips into the textarea as text, not markup
    assert "</textarea><script>" in browser.find_element(By.ID, "text").get_attribute("value")
    full_screenshot(browser, tmp_path / "xss-server.png", 1280)
    assert console_errors(browser) == []

    # an uploaded HTML page full of payloads
    page = tmp_path / "hostile.html"
    body = "".join(
        f"<p>Der Sprecher sagte: {p} Es sei ruhig gewesen.</p>"
        for p in [
            '<img src=x onerror="window.__xss=11">',
            "&lt;script&gt;window.__xss=12&lt;/script&gt;",
            '<a href="javascript:window.__xss=13">Link</a>',
        ]
    )
    page.write_text(
        "<html><head><title>Test</title><script>window.__xss=14</script></head><body>"
        f"<article><h1>Angriff auf die Seite</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    browser.get(live_server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(page))
    browser.find_element(By.ID, "upload-submit").click()
    wait_for_report(browser)
    assert_no_xss(browser)
    for link in browser.find_elements(By.CSS_SELECTOR, "a[href]"):
        assert not link.get_attribute("href").lower().startswith("javascript:")
    assert console_errors(browser) == []


def test_docs_page_renders_offline(browser, live_server: LiveServer):
    import httpx

    browser.get(live_server.url + "/docs")
    assert "/v1/analyze" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_elements(By.CSS_SELECTOR, "table.data")
    spec = httpx.get(live_server.url + "/openapi.json").json()
    assert "/v1/analyze" in spec["paths"]
    assert console_errors(browser) == []
