"""Cost per word does not grow with the article: 20,000 words cost per word what 5,000 do.

A generated article (``longdoc.py``) of 5,000 and of 20,000 words goes through the stages
listed below in one process; the CPU time per word of each stage is compared as a ratio
(minimum of three runs each in alternating order, after a warm-up, so that a busy machine
slows both sides alike). A quadratic step would show as a ratio near 4; linear steps stay
near 1. No absolute time is asserted.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator

import pytest

from longdoc import long_article
from quellenlage import pipeline, registry
from quellenlage.doc import Doc
from quellenlage.ingest import text_to_article
from quellenlage.settings import Settings

# The stages of annotate/ and the learned attribution step; the rules, sources and assess
# stages join this list as they become linear (issue 15).
CHECKED = (
    "quellenlage.annotate.tokenize.v1",
    "quellenlage.annotate.tagger.v1",
    "quellenlage.annotate.entities.v1",
    "quellenlage.attribute.crf.v1",
)
MAX_RATIO = 1.5


def _costs(text: str, best: dict[str, float]) -> None:
    """Run the checked stages on ``text`` once; keep the least CPU seconds of each."""
    settings = Settings(model_dir=None)
    article = text_to_article(text)
    doc = Doc(article.text, article=article)
    doc.language = "de"
    for st in registry.check(CHECKED, given=(*registry.INPUT_FIELDS, "language")):
        t = time.process_time()
        st(doc, settings)
        best[st.name] = min(best.get(st.name, float("inf")), time.process_time() - t)


@pytest.fixture
def frozen_heap() -> Iterator[None]:
    """Keep what earlier tests left on the heap out of the garbage collector's full passes:
    with a few hundred thousand such objects, each pass costs more than the stages measured
    (a batch worker's heap holds the models, mostly untracked strings and arrays)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@pytest.mark.slow
@pytest.mark.usefixtures("frozen_heap")
def test_cost_per_word_is_flat_from_5000_to_20000_words() -> None:
    pipeline.stages_for("default")  # registers every stage
    small, big = long_article(5_000), long_article(20_000)
    _costs(big, {})  # warm-up: models and caches
    c_small: dict[str, float] = {}
    c_big: dict[str, float] = {}
    for r in range(3):  # alternating order: a process slows a little as its heap grows
        for text, best in [(small, c_small), (big, c_big)][:: 1 if r % 2 == 0 else -1]:
            _costs(text, best)
    n_small, n_big = len(small.split()), len(big.split())
    ratios = {name: (c_big[name] / n_big) / max(c_small[name] / n_small, 1e-9) for name in CHECKED}
    total = (sum(c_big.values()) / n_big) / (sum(c_small.values()) / n_small)
    assert total <= MAX_RATIO, f"cost per word at 20k / 5k words: {total:.2f} ({ratios})"
    for name, ratio in ratios.items():
        assert ratio <= MAX_RATIO, f"{name}: cost per word at 20k / 5k words is {ratio:.2f}"
