"""The learned attribution engine: five small CRFs over lexicon-rich features.

1. ``message``: BIO labels with the Form over the whole document (top-level messages; in the
   SpkAtt data top-level messages never overlap, so one layer suffices), decoded with a small
   bias against "O" (``decode.BiasedChain``); ``reported`` then classifies the remaining
   sentences that carry a reporting word as whole-sentence Reported events.
2. ``nested``: the same inside each top-level message, for events reported within events.
3. ``roles``: per event, Cue/Source/Addr/Frame over a window around its message, with features
   relative to the message (side, distance, clause punctuation in between, sentence offset).
4. ``stwr``: the medium (Speech/Thought/Writing/mixed), a one-item CRF = logistic regression.

While decoding, four exact rules of the rules package shape what the later models see: a
Direct message is snapped to the quote it nearly covers (``rule:quote-pair``), a laut/zufolge
cue gets the NP next to it as source (``rule:laut-cue-source``), a verb cue without a source
its subject (``rule:cue-subject``), and a free indirect event without a source continues the
previous speaker (``rule:continued-source``). Models are crfsuite files with a JSON meta (no
pickle), loaded lazily once and checked against the supported format version.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_left
from pathlib import Path
from typing import Any

from ...doc import Doc, Event
from ...errors import ModelError
from ...evidence import decision
from ...model import as_form, as_medium
from ...modelfiles import shipped_folder
from ..events import set_nesting
from ..quotes import QuotePair
from ..rules.continuation import continue_sources
from ..rules.laut import laut_cue_source
from ..rules.quote_frame import QUOTE_PAIR, snap_to_quote
from ..rules.subject import cue_subject
from .decode import Models
from .features import FEATURE_VERSION, DocFeatures, doc_features, reported_features, stwr_features
from .keys import VOCAB
from .windows import MessageIndex, Window, nested_ids, role_ids, role_window

MODEL_FORMAT = 2
"""Version of the on-disk model layout (meta JSON + crfsuite files) this code reads."""

META_NAME = "attribution.meta.json"
PARTS = ("message", "nested", "roles", "stwr", "reported")
DEFAULT_MODEL_DIR = shipped_folder("attribution")
ROLE_LETTERS = (("C", "cue"), ("S", "source"), ("A", "addr"), ("F", "frame"))

_STAGE = "attribute.crf"
MESSAGE = decision(
    "model:crf-message",
    stage=_STAGE,
    en="the message CRF found the reproduced content",
    de="das Modell für Aussagen fand den wiedergegebenen Inhalt",
)
NESTED = decision(
    "model:crf-nested",
    stage=_STAGE,
    en="the nested-message CRF found an event inside another",
    de="das Modell fand eine Redewiedergabe innerhalb einer anderen",
)
ROLES = decision(
    "model:crf-roles",
    stage=_STAGE,
    en="the roles CRF found cue, speaker, addressee and frame",
    de="das Modell für Rollen fand Signalwort, Sprecher, Adressat und Rahmen",
)
MEDIUM = decision(
    "model:crf-stwr",
    stage=_STAGE,
    en="the medium classifier chose speech, writing or thought",
    de="der Klassifikator wählte gesprochen, geschrieben oder gedacht",
)
REPORTED = decision(
    "model:crf-reported",
    stage=_STAGE,
    en="the sentence classifier found a reported speech act",
    de="der Satzklassifikator fand einen berichteten Sprechakt",
)


def read_meta(model_dir: Path) -> dict[str, Any]:
    """Read and check a model's meta JSON; ``ModelError`` when missing or unsupported."""
    path = model_dir / META_NAME
    try:
        meta = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ModelError(
            f"no attribution model in {model_dir} (expected {META_NAME}); "
            "train one with: quellenlage train --data DIR"
        ) from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"attribution model meta {path} is unreadable: {exc}") from exc
    if not isinstance(meta, dict):
        raise ModelError(f"attribution model meta {path} is not a JSON object")
    fmt = meta.get("format")
    if fmt != MODEL_FORMAT:
        raise ModelError(
            f"attribution model {path} has format {fmt!r}; this quellenlage reads format "
            f"{MODEL_FORMAT} (retrain with: quellenlage train)"
        )
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ModelError(
            f"attribution model {path} was trained with features v{meta.get('feature_version')}"
            f", this code computes v{FEATURE_VERSION} (retrain with: quellenlage train)"
        )
    for part in PARTS:
        if not (model_dir / meta.get("files", {}).get(part, "?")).is_file():
            raise ModelError(f"attribution model {model_dir} lacks its {part!r} file")
    return meta


def bio_spans(labels: list[str], offset: int = 0) -> list[tuple[list[int], str]]:
    """Turn BIO-Form labels into (flat token indices, form) spans; a stray I starts a span."""
    spans: list[tuple[list[int], str]] = []
    cur: list[int] = []
    form = ""
    for i, lab in enumerate(labels):
        if lab == "O":
            if cur:
                spans.append((cur, form))
                cur = []
            continue
        tag, _, f = lab.partition("-")
        if tag == "B" or not cur or f != form:
            if cur:
                spans.append((cur, form))
            cur, form = [i + offset], f
        else:
            cur.append(i + offset)
    if cur:
        spans.append((cur, form))
    return spans


class CRFEngine:
    """Callable ``Doc -> list[Event]``; loads its models on first use."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
        self._meta: dict[str, Any] | None = None
        self._models: Models | None = None
        self._lock = threading.Lock()

    @property
    def meta(self) -> dict[str, Any]:
        """The model's meta JSON (checked)."""
        if self._meta is None:
            self._meta = read_meta(self.model_dir)
        return self._meta

    @property
    def version(self) -> str:
        """Name and version of the model, for ``Analysis.engine``."""
        return f"crf-{self.meta.get('version', '?')}"

    @property
    def models(self) -> Models:
        """The five models, loaded once (read-only arrays: shared by all threads)."""
        if self._models is None:
            with self._lock:
                if self._models is None:
                    meta = self.meta
                    bias = float(meta.get("message_o_bias", 0.0))
                    self._models = Models(self.model_dir, meta["files"], bias)
        return self._models

    def __call__(self, doc: Doc) -> list[Event]:
        """Find the speech events of ``doc``."""
        if not doc.tokens:
            return []
        models = self.models
        # The ids of a document belong to one vocabulary generation: hold it until decoded.
        with VOCAB.lock:
            return predict(doc, doc_features(doc), models)


Found = tuple[list[int], str, str]
"""A message found by a model or a decoding rule: tokens, form, evidence label."""


def predict(doc: Doc, df: DocFeatures, models: Models) -> list[Event]:
    """Run the five models (and the decoding rules) on one document's features."""
    labels = models.message_labels(df)
    top: list[Found] = [
        (idx, form, MESSAGE) for idx, form in bio_spans(labels) if _plausible(df, idx)
    ]
    top += _reported_sentences(df, models, top)
    top.sort(key=lambda x: x[0][0])
    outer = [p for p in df.quotes if p.depth == 0]
    closes = [p.close for p in outer]
    top = [snap_to_quote(_quotes_near(outer, closes, idx), idx, form, ev) for idx, form, ev in top]
    events = _with_nested(df, models, top)
    windows = [Window(idx, form, nested) for idx, form, nested, _ev in events]
    bounds = [role_window(df, w.message) for w in windows]
    index = MessageIndex([w.message for w in windows])
    others = [index.others(k, lo, hi) for k, (lo, hi) in enumerate(bounds)]
    lengths = [hi - lo for lo, hi in bounds]
    role_labels = models.roles.decode(role_ids(df, windows, others), lengths) if windows else []
    found = [_roles(doc, df, e, rl) for e, rl in zip(events, role_labels, strict=True)]
    media = models.media(
        [
            stwr_features(df, e[1], roles["cue"], roles["source"])
            for e, (roles, _) in zip(events, found, strict=True)
        ]
    )
    out = [
        _event(e, roles, evidence, medium)
        for e, (roles, evidence), medium in zip(events, found, media, strict=True)
    ]
    continue_sources(out)
    set_nesting(out)
    return out


def _quotes_near(outer: list[QuotePair], closes: list[int], idx: list[int]) -> list[QuotePair]:
    """The outermost quote pairs that overlap ``idx[0]..idx[-1]`` (the only ones a message
    can be snapped to); outermost pairs never overlap, so a bisection finds them."""
    out = []
    for k in range(bisect_left(closes, idx[0]), len(outer)):
        if outer[k].open > idx[-1]:
            break
        out.append(outer[k])
    return out


def _with_nested(
    df: DocFeatures, models: Models, top: list[Found]
) -> list[tuple[list[int], str, bool, str]]:
    """The top-level events, each followed by the events the nested CRF finds inside it."""
    spans = [(idx[0], idx[-1] + 1, form) for idx, form, _ev in top if idx[-1] + 1 - idx[0] >= 3]
    inner = iter(models.nested.decode(nested_ids(df, spans), [hi - lo for lo, hi, _f in spans]))
    events: list[tuple[list[int], str, bool, str]] = []
    for idx, form, ev in top:
        events.append((idx, form, False, ev))
        lo, hi = idx[0], idx[-1] + 1
        if hi - lo < 3:
            continue
        for nidx, nform in bio_spans(next(inner), lo):
            if set(nidx) != set(idx) and _plausible(df, nidx):
                events.append((nidx, nform, True, NESTED))
    return events


def _roles(
    doc: Doc, df: DocFeatures, event: tuple[list[int], str, bool, str], labels: list[str]
) -> tuple[dict[str, list[int]], list[str]]:
    """The roles of an event from its role labels, after the decoding rules."""
    idx, form, _nested, ev = event
    lo, _ = role_window(df, idx)
    roles: dict[str, list[int]] = {"cue": [], "source": [], "addr": [], "frame": []}
    for j, lab in enumerate(labels):
        if lab == "O":
            continue
        for letter, name in ROLE_LETTERS:
            if letter in lab:
                roles[name].append(lo + j)
    evidence = [ev, ROLES]
    if ev == QUOTE_PAIR:
        evidence = [MESSAGE, QUOTE_PAIR, ROLES]
    _clean_roles(df, idx, form, roles)
    laut_cue_source(doc, idx, roles, evidence)
    cue_subject(doc, idx, roles, evidence)
    return roles, evidence


def _event(
    event: tuple[list[int], str, bool, str],
    roles: dict[str, list[int]],
    evidence: list[str],
    medium: str,
) -> Event:
    idx, form, nested, _ev = event
    return Event(
        form=as_form(form) or "Indirect",
        message=idx,
        cue=sorted(roles["cue"]),
        source=sorted(roles["source"]),
        addr=sorted(roles["addr"]),
        frame=sorted(roles["frame"]),
        medium=as_medium(medium),
        is_nested=nested,
        evidence=[*evidence, MEDIUM],
    )


def _clean_roles(df: DocFeatures, msg: list[int], form: str, roles: dict[str, list[int]]) -> None:
    """Roles lie outside their message, except the source of a Reported event.

    (SpkAtt train split: 264 sources inside the message, all Reported; 2 frames.) Choosing one
    run per role or one cue sentence was tried and lowered cross-validated Source F1: the
    token-level metric gives partial credit to a two-run guess, none to a wrong single run.
    """
    mset = set(msg)
    for name in ("cue", "addr", "frame"):
        roles[name] = [i for i in roles[name] if i not in mset]
    if form != "Reported":
        roles["source"] = [i for i in roles["source"] if i not in mset]


# chosen by cross-validation on train fold 0 (Joint 63.4 at 0.5 and 0.4, 63.5 at 0.3)
REPORTED_THRESHOLD = 0.3


def _reported_sentences(df: DocFeatures, models: Models, top: list[Found]) -> list[Found]:
    """Whole sentences that report a speech act without content ("Die SPD forderte X.").

    The message CRF misses most of them (they look like plain statements token by token);
    a sentence-level classifier decides for sentences no other message touches.
    """
    covered = {df.sent_of[i] for idx, _, _ in top for i in idx}
    out: list[Found] = []
    if "R" not in models.reported_labels:  # a model trained on data without Reported sentences
        return out
    for si in range(len(df.sent_start)):
        a, b = df.sent_start[si], df.sent_end[si]
        if si in covered or b - a < 4 or not any(df.lexv[a:b]):
            continue
        if models.reported_marginal(reported_features(df, si)) >= REPORTED_THRESHOLD:
            out.append((list(range(a, b)), "Reported", REPORTED))
    return out


def _plausible(df: DocFeatures, idx: list[int]) -> bool:
    """A message has at least 3 tokens and 2 words (8 of 2877 train messages are shorter);
    shorter CRF spans are fragments ("„", "Inzwischen hat er" cut off by a label switch)."""
    return len(idx) >= 3 and sum(df.words[i][:1].isalnum() for i in idx) >= 2


_ENGINES: dict[str, CRFEngine] = {}  # by the folder as given ("" = shipped) and as resolved
_ENGINES_LOCK = threading.Lock()


def default_engine(model_dir: str | Path | None = None) -> CRFEngine:
    """The process-wide engine for ``model_dir`` (the shipped model by default)."""
    key = str(model_dir) if model_dir else ""
    eng = _ENGINES.get(key)
    if eng is not None:
        return eng
    with _ENGINES_LOCK:
        real = str(Path(model_dir or DEFAULT_MODEL_DIR).resolve())
        eng = _ENGINES.get(real)
        if eng is None:
            eng = _ENGINES[real] = CRFEngine(model_dir)
        _ENGINES[key] = eng
        return eng
