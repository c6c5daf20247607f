"""Larger engines: "llm" against a fake OpenAI-compatible server the test starts on 127.0.0.1.

The fake answers according to the requested model name: "ok" (canned events), "fenced" (the
same in a ```json fence), "badjson", "oor" (one event with an out-of-range ref among good
ones), "noevents" (a JSON object without "events"), "http500", "slow" (answers after the
client's timeout), "notchat" (HTTP 200 but not the chat-completions shape).
The "transformer" engine is tested without transformers/torch: its checks, its errors and
its label decoder.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from quellenlage.attribute import get_engine
from quellenlage.attribute.llm import LLMConfig, LLMEngine, parse_refs, render_tokens
from quellenlage.attribute.remote import TransformerEngine, check_model_dir, decode_labels
from quellenlage.cli import app
from quellenlage.doc import Doc
from quellenlage.errors import MissingExtra, ModelError
from quellenlage.eval.score import score_dirs
from quellenlage.eval.spkatt import SpkAttEvent as EventCandidate
from quellenlage.eval.spkatt import from_doc, read_spkatt, write_spkatt
from quellenlage.pipeline import attribute_tokens
from quellenlage.registry import engine_version
from quellenlage.settings import Settings

SENTENCES = [
    ["Der", "Sprecher", "sagte", ",", "man", "prüfe", "den", "Fall", "."],
    ["„", "Wir", "warten", "ab", "“", ",", "hieß", "es", "."],
]

GOOD_EVENTS = [
    {
        "form": "Indirect",
        "stwr": "Speech",
        "message": ["0:4-7"],
        "cue": ["0:2"],
        "source": ["0:0", "0:1"],
        "addr": [],
        "frame": ["0:0-3"],
        "nested": False,
        "has_nested": False,
    },
    {"form": "direct", "stwr": "none", "message": ["1:1-3"], "cue": ["1:6"]},
]
OUT_OF_RANGE = {"form": "Direct", "stwr": "Speech", "message": ["1:2-9"]}
UNKNOWN_FORM = {"form": "Gossip", "stwr": "Speech", "message": ["0:4"]}


def _content(model: str) -> str | None:
    if model in ("ok", "fenced"):
        text = json.dumps({"events": GOOD_EVENTS})
        return f"```json\n{text}\n```" if model == "fenced" else text
    if model == "badjson":
        return '{"events": [ {"form": "Direct", '
    if model == "oor":
        return json.dumps({"events": [GOOD_EVENTS[0], OUT_OF_RANGE, UNKNOWN_FORM]})
    if model == "noevents":
        return json.dumps({"answer": "keine"})
    return None


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        _Handler.requests.append(
            {"path": self.path, "body": body, "auth": self.headers.get("Authorization")}
        )
        model = body.get("model")
        if model == "http500":
            self._send(500, b'{"error": "boom"}')
            return
        if model == "slow":
            time.sleep(1.0)
        if model == "notchat":
            self._send(200, b'{"result": "ok"}')
            return
        content = _content(model) or "{}"
        answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        self._send(200, json.dumps(answer).encode())

    def _send(self, status: int, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    pytest.importorskip("httpx")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _engine(url: str, model: str, **kw: object) -> LLMEngine:
    return LLMEngine(LLMConfig(url=url, model=model, **kw))


def test_events_on_exactly_the_tokens(server: str) -> None:
    _Handler.requests.clear()
    doc = Doc.from_tokens(SENTENCES)
    events = _engine(server, "ok", key="sekret")(doc)
    assert [e.evidence for e in events] == [["model:llm=ok"], ["model:llm=ok"]]
    first, second = from_doc(doc, events)
    assert first.message == [(0, 4), (0, 5), (0, 6), (0, 7)]
    assert first.frame == [(0, 0), (0, 1), (0, 2), (0, 3)]
    assert (first.form, first.medium, first.source) == ("Indirect", "Speech", [(0, 0), (0, 1)])
    assert (second.form, second.medium, second.cue) == ("Direct", None, [(1, 6)])
    # What was sent: the chat-completions path, the key, numbered tokens, the scheme.
    (req,) = _Handler.requests
    assert req["path"] == "/v1/chat/completions"
    assert req["auth"] == "Bearer sekret"
    user = req["body"]["messages"][1]["content"]
    assert "[0] 0:Der 1:Sprecher 2:sagte" in user
    assert "[1] 0:„ 1:Wir" in user
    assert "IndirectFreeIndirect" in req["body"]["messages"][0]["content"]


def test_code_fence_is_tolerated(server: str) -> None:
    assert len(_engine(server, "fenced")(Doc.from_tokens(SENTENCES))) == 2


def test_invalid_events_are_dropped_with_a_reason(
    server: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="quellenlage.attribute.llm"):
        doc = Doc.from_tokens(SENTENCES)
        events = from_doc(doc, _engine(server, "oor")(doc))
    assert len(events) == 1
    assert events[0].message == [(0, 4), (0, 5), (0, 6), (0, 7)]
    text = caplog.text
    assert "'1:2-9': sentence 1 has tokens 0..8" in text
    assert "unknown form 'Gossip'" in text


@pytest.mark.parametrize(
    ("model", "fragment"),
    [
        ("badjson", "the llm answer is not JSON"),
        ("noevents", "has no 'events' list"),
        ("http500", "answered HTTP 500"),
        ("notchat", "not answer in the chat-completions format"),
    ],
)
def test_failures_raise_model_error(server: str, model: str, fragment: str) -> None:
    with pytest.raises(ModelError, match=fragment):
        _engine(server, model)(Doc.from_tokens(SENTENCES))


def test_timeout_raises_model_error(server: str) -> None:
    with pytest.raises(ModelError, match=r"did not answer within 0\.2 s"):
        _engine(server, "slow", timeout=0.2)(Doc.from_tokens(SENTENCES))


def test_unreachable_endpoint() -> None:
    import socket

    pytest.importorskip("httpx")

    with socket.socket() as s:  # a port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ModelError, match="cannot be reached"):
        _engine(f"http://127.0.0.1:{port}/v1", "ok", timeout=2)(Doc.from_tokens(SENTENCES))


def test_missing_configuration_names_the_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUELLENLAGE_LLM_URL", raising=False)
    monkeypatch.setenv("QUELLENLAGE_LLM_MODEL", "m")
    with pytest.raises(ModelError, match="QUELLENLAGE_LLM_URL"):
        get_engine("llm")  # fails when made, not once per document
    monkeypatch.setenv("QUELLENLAGE_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("QUELLENLAGE_LLM_TIMEOUT", "soon")
    with pytest.raises(ModelError, match="not a number"):
        LLMEngine()
    monkeypatch.setenv("QUELLENLAGE_LLM_TIMEOUT", "7.5")
    assert LLMEngine().config == LLMConfig("http://127.0.0.1:9/v1", "m", None, 7.5)


def test_parse_refs() -> None:
    assert parse_refs(["0:1-3", "0:2", "1:0"], [4, 1]) == [(0, 1), (0, 2), (0, 3), (1, 0)]
    for bad in (["2:0"], ["0:4"], ["0:3-1"], ["0-1"], [3], "0:1"):
        with pytest.raises(ValueError):
            parse_refs(bad, [4, 1])


def test_render_tokens() -> None:
    assert render_tokens(Doc.from_tokens([["a", "b"], ["c"]])) == "[0] 0:a 1:b\n[1] 0:c"


def test_registered_behind_the_same_interface(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUELLENLAGE_LLM_URL", server)
    monkeypatch.setenv("QUELLENLAGE_LLM_MODEL", "ok")
    get_engine("llm")
    assert engine_version("llm") == "llm:ok"
    doc = attribute_tokens(SENTENCES, settings=Settings(engine="llm"))
    assert [e.form for e in doc.events] == ["Indirect", "Direct"]
    with pytest.raises(
        ModelError, match=r"no attribution engine named 'no-such-engine'; known: .*llm"
    ):
        get_engine("no-such-engine")


def test_spkatt_predict_with_llm_engine(
    server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Gold = exactly what the fake answers, so predict + score must give 100.
    gold_events = [
        EventCandidate(
            form="Indirect",
            medium="Speech",
            message=[(0, 4), (0, 5), (0, 6), (0, 7)],
            cue=[(0, 2)],
            source=[(0, 0), (0, 1)],
            frame=[(0, 0), (0, 1), (0, 2), (0, 3)],
        ),
        EventCandidate(form="Direct", message=[(1, 1), (1, 2), (1, 3)], cue=[(1, 6)]),
    ]
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    write_spkatt(gold / "a.json", "a", SENTENCES, gold_events)
    (gold / "broken.json").write_text('{"Sentences": 3}', encoding="utf-8")
    monkeypatch.setenv("QUELLENLAGE_LLM_URL", server)
    monkeypatch.setenv("QUELLENLAGE_LLM_MODEL", "ok")
    result = CliRunner().invoke(app, ["spkatt", "predict", str(gold), str(pred), "--engine", "llm"])
    assert result.exit_code == 2, result.output  # one file skipped: "completed with errors"
    assert "skipped broken.json" in result.output
    # The file holds what the engine found (evidence is not part of the SpkAtt format).
    assert read_spkatt(pred / "a.json").events == gold_events
    (gold / "broken.json").unlink()
    report = score_dirs(gold, pred)
    assert report.tasks["full"].joint.f1 == 1.0


# ----------------------------------------------------------------------------- transformer


def _model_dir(path: Path, labels: list[str]) -> Path:
    path.mkdir()
    config = {"model_type": "bert", "id2label": dict(enumerate(labels))}
    (path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    (path / "model.safetensors").write_bytes(b"not really weights")
    (path / "tokenizer.json").write_text("{}", encoding="utf-8")
    return path


SPKATT_LABELS = ["O", "B-Message:Direct", "I-Message:Direct", "B-Cue", "I-Cue", "B-Source"]


def test_transformer_without_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("QUELLENLAGE_TRANSFORMER_DIR", raising=False)
    doc = Doc.from_tokens(SENTENCES)
    with pytest.raises(ModelError, match="needs QUELLENLAGE_TRANSFORMER_DIR"):
        TransformerEngine()(doc)
    with pytest.raises(ModelError, match="no such directory"):
        TransformerEngine(tmp_path / "missing")(doc)


def test_transformer_directory_without_model(tmp_path: Path) -> None:
    doc = Doc.from_tokens(SENTENCES)
    with pytest.raises(ModelError, match=r"no config\.json"):
        TransformerEngine(tmp_path)(doc)
    (tmp_path / "config.json").write_text('{"id2label": {"0": "O"}}', encoding="utf-8")
    with pytest.raises(ModelError, match=r"no model here, missing weights .* and tokenizer"):
        TransformerEngine(tmp_path)(doc)
    other = _model_dir(tmp_path / "ner", ["O", "B-PER", "I-PER"])
    with pytest.raises(ModelError, match="do not follow the SpkAtt convention"):
        check_model_dir(other)


def test_transformer_missing_extra_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_transformers(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] in ("transformers", "torch"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    # Simulate the absence even where the packages happen to be installed.
    monkeypatch.setattr(builtins, "__import__", no_transformers)
    monkeypatch.setenv(
        "QUELLENLAGE_TRANSFORMER_DIR", str(_model_dir(tmp_path / "m", SPKATT_LABELS))
    )
    engine = get_engine("transformer")
    assert engine_version("transformer") == "transformer:m"
    with pytest.raises(
        MissingExtra, match=r"transformers.*pip install 'quellenlage\[transformer\]'"
    ):
        engine(Doc.from_tokens(SENTENCES))


def test_decode_labels() -> None:
    # Sentence 0: "Der Sprecher sagte , man prüfe den Fall ." with Source 0-1, Cue 2, Message
    # 4-7 (Indirect). Sentence 1: a Direct Message over tokens 1-8 that continues into
    # sentence 2 (an I- at a sentence start), whose token 1 is its Cue.
    d = "I-Message:Direct"
    labels = [
        ["B-Source", "I-Source", "B-Cue", "O", "B-Message:Indirect", "I-Message:Indirect",
         "I-Message:Indirect", "I-Message:Indirect", "O"],
        ["O", "B-Message:Direct", d, d, d, d, d, d, d],
        [d, "B-Cue"],
    ]  # fmt: skip
    first, second = decode_labels(labels)
    assert first.form == "Indirect"
    assert first.message == [(0, 4), (0, 5), (0, 6), (0, 7)]
    assert (first.source, first.cue) == ([(0, 0), (0, 1)], [(0, 2)])
    assert second.form == "Direct"
    assert second.message == [(1, t) for t in range(1, 9)] + [(2, 0)]
    assert (second.cue, second.source) == ([(2, 1)], [])
    # An I- after O starts a new span; a role goes to the nearest Message of its sentence.
    third = decode_labels([["I-Message", "O", "B-Cue", "O", "O", "B-Message", "B-Source"]])
    assert [e.message for e in third] == [[(0, 0)], [(0, 5)]]
    assert [e.form for e in third] == ["Indirect", "Indirect"]  # no Form in the label
    assert (third[0].cue, third[1].source) == ([(0, 2)], [(0, 6)])
    assert decode_labels([["B-Cue", "O"]]) == []  # no Message, no event
