"""The five attribution CRFs loaded for decoding, each decoded for a whole document at once.

The models stay crfsuite files (``training.py`` writes them); at load their weights become
dense arrays (``sequence.LinearChain``) and every document is decoded with the shared Viterbi
from feature ids (``features.py``, ``windows.py``), never through crfsuite's string
interface. The scores are crfsuite's own: a token's feature weights are added in feature
order, and Viterbi breaks ties as crfsuite does. (The message model was once summed with
numpy's pairwise ``reduceat``; the two orders gave the same label to every token of 1,850
documents, SpkAtt train and dev and 1,000 10kGNAD articles, and the sequential order does
not depend on the numpy version.) The one exception is the Reported sentence classifier,
whose *marginal* is compared with a threshold: crfsuite computes it with its own fast
``exp``, so it stays with crfsuite (a few sentences per document).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from ...errors import ModelError
from ...sequence import LinearChain, gather_sum, starts_of, viterbi
from .features import DocFeatures
from .keys import VOCAB, register_model
from .vocab import RowTable


@dataclass(slots=True)
class Chain:
    """One CRF ready for decoding: its arrays and its rows for the vocabulary ids."""

    model: LinearChain
    rows: RowTable

    @classmethod
    def load(cls, path: Path) -> Chain:
        model = LinearChain.from_crfsuite(path)
        return cls(model, RowTable(model, VOCAB))

    def decode(self, ids: np.ndarray, lengths: list[int]) -> list[list[str]]:
        """Labels of the segments of ``lengths`` rows of the id matrix ``ids`` (features
        summed in column order, crfsuite's order)."""
        emissions = gather_sum(self.model.weights, self.rows.rows(ids))
        path = viterbi(emissions, self.model.transitions, starts_of(lengths)).tolist()
        labels = self.model.labels
        out, a = [], 0
        for n in lengths:
            out.append([labels[k] for k in path[a : a + n]])
            a += n
        return out


class Models:
    """The five attribution models of one model folder (read-only, shared by threads)."""

    def __init__(self, model_dir: Path, files: dict[str, str], o_bias: float) -> None:
        chains = {}
        for part in ("message", "nested", "roles", "stwr"):
            try:
                chains[part] = Chain.load(model_dir / files[part])
            except ModelError as exc:
                raise ModelError(f"attribution model part {part!r} cannot be read: {exc}") from exc
        self.message, self.nested = chains["message"], chains["nested"]
        self.roles, self.stwr = chains["roles"], chains["stwr"]
        for part in ("message", "nested", "roles"):
            register_model(chains[part].model.index)
        labels = self.message.model.labels
        self.bias = np.zeros(len(labels))
        if "O" in labels:
            self.bias[labels.index("O")] = o_bias
        self._reported_path = model_dir / files["reported"]
        self._local = threading.local()
        self.reported_labels = self._reported().labels()

    def _reported(self) -> Any:
        # crfsuite taggers are not thread-safe: one per thread, opened lazily.
        tagger = getattr(self._local, "reported", None)
        if tagger is None:
            tagger = pycrfsuite.Tagger()
            try:
                tagger.open(str(self._reported_path))
            except Exception as exc:  # crfsuite raises plain ValueError/IOError
                raise ModelError(
                    f"attribution model part 'reported' cannot be read: {exc}"
                ) from exc
            self._local.reported = tagger
        return tagger

    def message_labels(self, df: DocFeatures) -> list[str]:
        """BIO-Form labels of the whole document, with the bias against "O"."""
        chain = self.message
        emissions = gather_sum(chain.model.weights, chain.rows.rows(df.ids))
        emissions += self.bias
        path = viterbi(emissions, chain.model.transitions, starts_of([len(df.words)]))
        labels = chain.model.labels
        return [labels[k] for k in path.tolist()]

    def reported_marginal(self, features: list[str]) -> float:
        """The Reported classifier's probability of "R" for one sentence's features."""
        clf = self._reported()
        clf.set([features])
        return float(clf.marginal("R", 0))

    def media(self, xseqs: list[list[str]]) -> list[str]:
        """The medium of each event from its feature strings (one-item sequences)."""
        if not xseqs:
            return []
        model = self.stwr.model
        ids = [model.ids(f) for f in xseqs]
        width = max(len(r) for r in ids)
        mat = np.full((len(ids), width), model.zero, dtype=np.int32)
        for i, r in enumerate(ids):
            mat[i, : len(r)] = r
        path = viterbi(gather_sum(model.weights, mat), model.transitions, starts_of([1] * len(ids)))
        return [model.labels[k] for k in path.tolist()]
