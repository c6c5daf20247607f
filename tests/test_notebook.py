"""Notebook views: the report inline (sandboxed iframe) and the tables as DataFrames."""

from __future__ import annotations

import html
import re
import sys

import pytest

from quellenlage.corpus.schema import TABLES
from quellenlage.errors import MissingExtra
from test_report_html import sample_analysis, xss_analysis


def test_repr_html_is_the_report_in_a_sandboxed_iframe():
    out = sample_analysis()._repr_html_()
    assert out.startswith('<iframe class="quellenlage-report" srcdoc="')
    assert 'sandbox="allow-scripts"' in out and "allow-same-origin" not in out
    page = html.unescape(re.search(r'srcdoc="([^"]*)"', out).group(1))
    assert page.startswith("<!DOCTYPE html>") and "Wer zitiert wird" in page
    assert "<script>" not in out  # the page's own script lives only inside srcdoc


def test_repr_html_escapes_hostile_text():
    out = xss_analysis()._repr_html_()
    assert "<script>window.__xss" not in out and "<img" not in out


def test_statements_frame_has_the_store_columns():
    pytest.importorskip("pandas")
    a = sample_analysis()
    df = a.statements_frame()
    assert list(df.columns) == [c.name for c in TABLES["statements"]]
    assert len(df) == len(a.statements)
    assert df["status"].value_counts()["hearsay"] == 2
    events = a.to_pandas("speech_events")
    assert list(events["event_id"]) == [e.id for e in a.speech_events]


def test_unknown_table_and_missing_pandas(monkeypatch):
    pytest.importorskip("pandas")
    from quellenlage.errors import InvalidInput

    with pytest.raises(InvalidInput, match="known: statements"):
        sample_analysis().to_pandas("nope")
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    with pytest.raises(MissingExtra, match=r"quellenlage\[notebook\]"):
        sample_analysis().statements_frame()
