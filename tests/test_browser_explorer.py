"""The German report and the corpus explorer in headless Chromium: the report at 1280 and
390 px, the explorer's sort, filter, search and export, the outlet page; by mouse and by
keyboard, with no console errors and nothing wider than a phone screen.

Screenshots are kept in ``tests/artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from test_browser_report import (  # also skips this module without chromium
    LiveServer,
    browser,  # noqa: F401  (a fixture)
    console_errors,
    full_screenshot,
)

pytestmark = pytest.mark.slow

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from quellenlage.render.html import render_html  # noqa: E402
from test_report_html import sample_analysis  # noqa: E402
from test_server_corpus import _store  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PHONE = 390


def shot(driver, name: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    full_screenshot(driver, ARTIFACTS / f"{name}-{width}.png", width)


def overflow(driver) -> int:
    return driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    pytest.importorskip("duckdb")
    return _store(tmp_path_factory.mktemp("explorer") / "corpus.duckdb")


@pytest.fixture
def explorer(corpus: Path):
    with LiveServer(db=corpus) as server:
        yield server


def _rows(driver, col: str) -> list[str]:
    return [
        td.get_attribute("data-value") or td.text
        for td in driver.find_elements(By.CSS_SELECTOR, f'#view-table td[data-col="{col}"]')
    ]


def test_german_report_at_desktop_and_phone_width(browser, tmp_path: Path):  # noqa: F811
    report = tmp_path / "bericht.html"
    report.write_text(render_html(sample_analysis()), encoding="utf-8")
    browser.set_window_size(1280, 900)
    browser.get(report.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    legend = browser.find_element(By.CSS_SELECTOR, ".legend").text
    for word in ("Hörensagen", "dementiert", "Dementi", "nicht überprüfbar", "bestätigt"):
        assert word in legend, word
    assert "So lesen Sie diesen Bericht" in browser.find_element(By.CSS_SELECTOR, ".howto").text
    quoted = browser.find_element(By.ID, "quoted")
    assert "Max Beispiel" in quoted.text and "textanteil" in quoted.text.lower()
    # a passage link in "who is quoted" jumps to the statement and opens its details
    quoted.find_element(By.CSS_SELECTOR, 'tr[data-source="Max Beispiel"] .passages a').click()
    WebDriverWait(browser, 5).until(
        lambda d: "flash" in d.find_element(By.ID, "st-7").get_attribute("class")
    )
    detail = browser.find_element(By.ID, "detail-body").text
    assert "wörtliches Zitat" in detail and "Kette" in detail
    assert "FreeIndirect" not in browser.find_element(By.TAG_NAME, "body").text
    shot(browser, "report-de", 1280)
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)  # close the details
    browser.set_window_size(PHONE, 800)
    assert overflow(browser) <= 1
    mark = browser.find_element(By.CSS_SELECTOR, 'mark.st[data-st="st-5"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.find_element(By.CSS_SELECTOR, ".ico").click()  # the mark, not the source link in it
    assert browser.find_element(By.ID, "detail").is_displayed()
    assert "Dementi" in browser.find_element(By.ID, "detail-body").text
    browser.find_element(By.ID, "detail-close").click()
    shot(browser, "report-de", PHONE)
    assert console_errors(browser) == []


def test_explorer_sort_filter_search_export(browser, explorer: LiveServer):  # noqa: F811
    import httpx

    browser.set_window_size(1280, 900)
    browser.get(explorer.url + "/corpus/statements")
    assert len(_rows(browser, "statement")) == 28  # 10 + 8 + 10 statements
    # sort by keyboard: focus the "Status" heading link and press Enter
    head = browser.find_element(By.CSS_SELECTOR, 'th a.sort[href*="sort=status"]')
    head.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "sort=status" in d.current_url)
    statuses = _rows(browser, "status")
    assert statuses == sorted(statuses) or statuses == sorted(statuses, reverse=True)
    assert browser.find_element(By.CSS_SELECTOR, "th[aria-sort]").text.lower().startswith("status")
    # filter with the form: status "dementiert", outlet Morgenblatt
    Select(browser.find_element(By.ID, "f-status")).select_by_value("denied")
    Select(browser.find_element(By.ID, "f-outlet")).select_by_value("Morgenblatt")
    browser.find_element(By.ID, "filter-submit").click()
    WebDriverWait(browser, 10).until(lambda d: "status=denied" in d.current_url)
    assert set(_rows(browser, "status")) == {"denied"}
    assert set(_rows(browser, "outlet")) == {"Morgenblatt"}
    # search: type words, press Enter
    browser.get(explorer.url + "/corpus/statements")
    box = browser.find_element(By.ID, "q")
    box.send_keys("ministerium zurück", Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "q=" in d.current_url)
    hits = _rows(browser, "statement")
    assert hits and all("Ministerium" in h and "zurück" in h for h in hits)
    shot(browser, "explorer-search", 1280)
    # export: the CSV link carries the same filters and gives the same rows
    href = browser.find_element(By.CSS_SELECTOR, ".exports a[href*='format=csv']").get_attribute(
        "href"
    )
    assert parse_qs(urlparse(href).query)["q"] == ["ministerium zurück"]
    rows = list(csv.DictReader(io.StringIO(httpx.get(href).text)))
    assert [r["statement"] for r in rows] == hits
    for fmt in ("json", "xlsx"):
        link = browser.find_element(By.CSS_SELECTOR, f".exports a[href*='format={fmt}']")
        assert httpx.get(link.get_attribute("href")).status_code == 200
    # a facet link (keyboard) narrows the view; a source name leads to its statements
    browser.get(explorer.url + "/corpus/events")
    facet = browser.find_element(By.CSS_SELECTOR, "#facet-source_type a.facet-v")
    facet.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: "source_type=" in d.current_url)
    browser.find_element(By.CSS_SELECTOR, '#view-table td[data-col="source"] a').click()
    WebDriverWait(browser, 10).until(lambda d: "/corpus/statements?source=" in d.current_url)
    assert browser.find_elements(By.CSS_SELECTOR, "#view-table td[data-col='statement'] a")
    for path in ("/corpus", "/corpus/statements", "/corpus/sources", "/corpus/events"):
        browser.set_window_size(PHONE, 800)
        browser.get(explorer.url + path)
        assert overflow(browser) <= 1, path
    shot(browser, "explorer-events", PHONE)
    assert console_errors(browser) == []


def test_outlet_page(browser, explorer: LiveServer):  # noqa: F811
    browser.set_window_size(1280, 900)
    browser.get(explorer.url + "/corpus/outlets")
    table = browser.find_element(By.ID, "outlet-status")
    outlets = [
        r.get_attribute("data-outlet") for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")
    ]
    assert {"Beispielblatt", "Morgenblatt"} <= set(outlets)
    cell = table.find_element(
        By.CSS_SELECTOR, 'tr[data-outlet="Morgenblatt"] td[data-status="hearsay"]'
    )
    assert cell.text.replace("\n", " ") == "2 20,0 %"
    # sort by the hearsay column, then back
    table.find_element(By.CSS_SELECTOR, "th a.sort[href*='sort=st_hearsay']").click()
    WebDriverWait(browser, 10).until(lambda d: "sort=st_hearsay" in d.current_url)
    assert browser.find_element(By.CSS_SELECTOR, "#outlet-status th[aria-sort]")
    shot(browser, "outlets", 1280)
    browser.set_window_size(PHONE, 800)
    assert overflow(browser) <= 1
    shot(browser, "outlets", PHONE)
    assert console_errors(browser) == []
