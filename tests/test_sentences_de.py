"""German gold cases through the whole pipeline: every form, status, source type, quote style.

Each case is a short text written for this suite (not taken from any corpus) with what a careful
reader says about it. A case names only what matters for it, so that span borders stay the
engine's business: an event of a form, whose source contains some words and has a type, whose
message contains some words; and the status of the statement that contains some words.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import quellenlage
from quellenlage.model import Analysis, SpeechEvent


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    form: str | None = None  # an event of this form must exist ...
    source: str | None = None  # ... whose source contains this ...
    source_type: str | None = None  # ... of this type ...
    message: str | None = None  # ... and whose message contains this
    statement: str | None = None  # the statement containing this text ...
    status: str | None = None  # ... has this status
    no_events: bool = False


CASES = [
    # --- quote styles and positions (Direct)
    Case(
        "quote-german-after",
        "„Wir werden die Brücke bis Mai reparieren“, sagte Bürgermeister Klaus Weber.",
        "Direct",
        "Klaus Weber",
        "person",
        "Brücke bis Mai",
        "reparieren",
        "attributed",
    ),
    Case(
        "quote-straight-before",
        'Der Trainer sagte: "Die Mannschaft hat heute alles gegeben."',
        "Direct",
        "Trainer",
        "person",
        "Mannschaft hat heute",
        "alles gegeben",
        "attributed",
    ),
    Case(
        "quote-guillemets",
        "»Das ist ein schwarzer Tag für die Region«, erklärte die Gewerkschaft Verdi.",
        "Direct",
        "Gewerkschaft",
        "organisation",
        "schwarzer Tag",
        "schwarzer Tag",
        "attributed",
    ),
    Case(
        "quote-swiss",
        "«Wir haben keine andere Wahl», sagte der Bundesrat am Mittwoch in Bern.",
        "Direct",
        "Bundesrat",
        None,
        "keine andere Wahl",
        "Wahl",
        "attributed",
    ),
    Case(
        "quote-split-frame",
        "„Die Lage ist ernst“, sagte die Ministerin, „aber wir haben sie im Griff.“",
        "Direct",
        "Ministerin",
        "person",
        "Lage ist ernst",
        "Griff",
        "attributed",
    ),
    Case(
        "quote-two-sentences",
        "Die Ärztin Maria Lenz sagte: „Die Station ist voll. Wir müssen Patienten abweisen.“",
        "Direct",
        "Maria Lenz",
        "person",
        "Station ist voll",
        "abweisen",
        "attributed",
    ),
    Case(
        "quote-nested-single",
        "„Er rief mir zu: ‚Lauf weg!‘ Dann war alles dunkel“, sagte der Zeuge der Polizei.",
        "Direct",
        "Zeuge",
        "person",
        "Dann war alles dunkel",
        "dunkel",
        "attributed",
    ),
    Case(
        "quote-straight-single-nested",
        "Der Sprecher sagte: \"Der Minister hat mir gesagt: 'Wir bleiben dabei.'\"",
        "Direct",
        "Sprecher",
        "person",
        "Minister",
        "bleiben",
        "attributed",
    ),
    Case(
        "quote-frame-middle-verb-first",
        "„Das Spiel ist noch nicht entschieden“, betonte Kapitän Jonas Roth.",
        "Direct",
        "Jonas Roth",
        "person",
        "Spiel",
        "entschieden",
        "attributed",
    ),
    # --- indirect speech
    Case(
        "indirect-dass",
        "Die Polizei teilte mit, dass der Verdächtige festgenommen worden sei.",
        "Indirect",
        "Polizei",
        "authority",
        "Verdächtige festgenommen",
        "festgenommen",
        "attributed",
    ),
    Case(
        "indirect-konj1",
        "Der Minister sagte, er habe von den Zahlungen nichts gewusst.",
        "Indirect",
        "Minister",
        "person",
        "Zahlungen",
        "Zahlungen",
        "attributed",
    ),
    Case(
        "indirect-ob",
        "Die Staatsanwaltschaft prüft derzeit, ob gegen den Bürgermeister ermittelt werden muss. Ein Sprecher der Behörde sagte, man warte auf ein Gutachten.",
        "Indirect",
        "Sprecher",
        "person",
        "Gutachten",
        "Gutachten",
        "attributed",
    ),
    Case(
        "indirect-frame-after",
        "Die Preise würden weiter steigen, sagte der Ökonom Peter Klein am Montag.",
        "Indirect",
        "Peter Klein",
        "person",
        "Preise",
        "Preise",
        "attributed",
    ),
    Case(
        "indirect-laut",
        "Laut der Feuerwehr wurden bei dem Brand drei Menschen verletzt.",
        None,
        "Feuerwehr",
        "authority",
        "drei Menschen",
        "Brand",
        "attributed",
    ),
    Case(
        "indirect-zufolge",
        "Dem Statistischen Bundesamt zufolge stiegen die Preise im Oktober um drei Prozent.",
        None,
        "Bundesamt",
        "authority",
        "Preise",
        "Preise",
        "attributed",
    ),
    Case(
        "indirect-nach-angaben",
        "Nach Angaben des Innenministeriums kamen im Mai weniger Menschen ins Land.",
        None,
        "Innenministeriums",
        "government",
        "weniger Menschen",
        "Mai",
        "attributed",
    ),
    Case(
        "indirect-wie-mitteilte",
        "Wie das Unternehmen am Freitag mitteilte, sollen 500 Stellen wegfallen.",
        None,
        "Unternehmen",
        "organisation",
        "500 Stellen",
        "Stellen",
        None,
    ),
    Case(
        "indirect-media",
        "Wie die Nachrichtenagentur Reuters berichtete, stehen die Gespräche kurz vor dem Abschluss.",
        None,
        "Reuters",
        "media",
        "Gespräche",
        "Gespräche",
        "attributed",
    ),
    Case(
        "indirect-newspaper",
        "Die Zeitung „Tagesspiegel“ berichtete, der Senat plane eine neue Steuer.",
        "Indirect",
        "Tagesspiegel",
        "media",
        "Steuer",
        "Steuer",
        "attributed",
    ),
    Case(
        "indirect-kreml",
        "Der Kreml erklärte, die Gespräche seien konstruktiv gewesen.",
        "Indirect",
        "Kreml",
        "government",
        "Gespräche",
        "konstruktiv",
        "attributed",
    ),
    Case(
        "indirect-government",
        "Die Bundesregierung kündigte an, die Hilfen bis Ende des Jahres zu verlängern.",
        None,
        "Bundesregierung",
        "government",
        "Hilfen",
        "Hilfen",
        "attributed",
    ),
    Case(
        "indirect-document",
        # "eine Studie der X", "einem Bericht der X": the source is X (DESIGN.md §3)
        "Eine Studie der Universität Hamburg kommt zu dem Schluss, dass Lärm krank macht.",
        None,
        "Universität Hamburg",
        "organisation",
        "Lärm",
        "Lärm",
        "attributed",
    ),
    Case(
        "indirect-document-alone",
        # a document named on its own is the source, typed document
        "Dem Rundschreiben zufolge dürfen Schulen keine Werbung zeigen.",
        "Indirect",
        "Rundschreiben",
        "document",
        "keine Werbung",
        "Werbung",
        "attributed",
    ),
    Case(
        "indirect-tweet",
        "In einem Tweet schrieb die Abgeordnete Lena Vogt, sie werde gegen das Gesetz stimmen.",
        "Indirect",
        "Lena Vogt",
        "person",
        "Gesetz",
        "Gesetz",
        "attributed",
    ),
    Case(
        "indirect-social-laut",
        "Laut einem Facebook-Post des Vereins fällt das Fest in diesem Jahr aus.",
        None,
        "Facebook-Post",
        "social_media",
        "Fest",
        "Fest",
        "attributed",
    ),
    Case(
        "indirect-wonach",
        "Es gibt Berichte, wonach der Konzern die Produktion ins Ausland verlagern will.",
        None,
        None,
        None,
        "Produktion",
        "Produktion",
        None,
    ),
    # --- hearsay
    Case(
        "hearsay-soll-lead",
        "Der Sänger soll bei dem Konzert in Wien zusammengebrochen sein.",
        "FreeIndirect",
        None,
        None,
        "Konzert",
        "Sänger",
        "hearsay",
    ),
    Case(
        "hearsay-soll-haben",
        "Der Verein soll dem Spieler ein Gehalt von zwei Millionen Euro angeboten haben.",
        None,
        None,
        None,
        None,
        "Gehalt",
        "hearsay",
    ),
    Case(
        "hearsay-angeblich",
        "Angeblich wurden in der Nacht mehrere Schüsse abgegeben.",
        None,
        None,
        None,
        None,
        "Schüsse",
        "hearsay",
    ),
    Case(
        "hearsay-berichten-zufolge",
        "Berichten zufolge hat der Konzern bereits einen Käufer gefunden.",
        None,
        None,
        None,
        None,
        "Käufer",
        "hearsay",
    ),
    Case(
        "hearsay-anonymous",
        "Aus Regierungskreisen hieß es, der Kanzler wolle das Kabinett umbilden.",
        None,
        None,
        None,
        "Kabinett",
        "Kabinett",
        "hearsay",
    ),
    Case(
        "hearsay-insider",
        "Ein Insider sagte, die Fusion sei so gut wie beschlossen.",
        "Indirect",
        "Insider",
        "anonymous",
        "Fusion",
        "Fusion",
        "hearsay",
    ),
    Case(
        "hearsay-vague",
        "Experten warnen, die Zahl der Fälle könne im Winter stark steigen.",
        "Indirect",
        "Experten",
        "vague",
        "Zahl der Fälle",
        "Winter",
        "hearsay",
    ),
    Case(
        "hearsay-beamter-soll",
        "Ein Beamter soll vertrauliche Unterlagen an die Presse weitergegeben haben.",
        None,
        None,
        None,
        None,
        "Unterlagen",
        "hearsay",
    ),
    # --- denied / unverified / confirmed
    Case(
        "denied-bestritt-dass",
        "Der Trainer bestritt, dass er den Verein verlassen wolle.",
        None,
        "Trainer",
        "person",
        "Verein",
        "Verein",
        "denied",
    ),
    Case(
        "denied-wies-zurueck",
        "Das Ministerium wies die Vorwürfe der Opposition entschieden zurück.",
        None,
        "Ministerium",
        "government",
        None,
        "Vorwürfe",
        "denied",
    ),
    Case(
        "denied-dementierte",
        "Die Partei dementierte am Abend einen Bericht über einen Rücktritt ihres Chefs.",
        None,
        "Partei",
        "organisation",
        None,
        "Rücktritt",
        "denied",
    ),
    Case(
        "unverified-nicht-ueberpruefbar",
        "Die Rebellen sagten, sie hätten die Stadt eingenommen. Die Angaben konnten nicht unabhängig überprüft werden.",
        None,
        "Rebellen",
        None,
        "Stadt",
        "Angaben",
        "unverified",
    ),
    Case(
        "unverified-unbestaetigt",
        "Unbestätigten Meldungen zufolge gibt es mehrere Tote.",
        None,
        None,
        None,
        None,
        "Tote",
        "unverified",
    ),
    Case(
        "confirmed",
        "Die Polizei bestätigte, dass zwei Männer festgenommen wurden.",
        None,
        "Polizei",
        "authority",
        "zwei Männer",
        "Männer",
        "confirmed",
    ),
    # --- reported speech and the outlet's own voice
    Case(
        "reported",
        "Die Opposition kritisierte die Pläne der Regierung scharf.",
        "Reported",
        "Opposition",
        None,
        "Pläne",
        "Pläne",
        "attributed",
    ),
    Case(
        "indirect-free-indirect",
        "Der Bürgermeister sagte am Montag, die Stadt habe kein Geld mehr. Die Bäder müssten im Winter "
        "geschlossen bleiben. Auch die Bibliothek werde kürzer öffnen.",
        "IndirectFreeIndirect",
        None,
        None,
        "Bibliothek",
        "Bibliothek",
        "attributed",
    ),
    Case(
        "asserted-plain",
        "Die Brücke ist seit Montag für den Verkehr gesperrt.",
        statement="Brücke",
        status="asserted",
        no_events=True,
    ),
    Case(
        "asserted-numbers",
        "Im vergangenen Jahr kamen 1,5 Millionen Besucher in den Zoo.",
        statement="Besucher",
        status="asserted",
        no_events=True,
    ),
    Case(
        "asserted-obligation-sollen",
        "Die neue Schule soll im Herbst eröffnet werden.",
        statement="Schule",
        status="asserted",
    ),
    Case(
        "pronoun-source",
        "Finanzministerin Julia Brandt stellte am Dienstag den Haushalt vor. Sie sagte, es werde keine neuen Schulden geben.",
        "Indirect",
        "Sie",
        "person",
        "Schulden",
        "Schulden",
        "attributed",
    ),
]


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    return {c.id: quellenlage.analyze(c.text) for c in CASES}


def _event_matches(e: SpeechEvent, case: Case) -> bool:
    if case.form and e.form != case.form:
        return False
    if case.source:
        if e.source is None or case.source not in e.source.text:
            return False
        if case.source_type and e.source.type != case.source_type:
            return False
    return not (case.message and case.message not in e.message.text)


def _describe(a: Analysis) -> str:
    rows = [
        f"{e.id} {e.form} src={e.source.text if e.source else None!r}"
        f"/{e.source.type if e.source else None} msg={e.message.text!r} {e.status}"
        for e in a.speech_events
    ]
    rows += [f"stmt {s.status}: {s.text!r}" for s in a.statements]
    return "\n".join(rows)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, analyses: dict[str, Analysis]) -> None:
    a = analyses[case.id]
    assert a.language == "de"
    if case.no_events:
        assert a.speech_events == [], _describe(a)
    if case.form or case.source or case.message:
        assert any(_event_matches(e, case) for e in a.speech_events), _describe(a)
    if case.statement:
        hits = [s for s in a.statements if case.statement in s.text]
        assert hits, _describe(a)
        if case.status:
            assert hits[-1].status == case.status, _describe(a)


def test_the_suite_covers_every_form_status_and_source_type() -> None:
    statuses = {c.status for c in CASES}
    types = {c.source_type for c in CASES}
    forms = {c.form for c in CASES}
    assert {"asserted", "attributed", "hearsay", "denied", "unverified", "confirmed"} <= statuses
    assert {"person", "organisation", "government", "authority", "media", "social_media",
            "anonymous", "vague", "document"} <= types  # fmt: skip
    assert {"Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"} <= forms
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    "text",
    [
        # the outlet's own counterfactual after reported speech is no continuation of it
        "Der Minister sagte, die Genehmigung fehle noch. Dafür wäre eine Anordnung nötig gewesen.",
        # a speech-act verb whose subject cannot speak is no speech act
        "Ein Taifun forderte am Sonntag zwölf Todesopfer.",
    ],
)
def test_no_event_in_the_outlets_own_voice(text: str) -> None:
    a = quellenlage.analyze(text)
    last = a.article.text.rsplit(". ", 1)[-1] if ". " in a.article.text else a.article.text
    assert not [e for e in a.speech_events if e.message.text in last or last in e.message.text]
