"""The shared linear-chain decoder: compiled and numpy kernels agree, Viterbi is exact.

The compiled kernels (``_sequence.c``) must give what the numpy fallback gives, operation for
operation; both must find the best path (checked against brute force on small inputs) and
decode the attribution CRFs exactly as crfsuite does.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest
from hypothesis import given
from hypothesis import strategies as st

from quellenlage import analyze, sequence
from quellenlage.annotate import annotate_text
from quellenlage.attribute.learned.features import doc_features
from quellenlage.attribute.learned.windows import nested_features
from quellenlage.errors import ModelError
from quellenlage.sequence import LinearChain, gather_sum_numpy, starts_of, viterbi_numpy

MODELS = Path(__file__).resolve().parents[1] / "src" / "quellenlage" / "models"
TEXT = (
    "Der Bürgermeister sagte am Montag, die Brücke werde bald saniert. „Wir haben keine "
    "Wahl“, sagte er. Laut der Polizei wurden zwei Menschen verletzt. Der Fahrer soll zu "
    "schnell gefahren sein. Die Ministerin erklärte: „Das Gesetz kommt.“"
)


@pytest.fixture
def compiled() -> Iterator[None]:
    """Run with the compiled kernels, then restore the default."""
    before = sequence.backend()
    sequence.set_backend("compiled")
    yield
    sequence.set_backend(before)


def test_compiled_kernels_are_built() -> None:
    """``pip install`` builds the C extension wherever a C compiler is there (CI has gcc)."""
    assert sequence.backend() == "compiled", (
        "quellenlage._sequence is not built: reinstall with a C compiler "
        "(pip install -e . --no-deps)"
    )


def _problem(data: st.DataObject, dtype: type) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_labels = data.draw(st.integers(1, 12))
    lengths = data.draw(st.lists(st.integers(0, 9), min_size=1, max_size=5))
    n = sum(lengths)
    # small integers make ties frequent: the first maximum must win in both kernels
    values = st.integers(-3, 3) if data.draw(st.booleans()) else st.floats(-5, 5, width=32)
    e = np.array(data.draw(st.lists(values, min_size=n * n_labels, max_size=n * n_labels)))
    t = np.array(data.draw(st.lists(values, min_size=n_labels**2, max_size=n_labels**2)))
    return (
        e.reshape(n, n_labels).astype(dtype),
        t.reshape(n_labels, n_labels).astype(dtype),
        starts_of(lengths),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@given(data=st.data())
def test_compiled_viterbi_equals_numpy(dtype: type, data: st.DataObject) -> None:
    e, t, starts = _problem(data, dtype)
    before = sequence.backend()
    try:
        sequence.set_backend("compiled")
        fast = sequence.viterbi(e, t, starts)
    finally:
        sequence.set_backend(before)
    assert fast.tolist() == viterbi_numpy(e, t, starts).tolist()


def _brute_force(e: np.ndarray, t: np.ndarray) -> float:
    n, n_labels = e.shape
    best = -np.inf
    for path in itertools.product(range(n_labels), repeat=n):
        score = sum(e[i, k] for i, k in enumerate(path))
        score += sum(t[a, b] for a, b in itertools.pairwise(path))
        best = max(best, score)
    return float(best)


@given(data=st.data())
def test_viterbi_finds_the_best_path(data: st.DataObject) -> None:
    n_labels = data.draw(st.integers(1, 3))
    n = data.draw(st.integers(1, 5))
    floats = st.floats(-4, 4, allow_nan=False, allow_infinity=False)
    e = np.array(data.draw(st.lists(floats, min_size=n * n_labels, max_size=n * n_labels)))
    t = np.array(data.draw(st.lists(floats, min_size=n_labels**2, max_size=n_labels**2)))
    e, t = e.reshape(n, n_labels), t.reshape(n_labels, n_labels)
    path = sequence.viterbi(e, t, starts_of([n])).tolist()
    score = sum(e[i, k] for i, k in enumerate(path)) + sum(
        t[a, b] for a, b in itertools.pairwise(path)
    )
    assert score == pytest.approx(_brute_force(e, t))


@given(data=st.data())
def test_compiled_gather_sum_equals_numpy(data: st.DataObject) -> None:
    rows, n_labels = data.draw(st.integers(1, 20)), data.draw(st.integers(1, 9))
    n, k = data.draw(st.integers(0, 12)), data.draw(st.integers(1, 8))
    w = np.array(
        data.draw(st.lists(st.floats(-9, 9), min_size=rows * n_labels, max_size=rows * n_labels))
    ).reshape(rows, n_labels)
    w[-1] = 0.0  # the zero row that id -1 (an absent feature) stands for
    ids = np.array(data.draw(st.lists(st.integers(-1, rows - 1), min_size=n * k, max_size=n * k)))
    ids = ids.reshape(n, k).astype(np.int32)
    before = sequence.backend()
    try:
        sequence.set_backend("compiled")
        fast = sequence.gather_sum(w, ids)
    finally:
        sequence.set_backend(before)
    assert np.array_equal(fast, gather_sum_numpy(w, ids))


def test_kernels_refuse_bad_arrays(compiled: None) -> None:
    e = np.zeros((3, 2))
    with pytest.raises(TypeError, match="float32 or float64"):
        sequence.viterbi(e.astype(np.int64), np.zeros((2, 2), dtype=np.int64), starts_of([3]))
    with pytest.raises(ValueError, match="out of range"):
        sequence.viterbi(e, np.zeros((2, 2)), np.array([0, 5], dtype=np.int32))
    with pytest.raises(ValueError, match="out of range"):
        sequence.gather_sum(np.zeros((2, 2)), np.array([[7]], dtype=np.int32))


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="compiled, numpy"):
        sequence.set_backend("gpu")


def test_dense_chain_decodes_like_crfsuite() -> None:
    """The nested CRF read into dense arrays labels like crfsuite's own tagger."""
    meta = json.loads((MODELS / "attribution.meta.json").read_text("utf-8"))
    path = MODELS / meta["files"]["nested"]
    chain = LinearChain.from_crfsuite(path)
    crf = pycrfsuite.Tagger()
    crf.open(str(path))
    df = doc_features(annotate_text(TEXT), complete=True)
    n = len(df.words)
    for lo, hi, form in [(0, n, "Indirect"), (3, 14, "Direct"), (10, n - 2, "Reported")]:
        xseq = nested_features(df, lo, hi, form)
        assert chain.tag(xseq) == crf.tag(xseq)


def test_unreadable_crfsuite_file_is_a_model_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="cannot be read"):
        LinearChain.from_crfsuite(bad)


def test_numpy_backend_gives_the_same_analysis() -> None:
    """The whole pipeline with the numpy kernels: the same JSON as with the compiled ones."""
    text = (Path(__file__).resolve().parents[1] / "examples" / "beispiel.txt").read_text("utf-8")
    before = sequence.backend()
    try:
        sequence.set_backend("numpy")
        slow = analyze(text).to_json()
    finally:
        sequence.set_backend(before)
    assert analyze(text).to_json() == slow
