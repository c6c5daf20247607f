"""Statuses on the fixture articles (tests/fixtures/articles, written for this project in ten
site styles): what a careful reader says about chosen sentences, through the whole pipeline.

Each row: fixture, a piece of the sentence, the status, and for notes about earlier claims a
piece of the sentence that the note's target must lie in.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import quellenlage
from quellenlage.model import Analysis

FIXTURES = Path(__file__).parent / "fixtures" / "articles"

ROWS = [
    ("at_agency_wire", "Berichten zufolge soll es innerhalb der Koalition", "denied", None),
    (
        "at_agency_wire",
        "Ein Regierungssprecher dementierte das",
        "denied",
        "Differenzen über die Finanzierung",
    ),
    ("at_agency_wire", "Sozialminister Martin Berger (ÖVP) erklärte", "attributed", None),
    ("at_agency_wire", "Die Heimbetreiber reagierten zurückhaltend", "asserted", None),
    ("at_tabloid_gallery", "Rund 300 Menschen sitzen fest", "asserted", None),
    ("at_tabloid_gallery", "Ein Geologe soll zudem", "unverified", None),
    (
        "at_tabloid_gallery",
        "Diese Einschätzung konnte zunächst nicht",
        "unverified",
        "Ein Geologe soll",
    ),
    ("at_tabloid_gallery", "das angeblich den Moment des Abgangs zeigt", "hearsay", None),
    (
        "at_tabloid_gallery",
        "Eine Sprecherin der Landesregierung wies den Vorwurf zurück",
        "denied",
        None,
    ),
    ("ch_swiss", "Die Stadt bestreitet das", "denied", None),
    ("ch_swiss", "Im Gemeinderat soll die Mitte-Fraktion", "unverified", None),
    ("ch_swiss", "Eine Bestätigung dafür war nicht zu erhalten", "unverified", "Mitte-Fraktion"),
    ("ch_swiss", "Der Zürcher Stadtrat will in den nächsten zehn Jahren", "asserted", None),
    ("de_broadcaster", "Das Gesundheitsministerium weist die Kritik zurück", "denied", None),
    ("de_broadcaster", "Aus Kreisen der Koalition heißt es", "unverified", None),
    (
        "de_broadcaster",
        "Eine offizielle Bestätigung dafür gibt es bislang nicht",
        "unverified",
        "der Bund könnte",
    ),
    ("de_liveblog", "wonach es weitere Verletzte gegeben haben soll", "denied", None),
    ("de_liveblog", "Die Polizei dementierte das ausdrücklich", "denied", "weitere Verletzte"),
    ("de_liveblog", "teilte die Feuerwehr mit", "attributed", None),
    ("de_liveblog", "Die Echtheit des Videos konnte nicht", "unverified", None),
    ("de_liveblog", "In Bremen ist ein Baum auf ein fahrendes Auto gestürzt", "asserted", None),
    (
        "de_magazine_newsletter",
        "Der Spitzenverband wollte das weder bestätigen noch dementieren",
        "unverified",
        "Krankenkassen sollen",
    ),
    ("de_magazine_newsletter", "Ein Sprecher des Städtetags bestritt", "denied", None),
    ("de_magazine_newsletter", "Eine Nachbarin fand die 84-Jährige schließlich", "asserted", None),
    ("de_newssite_inline", "Einige Anbieter sollen zudem die Grundgebühr", "denied", None),
    ("de_newssite_inline", "wies den Vorwurf zurück", "denied", "Einige Anbieter sollen"),
    ("de_newssite_inline", "teilte das Portal mit", "attributed", None),
    ("de_newssite_inline", "Viele Verträge lassen sich nach einer Preisänderung", "asserted", None),
    (
        "de_one_per_line",
        "Die italienische Staatsbahn soll nach Medienberichten",
        "unverified",
        None,
    ),
    ("de_one_per_line", "Der Bahnsprecher wies Berichte zurück, wonach", "denied", None),
    (
        "de_regional_byline",
        "Zudem soll die Stadtverwaltung Gutachten zurückgehalten haben",
        "denied",
        None,
    ),
    (
        "de_regional_byline",
        "Die Verwaltung bestritt das am Mittwoch",
        "denied",
        "Stadtverwaltung Gutachten",
    ),
    (
        "de_regional_byline",
        "Die Zahl ließ sich nicht unabhängig überprüfen",
        "unverified",
        "2.300 Unterschriften",
    ),
    ("de_regional_byline", "Nach fünf Stunden Debatte hat der Stadtrat", "asserted", None),
    ("de_wire_dpa", "Die Hisbollah wies jede Verantwortung zurück", "denied", None),
    ("de_wire_dpa", "Libanesische Medien berichteten", "unverified", None),
    (
        "de_wire_dpa",
        "Das ließ sich zunächst nicht unabhängig überprüfen",
        "unverified",
        "palästinensischen Gruppe",
    ),
    ("de_wire_dpa", "soll Israels Armee daraufhin mehrere Ziele", "hearsay", None),
    ("de_wire_dpa", "Die Waffenruhe war am Sonntag nach wochenlangen", "asserted", None),
]


@cache
def analysis(name: str) -> Analysis:
    return quellenlage.analyze_file(FIXTURES / f"{name}.txt")


def _where(a: Analysis, target: str) -> tuple[int, int]:
    for e in a.speech_events:
        if e.id == target:
            return e.message.start, e.message.end
    for s in a.statements:
        if s.id == target:
            return s.start, s.end
    raise AssertionError(f"target {target} is neither an event nor a statement")


@pytest.mark.parametrize(
    ("name", "piece", "status", "about"), ROWS, ids=[f"{r[0]}:{r[1][:30]}" for r in ROWS]
)
def test_status(name: str, piece: str, status: str, about: str | None) -> None:
    a = analysis(name)
    hits = [s for s in a.statements if piece in s.text]
    assert len(hits) == 1, f"{piece!r} found in {len(hits)} statements"
    st = hits[0]
    summary = "\n".join(f"{s.id} {s.status} {s.target} {s.text[:70]!r}" for s in a.statements)
    assert st.status == status, summary
    if about is not None:
        note_target = st.target or next(
            (e.target for e in a.speech_events if e.id in st.events and e.target), None
        )
        assert note_target is not None, summary
        start, end = _where(a, note_target)
        assert about in a.article.text[start:end], (note_target, a.article.text[start:end])


def test_every_fixture_has_rows() -> None:
    assert {r[0] for r in ROWS} == {p.stem for p in FIXTURES.glob("*.txt")}
