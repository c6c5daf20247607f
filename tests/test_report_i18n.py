"""The report for readers: German by default, plain words instead of scheme codes, reasons
instead of rule ids, denial acts told apart from denied claims, and who is quoted."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from quellenlage import evidence
from quellenlage.render.html import render_html
from quellenlage.render.i18n import UI, choose_lang
from test_report_html import sample_analysis

RULE = evidence.decision(
    "rule:ui-test-laut",
    stage="test",
    en="'laut X' names the source X",
    de="„laut X“ nennt X als Quelle",
)


class _Visible(HTMLParser):
    """The text a reader sees: no tags, no attribute values, no <template> or <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "desc", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "desc", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Visible()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def _analysis():
    a = sample_analysis()
    a.speech_events[0].form = "FreeIndirect"
    a.speech_events[0].medium = "SW"
    a.speech_events[2].form = "IndirectFreeIndirect"
    a.speech_events[0].evidence = [RULE, "rule:not-registered-anywhere"]
    return a


def test_language_choice():
    assert choose_lang(None, "de") == "de"
    assert choose_lang("auto", "en") == "en"
    assert choose_lang("en", "de") == "en"
    from quellenlage.errors import InvalidInput

    with pytest.raises(InvalidInput, match="known: de, en"):
        choose_lang("fr", "de")


def test_german_report_by_default_in_plain_words():
    html = render_html(_analysis())
    assert '<html lang="de">' in html
    text = visible(html)
    for word in ("Hörensagen", "dementiert", "nicht überprüfbar", "bestätigt", "zugeschrieben"):
        assert word in text, word
    for word in (
        "wörtliches Zitat",
        "Wiedergabe ohne Redeeinleitung",
        "gesprochen oder geschrieben",
    ):
        assert word in text, word
    assert "fortgesetzte indirekte Rede" in text
    # scheme jargon stays out of what readers see (it is kept in title attributes)
    for code in ("FreeIndirect", "IndirectFreeIndirect", " SW ", "hearsay", "unverified"):
        assert code not in f" {text} ", code
    assert 'title="FreeIndirect · SW"' in html
    assert "So lesen Sie diesen Bericht" in text


def test_english_report_on_request():
    html = render_html(_analysis(), lang="en")
    assert '<html lang="en">' in html
    text = visible(html)
    assert "How to read this report" in text and "Who is quoted" in text
    assert "hearsay" in text and "direct quote" in text and "spoken or written" in text
    assert "Hörensagen" not in text


def test_evidence_shows_reasons_with_the_rule_id_on_hover():
    html = render_html(_analysis())
    assert re.search(r'<li title="rule:ui-test-laut" data-rule="rule:ui-test-laut">„laut X“', html)
    en = render_html(_analysis(), lang="en")
    assert "&#39;laut X&#39; names the source X" in en
    # an unregistered label falls back to the label itself
    assert (
        '<li title="rule:not-registered-anywhere" data-rule="rule:not-registered-anywhere">'
        "rule:not-registered-anywhere</li>" in html
    )


def test_denial_act_is_told_apart_from_the_denied_claim():
    html = render_html(_analysis())
    # e2 (denied, target e1) is the act of denying: "Dementi", linking to the denied claim
    card = re.search(
        r'<section class="ev st-denied role-denial[^"]*" id="ev-2".*?</section>', html, re.S
    )
    assert card and "Dementi" in card.group(0)
    assert re.search(r'<span class="about-verb">dementiert</span>\s*<a href="#ev-1"', card.group(0))
    # e1 is the claim: its card says by whom it is denied
    claim = re.search(r'<section class="ev st-attributed[^"]*" id="ev-1".*?</section>', html, re.S)
    assert claim and re.search(r"dementiert durch</span> <a href=\"#ev-2\"", claim.group(0))
    # in the text, the denying sentence is marked as a denial, with its own legend entry
    mark = re.search(r'<mark class="st st-denied" data-st="st-5"[^>]*>', html).group(0)
    assert 'data-role="denial"' in mark and 'title="Dementi"' in mark
    assert 'id="lg-denial"' in html


def test_who_is_quoted_panel():
    a = _analysis()
    html = render_html(a)
    panel = re.search(r'<section class="quoted".*?</section>', html, re.S).group(0)
    rows = re.findall(r'<tr data-source="([^"]+)">(.*?)</tr>', panel, re.S)
    names = [n for n, _r in rows]
    assert set(names) == {
        "Morgenpost",
        "Energieministerium",
        "Max Beispiel",
        "Regierung",
        "Die Staatsanwaltschaft",
    }
    by_name = dict(rows)
    morgenpost = by_name["Morgenpost"]
    assert "Medium" in morgenpost  # the source type in plain German
    assert 'href="#st-4"' in morgenpost  # a link to its passage
    share = len(a.speech_events[0].message.text) / len(a.article.text) * 100
    assert UI("de").number(share) + " %" in morgenpost
