"""Training the NER on GermEval 2014 and scoring it on the held-out sentences.

The CRF learns from the training sentences plus ``SWAP_COPIES`` copies of them in which every
name is swapped for another training name of the same type (``germeval.swap_mentions``), so
that it learns the contexts of names more than the names (3-fold CV: +1.3 micro F1).

``train_ner`` is deterministic: the same data gives byte-identical model files (crfsuite's
L-BFGS is deterministic, features are built in a fixed order, the ``.npz`` is written with a
fixed timestamp and the metadata holds no date or timing).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import InputNotFound, ModelError
from ...modelfiles import write_npz
from ..tagger import load_tagger
from .features import FEATURE_VERSION, sentence_features
from .germeval import (
    ENTITY_TYPES,
    NerSentence,
    public_labels,
    read_germeval,
    split,
    swap_mentions,
)
from .runtime import (
    FORMAT_VERSION,
    META_FILE,
    MODEL_NAME,
    WEIGHTS_FILE,
    NerModel,
    forget,
    pack_strings,
)
from .scoring import score

HELDOUT_SHARE = 0.15
SWAP_COPIES = 2  # copies of the training sentences with their names swapped (swap_mentions)
DEFAULTS: dict[str, Any] = {"c1": 0.1, "c2": 0.05, "max_iterations": 150}
LICENCE = (
    "Trained on the GermEval 2014 NER data (Benikova, Biemann, Reznicek, LREC 2014; "
    "CC BY 4.0): the weights are a derivative of that data, distributed under CC BY 4.0 with "
    "this attribution. Tag features come from the quellenlage tagger (see tagger.meta.json)."
)


def export_crf(crf_path: Path) -> dict[str, np.ndarray]:
    """The weights of a trained crfsuite model as numpy arrays (sorted, compact)."""
    import pycrfsuite  # no stubs: pyproject.toml lets mypy treat it as untyped

    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf_path))
    info = tagger.info()
    labels = sorted(info.labels)
    lab = {x: i for i, x in enumerate(labels)}
    # a newline would break the packed attribute list; no real token contains one
    items = sorted(kv for kv in info.state_features.items() if "\n" not in kv[0][0])
    attributes = sorted({a for (a, _), _ in items})
    att = {x: i for i, x in enumerate(attributes)}
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), wt in info.transitions.items():
        trans[lab[a], lab[b]] = wt
    tagger.close()
    return {
        "format_version": np.array([FORMAT_VERSION], dtype=np.int32),
        "labels": pack_strings(labels),
        "attributes": pack_strings(attributes),
        "rows": np.array([att[a] for (a, _), _ in items], dtype=np.int32),
        "cols": np.array([lab[x] for (_, x), _ in items], dtype=np.int16),
        "weights": np.array([wt for _, wt in items], dtype=np.float32),
        "transitions": trans,
    }


def tag_sentences(sentences: Sequence[NerSentence]) -> list[list[str]]:
    """STTS tags of the sentences from quellenlage's own tagger: the features at training
    time then come from the same tagger as at run time."""
    tagger = load_tagger()
    return [tagger.analyse(list(s.words))[0] for s in sentences]


def _train_crf(
    sentences: Sequence[NerSentence],
    tags: Sequence[list[str]],
    path: Path,
    params: dict,
    subtypes: bool,
) -> None:
    import pycrfsuite  # no stubs: pyproject.toml lets mypy treat it as untyped

    trainer = pycrfsuite.Trainer(verbose=False)
    for sent, tg in zip(sentences, tags, strict=True):
        labels = list(sent.labels) if subtypes else public_labels(sent.labels)
        trainer.append(sentence_features(sent.words, tg), labels)
    trainer.set_params({**params, "feature.possible_transitions": True})
    trainer.train(str(path))


def evaluate(
    model: NerModel, sentences: Sequence[NerSentence], tags: Sequence[list[str]]
) -> dict[str, Any]:
    """Entity- and token-level scores on gold sentences, overall and on the news part."""
    pred = model.predict_batch([list(s.words) for s in sentences], tags)
    gold = [public_labels(s.labels) for s in sentences]
    news = [i for i, s in enumerate(sentences) if "wikipedia.org" not in s.url]
    return {
        "sentences": len(sentences),
        "tokens": sum(len(s.words) for s in sentences),
        "all": score(gold, pred, ENTITY_TYPES),
        "news": {
            "sentences": len(news),
            **score([gold[i] for i in news], [pred[i] for i in news], ENTITY_TYPES),
        },
    }


def _data(data_dir: Path) -> tuple[list[str], list[NerSentence]]:
    files = sorted(data_dir.glob("*.tsv"))
    if not files:
        raise InputNotFound(f"no GermEval .tsv files in {data_dir}")
    sentences = [s for f in files for s in read_germeval(f)]
    if not sentences:
        raise ModelError(f"no sentences in the GermEval files of {data_dir}")
    return [f.name for f in files], sentences


def train_ner(
    data_dir: Path,
    out_dir: Path,
    *,
    heldout: float = HELDOUT_SHARE,
    subtypes: bool = False,
    swap_copies: int = SWAP_COPIES,
    log: Callable[[str], None] | None = None,
    **params: Any,
) -> dict[str, Any]:
    """Train the NER on the GermEval files (``*.tsv``) in ``data_dir`` minus a held-out share
    (by source URL), write the model into ``out_dir`` and return its held-out scores.

    The shipped model is the one trained without the held-out sentences, so the scores in its
    metadata are the scores of exactly this model on sentences it never saw.
    """
    t0 = time.monotonic()
    say = log or (lambda _msg: None)
    names, sentences = _data(Path(data_dir))
    train, held = split(sentences, heldout)
    if not train:
        raise ModelError(f"no training sentences left in {data_dir} after the held-out split")
    params = {**DEFAULTS, **params}
    swapped = swap_mentions(train, swap_copies)
    say(f"tagging {len(sentences) + len(swapped)} sentences with the quellenlage tagger")
    train_tags, held_tags = tag_sentences(train), tag_sentences(held)
    say(f"training the CRF on {len(train)} sentences + {len(swapped)} with names swapped")
    with tempfile.TemporaryDirectory() as tmp:
        crf_path = Path(tmp) / "ner.crfsuite"
        crf_tags = train_tags + tag_sentences(swapped)
        _train_crf(train + swapped, crf_tags, crf_path, params, subtypes)
        arrays = export_crf(crf_path)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {
        "name": MODEL_NAME,
        "format_version": FORMAT_VERSION,
        "feature_version": FEATURE_VERSION,
        "labels": "BIO over PER, ORG, LOC, OTH; GermEval deriv/part learnt apart, output as O",
        "tags": sorted({t for tg in crf_tags for t in tg}),
        "data": {
            "files": names,
            "sentences": len(sentences),
            "train_sentences": len(train),
            "swapped_copies": len(swapped),
            "heldout_sentences": len(held),
            "heldout": f"{heldout:.0%} of the sentences by a SHA-1 hash of their source URL",
        },
        "params": params,
        "subtypes_learnt": subtypes,
        "licence": LICENCE,
    }
    model = NerModel(arrays, meta)
    report = evaluate(model, held, held_tags) if held else {}
    meta["heldout"] = report
    write_npz(out_dir / WEIGHTS_FILE, arrays)
    (out_dir / META_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    forget(out_dir)
    say(f"done in {time.monotonic() - t0:.0f} s")
    return {**report, "train_seconds": round(time.monotonic() - t0, 1)}
