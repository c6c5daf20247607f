"""The story page in a real browser: the timeline shows every outlet and status, a citation
arrow leads to the article it cites, nothing errs in the console. Screenshots are kept in the
test's tmp dir (story-desktop.png, story-phone.png, cited-article.png)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
pytest.importorskip("datasketch", reason="the provenance extra (datasketch) is not installed")

from selenium.webdriver.common.action_chains import ActionBuilder  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from quellenlage.corpus.provenance import run_provenance  # noqa: E402
from quellenlage.corpus.provenance.read import ArticleRec, read_articles  # noqa: E402
from quellenlage.corpus.store import DuckStore  # noqa: E402
from quellenlage.render.html import STATUS_INFO  # noqa: E402
from test_browser_report import (  # noqa: E402 - skips the module without a browser
    LiveServer,
    browser,  # noqa: F401
    console_errors,
    full_screenshot,
)
from test_provenance import fixture_store, store  # noqa: E402, F401

# A point on the arrow where the arrow itself is the topmost element (markers may cover it).
_POINT_ON_ARROW = """
const a = arguments[0], p = a.querySelector('path.shown'), L = p.getTotalLength();
for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
  const pt = p.getPointAtLength(L * f), m = p.getScreenCTM();
  const x = pt.x * m.a + pt.y * m.c + m.e, y = pt.x * m.b + pt.y * m.d + m.f;
  const top = document.elementFromPoint(x, y);
  if (top && top.closest('a.cite') === a) { return [Math.round(x), Math.round(y)]; }
}
return null;
"""


def test_story_timeline_and_citation_arrow(browser, store: Path, tmp_path: Path) -> None:  # noqa: F811
    result = run_provenance(store)
    story = max(result.stories, key=lambda s: (len(s.articles), s.id))
    statuses = {
        st for c in result.claims if c.story == story.id for st in c.status_by_article.values()
    }
    with LiveServer(db=store) as server:
        browser.get(server.url + "/corpus/stories")
        browser.find_element(By.CSS_SELECTOR, f'a[href="/corpus/stories/{story.id}"]').click()
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg.timeline"))
        # every outlet has its lane, every article its marker, coloured by its status
        lanes = [
            g.get_attribute("data-outlet")
            for g in browser.find_elements(By.CSS_SELECTOR, "svg.timeline g.lane")
        ]
        assert sorted(lanes) == sorted(story.outlets)
        markers = browser.find_elements(By.CSS_SELECTOR, "svg.timeline a.article")
        assert len(markers) == len(story.articles)
        for m in markers:
            status = m.get_attribute("data-status")
            fill = m.find_element(By.CSS_SELECTOR, "circle.marker").get_attribute("fill")
            assert status == "none" or fill == STATUS_INFO[status]["colour"]
        shown = {m.get_attribute("data-status") for m in markers} - {"none"}
        assert shown and shown <= statuses
        chips = {
            e.get_attribute("class").split()[-1][3:]
            for e in browser.find_elements(By.CSS_SELECTOR, ".chips .badge")
        }
        assert chips == statuses  # every status of every claim is on the page
        full_screenshot(browser, tmp_path / "story-desktop.png", 1280)

        # follow a citation arrow to the article it cites
        browser.set_window_size(1280, 900)
        arrows = browser.find_elements(By.CSS_SELECTOR, "svg.timeline a.cite")
        assert arrows
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", arrows[0])
        # the first arrow not covered everywhere by others (arrows may cross)
        arrow, point = next(
            ((a, p) for a in arrows if (p := browser.execute_script(_POINT_ON_ARROW, a))),
            (None, None),
        )
        assert arrow is not None and point is not None, "no citation arrow can be clicked"
        cited = arrow.get_attribute("data-to")
        action = ActionBuilder(browser)
        action.pointer_action.move_to_location(*point)
        action.pointer_action.click()
        action.perform()
        WebDriverWait(browser, 60).until(lambda d: "/corpus/articles/" in d.current_url)
        WebDriverWait(browser, 60).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "svg.chart-status")
        )
        title = next(a.title for a in _articles(store) if a.article_id == cited)
        assert title and title in browser.find_element(By.TAG_NAME, "h1").text
        full_screenshot(browser, tmp_path / "cited-article.png", 1280)

        # phone width: the timeline and the tables scroll inside their boxes; nothing of the
        # story page is wider than the screen (the top bar belongs to the server's layout)
        browser.get(server.url + f"/corpus/stories/{story.id}")
        browser.set_window_size(375, 800)
        wider = browser.execute_script(
            """const w = document.documentElement.clientWidth, out = [];
            for (const e of document.querySelectorAll('main *')) {
              const box = e.closest('.tl-wrap, .tablewrap');
              if (box && box !== e) { continue; }
              if (e.getBoundingClientRect().right > w + 1) { out.push(e.tagName); }
            }
            return out;"""
        )
        assert wider == []
        full_screenshot(browser, tmp_path / "story-phone.png", 375)
        assert console_errors(browser) == []


def _articles(db: Path) -> list[ArticleRec]:
    con = DuckStore(db, read_only=True).con
    try:
        return read_articles(con)
    finally:
        con.close()
