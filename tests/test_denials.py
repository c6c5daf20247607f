"""Denials on whole invented texts: what each denial is about, and what becomes denied."""

from __future__ import annotations

import quellenlage

OPENING_DENIAL = (
    "Kreml weist Bericht über Truppen zurück\n\n"
    "Moskau. Der Kreml hat Berichte über eine Verlegung zusätzlicher Truppen an die finnische "
    "Grenze zurückgewiesen. „Das ist reine Propaganda“, sagte Kremlsprecher Dmitri Peskow am "
    "Montag. Die „Financial Times“ hatte unter Berufung auf Geheimdienstkreise berichtet, "
    "Russland verlege mehrere Tausend Soldaten in die Region.\n\n"
    "Der finnische Verteidigungsminister warnte vor voreiligen Schlüssen."
)


def test_an_opening_denial_targets_the_report_told_after_it() -> None:
    events = quellenlage.analyze(OPENING_DENIAL).speech_events
    by_start = {e.message.text[:12]: e for e in events}
    denial = by_start["Der Kreml ha"]
    echo = by_start["„Das ist rei"]
    report = by_start["Russland ver"]
    assert denial.status == "denied" and denial.target == report.id
    assert any(x.startswith("rule:later-report@") for x in denial.evidence)
    # the spokesman's "Propaganda" denies the same report, not the Kremlin's own denial
    assert echo.target == report.id
    assert report.status == "denied"


def test_a_later_claim_is_not_taken_for_an_opening_denial_outside_the_opening() -> None:
    text = " ".join(["Die Stadt plant einen neuen Bahnhof."] * 6) + " " + OPENING_DENIAL
    events = quellenlage.analyze(text).speech_events
    denial = next(e for e in events if e.message.text.startswith("Der Kreml"))
    assert not any(x.startswith("rule:later-report@") for x in denial.evidence)
