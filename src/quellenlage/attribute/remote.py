"""Engine "transformer": a fine-tuned token-classification model from a local directory.

For a model trained elsewhere (e.g. a German BERT fine-tuned on a GPU on the SpkAtt data) that
should run behind the same interface as the default engine. Nothing is downloaded: the model
is loaded with ``local_files_only`` from ``QUELLENLAGE_TRANSFORMER_DIR`` (a directory written
by ``save_pretrained``: ``config.json``, the weights, the tokenizer files). ``transformers``
and ``torch`` come with the ``transformer`` extra and are imported only when the engine runs.

Label convention the model must follow (``id2label`` in ``config.json``): ``O`` and BIO labels
``B-<Part>`` / ``I-<Part>`` with Part in Message, Cue, Source, Addr, Frame; a Message label
may carry the Form, ``B-Message:Direct``. Decoding (``decode_labels``): each Message span is
one event (an ``I-Message`` at the start of a sentence continues the previous sentence's
Message); every other span joins the nearest Message in the same sentence, else the nearest
in the document. This flat scheme cannot express nested events; a model that needs them
needs its own decoder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import registry
from ..doc import Doc, Event
from ..errors import ModelError, require
from ..eval.spkatt import SpkAttEvent, TokenRef, to_doc_events
from ..evidence import decision
from ..model import FORMS, Form
from ..settings import Settings

ENV_DIR = "QUELLENLAGE_TRANSFORMER_DIR"
EXTRA = "transformer"
PARTS: tuple[str, ...] = ("Message", "Cue", "Source", "Addr", "Frame")
_ATTR = {"Message": "message", "Cue": "cue", "Source": "source", "Addr": "addr", "Frame": "frame"}
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json")
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "sentencepiece.bpe.model", "spiece.model")
DEFAULT_FORM: Form = "Indirect"  # the commonest Form in the data, for Message labels without one


def _form(label: str | None) -> Form:
    """The Form a Message label names, or the default for a label without one."""
    for form in FORMS:
        if form == label:
            return form
    return DEFAULT_FORM


def parse_label(label: str) -> tuple[str, str, str | None] | None:
    """``"B-Message:Direct"`` → ``("B", "Message", "Direct")``; ``None`` for O/unknown."""
    if len(label) < 3 or label[:2] not in ("B-", "I-"):
        return None
    part, _, form = label[2:].partition(":")
    if part not in PARTS or (form and form not in FORMS):
        return None
    return label[0], part, form or None


def check_model_dir(path: str | Path | None) -> Path:
    """The model directory, checked before anything heavy is imported; else ``ModelError``."""
    if not path:
        raise ModelError(
            f"the transformer engine needs {ENV_DIR}: a local directory with a fine-tuned "
            "token-classification model (config.json, weights, tokenizer)"
        )
    path = Path(path)
    if not path.is_dir():
        raise ModelError(f"{ENV_DIR}={path}: no such directory")
    config = path / "config.json"
    if not config.is_file():
        raise ModelError(f"{path}: no config.json; not a saved transformers model")
    missing = []
    if not any((path / f).is_file() for f in WEIGHT_FILES):
        missing.append(f"weights ({' or '.join(WEIGHT_FILES[:2])})")
    if not any((path / f).is_file() for f in TOKENIZER_FILES):
        missing.append(f"tokenizer ({' or '.join(TOKENIZER_FILES[:2])})")
    if missing:
        raise ModelError(f"{path}: no model here, missing {' and '.join(missing)}")
    try:
        labels = json.loads(config.read_text(encoding="utf-8")).get("id2label", {})
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError) as exc:
        raise ModelError(f"{config}: unreadable ({exc})") from None
    if not any(parse_label(str(v)) for v in labels.values()):
        raise ModelError(
            f"{config}: its labels {sorted(map(str, labels.values()))[:8]} do not follow the "
            "SpkAtt convention (B-/I-Message, Cue, Source, Addr, Frame)"
        )
    return path


@dataclass(slots=True)
class _Span:
    part: str
    form: str | None
    refs: list[TokenRef] = field(default_factory=list)


def _spans(labels: list[list[str]]) -> list[_Span]:
    """BIO labels → spans; an I- without a matching open span starts a new one."""
    spans: list[_Span] = []
    open_: _Span | None = None
    for s, sent in enumerate(labels):
        if open_ is not None and open_.part != "Message":
            open_ = None  # only Messages run across sentence boundaries
        for t, label in enumerate(sent):
            parsed = parse_label(label)
            if parsed is None:
                open_ = None
                continue
            bio, part, form = parsed
            if bio == "I" and open_ is not None and open_.part == part:
                open_.refs.append((s, t))
                continue
            open_ = _Span(part, form, [(s, t)])
            spans.append(open_)
    return spans


TRANSFORMER = decision(
    "model:transformer",
    stage="attribute.transformer",
    en="a fine-tuned transformer token classifier found this event",
    de="ein feinjustiertes Transformer-Modell fand diese Aussage",
)


def decode_labels(labels: list[list[str]]) -> list[SpkAttEvent]:
    """Word labels per sentence → events (module docstring: the convention)."""
    spans = _spans(labels)
    messages = [sp for sp in spans if sp.part == "Message"]
    events = [SpkAttEvent(form=_form(sp.form), message=sorted(sp.refs)) for sp in messages]
    if not events:
        return []
    for sp in spans:
        if sp.part == "Message":
            continue
        s0, t0 = sp.refs[0]

        def distance(i: int, s0: int = s0, t0: int = t0) -> tuple[int, int, int]:
            refs = messages[i].refs
            same = any(s == s0 for s, _ in refs)
            near = min(abs(s - s0) * 1000 + abs(t - t0) for s, t in refs)
            return (0 if same else 1, near, i)

        best = min(range(len(messages)), key=distance)
        target: list[TokenRef] = getattr(events[best], _ATTR[sp.part])
        target.extend(sp.refs)
        target.sort()
    return events


class TransformerEngine:
    """``Doc`` → events with a local token-classification model.

    The directory is checked when the engine is made (``get_engine`` fails at once with a
    clear message); transformers and the weights are loaded on first use.
    """

    def __init__(self, path: str | Path | None = None, max_length: int = 512) -> None:
        self.path = check_model_dir(path if path is not None else os.environ.get(ENV_DIR))
        self.max_length = max_length
        self._model: Any = None
        self._tokenizer: Any = None
        self._torch: Any = None

    @property
    def version(self) -> str:
        """What the analysis records as its attribution engine."""
        return f"transformer:{self.path.name}"

    def load(self) -> None:
        """Import transformers and load model and tokenizer (once)."""
        if self._model is not None:
            return
        path = self.path
        transformers = require("transformers", EXTRA)
        self._torch = require("torch", EXTRA)
        try:
            self._tokenizer = transformers.AutoTokenizer.from_pretrained(
                path, local_files_only=True
            )
            model = transformers.AutoModelForTokenClassification.from_pretrained(
                path, local_files_only=True
            )
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: cannot load the model: {exc}") from None
        model.eval()
        self._model = model

    def word_labels(self, sentences: list[list[str]]) -> list[list[str]]:
        """One label per word; words cut off by the length limit get ``O``."""
        self.load()
        id2label = self._model.config.id2label
        out: list[list[str]] = []
        for words in sentences:
            if not words:
                out.append([])
                continue
            enc = self._tokenizer(
                words,
                is_split_into_words=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            )
            with self._torch.no_grad():
                logits = self._model(**enc).logits[0]
            best = logits.argmax(-1).tolist()
            labels = ["O"] * len(words)
            seen: set[int] = set()
            for pos, word in enumerate(enc.word_ids()):
                # The first sub-word of each word carries the word's label.
                if word is not None and word not in seen:
                    seen.add(word)
                    labels[word] = str(id2label[best[pos]])
            out.append(labels)
        return out

    def __call__(self, doc: Doc) -> list[Event]:
        """The speech events of one document."""
        sentences = [[t.text for t in s.tokens] for s in doc.sentences]
        events = to_doc_events(doc, decode_labels(self.word_labels(sentences)))
        for e in events:
            e.evidence = [TRANSFORMER]
        return events


_ENGINES: dict[str, TransformerEngine] = {}


def _engine() -> TransformerEngine:
    """One engine per model directory of ``QUELLENLAGE_TRANSFORMER_DIR`` (it loads lazily)."""
    key = os.environ.get(ENV_DIR, "")
    if key not in _ENGINES:
        _ENGINES[key] = TransformerEngine()
    return _ENGINES[key]


@registry.stage("quellenlage.attribute.transformer.v1", needs=("tokens",), sets=("events",))
def transformer_stage(doc: Doc, settings: Settings) -> None:
    """Speech events from a fine-tuned transformer (``QUELLENLAGE_TRANSFORMER_DIR``)."""
    doc.events = _engine()(doc)


registry.engine(
    "transformer",
    ("quellenlage.attribute.transformer.v1",),
    "a fine-tuned transformer token classifier (needs the transformer extra)",
    lambda: _engine().version,
)
