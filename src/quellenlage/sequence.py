"""Linear-chain models and their decoding, shared by the tagger and every attribution CRF.

A model is dense arrays: ``weights`` (one row of label scores per attribute, the last row all
zeros for attributes the model does not know) and ``transitions`` (label → label). Decoding
is Viterbi over the emission scores of many segments at once (all sentences of a document,
all role windows of its events), so a document costs one call, not one per token.

The kernels run compiled (``_sequence.c``, built by ``pip install``) when the extension is
there and in numpy otherwise. Both do the same IEEE operations in the same order and take the
first maximum on ties, so they give identical paths (tests compare them); crfsuite's own
decoder sums features and breaks ties the same way. Models stay crfsuite files on disk:
``LinearChain.from_crfsuite`` reads their weights once, at load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np
import pycrfsuite

from .errors import ModelError

_compiled: ModuleType | None
try:  # the compiled kernels; absent when the package was installed without a C compiler
    from . import _sequence as _compiled
except ImportError:  # pragma: no cover - depends on the installation
    _compiled = None

_USE_COMPILED = _compiled is not None


def backend() -> str:
    """``"compiled"`` when the C kernels are in use, else ``"numpy"``."""
    return "compiled" if _USE_COMPILED else "numpy"


def set_backend(name: str) -> None:
    """Choose the kernels: ``"numpy"`` always works, ``"compiled"`` needs the extension."""
    global _USE_COMPILED
    if name not in ("numpy", "compiled"):
        raise ValueError(f"unknown backend {name!r}; known: compiled, numpy")
    if name == "compiled" and _compiled is None:
        raise ModelError("the compiled sequence kernels are not built (reinstall with gcc)")
    _USE_COMPILED = name == "compiled"


def starts_of(lengths: Iterable[int]) -> np.ndarray:
    """Segment starts with the end appended (``[0, n0, n0 + n1, ...]``) as int32."""
    out = [0]
    for n in lengths:
        out.append(out[-1] + n)
    return np.asarray(out, dtype=np.int32)


def viterbi(emissions: np.ndarray, transitions: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The best label index of every row of ``emissions`` (n × L), decoded per segment
    ``[starts[k], starts[k + 1])`` under ``transitions`` (L × L, same dtype)."""
    e = np.ascontiguousarray(emissions)
    t = np.ascontiguousarray(transitions, dtype=e.dtype)
    s = np.ascontiguousarray(starts, dtype=np.int32)
    if not _USE_COMPILED or _compiled is None:
        return viterbi_numpy(e, t, s)
    out = np.zeros(len(e), dtype=np.int32)
    _compiled.viterbi(e, t, t.shape[0], s, out)
    return out


def viterbi_numpy(emissions: np.ndarray, transitions: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``viterbi`` in numpy, one step per token (the reference for the compiled kernel)."""
    out = np.zeros(len(emissions), dtype=np.int32)
    n_labels = transitions.shape[0]
    ar = np.arange(n_labels)
    for a, b in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        if a == b:
            continue
        score = emissions[a]
        back = np.zeros((b - a, n_labels), dtype=np.intp)
        for i in range(a + 1, b):
            cand = score[:, None] + transitions
            best = cand.argmax(axis=0)
            back[i - a] = best
            score = cand[best, ar] + emissions[i]
        last = int(score.argmax())
        out[b - 1] = last
        for i in range(b - 1, a, -1):
            last = int(back[i - a][last])
            out[i - 1] = last
    return out


def gather_sum(weights: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``out[t] = weights[ids[t, 0]] + weights[ids[t, 1]] + ...``, added in column order
    (crfsuite's order: the features of a token one after the other). The last row of
    ``weights`` is all zeros; id -1 (that row) is an absent feature, which the compiled
    kernel skips."""
    w = np.ascontiguousarray(weights)
    idx = np.ascontiguousarray(ids, dtype=np.int32)
    n, k = idx.shape
    if n == 0 or k == 0:
        return np.zeros((n, w.shape[1]), dtype=w.dtype)
    if not _USE_COMPILED or _compiled is None:
        return gather_sum_numpy(w, idx)
    out = np.empty((n, w.shape[1]), dtype=w.dtype)
    _compiled.gather_sum(w, w.shape[1], idx, k, out)
    return out


def gather_sum_numpy(weights: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """``gather_sum`` in numpy: one vectorised add per column (id -1: the zero last row)."""
    out = weights[ids[:, 0]].copy()
    for c in range(1, ids.shape[1]):
        out += weights[ids[:, c]]
    return out


@dataclass(slots=True)
class LinearChain:
    """A linear-chain CRF as dense arrays: what decoding needs, nothing else.

    ``index`` maps an attribute (feature string) to its row of ``weights``; ``zero`` is the
    all-zero row that stands for attributes the model never saw. ``labels`` are in the
    order of the arrays' columns (crfsuite's label ids for models read from crfsuite).
    """

    labels: list[str]
    weights: np.ndarray
    transitions: np.ndarray
    index: dict[str, int]
    label_ids: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.label_ids = {lab: i for i, lab in enumerate(self.labels)}

    @property
    def zero(self) -> int:
        """The row of an unknown attribute (all zeros)."""
        return len(self.weights) - 1

    @classmethod
    def from_crfsuite(cls, path: Path) -> LinearChain:
        """The weights of a crfsuite model file, in float64 as crfsuite computes."""
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(path))
            info = tagger.info()
        except Exception as exc:  # crfsuite raises plain ValueError/IOError
            raise ModelError(f"model {path} cannot be read: {exc}") from exc
        finally:
            tagger.close()
        label_id = {lab: int(i) for lab, i in info.labels.items()}
        labels = [lab for lab, _ in sorted(label_id.items(), key=lambda x: x[1])]
        index: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for (attr, lab), w in info.state_features.items():
            rows.append(index.setdefault(attr, len(index)))
            cols.append(label_id[lab])
            vals.append(w)
        weights = np.zeros((len(index) + 1, len(labels)))
        weights[rows, cols] = vals
        trans = np.zeros((len(labels), len(labels)))
        for (a, b), w in info.transitions.items():
            trans[label_id[a], label_id[b]] = w
        return cls(labels, weights, trans, index)

    def ids(self, feats: Iterable[str]) -> list[int]:
        """Rows of the attributes ``feats`` (unknown ones: the zero row), in their order."""
        get, zero = self.index.get, self.zero
        return [get(f, zero) for f in feats]

    def lookup(self, vocab: Sequence[str]) -> np.ndarray:
        """``ids(vocab)`` as an int32 array: the rows of a vocabulary of attributes."""
        return np.asarray(self.ids(vocab), dtype=np.int32)

    def decode(self, emissions: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """Label indices of the best path of every segment."""
        return viterbi(emissions, self.transitions, starts)

    def tag(self, xseq: Sequence[Sequence[str]]) -> list[str]:
        """crfsuite's ``Tagger.tag`` on feature strings: the best labels of one sequence."""
        if not xseq:
            return []
        ids = [self.ids(f) for f in xseq]
        width = max(len(r) for r in ids) or 1
        mat = np.full((len(ids), width), self.zero, dtype=np.int32)
        for i, r in enumerate(ids):
            mat[i, : len(r)] = r
        path = self.decode(gather_sum(self.weights, mat), starts_of([len(ids)]))
        return [self.labels[k] for k in path]
