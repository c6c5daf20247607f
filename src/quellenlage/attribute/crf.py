"""The default attribution engine: five small CRFs over lexicon-rich features, plus rules.

1. ``message``: BIO labels with the Form over the whole document (top-level messages; in the
   SpkAtt data top-level messages never overlap, so one layer suffices), decoded with a small
   bias against "O" (``BiasedChain``); ``reported`` then classifies the remaining sentences
   that carry a reporting word as whole-sentence Reported events.
2. ``nested``: the same inside each top-level message, for events reported within events.
3. ``roles``: per event, Cue/Source/Addr/Frame over a window around its message, with features
   relative to the message (side, distance, clause punctuation in between, sentence offset).
4. ``stwr``: the medium (Speech/Thought/Writing/mixed), a one-item CRF = logistic regression.

Exact rules then fix what rules get right: a Direct message that nearly covers a paired quote
is snapped to the quote marks (``rule:quote-pair``); a ``laut``/``zufolge``/``gemäß`` cue gets
its adjacent noun phrase as source (``rule:laut-NP``), a verb cue without a source the noun
phrase next to it (``rule:cue-subject``); a free indirect event without a source
continues the previous speaker (``rule:continued-source``). Models are crfsuite files with a JSON
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

MODEL_FORMAT = 2
"""Version of the on-disk model layout (meta JSON + crfsuite files) this code reads."""

META_NAME = "attribution.meta.json"
PARTS = ("message", "nested", "roles", "stwr", "reported")
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
            bias = float(meta.get("message_o_bias", 0.0))
            if bias:
                taggers["message"] = BiasedChain(taggers["message"], bias)
            self._local.taggers = taggers
        return taggers[part]

    def __call__(self, doc: Doc) -> list[EventCandidate]:
        """Find the speech events of ``doc``."""
        if not any(s.tokens for s in doc.sentences):
            return []
        df = doc_features(doc)
        return predict(df, self._tagger)


class BiasedChain:
    """Viterbi over a crfsuite linear-chain model's own weights, with a per-label bias.

    crfsuite decodes the single best path; a CRF trained on sparse events prefers "O" and
    so trades recall for precision. Adding ``o_bias`` (negative) to the "O" state score
    before decoding moves the operating point; the value is chosen by cross-validation on
    the train split and stored in the model meta. Reads the weights via ``Tagger.info()``.
    """

    def __init__(self, tagger: Any, o_bias: float) -> None:
        import numpy as np

        info = tagger.info()
        ids = {lab: int(i) for lab, i in info.labels.items()}
        self.labels = [lab for lab, _ in sorted(ids.items(), key=lambda x: x[1])]
        n = len(self.labels)
        self.attr: dict[str, int] = {}
        rows: list[Any] = []
        for (attr, lab), w in info.state_features.items():
            r = self.attr.get(attr)
            if r is None:
                r = self.attr[attr] = len(rows)
                rows.append(np.zeros(n))
            rows[r][ids[lab]] = w
        self.W = np.vstack([*rows, np.zeros(n)])
        self.T = np.zeros((n, n))
        for (a, b), w in info.transitions.items():
            self.T[ids[a], ids[b]] = w
        self.bias = np.zeros(n)
        if "O" in ids:
            self.bias[ids["O"]] = o_bias
        self.np = np

    def tag(self, xseq: list[list[str]]) -> list[str]:
        """The best label path under the biased scores."""
        np = self.np
        if not xseq:
            return []
        amap, empty = self.attr, len(self.W) - 1
        ids: list[int] = []
        offsets: list[int] = []
        get = amap.get
        for feats in xseq:
            offsets.append(len(ids))
            ids.extend([get(a, empty) for a in feats])
            ids.append(empty)  # a zero row: no token sums over nothing
        # one gather and one segmented sum for the whole document
        E = np.add.reduceat(self.W[ids], offsets, axis=0)
        E += self.bias
        score = E[0].copy()
        back = np.zeros((len(xseq), len(self.labels)), dtype=np.int64)
        for t in range(1, len(xseq)):
            cand = score[:, None] + self.T
            back[t] = cand.argmax(0)
            score = cand.max(0) + E[t]
        best = [int(score.argmax())]
        for t in range(len(xseq) - 1, 0, -1):
            best.append(int(back[t][best[-1]]))
        best.reverse()
        return [self.labels[i] for i in best]


def predict(df: DocFeatures, tagger: Any) -> list[EventCandidate]:
    """Run the five models and the rules on one document's features."""
    labels = tagger("message").tag(df.base)
    top = [(idx, form, "crf:message") for idx, form in bio_spans(labels) if _plausible(df, idx)]
    top += _reported_sentences(df, tagger, top)
    top.sort(key=lambda x: x[0][0])
    top = [_snap_to_quote(df, idx, form, ev) for idx, form, ev in top]
    events: list[tuple[list[int], str, bool, str]] = []
    for idx, form, ev in top:
        events.append((idx, form, False, ev))
        lo, hi = idx[0], idx[-1] + 1
        if hi - lo < 3:
            continue
        inner = tagger("nested").tag(nested_features(df, lo, hi, form))
        for nidx, nform in bio_spans(inner, lo):
            if set(nidx) != set(idx) and _plausible(df, nidx):
                events.append((nidx, nform, True, "crf:nested"))
    out: list[EventCandidate] = []
    msets = [set(e[0]) for e in events]
    for k, (idx, form, nested, ev) in enumerate(events):
        lo, _ = role_window(df, idx)
        others = other_messages(msets, k)
        rl = tagger("roles").tag(role_features(df, idx, form, nested, others))
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
        _clean_roles(df, idx, form, roles)
        _laut_rule(df, idx, roles, evidence)
        _subject_rule(df, idx, roles, evidence)
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
    _inherit_sources(out)
    set_nesting(out)
    return out


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


_INHERIT_FORMS = frozenset({"IndirectFreeIndirect", "FreeIndirect"})


def _inherit_sources(events: list[EventCandidate]) -> None:
    """A free indirect event without a source in reach continues the previous speaker.

    In the train split 199 of 310 sourced IndirectFreeIndirect events (63 of 119 FreeIndirect)
    have exactly the source of the preceding event: reported speech runs on.
    """
    order = sorted(
        (e for e in events if not e.is_nested), key=lambda e: e.message[0] if e.message else (0, 0)
    )
    last: list[tuple[int, int]] = []
    for e in order:
        if e.form in _INHERIT_FORMS and not e.source and last:
            e.source = list(last)
            e.evidence.append("rule:continued-source")
        if e.source:
            last = e.source


def other_messages(msets: list[set[int]], k: int) -> set[int]:
    """Tokens of the messages of events that neither contain nor lie inside event ``k``."""
    mine = msets[k]
    out: set[int] = set()
    for j, m in enumerate(msets):
        if j != k and not (m <= mine or mine <= m):
            out |= m
    return out


# chosen by cross-validation on train fold 0 (Joint 63.4 at 0.5 and 0.4, 63.5 at 0.3)
REPORTED_THRESHOLD = 0.3


def reported_features(df: DocFeatures, si: int) -> list[str]:
    """Bag-of-signals of one sentence for the Reported classifier (a one-item CRF)."""
    a, b = df.sent_start[si], df.sent_end[si]
    f = {"b", f"n={min((b - a) // 5, 8)}", f"sf={df.words[a].lower()}" if a < b else "sf="}
    for i in range(a, b):
        for x in df.core[i]:
            if x.startswith(("t=", "v=", "k=", "fr=")):
                f.add(x)
        if df.lexv[i]:
            f.add(f"vw={df.words[i].lower()}")
            for x in df.core[i]:
                if x.startswith("l="):
                    f.add(f"vl={x[2:]}")
        if df.words[i] in {":", "dass", "ob"}:
            f.add(f"has={df.words[i]}")
        if df.depth[i]:
            f.add("inquote")
    return sorted(f)


def _reported_sentences(
    df: DocFeatures, tagger: Any, top: list[tuple[list[int], str, str]]
) -> list[tuple[list[int], str, str]]:
    """Whole sentences that report a speech act without content ("Die SPD forderte X.").

    The message CRF misses most of them (they look like plain statements token by token);
    a sentence-level classifier decides for sentences no other message touches.
    """
    covered = {df.sent_of[i] for idx, _, _ in top for i in idx}
    out: list[tuple[list[int], str, str]] = []
    clf = tagger("reported")
    if "R" not in clf.labels():  # a model trained on data without Reported sentences
        return out
    for si in range(len(df.sent_start)):
        a, b = df.sent_start[si], df.sent_end[si]
        if si in covered or b - a < 4 or not any(df.lexv[a:b]):
            continue
        clf.set([reported_features(df, si)])
        if clf.marginal("R", 0) >= REPORTED_THRESHOLD:
            out.append((list(range(a, b)), "Reported", "crf:reported"))
    return out


def _plausible(df: DocFeatures, idx: list[int]) -> bool:
    """A message has at least 3 tokens and 2 words (8 of 2877 train messages are shorter);
    shorter CRF spans are fragments ("„", "Inzwischen hat er" cut off by a label switch)."""
    return len(idx) >= 3 and sum(df.words[i][:1].isalnum() for i in idx) >= 2


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

    The NP runs from the preposition to the next clause punctuation or the message (laut,
    gemäß), or back from ``zufolge`` to the previous one: exact for 179 of 210 such events in
    the train split. It fills a source the model left empty and confirms one it agrees with.
    """
    cue = roles["cue"]
    if len(cue) != 1 or df.words[cue[0]].lower() not in _LAUT:
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
    if not np_:
        return
    if not roles["source"]:
        roles["source"] = np_
        evidence.append("rule:laut-NP")
    elif roles["source"] == np_:
        evidence.append("rule:laut-NP")  # the rule confirms the model's source


_NP_TAGS = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT", "CARD", "PIAT", "PDAT", "TRUNC"})
_NP_START = frozenset({"ART", "NN", "NE", "PPER", "PPOSAT", "PIS", "PDS", "ADJA", "PIAT"})


def _np_from(df: DocFeatures, j: int, step: int, lo: int, hi: int, mset: set[int]) -> list[int]:
    """The run of noun-phrase tokens from ``j`` in direction ``step`` (by STTS tag)."""
    out: list[int] = []
    while lo <= j < hi and j not in mset:
        tag = _tag(df, j)
        if tag == "PPER" and not out:
            return [j]
        if tag not in _NP_TAGS:
            break
        out.append(j)
        j += step
    return sorted(out)


def _tag(df: DocFeatures, i: int) -> str:
    for x in df.core[i]:
        if x.startswith("t="):
            return x[2:]
    return ""


def _subject_rule(
    df: DocFeatures, msg: list[int], roles: dict[str, list[int]], evidence: list[str]
) -> None:
    """A verb cue without a source: the noun phrase right after it ("sagte der Sprecher"),
    else the one right before it ("der Sprecher sagte"), by STTS tags."""
    cue = roles["cue"]
    if not cue or roles["source"] or not _tag(df, cue[0]).startswith("V"):
        return
    si = df.sent_of[cue[0]]
    lo, hi = df.sent_start[si], df.sent_end[si]
    mset = set(msg)
    c0, c1 = cue[0], cue[-1]
    np_ = []
    if c0 + 1 < hi and _tag(df, c0 + 1) in _NP_START:
        np_ = _np_from(df, c0 + 1, 1, lo, hi, mset)
    if not np_ and c0 - 1 >= lo:
        np_ = _np_from(df, c0 - 1, -1, lo, hi, mset)
    if np_ and not set(np_) & set(cue) and c1 >= c0:
        roles["source"] = np_
        evidence.append("rule:cue-subject")


def set_nesting(events: list[EventCandidate]) -> None:
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
