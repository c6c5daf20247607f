"""Engine "llm": speech events from an OpenAI-compatible chat-completions endpoint.

An optional, larger engine behind the same interface as the default one: ``Doc`` →
``list[EventCandidate]`` on exactly the doc's tokens. The endpoint gets the tokens numbered
per sentence and a summary of the SpkAtt scheme, and answers with JSON events that refer to
tokens as ``"s:t"`` (or ranges ``"s:t-u"``). The answer is untrusted: every event is checked
(known Form and STWR, references to existing tokens, a non-empty Message) and an event that
fails is dropped with a logged reason. A transport failure, an HTTP error or an answer that
is not JSON at all raises ``ModelError``.

Configuration (read when the engine is made, never at import; nothing touches the network
before a document is analysed):

* ``QUELLENLAGE_LLM_URL``   base URL, e.g. ``http://127.0.0.1:8000/v1`` (``/chat/completions``
  is appended)
* ``QUELLENLAGE_LLM_MODEL`` model name sent with each request
* ``QUELLENLAGE_LLM_KEY``   API key (optional; sent as a Bearer token)
* ``QUELLENLAGE_LLM_TIMEOUT`` seconds per request (default 120)

``httpx`` comes with the ``serve`` extra and is imported only when a request is made.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from typing import Any

from .. import registry
from ..doc import Doc, Event
from ..errors import ModelError, require
from ..eval.spkatt import SpkAttEvent, TokenRef, to_doc_events
from ..evidence import decision
from ..model import FORMS, MEDIA
from ..settings import Settings

log = logging.getLogger(__name__)

ENV_URL = "QUELLENLAGE_LLM_URL"
ENV_MODEL = "QUELLENLAGE_LLM_MODEL"
ENV_KEY = "QUELLENLAGE_LLM_KEY"
ENV_TIMEOUT = "QUELLENLAGE_LLM_TIMEOUT"
DEFAULT_TIMEOUT = 120.0

ROLES: tuple[str, ...] = ("message", "cue", "source", "addr", "frame")

SYSTEM_PROMPT = """\
You annotate speech, thought and writing reproduced in German news (GermEval 2023 SpkAtt scheme).
For every reproduced speech event give:
- message: the reproduced content (required)
- cue: the word(s) that signal the reproduction (sagte, laut, zufolge, soll, a colon with quotes)
- source: the speaker; addr: the addressee; frame: the introducing clause (source + cue +
  punctuation). Leave a role empty when the text has none.
- form: one of Direct (verbatim, usually quoted), Indirect (with a frame; Konjunktiv, laut X,
  X zufolge, nach X, wonach), FreeIndirect (no frame; evidential sollen/muessen),
  IndirectFreeIndirect (reported speech continuing over following sentences in Konjunktiv),
  Reported (the act of speaking is mentioned, its content only summarised)
- stwr: Speech, Thought, Writing, ST, SW, TW, or none
- nested: true if the event lies inside another event's message; has_nested: true if another
  event lies inside its message.
Refer to tokens only by their numbers "s:t" (sentence s, token t) exactly as given, or by an
inclusive range "s:t-u" within one sentence. Answer with one JSON object and nothing else:
{"events": [{"form": "...", "stwr": "...", "message": ["s:t-u"], "cue": [], "source": [],
"addr": [], "frame": [], "nested": false, "has_nested": false}]}
If there is no speech event, answer {"events": []}."""

_REF = re.compile(r"(\d+):(\d+)(?:-(\d+))?")
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where and how to reach the endpoint."""

    url: str
    model: str
    key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_env(cls) -> LLMConfig:
        """The configuration from the ``QUELLENLAGE_LLM_*`` variables; names what is missing."""
        url = os.environ.get(ENV_URL, "").strip()
        model = os.environ.get(ENV_MODEL, "").strip()
        missing = [name for name, value in ((ENV_URL, url), (ENV_MODEL, model)) if not value]
        if missing:
            raise ModelError(
                f"the llm engine needs {' and '.join(missing)} (an OpenAI-compatible endpoint, "
                f"e.g. {ENV_URL}=http://127.0.0.1:8000/v1 {ENV_MODEL}=my-model)"
            )
        raw_timeout = os.environ.get(ENV_TIMEOUT, "").strip()
        try:
            timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT
        except ValueError:
            raise ModelError(f"{ENV_TIMEOUT}={raw_timeout!r} is not a number of seconds") from None
        return cls(url.rstrip("/"), model, os.environ.get(ENV_KEY) or None, timeout)


def render_tokens(doc: Doc) -> str:
    """The doc's tokens, one sentence per line, each token prefixed by its number."""
    return "\n".join(
        f"[{s}] " + " ".join(f"{t}:{tok.text}" for t, tok in enumerate(sent.tokens))
        for s, sent in enumerate(doc.sentences)
    )


def parse_refs(raw: Any, sizes: list[int]) -> list[TokenRef]:
    """Token refs ("s:t" or "s:t-u") checked against the sentence sizes; raises ValueError."""
    if not isinstance(raw, list):
        raise ValueError(f"{raw!r} is not a list of token references")
    refs: set[TokenRef] = set()
    for item in raw:
        m = _REF.fullmatch(item.strip()) if isinstance(item, str) else None
        if m is None:
            raise ValueError(f"{item!r} is not a token reference 's:t' or 's:t-u'")
        s, t = int(m.group(1)), int(m.group(2))
        u = int(m.group(3)) if m.group(3) is not None else t
        if s >= len(sizes):
            raise ValueError(f"{item!r}: there is no sentence {s}")
        if u < t or u >= sizes[s]:
            raise ValueError(f"{item!r}: sentence {s} has tokens 0..{sizes[s] - 1}")
        refs.update((s, i) for i in range(t, u + 1))
    return sorted(refs)


_FORMS = {f.lower(): f for f in FORMS}
_MEDIA = {m.lower(): m for m in MEDIA}


LLM = decision(
    "model:llm",
    stage="attribute.llm",
    en="a large language model behind an OpenAI-compatible endpoint found this event",
    de="ein großes Sprachmodell (OpenAI-kompatibler Endpunkt) fand diese Aussage",
)


def parse_event(raw: Any, sizes: list[int]) -> SpkAttEvent:
    """One event of the answer, validated strictly; raises ValueError with the reason."""
    if not isinstance(raw, dict):
        raise ValueError("an event is not a JSON object")
    form = _FORMS.get(str(raw.get("form", "")).strip().lower())
    if form is None:
        raise ValueError(f"unknown form {raw.get('form')!r}")
    stwr_raw = raw.get("stwr")
    medium = None
    if stwr_raw is not None and str(stwr_raw).strip().lower() != "none":
        medium = _MEDIA.get(str(stwr_raw).strip().lower())
        if medium is None:
            raise ValueError(f"unknown stwr {stwr_raw!r}")
    roles = {role: parse_refs(raw.get(role, []) or [], sizes) for role in ROLES}
    if not roles["message"]:
        raise ValueError("the event has no message")
    flags = {k: raw.get(k, False) for k in ("nested", "has_nested")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise ValueError(f"{key} is {value!r}, not true/false")
    return SpkAttEvent(
        form=form,
        medium=medium,
        is_nested=flags["nested"],
        has_nested=flags["has_nested"],
        **roles,
    )


def parse_answer(content: str, doc: Doc, model: str) -> list[Event]:
    """All valid events of one answer; invalid events are logged and dropped."""
    text = _FENCE.sub("", content.strip())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"the llm answer is not JSON ({exc.msg}): {content[:120]!r}") from None
    if isinstance(data, dict):
        data = data.get("events")
    if not isinstance(data, list):
        raise ModelError(f"the llm answer has no 'events' list: {content[:120]!r}")
    sizes = [len(s.tokens) for s in doc.sentences]
    found: list[SpkAttEvent] = []
    for i, raw in enumerate(data):
        try:
            found.append(parse_event(raw, sizes))
        except ValueError as exc:
            log.warning("llm engine: dropped event %d: %s", i, exc)
    events = to_doc_events(doc, found)
    for e in events:
        e.evidence = [f"{LLM}={model}"]
    return events


class LLMEngine:
    """``Doc`` → events via a chat-completions endpoint; config from the env unless given.

    The configuration is checked when the engine is made, so ``get_engine("llm")`` fails at
    once, with the missing variable named, instead of once per document.
    """

    def __init__(self, config: LLMConfig | None = None) -> None:
        self.config = config if config is not None else LLMConfig.from_env()

    @property
    def version(self) -> str:
        """What the analysis records as its attribution engine."""
        return f"llm:{self.config.model}"

    def request_body(self, doc: Doc, model: str) -> dict[str, Any]:
        """The chat-completions request for one document."""
        return {
            "model": model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": render_tokens(doc)},
            ],
        }

    def complete(self, doc: Doc) -> str:
        """Send one document, return the answer's text; transport problems → ModelError."""
        cfg = self.config
        httpx = require("httpx", "serve")
        url = f"{cfg.url}/chat/completions"
        headers = {"Authorization": f"Bearer {cfg.key}"} if cfg.key else {}
        try:
            resp = httpx.post(
                url, json=self.request_body(doc, cfg.model), headers=headers, timeout=cfg.timeout
            )
        except httpx.TimeoutException:
            raise ModelError(
                f"llm endpoint {url} did not answer within {cfg.timeout:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise ModelError(f"llm endpoint {url} cannot be reached: {exc}") from None
        if resp.status_code >= 400:
            raise ModelError(
                f"llm endpoint {url} answered HTTP {resp.status_code}: {resp.text[:200]!r}"
            )
        try:
            return resp.json()["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError):
            raise ModelError(
                f"llm endpoint {url} did not answer in the chat-completions format: "
                f"{resp.text[:200]!r}"
            ) from None

    def __call__(self, doc: Doc) -> list[Event]:
        """The speech events of one document."""
        if not doc.tokens:
            return []  # nothing to ask about
        return parse_answer(self.complete(doc), doc, self.config.model)


@registry.stage("quellenlage.attribute.llm.v1", needs=("tokens",), sets=("events",))
def llm_stage(doc: Doc, settings: Settings) -> None:
    """Speech events from an LLM endpoint (configured from the environment at each call)."""
    doc.events = LLMEngine()(doc)


registry.engine(
    "llm",
    ("quellenlage.attribute.llm.v1",),
    "an OpenAI-compatible LLM endpoint (QUELLENLAGE_LLM_URL, QUELLENLAGE_LLM_MODEL)",
    lambda: LLMEngine().version,
)
