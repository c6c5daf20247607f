"""The tagger at run time: load a model folder once, tag every sentence of a ``Doc``.

A linear-chain CRF (trained with crfsuite, ``training.py``) predicts the STTS tag of every
token; its weights are read from ``tagger.weights.npz`` and decoded with the shared Viterbi
(``quellenlage.sequence``), a whole document in one call. Punctuation tags, the Konjunktiv
repair and mood are rules (``mood.py``), lemmas come from the lemmatizer (``lemmatizer.py``).

A model folder (shipped: ``models/tagger/``) holds ``tagger.meta.json``,
``tagger.weights.npz``, ``lemmas.json`` and ``word_contexts.tsv``; a missing, corrupt or
incompatible model raises ``ModelError``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ...doc import Doc
from ...errors import ModelError
from ...modelfiles import TAGGER, shipped_folder
from ...sequence import LinearChain, starts_of, viterbi
from .features import CONTEXT_FILE, Contexts, punct_tag, read_contexts, word_features
from .lemmatizer import Lemmatizer, strong_verb_infinitives
from .mood import mood_of, repair_konjunktiv

FORMAT_VERSION = 2
"""Version of the model files' layout and feature set; bump when either changes."""
SUPPORTED_FORMATS = (2,)
MODEL_NAME = "quellenlage-tagger-de"
MODEL_FILE = "tagger.crfsuite"  # the crfsuite model, kept for reference and inspection
WEIGHTS_FILE = "tagger.weights.npz"  # its weights as numpy arrays: what inference loads
META_FILE = TAGGER.marker  # "tagger.meta.json"
LEMMA_FILE = "lemmas.json"


def read_weights(path: Path) -> LinearChain:
    """The tagger CRF of a ``.npz`` weights file (float32, labels in sorted order)."""
    try:
        with np.load(path, allow_pickle=False) as z:
            fmt = int(z["format_version"][0])
            labels = [str(x) for x in z["labels"]]
            attributes = [str(x) for x in z["attributes"]]
            rows, cols, weights = z["rows"], z["cols"], z["weights"]
            transitions = z["transitions"].astype(np.float32)
    except Exception as exc:  # zip, key or dtype errors of a damaged file
        raise ModelError(f"cannot read tagger weights {path}: {exc}") from exc
    if fmt not in SUPPORTED_FORMATS:
        raise ModelError(f"tagger weights {path} have format {fmt}, not {SUPPORTED_FORMATS}")
    if transitions.shape != (len(labels), len(labels)):
        raise ModelError(f"tagger weights {path}: transition matrix does not fit the labels")
    w = np.zeros((len(attributes) + 1, len(labels)), dtype=np.float32)  # last row: unknown
    w[rows, cols] = weights
    return LinearChain(labels, w, transitions, {a: i for i, a in enumerate(attributes)})


class Scorer:
    """Emission scores of the tagger CRF, summed once per word and cached.

    Same scores as crfsuite (state features with value 1, label transitions, Viterbi), but a
    word's feature weights are summed once per neighbour position and cached, and a whole
    document is decoded in one call. Tried and dropped: a beam over each token's best labels
    (no faster, 0.15% of tags differ).
    """

    # Words per cache generation: when the young generation is full it becomes the old one
    # (words still in use move back), so frequent words survive and memory stays bounded
    # (two generations of 5 x L float32 vectors: about 17 MB each with 52 labels).
    _CACHE_WORDS = 16_000

    def __init__(self, chain: LinearChain, contexts: Contexts) -> None:
        self.chain = chain
        self.contexts = contexts
        self.labels = chain.labels
        index = chain.index
        zero = np.zeros(len(chain.labels), dtype=np.float32)
        self.bos = chain.weights[index["BOS"]] if "BOS" in index else zero
        self.cap_bos = chain.weights[index["capBOS"]] if "capBOS" in index else zero
        self.eos = chain.weights[index["EOS"]] if "EOS" in index else zero
        shape = (5, len(chain.labels))
        self._rows: dict[str, int] = {}  # word -> row of self._vectors (young generation)
        self._vectors = np.zeros((256, *shape), dtype=np.float32)
        self._old_rows: dict[str, int] = {}
        self._old_vectors = np.zeros((0, *shape), dtype=np.float32)
        self._lock = threading.Lock()

    def _sum_words(self, words: list[str]) -> np.ndarray:
        """The five summed weight vectors of each word: one gather and one reduce for all."""
        index, unknown = self.chain.index, self.chain.zero
        ids: list[int] = []
        offsets: list[int] = []
        for word in words:
            for group in word_features(word, self.contexts):  # 5 groups
                offsets.append(len(ids))
                # only the model's features; the all-zero row keeps a group from being empty
                ids.extend([index[f] for f in group if f in index] or [unknown])
        sums = np.add.reduceat(self.chain.weights[ids], offsets, axis=0)
        return sums.reshape(len(words), 5, -1)

    def _word_rows(self, words: Sequence[str]) -> np.ndarray:
        """The young-generation row of every word, adding the words it lacks."""
        rows = self._rows
        get = rows.get
        out = [get(w, -1) for w in words]
        if -1 not in out:
            return np.asarray(out)
        missing = list(dict.fromkeys(w for w, k in zip(words, out, strict=True) if k < 0))
        if len(rows) + len(missing) > self._CACHE_WORDS:
            # rotate before choosing what is new: the document needs all its words young
            self._old_rows, self._old_vectors = rows, self._vectors[: len(rows)]
            rows = self._rows = {}
            self._vectors = np.zeros_like(self._old_vectors[:256])
            missing = list(dict.fromkeys(words))
        old = self._old_rows
        moved = [w for w in missing if w in old]
        new = [w for w in missing if w not in old]
        first = len(rows)
        need = first + len(missing)
        if need > len(self._vectors):
            grown = np.zeros((2 * need, *self._vectors.shape[1:]), np.float32)
            grown[:first] = self._vectors[:first]
            self._vectors = grown
        if moved:
            self._vectors[first : first + len(moved)] = self._old_vectors[[old[w] for w in moved]]
        if new:
            self._vectors[first + len(moved) : need] = self._sum_words(new)
        for k, word in enumerate(moved + new):
            rows[word] = first + k
        return np.asarray([rows[w] for w in words])

    def emissions(self, words: Sequence[str], starts: np.ndarray) -> np.ndarray:
        """Emission scores (n × L) of the sentences ``[starts[k], starts[k + 1])``."""
        with self._lock:
            rows = self._word_rows(words)  # may grow self._vectors: index it afterwards
            vec = self._vectors
        n = len(words)
        first, last = starts[:-1], starts[1:] - 1
        has_prev = np.ones(n, dtype=bool)
        has_prev[first] = False
        has_next = np.ones(n, dtype=bool)
        has_next[last] = False
        has_prev2 = has_prev.copy()
        has_prev2[1:] &= has_prev[:-1]
        has_next2 = has_next.copy()
        has_next2[:-1] &= has_next[1:]
        # The neighbour groups, added in the order of the per-sentence sum (-1, +1, -2, +2):
        # each token gets exactly the additions it had when sentences were scored one by one.
        e = vec[rows, 0]
        for off, group, ok in (
            (-1, 2, has_prev),
            (1, 3, has_next),
            (-2, 1, has_prev2),
            (2, 4, has_next2),
        ):
            idx = np.nonzero(ok)[0]
            e[idx] += vec[rows[idx + off], group]
        e[first] += self.bos
        cap = [k for k in first.tolist() if words[k][:1].isupper()]
        e[cap] += self.cap_bos
        e[last] += self.eos
        return e

    def tag(self, words: Sequence[str], starts: np.ndarray) -> list[str]:
        """The best labels of every sentence ``[starts[k], starts[k + 1])`` of ``words``."""
        if not words:
            return []
        path = viterbi(self.emissions(words, starts), self.chain.transitions, starts)
        labels = self.labels
        return [labels[k] for k in path.tolist()]


class Tagger:
    """The loaded tagger: CRF weights + lemmatizer + the metadata it was trained with."""

    _LEMMA_CACHE = 200_000

    def __init__(self, scorer: Scorer, meta: dict[str, Any], lemmatizer: Lemmatizer) -> None:
        self.meta = meta
        self.version = str(meta.get("version", "?"))
        self._scorer = scorer
        self._lemmatizer = lemmatizer
        self._lemmas: dict[tuple[str, str], str] = {}

    def knows(self, form: str, tag: str) -> bool:
        """Whether the training treebanks had ``form`` with the STTS tag ``tag``."""
        return self._lemmatizer.knows(form, tag)

    def labels(self, words: Sequence[str]) -> list[str]:
        """STTS tags for one sentence of words (the CRF's decision, before punctuation rules)."""
        return self._scorer.tag(words, starts_of([len(words)]))

    def lemma(self, word: str, tag: str) -> str:
        """The lemma of ``word`` tagged ``tag`` (cached)."""
        key = (word, tag)
        hit = self._lemmas.get(key)
        if hit is None:
            hit = self._lemmatizer.lemma(word, tag)
            if len(self._lemmas) >= self._LEMMA_CACHE:
                self._lemmas.clear()
            self._lemmas[key] = hit
        return hit

    def _rules(
        self, words: Sequence[str], tags: list[str]
    ) -> tuple[list[str], list[str], list[str | None]]:
        """Punctuation tags, Konjunktiv repair, lemmas and moods of one tagged sentence."""
        for i, w in enumerate(words):
            if not w[:1].isalnum():
                fixed = punct_tag(w)
                if fixed is not None:
                    tags[i] = fixed
        repair_konjunktiv(words, tags, self._lemmatizer.verbs, strong_verb_infinitives())
        cached = self._lemmas.get
        lemmas = [cached((w, t)) or self.lemma(w, t) for w, t in zip(words, tags, strict=True)]
        moods = [
            mood_of(words, tags, lemmas, i) if t.endswith("FIN") else None
            for i, t in enumerate(tags)
        ]
        return tags, lemmas, moods

    def analyse(self, words: Sequence[str]) -> tuple[list[str], list[str], list[str | None]]:
        """Tags, lemmas and moods of one sentence of words."""
        if not words:
            return [], [], []
        return self._rules(words, self.labels(words))

    def tag_doc(self, doc: Doc) -> Doc:
        """Fill ``tag``, ``lemma`` and ``mood`` of every token in place (one decoding call
        for the whole document) and return the document."""
        sents = [s for s in doc.sentences if s.tokens]
        words = [t.text for s in sents for t in s.tokens]
        if not words:
            return doc
        starts = starts_of(len(s.tokens) for s in sents)
        tags = self._scorer.tag(words, starts)
        for s, a, b in zip(sents, starts[:-1].tolist(), starts[1:].tolist(), strict=True):
            stags, lemmas, moods = self._rules(words[a:b], tags[a:b])
            for tok, tag, lemma, mood in zip(s.tokens, stags, lemmas, moods, strict=True):
                tok.tag, tok.lemma, tok.mood = tag, lemma, mood
        return doc


_LOADED: dict[str, Tagger] = {}  # by the folder as given ("" = shipped) and as resolved
_LOAD_LOCK = threading.Lock()


def load_tagger(model_dir: Path | None = None) -> Tagger:
    """The tagger in ``model_dir`` (default: the shipped one), loaded once per process."""
    key = str(model_dir) if model_dir is not None else ""
    tagger = _LOADED.get(key)
    if tagger is not None:
        return tagger
    with _LOAD_LOCK:
        folder = Path(model_dir) if model_dir is not None else shipped_folder("tagger")
        real = str(folder.resolve())
        tagger = _LOADED.get(real)
        if tagger is None:
            tagger = _LOADED[real] = _load(folder)
        _LOADED[key] = tagger
    return tagger


def forget(model_dir: Path) -> None:
    """Drop a cached tagger (after retraining into ``model_dir``)."""
    stale = _LOADED.get(str(Path(model_dir).resolve()))
    for key in [k for k, t in _LOADED.items() if t is stale]:
        del _LOADED[key]


def read_meta(model_dir: Path) -> dict[str, Any]:
    """The checked metadata of the tagger in ``model_dir``."""
    meta_path = model_dir / META_FILE
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"tagger metadata {meta_path} is unreadable: {exc}") from exc
    fmt = meta.get("format_version") if isinstance(meta, dict) else None
    if fmt not in SUPPORTED_FORMATS:
        raise ModelError(
            f"tagger model format {fmt!r} is not supported (supported: {SUPPORTED_FORMATS}); "
            "retrain it with this version of quellenlage"
        )
    if meta.get("name") != MODEL_NAME:
        raise ModelError(f"{meta_path} describes {meta.get('name')!r}, not {MODEL_NAME!r}")
    return meta


def _load(model_dir: Path) -> Tagger:
    for name in (META_FILE, WEIGHTS_FILE, LEMMA_FILE):
        if not (model_dir / name).is_file():
            raise ModelError(
                f"tagger model incomplete: {model_dir / name} is missing "
                "(retrain with: quellenlage train --ud DIR)"
            )
    meta = read_meta(model_dir)
    lemmatizer = Lemmatizer.load((model_dir / LEMMA_FILE).read_text(encoding="utf-8"))
    scorer = Scorer(read_weights(model_dir / WEIGHTS_FILE), read_contexts(model_dir / CONTEXT_FILE))
    return Tagger(scorer, meta, lemmatizer)


def tag_doc(doc: Doc, model_dir: Path | None = None) -> Doc:
    """Tag a document with the tagger in ``model_dir`` (default: the shipped one)."""
    return load_tagger(model_dir).tag_doc(doc)
