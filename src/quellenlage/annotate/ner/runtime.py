"""Loading and running the NER: cached weight vectors and a batched Viterbi in numpy.

The model is a linear-chain CRF trained with crfsuite (``training.py``); at run time its
weights are numpy arrays (no pickle). Speed comes from two things:

* **cached word vectors**: the summed weights of a word's five feature groups (own, and as the
  -1/+1/-2/+2 neighbour; see ``features.py``) are computed once per word and kept in a
  matrix; a batch of sentences is then one gather and five shifted additions. Tag features
  are precomputed tables (tag x group, tag bigram);
* **batched Viterbi**: all sentences of a batch (a document) advance together, one numpy step
  per token position instead of one per token.

The result is exactly crfsuite's Viterbi path (ties aside). Tried and dropped: pruning tokens
whose O score beats every other label by more than any transition pair can make up (exact,
but the learnt B→I and O→I transitions are so strong that it pruned nothing).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import ModelError
from .features import (
    FEATURE_VERSION,
    N_GROUPS,
    N_PAD,
    OFFSETS,
    PAD,
    PAD_TAG,
    bigram_features,
    tag_groups,
    word_groups,
)
from .germeval import public_label, repair_bio
from .lexicons import is_org_noun, multiword_flags

FORMAT_VERSION = 1
"""Version of the model files' layout; bump when it changes."""
SUPPORTED_FORMATS = (1,)
MODEL_NAME = "quellenlage-ner-de"
WEIGHTS_FILE = "ner.weights.npz"
META_FILE = "ner.meta.json"

F32 = np.float32
_CHUNK = 64  # sentences decoded together (longest first, so padding stays small)


def unpack_strings(blob: np.ndarray) -> list[str]:
    """Strings stored as one UTF-8 byte array joined by newlines (compact, no pickle)."""
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def pack_strings(items: Sequence[str]) -> np.ndarray:
    """The inverse of ``unpack_strings``; items must not contain a newline."""
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


class NerModel:
    """A loaded NER model: weights, tables and the word-vector cache of this process."""

    # Words per cache generation (5 x 9 float32 each: 18 MB); a day of news has fewer
    # distinct words, so a warm batch scores almost no word twice.
    _CACHE_WORDS = 100_000

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.meta = meta
        self.labels = unpack_strings(arrays["labels"])
        n_labels = len(self.labels)
        attributes = unpack_strings(arrays["attributes"])
        w = np.zeros((len(attributes) + 1, n_labels), dtype=F32)  # last row: unknown
        w[arrays["rows"], arrays["cols"]] = arrays["weights"]
        self._w = w
        self._index = {a: i for i, a in enumerate(attributes)}
        self._unknown = len(attributes)
        self.trans = arrays["transitions"].astype(F32)
        self.o = self.labels.index("O")
        self.public = [public_label(lab) for lab in self.labels]
        self._tag_tables(list(meta.get("tags", [])))
        self._words: dict[str, int] = {}
        self._matrix = np.zeros((self._CACHE_WORDS, N_GROUPS, n_labels), dtype=F32)
        self._lock = threading.Lock()
        self._reset_cache()

    # ------------------------------------------------------------------------- tables

    def _vector(self, feats: Sequence[str]) -> np.ndarray:
        """Summed weights of feature strings (unknown ones weigh nothing)."""
        ids = [self._index[f] for f in feats if f in self._index]
        return self._w[ids].sum(axis=0) if ids else np.zeros(len(self.labels), dtype=F32)

    def _tag_tables(self, tags: list[str]) -> None:
        """Per-tag group vectors and tag-bigram vectors for every tag seen in training."""
        tags = [PAD_TAG, *[t for t in tags if t != PAD_TAG], "?"]  # "?": an unseen tag
        self._tag_id = {t: i for i, t in enumerate(tags)}
        k, n_labels = len(tags), len(self.labels)
        groups = np.zeros((k, N_GROUPS, n_labels), dtype=F32)
        prev = np.zeros((k, k, n_labels), dtype=F32)
        nxt = np.zeros((k, k, n_labels), dtype=F32)
        for i, a in enumerate(tags):
            for g, feats in enumerate(tag_groups(a)):
                groups[i, g] = self._vector(feats)
            for j, b in enumerate(tags):
                before, after = bigram_features(a, b, b)[0], bigram_features(b, b, a)[1]
                prev[i, j] = self._vector([before])  # tag a at -1, b at 0
                nxt[i, j] = self._vector([after])  # tag b at 0, a at +1: stored as [a, b]
        self._tag_groups, self._tag_prev, self._tag_next = groups, prev, nxt

    def _reset_cache(self) -> None:
        self._words.clear()
        self._words[PAD] = 0
        self._matrix[0] = self._groups_vector(PAD)

    def _groups_vector(self, word: str) -> np.ndarray:
        return np.stack([self._vector(g) for g in word_groups(word)])

    def _word_rows(self, words: list[str]) -> np.ndarray:
        """The cached group vectors of the words, shape (len(words), 5, labels); new words
        are scored and stored first. Under a lock: a cache reset must not come in between."""
        cache = self._words
        with self._lock:
            new = [w for w in dict.fromkeys(words) if w not in cache]
            if new and len(cache) + len(new) > len(self._matrix):
                self._reset_cache()  # a new generation: frequent words come back at once
                new = [w for w in dict.fromkeys(words) if w not in cache]
                if len(new) + 1 > len(self._matrix):  # one huge batch: grow to fit it
                    self._matrix = np.zeros((len(new) + 1, *self._matrix.shape[1:]), dtype=F32)
                    self._reset_cache()
            if new:
                self._add_words(new)
            return self._matrix[[cache[w] for w in words]]

    def _add_words(self, new: list[str]) -> None:
        """Score new words: one gather and one reduce over all their feature ids."""
        index, unknown = self._index, self._unknown
        ids: list[int] = []
        offsets: list[int] = []
        for word in new:
            for group in word_groups(word):
                offsets.append(len(ids))
                ids.extend([index[f] for f in group if f in index] or [unknown])
        sums = np.add.reduceat(self._w[ids], offsets, axis=0)
        start = len(self._words)
        self._matrix[start : start + len(new)] = sums.reshape(len(new), N_GROUPS, -1)
        for k, word in enumerate(new):
            self._words[word] = start + k

    # ------------------------------------------------------------------------ scoring

    def emissions(
        self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]
    ) -> tuple[np.ndarray, list[int]]:
        """State scores of every token of the batch, flat with ``N_PAD`` pad rows between
        sentences, and each sentence's first row."""
        flat_w: list[str] = [PAD] * N_PAD
        flat_t: list[str] = [PAD_TAG] * N_PAD
        starts: list[int] = []
        for words, tg in zip(sentences, tags, strict=True):
            if len(words) != len(tg):
                raise ModelError(f"NER input has {len(words)} words but {len(tg)} tags")
            starts.append(len(flat_w) - N_PAD)
            flat_w.extend(words)
            flat_w += [PAD] * N_PAD
            flat_t.extend(tg)
            flat_t += [PAD_TAG] * N_PAD
        m = self._word_rows(flat_w)
        tid = self._tag_id
        unseen = tid["?"]
        t_ids = np.array([tid.get(t, unseen) for t in flat_t])
        tg_m = self._tag_groups[t_ids]
        total = len(flat_w)
        e = m[N_PAD : total - N_PAD, 0] + tg_m[N_PAD : total - N_PAD, 0]
        for g, off in enumerate(OFFSETS[1:], 1):
            e += m[N_PAD + off : total - N_PAD + off, g]
            e += tg_m[N_PAD + off : total - N_PAD + off, g]
        mid = t_ids[N_PAD : total - N_PAD]
        e += self._tag_prev[t_ids[N_PAD - 1 : total - N_PAD - 1], mid]
        e += self._tag_next[t_ids[N_PAD + 1 : total - N_PAD + 1], mid]
        for words, start in zip(sentences, starts, strict=True):
            for i, flag in multiword_flags(list(words)).items():
                e[start + i] += self._vector(["gm=" + flag])
        return e, starts

    def predict_batch(
        self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]
    ) -> list[list[str]]:
        """Public BIO labels (PER/ORG/LOC/OTH) for each sentence of words with STTS tags."""
        if not sentences:
            return []
        e, starts = self.emissions(sentences, tags)
        best = viterbi_batch(e, self.trans, starts, [len(s) for s in sentences])
        public = self.public
        out: list[list[str]] = []
        for words, start in zip(sentences, starts, strict=True):
            ids = best[start : start + len(words)]
            labels = [public[k] for k in ids.tolist()]
            if any(x != "O" for x in labels):
                labels = repair_bio(labels)
            out.append(org_compounds(words, labels))
        return out


def org_compounds(words: Sequence[str], labels: list[str]) -> list[str]:
    """Two rules for names the training data has too few examples of, applied in place:

    * a PER span that ends in a compound of an organisation noun is an organisation named
      after a person ("Robert Koch-Institut", "Friedrich Ebert-Stiftung"): no person's name
      ends in "-Institut";
    * a word left O that is a hyphenated compound of capitalised parts ending in an
      organisation noun, with at least three parts, is an organisation ("Paul-Ehrlich-Institut",
      "Max-Planck-Gesellschaft"); two-part compounds ("US-Militär", "SPD-Fraktion") stay O,
      as GermEval annotates them as parts, not names.
    """
    for i in [k for k, w in enumerate(words) if "-" in w]:  # both rules need a hyphen
        word, lab = words[i], labels[i]
        if lab == "O":
            parts = word.split("-")
            if len(parts) >= 3 and all(p[:1].isupper() for p in parts) and is_org_noun(word):
                labels[i] = "B-ORG"
        elif (
            lab[2:] == "PER"
            and (i + 1 == len(labels) or labels[i + 1] != "I-PER")
            and is_org_noun(word)
        ):
            j = i
            while labels[j] != "B-PER":
                j -= 1
            labels[j : i + 1] = ["B-ORG"] + ["I-ORG"] * (i - j)
    return labels


def viterbi_batch(
    e: np.ndarray, trans: np.ndarray, starts: Sequence[int], lengths: Sequence[int]
) -> np.ndarray:
    """Best label ids of every sentence, all sentences of a batch decoded at once.

    ``e`` holds the state scores of the batch (sentence k at rows ``starts[k]`` ...); rows of
    no sentence come out as label 0. Sentences are sorted by length and decoded in chunks,
    one numpy step per position for the whole chunk: a sentence that has ended keeps its
    score and passes its label through, so one backtrack serves all.
    """
    best = np.zeros(len(e), dtype=np.int64)
    lens = np.asarray(lengths, dtype=np.int64)
    sts = np.asarray(starts, dtype=np.int64)
    n_labels = len(trans)
    ident = np.arange(n_labels)
    order = np.argsort(-lens, kind="stable")
    order = order[lens[order] > 0]
    for c in range(0, len(order), _CHUNK):
        sel = order[c : c + _CHUNK]
        ln, st = lens[sel], sts[sel]
        lmax, b = int(ln[0]), len(sel)
        pos = np.minimum(np.arange(lmax)[None, :], (ln - 1)[:, None])
        em = e[st[:, None] + pos]  # (b, lmax, labels); rows past a sentence's end repeat
        score = em[:, 0]
        backs = np.empty((lmax, b, n_labels), dtype=np.int16)
        for t in range(1, lmax):
            cand = score[:, :, None] + trans
            arg = cand.argmax(axis=1)
            new = np.take_along_axis(cand, arg[:, None, :], axis=1)[:, 0] + em[:, t]
            active = (ln > t)[:, None]
            score = np.where(active, new, score)
            backs[t] = np.where(active, arg, ident)
        lab = score.argmax(axis=1)
        rows = np.arange(b)
        out = np.empty((b, lmax), dtype=np.int64)
        out[:, lmax - 1] = lab
        for t in range(lmax - 1, 0, -1):
            lab = backs[t][rows, lab]
            out[:, t - 1] = lab
        for k in range(b):
            best[st[k] : st[k] + ln[k]] = out[k, : ln[k]]
    return best


# ---------------------------------------------------------------------------------- loading

_LOADED: dict[str, NerModel] = {}
_LOAD_LOCK = threading.Lock()


def shipped_dir() -> Path:
    """The folder of the shipped model files."""
    with resources.as_file(resources.files(__package__).joinpath("model")) as path:
        return Path(path)


def load_ner(model_dir: Path | None = None) -> NerModel:
    """The NER model in ``model_dir`` (default: the shipped one), loaded once per process."""
    key = str(model_dir) if model_dir else "<shipped>"
    model = _LOADED.get(key)
    if model is None:
        with _LOAD_LOCK:
            model = _LOADED.get(key)
            if model is None:
                model = _load(model_dir or shipped_dir())
                _LOADED[key] = model
    return model


def forget(model_dir: Path) -> None:
    """Drop a cached model (after retraining into ``model_dir``)."""
    _LOADED.pop(str(model_dir), None)


def read_meta(model_dir: Path) -> dict[str, Any]:
    """The model's metadata, checked: name, format version and feature version."""
    path = model_dir / META_FILE
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no NER model in {model_dir} ({META_FILE} is missing)") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"NER metadata {path} is unreadable: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("name") != MODEL_NAME:
        raise ModelError(f"{path} does not describe a {MODEL_NAME} model")
    if meta.get("format_version") not in SUPPORTED_FORMATS:
        raise ModelError(
            f"NER model format {meta.get('format_version')!r} is not supported "
            f"(supported: {SUPPORTED_FORMATS}); retrain it with this version of quellenlage"
        )
    if meta.get("feature_version") != FEATURE_VERSION:
        raise ModelError(
            f"NER model {path} was trained with features v{meta.get('feature_version')}, "
            f"this code computes v{FEATURE_VERSION}; retrain it with this version"
        )
    return meta


def _load(model_dir: Path) -> NerModel:
    meta = read_meta(model_dir)
    path = model_dir / WEIGHTS_FILE
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except Exception as exc:  # missing file, zip, key or dtype errors of a damaged file
        raise ModelError(f"cannot read NER weights {path}: {exc}") from exc
    need = ("format_version", "labels", "attributes", "rows", "cols", "weights", "transitions")
    missing = [k for k in need if k not in arrays]
    if missing:
        raise ModelError(f"NER weights {path} lack {', '.join(missing)}")
    if int(arrays["format_version"][0]) not in SUPPORTED_FORMATS:
        raise ModelError(f"NER weights {path} have format {int(arrays['format_version'][0])}")
    n = len(unpack_strings(arrays["labels"]))
    if arrays["transitions"].shape != (n, n) or "O" not in unpack_strings(arrays["labels"]):
        raise ModelError(f"NER weights {path}: labels and transitions do not fit")
    return NerModel(arrays, meta)
