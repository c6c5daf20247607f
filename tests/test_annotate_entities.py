"""Entities with canonical names, gazetteer helpers and metonyms (texts written for this suite)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quellenlage.annotate import annotate_text
from quellenlage.annotate.entities import (
    country_of_adjective,
    find_entities,
    government_of,
    is_role_noun,
    lookup_outlet,
    lookup_platform,
    organisation_cue,
)

ARTICLE = (
    "Präsident Emmanuel Macron hat am Montag mit Olaf Scholz telefoniert. "
    "Macrons Sprecher sagte der Nachrichtenagentur AFP, das Gespräch sei gut gewesen. "
    "Der Kreml und Peking schwiegen. "
    "Wie die Zeitung „Die Welt“ berichtete, habe Scholz später auf Twitter geschrieben. "
    "Laut dem Innenministerium ermittelt die Polizei in Wien. "
    "Die Siemens AG und die NATO äußerten sich nicht. "
    "Der nordkoreanische Machthaber Kim Jong-un schwieg, Kims Schwester nicht."
)


@pytest.fixture(scope="module")
def entities() -> list:
    return find_entities(annotate_text(ARTICLE))


def by_text(entities: list) -> dict[str, tuple[str, str]]:
    return {e.text: (e.label, e.canonical) for e in entities}


def test_offsets_slice_back(entities: list) -> None:
    for e in entities:
        assert ARTICLE[e.start : e.end] == e.text


def test_people_and_canonical_names(entities: list) -> None:
    got = by_text(entities)
    assert got["Emmanuel Macron"] == ("PER", "Emmanuel Macron")
    assert got["Macrons"] == ("PER", "Emmanuel Macron")  # genitive → the full name
    assert got["Olaf Scholz"] == ("PER", "Olaf Scholz")
    assert got["Scholz"] == ("PER", "Olaf Scholz")
    assert got["Kim Jong-un"] == ("PER", "Kim Jong-un")
    assert got["Kims"] == ("PER", "Kim Jong-un")
    # the role noun before a name is not part of it
    assert "Präsident Emmanuel Macron" not in got


def test_media_platforms_and_places(entities: list) -> None:
    got = by_text(entities)
    assert got["AFP"] == ("MEDIA", "AFP")
    assert got["Die Welt"] == ("MEDIA", "Die Welt")  # a common word, but quoted after "Zeitung"
    assert got["Twitter"][0] == "ORG"
    assert got["Wien"][0] == "LOC"


def test_metonyms(entities: list) -> None:
    got = by_text(entities)
    assert got["Kreml"] == ("ORG", "russische Regierung")  # an institution: the government
    assert got["Peking"] == ("LOC", "Peking")  # a place: government_of() when it speaks
    assert government_of("Peking") == "chinesische Regierung"


def test_organisations(entities: list) -> None:
    got = by_text(entities)
    assert got["Innenministerium"][0] == "ORG"
    assert got["Polizei"][0] == "ORG"
    assert got["Siemens AG"][0] == "ORG"
    assert got["NATO"][0] == "ORG"


def test_same_person_across_mentions() -> None:
    text = (
        "Russlands Präsident Wladimir Putin reiste nach Minsk. "
        "Putin traf dort Lukaschenko. Putins Besuch dauerte zwei Tage."
    )
    ents = find_entities(annotate_text(text))
    putin = [e for e in ents if "Putin" in e.text]
    assert len(putin) == 3
    assert {e.canonical for e in putin} == {"Wladimir Putin"}
    assert by_text(ents)["Russlands"] == ("LOC", "Russland")


def test_two_people_next_to_each_other_are_split() -> None:
    text = (
        "Der Diktator Kim Jong-un schwieg. Präsident Wladimir Putin wartete. "
        "Dann soll Kim Putins Bitte abgelehnt haben."
    )
    ents = find_entities(annotate_text(text))
    got = [(e.text, e.canonical) for e in ents if e.label == "PER"]
    assert ("Kim", "Kim Jong-un") in got
    assert ("Putins", "Wladimir Putin") in got


@pytest.mark.parametrize(
    ("name", "government"),
    [
        ("Kreml", "russische Regierung"),
        ("der Kreml", "russische Regierung"),
        ("Pjöngjang", "nordkoreanische Regierung"),
        ("Weißes Haus", "US-Regierung"),
        ("Downing Street", "britische Regierung"),
        ("Nordkorea", "nordkoreanische Regierung"),
        ("Nordkoreas", "nordkoreanische Regierung"),
        ("Russland", "russische Regierung"),
        ("Moskau", "russische Regierung"),
        ("Washington", "US-Regierung"),
        ("Sarah Hurst", None),
        ("Polizei", None),
    ],
)
def test_government_of(name: str, government: str | None) -> None:
    assert government_of(name) == government


def test_lookups() -> None:
    assert lookup_outlet("Daily NK")
    assert lookup_outlet("dpa")
    assert lookup_outlet("der Spiegel")
    assert lookup_outlet("„Kronen Zeitung“")
    assert not lookup_outlet("Twitter")
    assert lookup_platform("Twitter")
    assert lookup_platform("Twitter-Posting")
    assert lookup_platform("Telegram")
    assert not lookup_platform("AFP")
    assert country_of_adjective("nordkoreanischer") == "Nordkorea"
    assert country_of_adjective("russischen") == "Russland"
    assert country_of_adjective("schnellen") is None
    assert organisation_cue("US-Geheimdienst")
    assert organisation_cue("Innenministerium")
    assert not organisation_cue("Atomwaffenvorrat")
    assert is_role_noun("Journalistin")
    assert is_role_noun("Kremlsprecher")  # a compound ending in a role
    assert is_role_noun("Ex-Präsident")
    assert not is_role_noun("Haus")


def test_empty_document() -> None:
    assert find_entities(annotate_text("und oder aber")) == []


EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "000_b96d3c4380c1609e.txt"


@pytest.mark.shared
@pytest.mark.skipif(not EXAMPLE.is_file(), reason="needs ../shared/examples (the founding example)")
def test_founding_example_entities() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    ents = find_entities(annotate_text(text))
    got = {(e.text, e.label, e.canonical) for e in ents}
    assert ("Wladimir Putin", "PER", "Wladimir Putin") in got
    assert ("Putins", "PER", "Wladimir Putin") in got
    assert ("Kim Jong-un", "PER", "Kim Jong-un") in got
    assert ("Kim", "PER", "Kim Jong-un") in got
    assert ("Sarah Hurst", "PER", "Sarah Hurst") in got
    assert ("Kreml", "ORG", "russische Regierung") in got
    assert ("Peking", "LOC", "Peking") in got
    assert ("Pjöngjang", "LOC", "Pjöngjang") in got
    assert ("Daily NK", "MEDIA", "Daily NK") in got
    assert ("US-Geheimdienst", "ORG", "US-Geheimdienst") in got
    assert ("Twitter", "ORG", "Twitter") in got  # inside "Twitter-Posting"
    # no compound noun is taken for a person
    assert not any(e.label == "PER" and "-" in e.text and e.text != "Kim Jong-un" for e in ents)
