"""Train the attribution CRFs from SpkAtt-format files: what ``quellenlage train`` runs.

Training is deterministic (crfsuite L-BFGS, fixed parameters, files read in sorted order), so
the same data gives the same model. The documents go through the very annotate stage that
prediction uses (``annotate_tokens``), so train-time and run-time features cannot drift.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ...about import __version__
from ...annotate import annotate_tokens
from ...doc import Doc
from ...errors import InputNotFound, InvalidInput
from ...eval.score import score_dirs
from ...eval.spkatt import from_doc, iter_dir, read_spkatt, to_doc_events, write_spkatt
from ...settings import Settings
from .crf import META_NAME, MODEL_FORMAT, PARTS, ROLE_LETTERS, CRFEngine
from .features import FEATURE_VERSION, DocFeatures, doc_features, reported_features, stwr_features
from .windows import MessageIndex, nested_features, role_features, role_window

MODEL_VERSION = "1.0"
LICENCE = (
    "trained on GermEval 2023 SpkAtt news data (German Wikinews), CC BY-NC-SA 4.0, "
    "(c) the SpkAtt-2023 organisers; the model is a derivative: CC BY-NC-SA 4.0"
)
# crfsuite parameters per model: L1 keeps the files small, L2 smooths. Message and roles
# regularisation chosen by cross-validation on train fold 0 (Joint 63.5 at c1=0.05/c2=0.02,
# 64.9 at 0.2/0.05, 64.8 at 0.5/0.05, 64.2 at 0.2/0.2), never on dev.
PARAMS: dict[str, dict[str, Any]] = {
    "message": {"c1": 0.2, "c2": 0.05, "max_iterations": 150, "feature.minfreq": 1},
    "nested": {"c1": 0.1, "c2": 0.02, "max_iterations": 100, "feature.minfreq": 1},
    "roles": {"c1": 0.2, "c2": 0.05, "max_iterations": 150, "feature.minfreq": 1},
    "stwr": {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.minfreq": 1},
    "reported": {"c1": 0.1, "c2": 0.05, "max_iterations": 100, "feature.minfreq": 1},
}

# Bias on the "O" state of the message CRF at decoding (see crf.BiasedChain): chosen by
# 5-fold cross-validation on the train split (fold 0: Joint 59.8 at 0, 60.4 at -0.1, 59.8 at
# -0.2, 57.0 at +0.2), never on dev.
MESSAGE_O_BIAS = -0.1


@dataclass(slots=True)
class GoldEvent:
    """One annotated event, on flat token indices of its document."""

    form: str
    stwr: str
    message: list[int]
    cue: list[int]
    source: list[int]
    addr: list[int]
    frame: list[int]
    nested: bool


@dataclass(slots=True)
class TrainDoc:
    """A SpkAtt document: its sentences and gold events."""

    name: str
    sentences: list[list[str]]
    events: list[GoldEvent] = field(default_factory=list)


def load_train_docs(data_dir: str | Path) -> list[TrainDoc]:
    """Read every ``*.json`` SpkAtt file of ``data_dir`` (sorted, for determinism)."""
    d = Path(data_dir)
    if not d.is_dir():
        raise InputNotFound(f"training data directory {d} does not exist")
    files = list(iter_dir(d))
    if not files:
        raise InvalidInput(f"no *.json SpkAtt files in {d}")
    docs = []
    for f in files:
        spk = read_spkatt(f)
        flat = Doc.from_tokens(spk.sentences)
        td = TrainDoc(f.name, spk.sentences)
        for e in to_doc_events(flat, spk.events):
            if not e.message:
                continue
            medium = e.medium or "none"
            td.events.append(
                GoldEvent(e.form, medium, e.message, e.cue, e.source, e.addr, e.frame, e.is_nested)
            )
        docs.append(td)
    return docs


def _bio(n: int, spans: list[tuple[list[int], str]], offset: int = 0) -> list[str]:
    labels = ["O"] * n
    for idx, form in sorted(spans, key=lambda x: x[0][0]):
        for k, i in enumerate(idx):
            j = i - offset
            if 0 <= j < n and labels[j] == "O":
                labels[j] = ("B-" if k == 0 else "I-") + form
    return labels


def _role_labels(df: DocFeatures, ev: GoldEvent, lo: int, hi: int) -> list[str]:
    sets = {
        "cue": set(ev.cue),
        "source": set(ev.source),
        "addr": set(ev.addr),
        "frame": set(ev.frame),
    }
    out = []
    for i in range(lo, hi):
        lab = "".join(letter for letter, name in ROLE_LETTERS if i in sets[name])
        out.append(lab or "O")
    return out


def build_sequences(
    docs: list[TrainDoc], annotate: Callable[[list[list[str]]], Any]
) -> dict[str, list[tuple[list[list[str]], list[str]]]]:
    """The training sequences (features, labels) of each of the five models."""
    seqs: dict[str, list[tuple[list[list[str]], list[str]]]] = {
        "message": [],
        "nested": [],
        "roles": [],
        "stwr": [],
        "reported": [],
    }
    for td in docs:
        df = doc_features(annotate(td.sentences), complete=True)
        n = len(df.words)
        top = [e for e in td.events if not e.nested]
        seqs["message"].append((df.base, _bio(n, [(e.message, e.form) for e in top])))
        for e in top:
            lo, hi = e.message[0], e.message[-1] + 1
            if hi - lo < 3:
                continue
            inner = [
                (x.message, x.form)
                for x in td.events
                if x.nested and lo <= x.message[0] and x.message[-1] < hi
            ]
            seqs["nested"].append((nested_features(df, lo, hi, e.form), _bio(hi - lo, inner, lo)))
        # Reported sentence classifier: sentences with a reporting word that no other top
        # event touches; "R" when a Reported event covers most of the sentence.
        busy = {df.sent_of[i] for e in top if e.form != "Reported" for i in e.message}
        for si in range(len(df.sent_start)):
            a, b = df.sent_start[si], df.sent_end[si]
            if si in busy or b - a < 4 or not any(df.lexv[a:b]):
                continue
            rep = any(
                e.form == "Reported" and sum(a <= i < b for i in e.message) >= 0.8 * (b - a)
                for e in top
            )
            seqs["reported"].append(([reported_features(df, si)], ["R" if rep else "O"]))
        index = MessageIndex([e.message for e in td.events])
        for k, e in enumerate(td.events):
            lo, hi = role_window(df, e.message)
            others = index.others(k, lo, hi)
            feats = role_features(df, e.message, e.form, e.nested, others)
            seqs["roles"].append((feats, _role_labels(df, e, lo, hi)))
            stwr = e.stwr if e.stwr != "none" else "Speech"
            seqs["stwr"].append(([stwr_features(df, e.form, e.cue, e.source)], [stwr]))
    return seqs


def _fit(name: str, seqs: list[tuple[list[list[str]], list[str]]], path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    if not seqs:  # tiny data sets: a model that always answers "O" keeps the layout whole
        seqs = [([["b"]], ["O"])]
    for x, y in seqs:
        trainer.append(x, y)
    trainer.set_params(PARAMS[name])
    trainer.train(str(path))


def _annotator(tagger_root: str | Path | None) -> Callable[[list[list[str]]], Doc]:
    """``annotate_tokens`` with the tagger of model folder ``tagger_root`` (None: shipped)."""
    settings = Settings(model_dir=str(tagger_root) if tagger_root is not None else None)
    return partial(annotate_tokens, settings=settings)


def train(
    data_dir: str | Path,
    out_dir: str | Path,
    *,
    dev_dir: str | Path | None = None,
    tagger_root: str | Path | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    """Train all five models on ``data_dir`` and write them with their meta to ``out_dir``.

    The features see the tags of the tagger in model folder ``tagger_root`` (default: the
    shipped tagger): the one the models will run with.
    """
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = load_train_docs(data_dir)
    log(f"read {len(docs)} documents, {sum(len(d.events) for d in docs)} events")
    annotate = _annotator(tagger_root)
    seqs = build_sequences(docs, annotate)
    log(f"features built in {time.perf_counter() - t0:.0f}s")
    files = {}
    for name in PARTS:
        t1 = time.perf_counter()
        fname = f"attribution-{name}.crfsuite"
        _fit(name, seqs[name], out / fname)
        files[name] = fname
        log(f"trained {name} on {len(seqs[name])} sequences in {time.perf_counter() - t1:.0f}s")
    tagged = _tagged(docs, annotate)
    meta: dict[str, Any] = {
        "name": "quellenlage-attribution-crf",
        "version": MODEL_VERSION,
        "format": MODEL_FORMAT,
        "feature_version": FEATURE_VERSION,
        "quellenlage": __version__,
        "files": files,
        "params": PARAMS,
        "message_o_bias": MESSAGE_O_BIAS,
        "data": {
            "train": Path(data_dir).name,
            "documents": len(docs),
            "events": sum(len(d.events) for d in docs),
            "corpus": "GermEval 2023 SpkAtt, task 2 (news)",
        },
        "tagged": tagged,
        "licence": LICENCE,
        "train_seconds": round(time.perf_counter() - t0, 1),
        "scores": {},
    }
    (out / META_NAME).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    if dev_dir is not None:
        meta["scores"] = {"dev": evaluate_dir(out, dev_dir, tagger_root=tagger_root, log=log)}
        (out / META_NAME).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return meta


def _tagged(docs: list[TrainDoc], annotate: Callable[[list[list[str]]], Any]) -> bool:
    """Whether the annotate stage set STTS tags (the model then expects them at run time)."""
    if not docs:
        return False
    doc = annotate(docs[0].sentences[:3])
    return any(t.tag for t in doc.tokens)


def evaluate_dir(
    model_dir: str | Path,
    gold_dir: str | Path,
    *,
    tagger_root: str | Path | None = None,
    log: Callable[[str], None] = lambda s: None,
) -> dict[str, Any]:
    """Predict ``gold_dir`` with the model in ``model_dir`` and score it (project scorer).

    Returns a compact summary (F1 in percent): per task Joint, Message, Roles and each part,
    and Joint/label F1 per Form, as recorded in the model meta and reported in bench/.
    """
    eng = CRFEngine(model_dir)
    annotate = _annotator(tagger_root)
    with tempfile.TemporaryDirectory() as tmp:
        for f in iter_dir(gold_dir):
            spk = read_spkatt(f, annotations=False)
            doc = annotate(spk.sentences)
            write_spkatt(Path(tmp) / f.name, spk.name, spk.sentences, from_doc(doc, eng(doc)))
        report = score_dirs(gold_dir, tmp)
    out: dict[str, Any] = {"data": Path(gold_dir).name, "documents": report.documents}
    for name, ts in report.tasks.items():
        pct = lambda x: round(100 * x, 2)  # noqa: E731
        out[name] = {
            "joint_f1": pct(ts.joint.f1),
            "message_f1": pct(ts.message.f1),
            "roles_f1": pct(ts.roles.f1),
            "parts_f1": {k: pct(v.f1) for k, v in ts.by_part.items()},
            "form_accuracy": pct(ts.form_accuracy),
            "by_form": {
                k: {"gold": v.gold, "pred": v.pred, "joint_f1": pct(v.joint.f1),
                    "form_f1": pct(v.label.f1)}
                for k, v in ts.by_form.items()
            },
        }  # fmt: skip
        log(
            f"{Path(gold_dir).name} {name}: Joint {pct(ts.joint.f1)} "
            f"Message {pct(ts.message.f1)} Roles {pct(ts.roles.f1)}"
        )
    return out
