"""Feature strings as integers: one process-wide vocabulary, and per-model row tables.

The attribution features are defined as strings (crfsuite trains on them), but decoding
needs only each model's weight row per feature. Every feature string is interned once into
``Vocab`` (an integer id); a model's ``RowTable`` maps those ids to its weight rows. The
per-word parts of the features are computed once per distinct token (``KeyTable``) and reused
in every later document, so a document costs array gathers instead of string building.

Memory stays bounded: when the vocabulary passes ``Vocab.LIMIT`` strings it is emptied
before the next document, with everything derived from it (``generation`` tells users).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from ...sequence import LinearChain

ABSENT = -1
"""The id of a feature a token does not have."""

Key = tuple[str, str, str, bool]
"""What a token's own features depend on: its word, tag, lemma and Konjunktiv mood."""
Builder = Callable[[Key], tuple[dict[str, list[int]], list[bool], tuple[object, ...]]]
"""A new key's feature ids per block, its flags and its objects (``KeyTable.lookup``)."""


class Vocab:
    """Feature strings interned to dense integer ids (``strings[id]`` is the string)."""

    LIMIT = 1_500_000

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._ids: dict[str, int] = {}
        self.generation = 0
        self.lock = threading.RLock()

    def __len__(self) -> int:
        return len(self.strings)

    def id(self, s: str) -> int:
        """The id of ``s`` (interned on first sight)."""
        k = self._ids.setdefault(s, len(self.strings))
        if k == len(self.strings):
            self.strings.append(s)
        return k

    def ids(self, strings: Iterable[str | None]) -> list[int]:
        """Ids of ``strings``; None (a feature the token lacks) becomes ``ABSENT``."""
        table, strs = self._ids, self.strings
        out = []
        for s in strings:
            if s is None:
                out.append(ABSENT)
                continue
            k = table.setdefault(s, len(strs))
            if k == len(strs):
                strs.append(s)
            out.append(k)
        return out

    def strings_of(self, ids: Sequence[int] | np.ndarray) -> list[str]:
        """The strings of the present ids, in order (what crfsuite trains on)."""
        strings = self.strings
        return [strings[k] for k in np.asarray(ids).tolist() if k >= 0]

    def maybe_reset(self) -> None:
        """Empty the vocabulary when it has grown past ``LIMIT`` (between documents)."""
        if len(self.strings) > self.LIMIT:
            self.reset()

    def reset(self) -> None:
        """Empty the vocabulary; everything derived from it is rebuilt (new ``generation``)."""
        self.strings, self._ids = [], {}
        self.generation += 1


class RowTable:
    """A model's weight row for every vocabulary id, extended as the vocabulary grows and
    rebuilt when it is reset. Strings the model does not know, and absent features, get
    row -1: the model's all-zero last row in numpy, skipped by the compiled kernel."""

    def __init__(self, model: LinearChain, vocab: Vocab) -> None:
        self.model = model
        self.vocab = vocab
        self._table = np.full(1, -1, dtype=np.int32)  # one row per id, then -1 for ABSENT
        self._generation = -1

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Weight rows of vocabulary ``ids`` (``ABSENT`` and unknown strings: -1)."""
        vocab = self.vocab
        size = len(self._table) - 1
        if self._generation != vocab.generation:
            size, self._generation = 0, vocab.generation
        if size < len(vocab):
            new = self.model.lookup(vocab.strings[size:])
            new[new == self.model.zero] = -1
            self._table = np.concatenate([self._table[:size], new, [-1]]).astype(np.int32)
        elif size < len(self._table) - 1:
            self._table = np.concatenate([self._table[:size], [-1]]).astype(np.int32)
        return self._table[ids]


class KeyTable:
    """Per distinct key: its feature ids (int blocks), flags and objects (e.g. lexicon hits),
    as rows of growing arrays, computed once by a ``Builder`` and reused."""

    def __init__(self, blocks: dict[str, int], flags: int, objects: int) -> None:
        self._index: dict[Key, int] = {}
        self._arrays = {name: np.zeros((256, w), dtype=np.int32) for name, w in blocks.items()}
        self._flags = np.zeros((256, flags), dtype=bool)
        self._objects = np.empty((256, objects), dtype=object)
        self._generation = -1

    def __len__(self) -> int:
        return len(self._index)

    LIMIT = 100_000
    """Keys kept at most (about 40 MB): past it the table starts afresh before a document."""

    def lookup(self, keys: Sequence[Key], build: Builder, generation: int) -> np.ndarray:
        """Row of every key; new keys get their rows from ``build(key)``, stored together."""
        if generation != self._generation or len(self._index) > self.LIMIT:
            self._index.clear()
            self._generation = generation
        index = self._index
        get = index.get
        out = [get(key, -1) for key in keys]
        if -1 in out:
            new = list(dict.fromkeys(k for k, r in zip(keys, out, strict=True) if r < 0))
            self._add(new, [build(key) for key in new])
            out = [index[key] for key in keys]
        return np.asarray(out, dtype=np.int64)

    def _add(
        self,
        keys: list[Key],
        built: list[tuple[dict[str, list[int]], list[bool], tuple[object, ...]]],
    ) -> None:
        first = len(self._index)
        need = first + len(keys)
        if need > len(self._flags):
            size = max(need, 2 * len(self._flags))
            for name, arr in self._arrays.items():
                self._arrays[name] = _grown(arr, size)
            self._flags = _grown(self._flags, size)
            self._objects = _grown(self._objects, size)
        for name, arr in self._arrays.items():
            arr[first:need] = [b[0][name] for b in built]
        self._flags[first:need] = [b[1] for b in built]
        objects = np.empty((len(keys), self._objects.shape[1]), dtype=object)
        objects[:] = [b[2] for b in built]
        self._objects[first:need] = objects
        for k, key in enumerate(keys):
            self._index[key] = first + k

    def block(self, name: str) -> np.ndarray:
        """The id rows of block ``name`` (index them with the rows from ``lookup``)."""
        return self._arrays[name]

    @property
    def flags(self) -> np.ndarray:
        """The flag rows (booleans per key)."""
        return self._flags

    @property
    def objects(self) -> np.ndarray:
        """The object rows (Python values per key)."""
        return self._objects


def _grown(arr: np.ndarray, size: int) -> np.ndarray:
    """``arr`` with room for ``size`` rows (the new rows empty)."""
    out = np.empty((size, *arr.shape[1:]), dtype=arr.dtype) if arr.dtype == object else None
    if out is None:
        out = np.zeros((size, *arr.shape[1:]), dtype=arr.dtype)
    out[: len(arr)] = arr
    return out
