"""The founding example (../shared/examples/000_*.txt) against every point of its reading.

Needs ../shared; skipped with a clear reason where it is absent (CI on a clean machine has it
beside the repo, the main suite never depends on it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import quellenlage
from quellenlage.model import Analysis, SpeechEvent

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "000_b96d3c4380c1609e.txt"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not EXAMPLE.is_file(), reason=f"founding example not found at {EXAMPLE}"),
]


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return quellenlage.analyze_file(EXAMPLE)


def _event(a: Analysis, message_part: str, *, form: str | None = None) -> SpeechEvent:
    found = [
        e
        for e in a.speech_events
        if message_part in e.message.text and (form is None or e.form == form)
    ]
    assert found, f"no event with {message_part!r}: " + "; ".join(
        f"{e.id} {e.form} {e.message.text!r}" for e in a.speech_events
    )
    return min(found, key=lambda e: len(e.message.text))


def test_structure(analysis: Analysis) -> None:
    art = analysis.article
    assert art.kicker == "Ukraine"
    assert art.title == '"Zu verrückt für uns": Kim Jong-un weist Putin-Bitte ab'
    assert art.lead is not None and art.lead.startswith("Russlands Präsident Wladimir Putin soll")
    assert art.lead.endswith("Aus Pjöngjang folgte eine Absage.")
    captions = [m.caption for m in art.media]
    assert len(captions) == 2
    assert captions[0].startswith("Historisch gesehen") and captions[0].endswith("des größeren.")
    assert captions[1].startswith("Die Angriffe der russischen Armee")
    credits = ["STR / AFP / picturedesk.com", "- / AFP / picturedesk.com"]
    assert [m.credit for m in art.media] == credits
    for item in ("Teilen", "1/16", "Gehe zur Galerie"):
        assert item in art.furniture
        assert all(item not in p.text.split("\n") for p in art.paragraphs)
    assert [p.text for p in art.paragraphs if p.kind == "subheading"] == [
        "Nordkorea fürchtet russische Invasion"
    ]
    body = [p for p in art.paragraphs if p.kind == "body"]
    assert len(body) == 5
    assert not any("Historisch gesehen" in p.text for p in body)


def test_lead_and_hearsay(analysis: Analysis) -> None:
    lead = [s for s in analysis.statements if s.block == "lead"]
    assert lead and lead[0].status == "hearsay"
    five = [s for s in analysis.statements if "anderweitig um Hilfe" in s.text]
    assert five and five[0].status == "hearsay"


def test_us_intelligence_claim_is_denied_by_kreml_and_peking(analysis: Analysis) -> None:
    claim = _event(analysis, "an seine Verbündeten in China gewandt")
    assert claim.source is not None and "US-Geheimdienst" in claim.source.text
    assert claim.source.type == "authority"  # taxonomy v2: intelligence services
    assert claim.cue is not None and claim.cue.text == "berichtete"
    # a Reported speech act: the whole sentence is its message (SpkAtt convention)
    denial = _event(analysis, "bestritten die Gerüchte")
    assert denial.form == "Reported"
    assert denial.source is not None and denial.source.type == "government"
    governments = {p.canonical for p in denial.source.parts}
    assert governments == {"russische Regierung", "chinesische Regierung"}
    assert {a for p in denial.source.parts for a in p.aliases} == {
        "Russian government",
        "Chinese government",
    }
    assert denial.status == "denied" and denial.target == claim.id
    assert claim.status == "denied"


def test_tweet_chain_and_unverified_quote(analysis: Analysis) -> None:
    outer = _event(analysis, "Putins Ansuchen schnell abgewiesen")
    assert outer.cue is not None and outer.cue.text.lower() == "laut"
    assert outer.source is not None and outer.source.type == "social_media"
    assert outer.source.canonical == "Sarah Hurst"
    quote = _event(analysis, "Ihr seid zu verrückt für uns", form="Direct")
    assert quote.parent is not None
    assert quote.source is not None and quote.source.type == "government"
    assert quote.status == "unverified"
    chain = [link.type for link in quote.chain]
    assert chain[:1] == ["outlet"] and "social_media" in chain
    assert chain.index("social_media") < chain.index("person") < chain.index("government")
    note = next(s for s in analysis.statements if "nicht verifiziert" in s.text)
    assert note.status == "unverified" and note.target == quote.id


def test_daily_nk_sources_and_official(analysis: Analysis) -> None:
    nk = _event(analysis, "Nordkorea eine Invasion Russlands fürchte")
    assert nk.source is not None and nk.source.type == "media"
    assert "Daily NK" in (nk.source.canonical or nk.source.text)
    sources = _event(analysis, "Nuklearwaffen niemals aufgeben")
    assert sources.source is not None and sources.source.type == "anonymous"
    assert "Quellen" in sources.source.text
    assert sources.parent == nk.id
    official = _event(analysis, "die Ukraine nie überfallen worden wäre")
    assert official.source is not None and official.source.type == "anonymous"
    assert "Beamter" in official.source.text
    assert official.cue is not None and "behauptet" in official.cue.text
    assert official.status == "hearsay"


def test_experts_are_a_vague_source(analysis: Analysis) -> None:
    experts = [
        e for e in analysis.speech_events if e.source is not None and "Experten" in e.source.text
    ]
    assert experts and experts[0].source is not None and experts[0].source.type == "vague"


def test_rest_is_asserted(analysis: Analysis) -> None:
    tanks = next(s for s in analysis.statements if "Sprit aus" in s.text)
    assert tanks.status == "asserted"
    assert analysis.summary.by_status["asserted"] >= 3
    assert analysis.summary.by_status["denied"] >= 1
    assert analysis.summary.by_status["unverified"] >= 1
