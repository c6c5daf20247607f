"""The default attribution engine: four small CRFs over lexicon-rich features, plus rules.

1. ``message``: BIO labels with the Form over the whole document (top-level messages; in the
   SpkAtt data top-level messages never overlap, so one layer suffices).
2. ``nested``: the same inside each top-level message, for events reported within events.
3. ``roles``: per event, Cue/Source/Addr/Frame over a window around its message, with features
   relative to the message (side, distance, clause punctuation in between, sentence offset).
4. ``stwr``: the medium (Speech/Thought/Writing/mixed), a one-item CRF = logistic regression.

Exact rules then fix what rules get right: a Direct message that nearly covers a paired quote
is snapped to the quote marks (``rule:quote-pair``); a ``laut``/``zufolge``/``gemäß`` cue gets
its adjacent noun phrase as source (``rule:laut-NP``). Models are crfsuite files with a JSON
meta (no pickle), loaded lazily once and checked against the supported format version.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..model import Doc, EventCandidate, Form, Medium
from .features import FEATURE_VERSION, DocFeatures, doc_features, role_features, role_window

MODEL_FORMAT = 1
"""Version of the on-disk model layout (meta JSON + crfsuite files) this code reads."""

META_NAME = "attribution.meta.json"
PARTS = ("message", "nested", "roles", "stwr")
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
ROLE_LETTERS = (("C", "cue"), ("S", "source"), ("A", "addr"), ("F", "frame"))
FORMS: tuple[Form, ...] = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
MEDIA: tuple[str, ...] = ("Speech", "Thought", "Writing", "ST", "SW", "TW")


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


def stwr_features(df: DocFeatures, form: str, cue: list[int], source: list[int]) -> list[str]:
    """Features of one event for the medium classifier."""
    f = [f"F={form}", "b"]
    if not cue:
        f.append("nocue")
    for i in cue:
        f.append(f"c={df.words[i].lower()}")
        if df.lexv[i]:
            f.append(f"cv={df.lexv[i]}")
    if source:
        f.append(f"s0={df.words[source[0]].lower()}")
        f.append(f"sl={df.words[source[-1]].lower()}")
    return f


class CRFEngine:
    """Callable ``Doc -> list[EventCandidate]``; loads its crfsuite models on first use."""

    def __init__(self, model_dir: str | Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir else DEFAULT_MODEL_DIR
        self._taggers: dict[str, Any] | None = None
        self._meta: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._local = threading.local()

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

    def _tagger(self, part: str) -> Any:
        # crfsuite taggers are not thread-safe: one set per thread, opened lazily.
        taggers = getattr(self._local, "taggers", None)
        if taggers is None:
            import pycrfsuite

            meta = self.meta
            taggers = {}
            for p in PARTS:
                t = pycrfsuite.Tagger()
                try:
                    t.open(str(self.model_dir / meta["files"][p]))
                except Exception as exc:  # crfsuite raises plain ValueError/IOError
                    raise ModelError(f"attribution model part {p!r} cannot be read: {exc}") from exc
                taggers[p] = t
            self._local.taggers = taggers
        return taggers[part]

    def __call__(self, doc: Doc) -> list[EventCandidate]:
        """Find the speech events of ``doc``."""
        if not any(s.tokens for s in doc.sentences):
            return []
        df = doc_features(doc)
        return predict(df, self._tagger)


def predict(df: DocFeatures, tagger: Any) -> list[EventCandidate]:
    """Run the four models and the rules on one document's features."""
    labels = tagger("message").tag(df.base)
    top = [(idx, form, "crf:message") for idx, form in bio_spans(labels)]
    top = [_snap_to_quote(df, idx, form, ev) for idx, form, ev in top]
    events: list[tuple[list[int], str, bool, str]] = []
    for idx, form, ev in top:
        events.append((idx, form, False, ev))
        lo, hi = idx[0], idx[-1] + 1
        if hi - lo < 3:
            continue
        inner = tagger("nested").tag(nested_features(df, lo, hi, form))
        for nidx, nform in bio_spans(inner, lo):
            if set(nidx) != set(idx):
                events.append((nidx, nform, True, "crf:nested"))
    out: list[EventCandidate] = []
    for idx, form, nested, ev in events:
        lo, _ = role_window(df, idx)
        rl = tagger("roles").tag(role_features(df, idx, form, nested))
        roles: dict[str, list[int]] = {"cue": [], "source": [], "addr": [], "frame": []}
        for k, lab in enumerate(rl):
            if lab == "O":
                continue
            for letter, name in ROLE_LETTERS:
                if letter in lab:
                    roles[name].append(lo + k)
        evidence = [ev, "crf:roles"]
        if ev == "rule:quote-pair":
            evidence = ["crf:message", "rule:quote-pair", "crf:roles"]
        _laut_rule(df, idx, roles, evidence)
        medium = tagger("stwr").tag([stwr_features(df, form, roles["cue"], roles["source"])])[0]
        f: Form = form if form in FORMS else "Indirect"  # type: ignore[assignment]
        med: Medium | None = medium if medium in MEDIA else None  # type: ignore[assignment]
        out.append(
            EventCandidate(
                form=f,
                message=[df.refs[i] for i in idx],
                cue=[df.refs[i] for i in sorted(roles["cue"])],
                source=[df.refs[i] for i in sorted(roles["source"])],
                addr=[df.refs[i] for i in sorted(roles["addr"])],
                frame=[df.refs[i] for i in sorted(roles["frame"])],
                medium=med,
                is_nested=nested,
                evidence=[*evidence, "crf:stwr"],
            )
        )
    _set_nesting(out)
    return out


def nested_features(df: DocFeatures, lo: int, hi: int, outer_form: str) -> list[list[str]]:
    """Features for the nested-message CRF over one top-level message ``[lo, hi)``."""
    out = []
    for i in range(lo, hi):
        f = list(df.core[i])
        f.append(f"O={outer_form}")
        f.append(f"rq={min(df.depth[i] - df.depth[lo], 2)}")
        for off in (-1, 1):
            j = i + off
            f.append(f"w{off}={df.words[j].lower() if lo <= j < hi else '<m>'}")
        out.append(f)
    if out:
        out[0].append("mfirst")
        out[-1].append("mlast")
    return out


def _snap_to_quote(
    df: DocFeatures, idx: list[int], form: str, ev: str
) -> tuple[list[int], str, str]:
    """A Direct message that covers most of a paired quote becomes exactly that quote."""
    if form != "Direct":
        return idx, form, ev
    s = set(idx)
    best = None
    for p in df.quotes:
        if p.depth != 0 or p.close - p.open < 3:
            continue
        span = range(p.open, p.close + 1)
        inter = sum(1 for i in span if i in s)
        if inter >= 0.6 * len(span) and inter >= 0.6 * len(s):
            best = p
            break
    if best is None:
        return idx, form, ev
    snapped = list(range(best.open, best.close + 1))
    if snapped == idx:
        return idx, form, ev
    return snapped, form, "rule:quote-pair"


_LAUT = frozenset({"laut", "gemäß", "zufolge"})


def _laut_rule(
    df: DocFeatures, msg: list[int], roles: dict[str, list[int]], evidence: list[str]
) -> None:
    """``laut X`` / ``X zufolge``: the cue is the preposition, the source the adjacent NP.

    Only fills a source the model left empty: the NP runs from the preposition to the next
    clause punctuation (laut) or back from ``zufolge`` to the previous one.
    """
    cue = roles["cue"]
    if len(cue) != 1 or df.words[cue[0]].lower() not in _LAUT or roles["source"]:
        return
    c = cue[0]
    mset = set(msg)
    lo, hi = df.sent_start[df.sent_of[c]], df.sent_end[df.sent_of[c]]
    np_: list[int] = []
    if df.words[c].lower() == "zufolge":
        j = c - 1
        while j >= lo and j not in mset and df.words[j] not in {",", ":", ";", "."}:
            np_.insert(0, j)
            j -= 1
    else:
        j = c + 1
        while j < hi and j not in mset and df.words[j] not in {",", ":", ";", "."}:
            np_.append(j)
            j += 1
    if np_:
        roles["source"] = np_
        evidence.append("rule:laut-NP")


def _set_nesting(events: list[EventCandidate]) -> None:
    """IsNested/HasNested from containment of message token sets."""
    sets = [set(e.message) for e in events]
    for i, e in enumerate(events):
        for j, other in enumerate(events):
            if i != j and sets[i] < sets[j]:
                e.is_nested = True
                other.has_nested = True


_ENGINES: dict[str, CRFEngine] = {}
_ENGINES_LOCK = threading.Lock()


def default_engine(model_dir: str | Path | None = None) -> CRFEngine:
    """The process-wide engine for ``model_dir`` (the shipped model by default)."""
    key = str(Path(model_dir).resolve()) if model_dir else ""
    with _ENGINES_LOCK:
        eng = _ENGINES.get(key)
        if eng is None:
            eng = _ENGINES[key] = CRFEngine(model_dir)
        return eng
