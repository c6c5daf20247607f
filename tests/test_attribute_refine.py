"""The repair rules after the CRF (``attribute/rules/``) on hand-written German sentences.

Each test builds a tagged ``Doc`` with ``annotate_text`` (the shipped tagger, no ../shared),
gives ``refine`` what the CRF produced (or nothing) and checks the roles by their words.
"""

from __future__ import annotations

import pytest

from quellenlage.annotate import annotate_text, annotate_tokens
from quellenlage.attribute import rules
from quellenlage.attribute.rules.base import rule_lexicon
from quellenlage.doc import Doc
from quellenlage.doc import Event as EventCandidate


def refine(doc: Doc, events: list[EventCandidate]) -> list[EventCandidate]:
    """The rules layer over the given (CRF) events; returns the refined events."""
    doc.events = events
    rules.refine(doc)
    return doc.events


def _words(doc: Doc, idx: list[int]) -> str:
    return " ".join(doc.tokens[i].text for i in idx)


def _find(doc: Doc, word: str, sent: int = 0) -> int:
    return next(t.i for t in doc.sentences[sent].tokens if t.text == word)


def _span(doc: Doc, first: str, last: str, sent: int = 0) -> list[int]:
    return list(range(_find(doc, first, sent), _find(doc, last, sent) + 1))


def _one(events: list[EventCandidate], form: str) -> EventCandidate:
    found = [e for e in events if e.form == form]
    assert len(found) == 1, events
    return found[0]


@pytest.mark.parametrize(
    ("text", "cue", "source", "message"),
    [
        (
            "»Das ist ein schwarzer Tag für die Region«, erklärte die Gewerkschaft Verdi.",
            "erklärte",
            "die Gewerkschaft Verdi",
            "» Das ist ein schwarzer Tag für die Region «",
        ),
        (
            "«Wir haben keine andere Wahl», sagte der Bundesrat am Mittwoch in Bern.",
            "sagte",
            "der Bundesrat",
            "« Wir haben keine andere Wahl »",
        ),
        (
            "„Wir reparieren die Brücke“, sagte Bürgermeister Klaus Weber.",
            "sagte",
            "Bürgermeister Klaus Weber",
            "„ Wir reparieren die Brücke “",
        ),
        (
            'Der Trainer sagte: "Die Mannschaft hat alles gegeben."',
            "sagte",
            "Der Trainer",
            '" Die Mannschaft hat alles gegeben . "',
        ),
    ],
)
def test_quote_with_frame_is_direct(text: str, cue: str, source: str, message: str) -> None:
    doc = annotate_text(text)
    e = _one(refine(doc, []), "Direct")
    assert (_words(doc, e.cue), _words(doc, e.source), _words(doc, e.message)) == (
        cue,
        source,
        message,
    )
    assert "rule:quote-frame" in e.evidence


def test_guillemet_quote_found_as_indirect_becomes_direct() -> None:
    doc = annotate_text("«Wir haben keine andere Wahl», sagte der Bundesrat.")
    quote = _span(doc, "«", "»")
    crf = EventCandidate("Indirect", quote, cue=[_find(doc, "sagte")])
    out = refine(doc, [crf])
    assert [e.form for e in out] == ["Direct"]
    assert crf.form == "Indirect"  # the engine's own list is not changed


def test_split_frame_makes_two_quotes_with_one_frame() -> None:
    # one event per quote, as in the SpkAtt data and the sourcing gold
    doc = annotate_text(
        "„Die Lage ist ernst“, sagte die Ministerin, „aber wir haben sie im Griff.“"
    )
    first, second = sorted(
        (e for e in refine(doc, []) if e.form == "Direct"), key=lambda e: e.message
    )
    assert "ernst" in _words(doc, first.message) and "Griff" not in _words(doc, first.message)
    assert "Griff" in _words(doc, second.message) and "ernst" not in _words(doc, second.message)
    assert _words(doc, first.source) == _words(doc, second.source) == "die Ministerin"
    assert first.cue == second.cue


def test_quote_without_frame_is_no_event() -> None:
    doc = annotate_text('Die Zeitung "Morgenpost" erscheint seit 1898 in der Stadt.')
    assert refine(doc, []) == []


@pytest.mark.parametrize(
    ("text", "cue", "source", "message"),
    [
        (
            "Laut einem Facebook-Post des Vereins fällt das Fest in diesem Jahr aus.",
            "Laut",
            "einem Facebook-Post des Vereins",
            "fällt das Fest in diesem Jahr aus",
        ),
        (
            "Dem Statistischen Bundesamt zufolge stiegen die Preise um drei Prozent.",
            "zufolge",
            "Dem Statistischen Bundesamt",
            "stiegen die Preise um drei Prozent",
        ),
        (
            "Nach Angaben des Innenministeriums kamen im Mai weniger Menschen ins Land.",
            "Nach Angaben",
            "des Innenministeriums",
            "kamen im Mai weniger Menschen ins Land",
        ),
        (
            "Die Boote sind laut dem Kapitän zudem recht klein.",
            "laut",
            "dem Kapitän",
            "Die Boote sind zudem recht klein",
        ),
    ],
)
def test_laut_np(text: str, cue: str, source: str, message: str) -> None:
    doc = annotate_text(text)
    e = _one(refine(doc, []), "Indirect")
    assert (_words(doc, e.cue), _words(doc, e.source), _words(doc, e.message)) == (
        cue,
        source,
        message,
    )
    assert "rule:laut-np" in e.evidence


def test_laut_event_with_a_nested_framed_quote() -> None:
    doc = annotate_text(
        "Laut einem Tweet des Reporters Max Muster soll der Minister die Bitte abgelehnt haben: "
        "\"Die Regierung antwortete: 'Das kommt nicht in Frage'\"."
    )
    out = refine(doc, [])
    outer = _one(out, "Indirect")
    inner = _one(out, "Direct")
    assert _words(doc, outer.source) == "einem Tweet des Reporters Max Muster"
    assert _words(doc, outer.message).startswith("soll der Minister")
    assert "kommt nicht in Frage" in _words(doc, outer.message)
    assert (_words(doc, inner.cue), _words(doc, inner.source)) == ("antwortete", "Die Regierung")
    assert _words(doc, inner.message) == "' Das kommt nicht in Frage '"
    assert inner.is_nested and outer.has_nested


def test_laut_completes_a_message_the_crf_cut_at_the_cue() -> None:
    doc = annotate_text("Die Firma wartet laut Kristján Loftsson nur noch auf eine Genehmigung.")
    before = EventCandidate("Indirect", _span(doc, "Die", "wartet"))
    after = EventCandidate(
        "Indirect",
        _span(doc, "nur", "Genehmigung"),
        cue=[_find(doc, "laut")],
        source=_span(doc, "Kristján", "Loftsson"),
    )
    out = refine(doc, [before, after])
    assert len(out) == 1
    assert _words(doc, out[0].message) == "Die Firma wartet nur noch auf eine Genehmigung"


def test_wie_x_mitteilte_source_is_not_the_time_phrase() -> None:
    doc = annotate_text("Wie das Unternehmen am Freitag mitteilte, sollen 500 Stellen wegfallen.")
    crf = EventCandidate(
        "Indirect",
        _span(doc, "sollen", "wegfallen"),
        cue=[_find(doc, "mitteilte")],
        source=[_find(doc, "Freitag")],
    )
    e = _one(refine(doc, [crf]), "Indirect")
    assert _words(doc, e.source) == "das Unternehmen"
    assert _words(doc, e.cue) == "Wie mitteilte"  # the SpkAtt cue of a wie-clause
    assert "rule:wie-clause" in e.evidence


def test_fronted_time_phrase_leaves_the_source() -> None:
    doc = annotate_text(
        'Ende vergangener Woche berichtete die Zeitung "Daily NK", dass man fürchte.'
    )
    crf = EventCandidate(
        "Indirect",
        _span(doc, "dass", "fürchte"),
        cue=[_find(doc, "berichtete")],
        source=_span(doc, "Ende", "NK"),
    )
    e = _one(refine(doc, [crf]), "Indirect")
    assert _words(doc, e.source) == 'die Zeitung " Daily NK "'


@pytest.mark.parametrize(
    ("text", "form", "cue", "source", "message", "rule"),
    [
        # Reported events are the whole sentence without a cue, as in the SpkAtt data
        (
            "Das Ministerium wies die Vorwürfe der Opposition entschieden zurück.",
            "Reported",
            "",
            "Das Ministerium",
            "Das Ministerium wies die Vorwürfe der Opposition entschieden zurück .",
            "rule:denial-verb",
        ),
        (
            "Die Opposition kritisierte die Pläne der Regierung scharf.",
            "Reported",
            "",
            "Die Opposition",
            "Die Opposition kritisierte die Pläne der Regierung scharf .",
            "rule:reported-verb",
        ),
        (
            "Am Abend forderte die Gewerkschaft Verdi einen Streik.",
            "Reported",
            "",
            "die Gewerkschaft Verdi",
            "Am Abend forderte die Gewerkschaft Verdi einen Streik .",
            "rule:reported-verb",
        ),
        (
            "Der Minister hat die Vorwürfe am Montag zurückgewiesen.",
            "Reported",
            "",
            "Der Minister",
            "Der Minister hat die Vorwürfe am Montag zurückgewiesen .",
            "rule:denial-verb",
        ),
        (
            "Die Polizei bestätigte, dass zwei Männer festgenommen wurden.",
            "Indirect",
            "bestätigte",
            "Die Polizei",
            "dass zwei Männer festgenommen wurden",
            "rule:reported-verb",
        ),
    ],
)
def test_reported_verbs(
    text: str, form: str, cue: str, source: str, message: str, rule: str
) -> None:
    doc = annotate_text(text)
    e = _one(refine(doc, []), form)
    assert (_words(doc, e.cue), _words(doc, e.source), _words(doc, e.message)) == (
        cue,
        source,
        message,
    )
    assert rule in e.evidence


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # the subject before a relative clause or an apposition set off by commas
        ("Die Bürgermeisterin, die seit 2019 im Amt ist, kritisierte den Beschluss.",
         "Die Bürgermeisterin"),
        ("Der Vorstand der Bahn, Klaus Berger, kündigte neue Züge an.",
         "Der Vorstand der Bahn , Klaus Berger"),
        # the first verb of a coordination has the subject
        ("Der Verein fühlt sich übergangen und klagt gegen die Stadt.", "Der Verein"),
        # adverbs and "sich" between a fronted verb and its subject
        ("Genau das fordern nun die Anrainer.", "die Anrainer"),
        ("Diesem Urteil schloss sich gestern der Verfassungsgerichtshof an.",
         "der Verfassungsgerichtshof"),
        # a clause in the Vorfeld: the subject follows the verb
        ("Was die Zinsen betrifft, rechnet die Notenbank mit einer Senkung.", "die Notenbank"),
        # a clause-final particle the tagger calls an adverb; a participle called finite
        ("Der Trainer führte die Niederlage auf die vielen Verletzungen zurück.", "Der Trainer"),
        ("Das Landesamt macht auf die Brandgefahr in den Wäldern aufmerksam.", "Das Landesamt"),
        ("Die Stadtwerke hatten sich für den Ausfall entschuldigt und Gutscheine verteilt.",
         "Die Stadtwerke"),
    ],
)  # fmt: skip
def test_reported_speech_act_subjects(text: str, source: str) -> None:
    doc = annotate_text(text)
    e = _one(refine(doc, []), "Reported")
    assert _words(doc, e.source) == source
    assert e.evidence[0] in {"rule:reported-verb", "rule:denial-verb"}


@pytest.mark.parametrize(
    "text",
    [
        "Die Identität des Opfers wurde am Abend bestätigt.",  # passive: no speaker named
        "Ein Taifun forderte am Sonntag zwölf Todesopfer.",  # no one who can speak
        "Nach der Auktion meldete sich der Käufer nicht mehr.",  # sich melden: no speech act
        "Der Festakt fand im Rathaus statt (die Zeitung berichtete).",  # a reference
    ],
)
def test_no_reported_speech_act(text: str) -> None:
    doc = annotate_text(text)
    assert [e for e in refine(doc, []) if e.form == "Reported"] == []


def test_a_speech_act_beside_another_event_is_its_own() -> None:
    # the rejection is one event, the report it rejects ("wonach ...") another
    doc = annotate_text(
        "Die Kommission hat einen Bericht zurückgewiesen, wonach sie eine Armee plane."
    )
    crf = EventCandidate("Indirect", _span(doc, "sie", "plane"), cue=[_find(doc, "wonach")])
    events = refine(doc, [crf])
    rep = _one(events, "Reported")
    assert _words(doc, rep.source) == "Die Kommission"
    assert len(events) == 2


@pytest.mark.parametrize(
    ("text", "source", "message"),
    [
        ("Ein Bericht der Zeitung Kurier, wonach der Bahnhof schließen müsse, sorgte für Unmut.",
         "Ein Bericht der Zeitung Kurier", "der Bahnhof schließen müsse"),
        ("Der Verband hat Gerüchte zurückgewiesen, wonach die Saison abgebrochen werde.",
         "Gerüchte", "die Saison abgebrochen werde"),
    ],
)  # fmt: skip
def test_wonach_clause_is_what_the_noun_says(text: str, source: str, message: str) -> None:
    doc = annotate_text(text)
    e = next(e for e in refine(doc, []) if e.form == "Indirect")
    assert (_words(doc, e.cue), _words(doc, e.source), _words(doc, e.message)) == (
        "wonach",
        source,
        message,
    )


@pytest.mark.parametrize(
    ("text", "source", "message", "addressee"),
    [
        ("Ein Sprecher sagte der Zeitung, die Ermittlungen dauerten an.", "Ein Sprecher",
         "die Ermittlungen dauerten an", "der Zeitung"),
        ("Am Montag erklärte die Ministerin, die neue Regelung gelte ab Mai.", "die Ministerin",
         "die neue Regelung gelte ab Mai", ""),
    ],
)  # fmt: skip
def test_say_comma_clause(text: str, source: str, message: str, addressee: str) -> None:
    doc = annotate_text(text)
    e = _one(refine(doc, []), "Indirect")
    assert (_words(doc, e.source), _words(doc, e.message), _words(doc, e.addr)) == (
        source,
        message,
        addressee,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Schon am Morgen ging vielen Autos der Sprit aus, die Fahrer warteten stundenlang.",
        "Sie sagte nichts, als der Richter hereinkam.",
    ],
)
def test_no_say_comma_clause(text: str) -> None:
    doc = annotate_text(text)
    assert not any("rule:say-comma-clause" in e.evidence for e in refine(doc, []))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Die Lage ist schwierig, gesteht die Bürgermeisterin zu.", "die Bürgermeisterin"),
        ("Das stimmt so nicht, ärgert sich der Trainer.", "der Trainer"),
        ("Sie mögen ihn nicht, titelte die Zeitung.", "die Zeitung"),
    ],
)
def test_frame_only_verbs_after_the_content(text: str, source: str) -> None:
    doc = annotate_text(text)
    e = _one(refine(doc, []), "Direct")
    assert _words(doc, e.source) == source
    assert "rule:postposed-frame" in e.evidence


def test_rules_keep_the_closed_verb_classes_closed() -> None:
    # the tagger's slips, as the rules read them (the tokens keep the tagger's tags)
    from quellenlage.attribute.rules.base import tag

    texts = [
        "Den Vorwurf weist der Konzern zurück .",
        "Die Frau , die dort wohnt , wies die Kritik zurück .",
        "Sie hat es gesagt und wird es sagen .",
    ]
    doc = annotate_tokens([t.split() for t in texts])
    read = {(s.i, t.text): tag(s, k) for s in doc.sentences for k, t in enumerate(s.tokens)}
    assert read[(0, "weist")] == "VVFIN"  # no auxiliary
    assert read[(1, "wies")] == "VVFIN"  # no conjunction
    assert read[(2, "hat")] == "VAFIN" and read[(2, "wird")] == "VAFIN"


def test_crf_reported_event_gains_cue_and_source() -> None:
    doc = annotate_text("Der Kreml und Peking bestritten die Gerüchte vehement.")
    crf = EventCandidate("Reported", list(range(len(doc.sentences[0].tokens))))
    e = _one(refine(doc, [crf]), "Reported")
    assert (_words(doc, e.cue), _words(doc, e.source)) == ("", "Der Kreml und Peking")


def test_evidential_sollen_is_free_indirect() -> None:
    doc = annotate_text("Der Sänger soll bei dem Konzert in Wien zusammengebrochen sein.")
    body = list(range(len(doc.sentences[0].tokens) - 1))
    e = _one(refine(doc, [EventCandidate("Indirect", body)]), "FreeIndirect")
    assert _words(doc, e.cue) == "soll"
    assert "rule:evidential-sollen" in e.evidence
    # and one is added where the CRF found none
    assert [x.form for x in refine(doc, [])] == ["FreeIndirect"]


def test_planned_sollen_is_no_event() -> None:
    doc = annotate_text("Die neue Schule soll im Herbst eröffnet werden.")
    body = list(range(len(doc.sentences[0].tokens) - 1))
    assert refine(doc, [EventCandidate("Indirect", body)]) == []
    assert refine(doc, []) == []


def test_frame_after_clause_with_passive_citation() -> None:
    doc = annotate_text("Man werde die Waffen niemals aufgeben, werden Quellen zitiert.")
    e = _one(refine(doc, []), "Indirect")
    assert (_words(doc, e.cue), _words(doc, e.source)) == ("werden zitiert", "Quellen")
    assert _words(doc, e.message) == "Man werde die Waffen niemals aufgeben"


def test_conclusion_phrase() -> None:
    doc = annotate_text(
        "Eine Studie der Universität Hamburg kommt zu dem Schluss, dass Lärm krank macht."
    )
    e = _one(refine(doc, []), "Indirect")
    assert _words(doc, e.cue) == "kommt zu dem Schluss"
    assert _words(doc, e.source) == "Eine Studie der Universität Hamburg"
    assert _words(doc, e.message) == "dass Lärm krank macht"


def test_group_einig() -> None:
    doc = annotate_text("Die Reform kommt zu spät – da sind sich fast alle Experten einig.")
    e = _one(refine(doc, []), "Indirect")
    assert _words(doc, e.source) == "fast alle Experten"
    assert _words(doc, e.message) == "Die Reform kommt zu spät"


def test_plain_sentence_gets_no_event() -> None:
    doc = annotate_text("Die Brücke ist seit Montag für den Verkehr gesperrt.")
    assert refine(doc, []) == []


def test_rule_lexicon_kinds_are_documented_and_loaded() -> None:
    lex = rule_lexicon()
    for kind in ("prep", "post", "nach", "reported", "denial", "confirm", "time"):
        assert lex.kinds.get(kind), kind
    assert lex.has("denial", "zurückweisen") and lex.has("prep", "Laut")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Der Täter soll in Wien gewohnt haben.", "hearsay"),  # evidential, no source
        ("Die Brücke soll bis Mai fertig sein.", "asserted"),  # a plan
    ],
)
def test_one_sollen_decision_for_events_and_statements(text: str, status: str) -> None:
    from quellenlage import analyze

    analysis = analyze(text)
    assert [s.status for s in analysis.statements] == [status]


def test_konjunktiv_sentence_continues_the_indirect_event_before_it() -> None:
    doc = annotate_text(
        "Der Bürgermeister sagte, die Stadt habe kein Geld mehr. "
        "Auch die Bibliothek werde kürzer öffnen. Die Brücke ist gesperrt."
    )
    crf = EventCandidate(
        "Indirect",
        _span(doc, "die", "mehr"),
        cue=[_find(doc, "sagte")],
        source=_span(doc, "Der", "Bürgermeister"),
    )
    out = refine(doc, [crf])
    cont = _one(out, "IndirectFreeIndirect")
    assert _words(doc, cont.message) == "Auch die Bibliothek werde kürzer öffnen ."
    assert cont.source == crf.source
    assert len(out) == 2  # the indicative third sentence is the outlet's own


def test_wie_clause_fixes_a_cueless_crf_event() -> None:
    doc = annotate_text("Wie die Polizei am Montagabend berichtete, wurde niemand verletzt.")
    crf = EventCandidate("Indirect", list(range(len(doc.sentences[0].tokens) - 1)))
    e = _one(refine(doc, [crf]), "Indirect")
    assert (_words(doc, e.cue), _words(doc, e.source)) == ("Wie berichtete", "die Polizei")
    assert _words(doc, e.message) == "wurde niemand verletzt"


def test_trailing_wie_clause() -> None:
    doc = annotate_text("Die Lage ist ernst, wie Menschenrechtsorganisationen betonen.")
    e = _one(refine(doc, []), "Indirect")
    assert (_words(doc, e.cue), _words(doc, e.source)) == (
        "wie betonen",
        "Menschenrechtsorganisationen",
    )
    assert _words(doc, e.message) == "Die Lage ist ernst"


def test_fronted_phrase_before_hiess_es_is_the_source() -> None:
    doc = annotate_text("Aus Regierungskreisen hieß es, der Kanzler wolle umbilden.")
    crf = EventCandidate(
        "Indirect",
        _span(doc, "der", "umbilden"),
        cue=[_find(doc, "hieß"), _find(doc, "es")],
    )
    e = _one(refine(doc, [crf]), "Indirect")
    assert _words(doc, e.source) == "Regierungskreisen"
    assert "rule:aus-kreisen" in e.evidence


@pytest.mark.parametrize(
    ("text", "evidential"),
    [
        ("Er soll den Täter gekannt haben.", True),
        ("Zwei Menschen sollen verletzt worden sein.", True),
        ("Der Täter soll aus Wien stammen.", True),
        ("Die Brücke soll bis Mai fertig sein.", False),  # a plan: no perfect infinitive
        ("Das Museum soll 2027 eröffnet werden.", False),
    ],
)
def test_sollen_is_evidential_only_with_perfect_or_stative(text: str, evidential: bool) -> None:
    out = refine(annotate_text(text), [])
    assert [e.form for e in out] == (["FreeIndirect"] if evidential else [])
