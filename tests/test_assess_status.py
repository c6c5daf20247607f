"""The assess stage alone: hand-built token docs and event candidates in, statuses out."""

from __future__ import annotations

import pytest

from helpers import assess
from quellenlage.annotate import annotate_tokens
from quellenlage.doc import Doc, EntitySpan
from quellenlage.eval.spkatt import SpkAttEvent as EventCandidate


def _doc(*sentences: str) -> Doc:
    # Tagged like real input: lemmas and particles decide denial cues.
    return annotate_tokens([s.split() for s in sentences])


def _r(s: int, a: int, b: int) -> list[tuple[int, int]]:
    return [(s, i) for i in range(a, b)]


def _entity(doc: Doc, text: str, label: str, canonical: str) -> EntitySpan:
    start = doc.text.index(text)
    return EntitySpan(text, start, start + len(text), label, canonical)


def test_denial_targets_the_claim_it_denies() -> None:
    doc = _doc(
        "Am Montag berichtete der Geheimdienst , dass Putin China um Hilfe gebeten habe .",
        "Der Kreml und Peking bestritten die Gerüchte vehement .",
    )
    cands = [
        EventCandidate("Indirect", _r(0, 6, 14), cue=[(0, 2)], source=_r(0, 3, 5)),
        EventCandidate("Reported", _r(1, 5, 7), cue=[(1, 4)], source=_r(1, 0, 4)),
    ]
    events, statements, summary = assess(doc, [], cands)
    claim, denial = events
    assert denial.status == "denied" and denial.target == claim.id
    assert claim.status == "denied"
    assert claim.source is not None and claim.source.type == "authority"
    assert denial.source is not None and denial.source.type == "government"
    assert [p.text for p in denial.source.parts] == ["Der Kreml", "Peking"]
    assert [s.status for s in statements] == ["denied", "denied"]
    assert summary.by_status["denied"] == 2


def test_denial_with_dass_clause_has_no_target() -> None:
    doc = _doc("Der Minister bestritt , dass er von den Zahlungen gewusst habe .")
    cands = [EventCandidate("Indirect", _r(0, 4, 11), cue=[(0, 2)], source=_r(0, 0, 2))]
    (event,), _, _ = assess(doc, [], cands)
    assert event.status == "denied" and event.target is None
    assert event.source is not None and event.source.type == "person"


def test_unverified_note_marks_the_nested_quote() -> None:
    doc = _doc(
        "Laut einem Tweet der Journalistin Sarah Hurst soll Kim abgelehnt haben : "
        "\" Nordkorea antwortete : ' Ihr seid zu verrückt ' \" .",
        "Das Zitat konnte nicht unabhängig verifiziert werden .",
    )
    hurst = _entity(doc, "Sarah Hurst", "PER", "Sarah Hurst")
    cands = [
        EventCandidate("Indirect", _r(0, 7, 22), cue=[(0, 0)], source=_r(0, 1, 7), has_nested=True),
        EventCandidate("Direct", _r(0, 16, 20), cue=[(0, 14)], source=[(0, 13)], is_nested=True),
    ]
    events, statements, _ = assess(doc, [hurst], cands)
    outer, quote = events
    assert quote.parent == outer.id
    assert quote.status == "unverified"
    # a named source outweighs evidential "soll" (DESIGN.md §3): attributed, marked
    assert outer.status == "attributed" and "sollen" in outer.markers
    assert outer.source is not None and outer.source.type == "social_media"
    assert outer.source.canonical == "Sarah Hurst"
    chain = [(link.name, link.type) for link in quote.chain]
    assert chain[0] == ("outlet", "outlet")
    assert ("Sarah Hurst", "person") in chain
    assert chain.index(("Sarah Hurst", "person")) < len(chain) - 1
    note = statements[1]
    assert note.status == "unverified" and note.target == quote.id


def test_markers_without_events() -> None:
    doc = _doc(
        "Der Täter soll aus dem Ausland stammen .",
        "Angeblich wurden drei Autos beschädigt .",
        "Die Brücke ist seit Montag gesperrt .",
        "Die Angaben ließen sich zunächst nicht überprüfen .",
    )
    _, statements, summary = assess(doc, [], [])
    # "Die Angaben" points back at the last claim that rests on hearsay, not at the outlet's
    # own assertion in between.
    assert [s.status for s in statements] == ["hearsay", "unverified", "asserted", "unverified"]
    assert statements[3].target == statements[1].id
    assert "sollen" in statements[0].markers
    assert any(e.startswith("marker:") for e in statements[1].evidence)
    assert summary.by_status["asserted"] == 1


def test_obligation_sollen_is_not_hearsay() -> None:
    doc = _doc("Die Schule soll im Herbst eröffnen .", "Er soll krank gewesen sein .")
    _, statements, _ = assess(doc, [], [])
    assert [s.status for s in statements] == ["asserted", "hearsay"]


def test_source_types_by_head_noun() -> None:
    doc = _doc(
        "Experten warnten , die Lage sei ernst .",
        "Ein Beamter sagte , es gebe keine Pläne .",
        'Die Zeitung " Daily NK " berichtete , Pjöngjang fürchte eine Invasion .',
        "Eine Studie der Universität kommt zu dem Schluss , dass Lärm krank mache .",
        "Er sagte , die Brücke sei sicher .",
    )
    cands = [
        EventCandidate("Indirect", _r(0, 3, 7), cue=[(0, 1)], source=[(0, 0)]),
        EventCandidate("Indirect", _r(1, 4, 8), cue=[(1, 2)], source=_r(1, 0, 2)),
        EventCandidate("Indirect", _r(2, 8, 12), cue=[(2, 6)], source=_r(2, 0, 6)),
        EventCandidate("Indirect", _r(3, 9, 14), cue=_r(3, 4, 8), source=_r(3, 0, 4)),
        EventCandidate("Indirect", _r(4, 3, 7), cue=[(4, 1)], source=[(4, 0)]),
    ]
    hurst = _entity(_doc("x"), "x", "PER", "x")  # unused entity must not disturb typing
    events, _, summary = assess(doc, [hurst], cands)
    types = [e.source.type if e.source else None for e in events]
    # "Eine Studie der Universität": the source is the university (DESIGN.md §3)
    assert types[:4] == ["vague", "anonymous", "media", "organisation"]
    assert events[2].source is not None and events[2].source.canonical == "Daily NK"
    assert events[0].status == "hearsay" and events[1].status == "hearsay"
    assert events[2].status == "attributed"
    assert summary.by_source_type["media"] == 1


def test_pronoun_links_to_the_named_person() -> None:
    doc = _doc(
        "Bürgermeisterin Anna Berg eröffnete die Sitzung .",
        "Sie sagte , die Stadt habe kein Geld .",
    )
    berg = _entity(doc, "Anna Berg", "PER", "Anna Berg")
    cands = [EventCandidate("Indirect", _r(1, 3, 8), cue=[(1, 1)], source=[(1, 0)])]
    (event,), _, _ = assess(doc, [berg], cands)
    assert event.source is not None
    assert event.source.type == "person" and event.source.canonical == "Anna Berg"
    assert any(e.startswith("source-type:person") for e in event.evidence)


def test_ifi_continues_the_previous_source() -> None:
    doc = _doc(
        "Die Ministerin sagte , das Gesetz komme im Mai .",
        "Es werde niemanden benachteiligen .",
    )
    cands = [
        EventCandidate("Indirect", _r(0, 4, 9), cue=[(0, 2)], source=_r(0, 0, 2)),
        EventCandidate("IndirectFreeIndirect", _r(1, 0, 4)),
    ]
    first, second = assess(doc, [], cands)[0]
    assert second.source is not None and second.source.text == first.source.text  # type: ignore[union-attr]
    assert second.status == "attributed"


def test_particle_verb_denial_targets_the_rumour() -> None:
    doc = _doc(
        "Im Netz kursieren Gerüchte , wonach die Brücke abgerissen werden soll .",
        'Ein Sprecher des Verkehrsministeriums wies das als " völlig haltlos " zurück .',
    )
    cands = [
        EventCandidate("Indirect", _r(0, 5, 11), cue=[(0, 4)], source=[(0, 2)]),
        EventCandidate("Direct", _r(1, 8, 10), cue=[(1, 4)], source=_r(1, 0, 4)),
    ]
    rumour, denial = assess(doc, [], cands)[0]
    assert denial.status == "denied" and denial.target == rumour.id
    # An unnamed spokesperson is a described person (DESIGN.md §3).
    assert denial.source is not None and denial.source.type == "person"
    assert rumour.status == "denied"


def test_unnamed_roles() -> None:
    doc = _doc(
        "Ein Mitarbeiter des Bauamts sagte , die Pläne seien alt .",
        "Eine Ärztin sagte , die Station sei voll .",
    )
    cands = [
        EventCandidate("Indirect", _r(0, 6, 10), cue=[(0, 4)], source=_r(0, 0, 4)),
        EventCandidate("Indirect", _r(1, 4, 8), cue=[(1, 2)], source=_r(1, 0, 2)),
    ]
    insider, doctor = assess(doc, [], cands)[0]
    assert insider.source is not None and insider.source.type == "anonymous"
    assert insider.status == "hearsay"
    assert doctor.source is not None and doctor.source.type == "person"
    assert doctor.status == "attributed"


def _statuses(text: str) -> dict[str, str]:
    import quellenlage

    a = quellenlage.analyze(text)
    return {e.message.text: e.status for e in a.speech_events}


def test_rejecting_a_report_denies_every_claim_of_it() -> None:
    statuses = _statuses(
        "Die Zeitung Kurier berichtete am Freitag, die Stadt plane den Verkauf der Stadtwerke. "
        "Der Erlös solle in den Wohnbau fließen. "
        "Das Rathaus hat den Bericht des Kurier als falsch zurückgewiesen. "
        "Bürgermeisterin Anna Roth sagte, es gebe keine Verkaufspläne."
    )
    report = [s for m, s in statuses.items() if "Verkauf der Stadtwerke" in m or "Erlös" in m]
    assert report and set(report) == {"denied"}, statuses


def test_a_specific_accusation_denies_only_the_claims_about_it() -> None:
    statuses = _statuses(
        "Gewerkschafterin Eva Brandl sagte, der Konzern zahle zu niedrige Löhne. "
        "Außerdem verhindere der Vorstand jede Mitbestimmung im Betrieb. "
        "Brandl sagte, sie hoffe auf Gespräche im Herbst. "
        "Brandls Mitbestimmungs-Vorwurf weist der Konzern zurück."
    )
    assert [s for m, s in statuses.items() if "Mitbestimmung im Betrieb" in m] == ["denied"]
    assert [s for m, s in statuses.items() if "Gespräche im Herbst" in m] == ["attributed"]


def test_denial_phrases_deny_and_name_what_they_deny() -> None:
    import quellenlage

    a = quellenlage.analyze(
        "Die Zeitung Kurier berichtete, es gebe einen geheimen Plan zur Schließung der Klinik. "
        "„Es gibt keinen Plan“, sagte die Gesundheitsministerin Eva Lang am Abend."
    )
    report = next(e for e in a.speech_events if "geheimen Plan" in e.message.text)
    denial = next(e for e in a.speech_events if "keinen Plan" in e.message.text)
    assert denial.status == "denied" and denial.target == report.id
    assert report.status == "denied"


@pytest.mark.parametrize(
    "text",
    [
        "Der Angeklagte bekennt sich nicht schuldig.",
        "Das stimmt so nicht, sagte der Bürgermeister Karl Weiß.",
    ],
)
def test_denial_phrases(text: str) -> None:
    import quellenlage

    assert any(e.status == "denied" for e in quellenlage.analyze(text).speech_events)
