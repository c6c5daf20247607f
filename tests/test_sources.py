"""The sources stage on whole German texts: which mention speaks, its type and its identity.

Every case is a short invented text; each checks one decision of ``sources/`` (mention cuts,
typing, identity) through the public ``analyze``.
"""

from __future__ import annotations

import pytest

import quellenlage
from quellenlage.model import Source


def _source_of(text: str, message_part: str) -> Source:
    a = quellenlage.analyze(text)
    hits = [e for e in a.speech_events if message_part in e.message.text and e.source]
    assert hits, [(e.message.text, e.source) for e in a.speech_events]
    src = hits[0].source
    assert src is not None
    return src


@pytest.mark.parametrize(
    ("text", "message", "mention", "type_", "canonical"),
    [
        # a role compound with an outlet: the person speaks for the outlet
        ("Ein ORF-Sprecher sagte, die Sendung werde fortgesetzt.", "Sendung",
         "Ein ORF-Sprecher", "person", "ORF"),
        # an unnamed source of an outlet is anonymous, not the outlet
        ("Laut einer ZDF-Quelle soll der Vertrag verlängert werden.", "Vertrag",
         "einer ZDF-Quelle", "anonymous", None),
        # a capital that is a man's first name
        ("Riad Haddad sagte, die Lage in der Stadt sei ruhig.", "Lage",
         "Riad Haddad", "person", "Riad Haddad"),
        # zufolge takes the dative NP: the subject before it is not the source
        ("Nun ermittelt die Staatsanwaltschaft Medienberichten zufolge gegen den Bürgermeister.",
         "ermittelt", "Medienberichten", "media", None),
        # a genitive role noun keeps its type
        ("Wie die Zeitung Kurier berichtete, habe der Verein Schulden. Nach Angaben des "
         "Nachrichtenmagazins seien es drei Millionen Euro.", "drei Millionen",
         "Nachrichtenmagazins", "media", "Kurier"),
        # the apposed name is the speaker, not the place in the role phrase
        ("Der Bürgermeister von Neustadt, Karl Weiß, sagte, die Brücke sei sicher.", "Brücke",
         "Der Bürgermeister", "person", "Karl Weiß"),
    ],
)  # fmt: skip
def test_source_mentions(
    text: str, message: str, mention: str, type_: str, canonical: str | None
) -> None:
    src = _source_of(text, message)
    assert mention in src.text
    assert src.type == type_
    assert src.canonical == canonical


@pytest.mark.parametrize(
    ("text", "message", "mention", "type_", "canonical"),
    [
        # "nach eigenen Angaben": the subject of the clause, before or after the verb
        ("Die türkische Armee habe nach eigenen Angaben die Stellungen beschossen.",
         "Stellungen", "Die türkische Armee", "authority", "türkische Armee"),
        ("Die Feuerwehr kam um acht. Nach eigenen Angaben löschte sie den Brand in einer Stunde.",
         "Brand", "sie", "authority", "Feuerwehr"),
        # compounds of a report noun name their author
        ("Nach Polizeiangaben wurden zwei Männer festgenommen.", "zwei Männer",
         "Polizei", "authority", "Polizei"),
        # a fronted object that cannot speak: the speaker follows the verb
        ("Die Ausstellung, die am Montag öffnet, nannte Kuratorin Eva Lind ein Wagnis.",
         "Ausstellung", "Kuratorin Eva Lind", "person", "Eva Lind"),
    ],
)  # fmt: skip
def test_speaker_is_found_around_the_frame(
    text: str, message: str, mention: str, type_: str, canonical: str | None
) -> None:
    src = _source_of(text, message)
    assert (src.text, src.type, src.canonical) == (mention, type_, canonical)


def test_the_outlet_after_a_named_speaker_is_the_addressee() -> None:
    a = quellenlage.analyze("Die Wahl sei gefälscht worden, sagte Demirtaş der Agentur AFP.")
    e = next(e for e in a.speech_events if "Wahl" in e.message.text)
    assert e.source is not None and e.source.text == "Demirtaş" and e.source.type == "person"
    assert e.addressee is not None and "AFP" in e.addressee.text


def test_a_pronoun_does_not_run_on_into_the_next_noun_phrase() -> None:
    a = quellenlage.analyze(
        "Staatspräsident Tomas Berg kam am Morgen ins Parlament. Dort forderte er das Parlament "
        "auf, die Immunität der Abgeordneten aufzuheben."
    )
    e = next(e for e in a.speech_events if e.source and e.source.canonical == "Tomas Berg")
    assert e.source is not None and e.source.text in {"er", "Tomas Berg"}


@pytest.mark.parametrize(
    ("text", "source", "type_"),
    [
        ("Kreise: Ministerin plant Rücktritt", "Kreise", "anonymous"),
        ("Polizei: Drei Verletzte bei Unfall auf der A7", "Polizei", "authority"),
        ("Kreml: Keine Gespräche geplant", "Kreml", "government"),
    ],
)
def test_headline_speaker_before_the_colon(text: str, source: str, type_: str) -> None:
    a = quellenlage.analyze(text)
    assert [(e.source.text, e.source.type) for e in a.speech_events if e.source] == [
        (source, type_)
    ]


@pytest.mark.parametrize(
    "text",
    ["Liveblog: Der Tag im Überblick", "Ukraine-Krieg: Russland greift Kiew an",
     "Hamburg: Neue Regeln für Radfahrer"],
)  # fmt: skip
def test_headline_labels_are_no_speakers(text: str) -> None:
    assert quellenlage.analyze(text).speech_events == []


def test_a_platform_in_the_frame_makes_the_post_the_source() -> None:
    a = quellenlage.analyze("Auf Instagram schrieb die Sängerin Lea Roth: „Ich danke euch allen.“")
    e = a.speech_events[0]
    assert e.source is not None and e.source.type == "social_media"
    assert e.source.canonical == "Lea Roth"
    assert [link.type for link in e.chain][-2:] == ["social_media", "person"]


def test_an_evidential_sentence_keeps_no_neighbours_source() -> None:
    a = quellenlage.analyze(
        "Wie die Polizei mitteilte, wurde ein 34-Jähriger festgenommen. "
        "Der Mann soll zuvor mehrere Autos beschädigt haben."
    )
    e = next(e for e in a.speech_events if "beschädigt" in e.message.text)
    assert e.source is None and e.status == "hearsay"


def test_a_span_of_function_words_names_no_one() -> None:
    from quellenlage.annotate import annotate_text
    from quellenlage.sources.mention import clean

    doc = annotate_text("Er kam und sie ging.")
    und = next(t.i for t in doc.tokens if t.text == "und")
    assert clean(doc, [und]) is None  # a learned span of only "und" must not crash the stage


def test_interview_answers_are_the_guests_and_questions_the_outlets() -> None:
    a = quellenlage.analyze(
        "Interview mit der Ministerin. STANDARD: Sie haben einen guten Ruf in der Branche. "
        "Lang: Das freut mich sehr. STANDARD: Die Welt sieht anders aus. "
        "Lang: Ich bleibe dabei, wir werden investieren."
    )
    assert [(e.form, e.source.text if e.source else None) for e in a.speech_events] == [
        ("Direct", "Lang"),
        ("Direct", "Lang"),
    ]


@pytest.mark.parametrize(
    ("text", "message", "canonical"),
    [
        # a generic body noun is the body named before
        ("Die Hilfsorganisation Ärzte ohne Grenzen kritisierte den Angriff. Die Organisation "
         "teilte mit, zwei Kliniken seien zerstört worden.", "Kliniken", "Ärzte ohne Grenzen"),
        # an unnamed spokesperson speaks for the body the text is about
        ("Das Bildungsministerium verschickte ein Rundschreiben an die Schulen. Eine Sprecherin "
         "sagte, die Regeln gälten ab sofort.", "Regeln", "Bildungsministerium"),
        # a definite role noun is a role even when someone of that surname appears
        ("Herbert Kaufmann leitete den Flughafen. Der Kaufmann Rakesh Singh klagte. "
         "Der Kaufmann sagte, er sei ruiniert worden.", "ruiniert", "Rakesh Singh"),
    ],
)  # fmt: skip
def test_unnamed_bodies_and_roles_find_who_is_meant(
    text: str, message: str, canonical: str
) -> None:
    assert _source_of(text, message).canonical == canonical


def test_a_role_noun_after_a_name_begins_the_next_person() -> None:
    # "X hatte Y vorgeworfen": the person accused is not part of who accuses.
    (e,) = quellenlage.analyze(
        "Innenminister Karl Huber hatte Bürgermeisterin Eva Roth vorgeworfen, sie verschweige "
        "Kontakte zu einem Bauunternehmer."
    ).speech_events
    assert e.source is not None
    assert e.source.text == "Innenminister Karl Huber" and e.source.canonical == "Karl Huber"


def test_a_denial_that_restates_the_accusation_targets_it_and_goes_on_denying() -> None:
    events = quellenlage.analyze(
        "Innenminister Karl Huber hatte Bürgermeisterin Eva Roth vorgeworfen, sie verschweige "
        "Kontakte zu einem Bauunternehmer. Die Stadt plant einen neuen Bahnhof. Roth bestreitet "
        "den Vorwurf, sie unterhalte geheime Kontakte zu dem Bauunternehmer. „Ich habe keinerlei "
        "Geschäfte mit dieser Firma gemacht“, sagte sie am Montag. „Der Bahnhof wird nicht ohne "
        "Zuschüsse gebaut“, sagte sie."
    ).speech_events
    by_text = {e.message.text.strip("„“"): e for e in events}
    accusation = by_text["sie verschweige Kontakte zu einem Bauunternehmer"]
    denial = by_text["sie unterhalte geheime Kontakte zu dem Bauunternehmer"]
    more = by_text["Ich habe keinerlei Geschäfte mit dieser Firma gemacht"]
    other = by_text["Der Bahnhof wird nicht ohne Zuschüsse gebaut"]
    assert denial.status == "denied" and denial.target == accusation.id
    assert accusation.status == "denied"
    assert any(x.startswith("rule:content-match@") for x in denial.evidence)
    assert more.status == "denied" and any("rule:denial-continued@" in x for x in more.evidence)
    assert other.status == "attributed"  # "nicht ohne …" is a claim of her own


@pytest.mark.parametrize(
    ("text", "source", "status"),
    [
        # a fronted adverb is no subject: the speaker follows the verb
        (
            "Strache teilte den Beitrag. Allerdings dementierte Billa die Berichte.",
            "Billa",
            "denied",
        ),
        # a lone quantifier speaks for the group just named
        (
            "Die Angeklagten sollen Geld verschoben haben. Alle weisen die Vorwürfe zurück.",
            "Alle",
            "denied",
        ),
    ],
)
def test_speech_acts_with_fronted_adverbs_and_group_pronouns(
    text: str, source: str, status: str
) -> None:
    events = quellenlage.analyze(text).speech_events
    acts = [e for e in events if e.source is not None and e.source.text == source]
    assert acts and acts[0].status == status and acts[0].source is not None
    if source == "Alle":
        assert acts[0].source.type == "person" and acts[0].source.canonical is None


def test_a_negated_noun_phrase_names_no_source() -> None:
    events = quellenlage.analyze(
        "Die Polizei beruhigte die Bevölkerung. Von diesen Leuten geht keine Gefahr aus."
    ).speech_events
    assert all(e.source is None or "Gefahr" not in e.source.text for e in events)


def test_an_object_after_a_confirmation_verb_is_not_its_speaker() -> None:
    events = quellenlage.analyze(
        "Die Regierung hat die Strafverfolgung gefordert. Regierungskreise bestätigten am "
        "Sonntag den Bericht."
    ).speech_events
    act = [e for e in events if "bestätigten" in e.message.text]
    assert act and act[0].source is not None
    assert (act[0].source.text, act[0].source.type) == ("Regierungskreise", "anonymous")
    assert act[0].status == "confirmed" and act[0].target == events[0].id


@pytest.mark.parametrize(
    ("text", "source", "canonical"),
    [
        # outlet names stand in quotation marks in German news
        (
            "Die „Financial Times“ hatte unter Berufung auf Geheimdienstkreise berichtet, "
            "Russland verlege Soldaten.",
            "Die „Financial Times“",
            "Financial Times",
        ),
        # an outlet name inflected after a preposition, its closing quote not part of it
        (
            "Nach Informationen der „Süddeutschen Zeitung“ soll der Schaden in die Millionen "
            "gehen.",
            "Süddeutschen Zeitung",
            "Süddeutsche Zeitung",
        ),
        # a parenthesis between the subject and its verb
        (
            "Das Robert Koch-Institut (RKI) meldete am Montag 1200 neue Fälle.",
            "Das Robert Koch-Institut",
            "Robert Koch-Institut",
        ),
        # the name apposed to a generic organisation noun is its identity
        (
            "Der US-Konzern Lockheed Martin bestätigte, dass weitere Kampfjets geliefert werden.",
            "Der US-Konzern Lockheed Martin",
            "Lockheed Martin",
        ),
        # the body a spokesperson speaks for, in the nominative
        (
            "Ein Sprecher des Bundesgesundheitsministeriums sagte, man sehe keinen Grund.",
            "Ein Sprecher des Bundesgesundheitsministeriums",
            "Bundesgesundheitsministerium",
        ),
    ],
)
def test_quoted_outlets_parentheses_and_genitive_bodies(
    text: str, source: str, canonical: str
) -> None:
    (e,) = quellenlage.analyze(text).speech_events
    assert e.source is not None
    assert (e.source.text, e.source.canonical) == (source, canonical)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        # an age noun refers back to the last fitting speaker, even without an age given
        (
            "Verteidigungsminister Antti Häkkänen warnte vor Schlüssen. Die Lage sei stabil, so "
            "der 48-Jährige.",
            "Antti Häkkänen",
        ),
        # the article gives the gender; a person named as the subject of a sentence counts
        (
            "Innenministerin Nancy Faeser äußerte sich am Montag. „Wir handeln“, sagte die "
            "53-Jährige.",
            "Nancy Faeser",
        ),
        (
            "Friedrich Merz sprach in Berlin. „Das ist falsch“, sagte der CDU-Politiker.",
            "Friedrich Merz",
        ),
    ],
)
def test_definite_role_nouns_refer_to_the_person_spoken_of(text: str, canonical: str) -> None:
    events = quellenlage.analyze(text).speech_events
    assert events[-1].source is not None and events[-1].source.canonical == canonical


def test_a_colon_frame_in_the_body_names_its_own_speaker() -> None:
    events = quellenlage.analyze(
        "Die Union warf ihm vor, die Schuldenbremse zu umgehen. CDU-Chef Friedrich Merz: „Das "
        "ist Trickserei.“"
    ).speech_events
    quote = next(e for e in events if "Trickserei" in e.message.text)
    assert quote.source is not None and quote.source.canonical == "Friedrich Merz"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a span over a paragraph break: the part in the sentence of the speech
        (
            "HDP-Chef\n\nSelahattin Demirtas sagte, die Regierung trage die Verantwortung.",
            "Selahattin Demirtas",
        ),
        # a span around the verb: the first stretch speaks, the cited papers do not
        (
            "Der Guardian und die BBC berichteten unter Berufung auf Unterlagen der Kanzlei "
            "Mossack Fonseca, der Minister habe Konten.",
            "Der Guardian und die BBC",
        ),
    ],
)
def test_a_source_is_one_stretch_of_text(text: str, source: str) -> None:
    (e,) = quellenlage.analyze(text).speech_events
    assert e.source is not None and e.source.text == source


@pytest.mark.parametrize(
    ("text", "source", "typ", "status"),
    [
        # a known family name the tagger calls a name speaks as a person
        ("„Das stimmt so nicht“, entgegnete Müller.", "Müller", "person", "denied"),
        # a pronoun the text never resolves is still the speaker: attributed, not hearsay
        ("„Wir prüfen das“, sagte sie.", "sie", "person", "attributed"),
    ],
)
def test_surnames_and_unresolved_pronouns_speak(
    text: str, source: str, typ: str, status: str
) -> None:
    (e,) = quellenlage.analyze(text).speech_events
    assert e.source is not None and (e.source.text, e.source.type) == (source, typ)
    assert e.status == status


def test_the_city_speaks_as_an_authority_and_an_object_is_cut_off() -> None:
    (e,) = quellenlage.analyze(
        "Nach einem Großbrand in einem Chemiewerk hat die Stadt die Anwohner aufgefordert, "
        "Fenster und Türen geschlossen zu halten."
    ).speech_events
    assert e.source is not None and (e.source.text, e.source.type) == ("die Stadt", "authority")


def test_a_generic_company_noun_does_not_refer_to_an_authority() -> None:
    events = quellenlage.analyze(
        "Wie ein Sprecher der Feuerwehr sagte, brach das Feuer am Morgen aus. Der Konzern "
        "teilte mit, es bestehe keine Gefahr für die Bevölkerung."
    ).speech_events
    company = next(e for e in events if "Gefahr" in e.message.text)
    assert company.source is not None and "Feuerwehr" not in (company.source.canonical or "")
