"""A learned German named-entity recogniser (PER, ORG, LOC, OTH) trained on GermEval 2014.

A linear-chain CRF over word shape, affixes, context words, STTS tags from quellenlage's own
tagger and gazetteer flags from the project's lexicons, decoded in numpy (``runtime.py``).
The model ships in ``model/`` (numpy weights + JSON metadata with a format version checked at
load); ``train_ner`` rebuilds it; ``docs/ner.md`` is its model card.

    from quellenlage.annotate.ner import predict, doc_spans
    predict(["Laut", "Olaf", "Scholz", "hat", "die", "EU", "recht", "."])
    # ['O', 'B-PER', 'I-PER', 'O', 'O', 'B-ORG', 'O', 'O']
"""

from __future__ import annotations

from .germeval import ENTITY_TYPES, PUBLIC_LABELS
from .runtime import NerModel, load_ner
from .spans import NerSpan, doc_spans, predict, sentence_spans
from .training import train_ner

__all__ = [
    "ENTITY_TYPES",
    "PUBLIC_LABELS",
    "NerModel",
    "NerSpan",
    "doc_spans",
    "load_ner",
    "predict",
    "sentence_spans",
    "train_ner",
]
