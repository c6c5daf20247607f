"""The shipped attribution engine on handmade German sentences (no shared data needed)."""

from __future__ import annotations

import pytest

from quellenlage.attribute import get_engine
from quellenlage.doc import Doc, Event
from quellenlage.errors import ModelError
from quellenlage.pipeline import attribute_tokens


def _events(*sentences: str) -> tuple[Doc, list[Event]]:
    doc = attribute_tokens([s.split() for s in sentences])
    return doc, doc.events


def _text(toks: Doc, idx: list[int]) -> str:
    return " ".join(toks.tokens[i].text for i in idx)


def _find(toks: Doc, events: list[Event], words: str) -> Event:
    for e in events:
        if words in _text(toks, e.message):
            return e
    raise AssertionError(f"no event whose message contains {words!r}: {events}")


def test_direct_quote_after_frame() -> None:
    toks, events = _events("Die Ministerin erklärte : „ Wir haben keine andere Wahl . “")
    e = _find(toks, events, "keine andere Wahl")
    assert e.form == "Direct"
    assert _text(toks, e.message) == "„ Wir haben keine andere Wahl . “"
    assert _text(toks, e.cue) == "erklärte"
    assert _text(toks, e.source) == "Die Ministerin"
    assert e.evidence and e.evidence[0].startswith(("model:", "rule:"))


def test_direct_quote_before_frame() -> None:
    toks, events = _events("„ Das ist eine gute Nachricht “ , sagte der Bürgermeister .")
    e = _find(toks, events, "gute Nachricht")
    assert e.form == "Direct"
    assert _text(toks, e.cue) == "sagte"
    assert "Bürgermeister" in _text(toks, e.source)


def test_indirect_speech_with_konjunktiv() -> None:
    toks, events = _events(
        "Der Sprecher der Stadt sagte am Montag , die Brücke werde im Frühjahr saniert ."
    )
    e = _find(toks, events, "Brücke werde")
    assert e.form == "Indirect"
    assert _text(toks, e.cue) == "sagte"
    assert "Sprecher" in _text(toks, e.source)
    assert "sagte" not in _text(toks, e.message)


def test_laut_np_frame() -> None:
    toks, events = _events("Laut der Polizei wurden bei dem Unfall drei Menschen verletzt .")
    e = _find(toks, events, "drei Menschen verletzt")
    assert e.form == "Indirect"
    assert _text(toks, e.cue) == "Laut"
    assert _text(toks, e.source) == "der Polizei"
    assert "rule:laut-cue-source" in e.evidence or "rule:laut-np" in e.evidence


def test_a_plain_statement_has_no_event() -> None:
    _, events = _events("Die Brücke über den Fluss ist 200 Meter lang .")
    assert events == []


def test_nested_flags_follow_containment() -> None:
    toks, events = _events(
        "Der Minister sagte , er halte die Pläne für „ völlig falsch “ .",
    )
    top = _find(toks, events, "halte die Pläne")
    inner = [e for e in events if e is not top and set(e.message) < set(top.message)]
    for e in inner:
        assert e.is_nested and top.has_nested


def test_engine_is_one_object_per_process() -> None:
    assert get_engine() is get_engine("default")


def test_unknown_engine_lists_the_known_ones() -> None:
    with pytest.raises(ModelError, match="default"):
        get_engine("no-such-engine")


def test_empty_and_punctuation_only_documents() -> None:
    engine = get_engine()
    assert engine(Doc.from_tokens([])) == []
    assert engine(Doc.from_tokens([[]])) == []
    assert engine(Doc.from_tokens([["„", "“", ".", ":"]])) == []


@pytest.mark.parametrize(
    "text",
    [
        "„ Wir kommen nicht ,",  # an unclosed quote
        "Er sagte : „ Ja “ „ Nein “ „ Vielleicht “ , sagte sie , sagte er .",
        "laut laut laut zufolge zufolge soll soll sei sei .",
        "» Ein « Zitat » im « Zitat » .",
    ],
)
def test_events_always_point_at_real_tokens(text: str) -> None:
    toks, events = _events(text, "Die Sprecherin erklärte , das sei falsch .")
    for e in events:
        assert e.message, e
        for role in (e.message, e.cue, e.source, e.addr, e.frame):
            assert role == sorted(role)
            assert all(0 <= i < len(toks.tokens) for i in role)
        assert e.form in ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
