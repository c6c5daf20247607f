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
            self.strings, self._ids = [], {}
            self.generation += 1


class RowTable:
    """A model's weight row for every vocabulary id (its all-zero row for unknown strings),
    extended as the vocabulary grows and rebuilt when it is reset."""

    def __init__(self, model: LinearChain, vocab: Vocab) -> None:
        self.model = model
        self.vocab = vocab
        self._table = np.zeros(0, dtype=np.int32)
        self._size = 0
        self._generation = -1

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """Weight rows of vocabulary ``ids``; ``ABSENT`` becomes the model's zero row."""
        vocab = self.vocab
        if self._generation != vocab.generation:
            self._size, self._generation = 0, vocab.generation
        if self._size < len(vocab):
            new = self.model.lookup(vocab.strings[self._size :])
            need = self._size + len(new)
            if need > len(self._table):  # grow geometrically: one copy per doubling
                grown = np.zeros(max(need, 2 * len(self._table)), dtype=np.int32)
                grown[: self._size] = self._table[: self._size]
                self._table = grown
            self._table[self._size : need] = new
            self._size = need
        out = self._table[np.maximum(ids, 0)]
        out[ids < 0] = self.model.zero
        return out


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

    def lookup(self, keys: Sequence[Key], build: Builder, generation: int) -> np.ndarray:
        """Row of every key; a new key gets its row from ``build(key)``."""
        if generation != self._generation:
            self._index.clear()
            self._generation = generation
        index = self._index
        get = index.get
        out = [get(key, -1) for key in keys]
        for i, k in enumerate(out):
            if k < 0:
                key = keys[i]
                k = index.get(key, -1)
                out[i] = k if k >= 0 else self._add(key, build)
        return np.asarray(out, dtype=np.int64)

    def _add(self, key: Key, build: Builder) -> int:
        k = len(self._index)
        if k >= len(self._flags):
            for name, arr in self._arrays.items():
                self._arrays[name] = np.concatenate([arr, np.zeros_like(arr)])
            self._flags = np.concatenate([self._flags, np.zeros_like(self._flags)])
            self._objects = np.concatenate([self._objects, np.empty_like(self._objects)])
        blocks, flags, objects = build(key)
        for name, ids in blocks.items():
            self._arrays[name][k] = ids
        self._flags[k] = flags
        self._objects[k] = objects
        self._index[key] = k
        return k

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
