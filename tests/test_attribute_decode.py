"""Decoding the attribution CRFs from feature ids: the same scores whatever the caches hold.

For decoding, word-made features that no loaded model knows are left out; training makes all
of them. Both must give the same emission scores, and the events must not depend on what the
vocabulary or the key table happened to hold before (resets, evictions).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quellenlage.annotate import annotate_text
from quellenlage.attribute.learned import keys, vocab
from quellenlage.attribute.learned.crf import default_engine
from quellenlage.attribute.learned.features import doc_features
from quellenlage.attribute.learned.windows import MessageIndex, Window, role_ids, role_window
from quellenlage.sequence import gather_sum

ARTICLES = sorted((Path(__file__).parent / "fixtures" / "articles").glob("*.txt"))[:4]


def _events(text: str) -> list[tuple[list[int], str, list[int], list[int]]]:
    return [(e.message, e.form, e.cue, e.source) for e in default_engine()(annotate_text(text))]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_decoding_features_score_like_complete_ones(path: Path) -> None:
    doc = annotate_text(path.read_text("utf-8"))
    models = default_engine().models
    events = default_engine()(doc)
    fast, full = doc_features(doc), doc_features(doc, complete=True)
    assert (fast.ids < 0).sum() >= (full.ids < 0).sum()  # fewer features made
    for chain in (models.message, models.nested, models.roles):
        w = chain.model.weights
        a = gather_sum(w, chain.rows.rows(fast.ids[:, :15]))
        b = gather_sum(w, chain.rows.rows(full.ids[:, :15]))
        assert np.array_equal(a, b)
    e1 = gather_sum(models.message.model.weights, models.message.rows.rows(fast.ids))
    e2 = gather_sum(models.message.model.weights, models.message.rows.rows(full.ids))
    assert np.array_equal(e1, e2)
    windows = [Window(e.message, e.form, e.is_nested) for e in events]
    index = MessageIndex([w.message for w in windows])
    others = [index.others(k, *role_window(fast, w.message)) for k, w in enumerate(windows)]
    w = models.roles.model.weights
    r1 = gather_sum(w, models.roles.rows.rows(role_ids(fast, windows, others)))
    r2 = gather_sum(w, models.roles.rows.rows(role_ids(full, windows, others)))
    assert np.array_equal(r1, r2)


def test_events_survive_a_vocabulary_reset() -> None:
    text = ARTICLES[0].read_text("utf-8")
    before = _events(text)
    with keys.VOCAB.lock:
        keys.VOCAB.reset()
    assert _events(text) == before


def test_events_survive_a_full_key_table(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [p.read_text("utf-8") for p in ARTICLES]
    before = [_events(t) for t in texts]
    monkeypatch.setattr(vocab.KeyTable, "LIMIT", 50)
    assert [_events(t) for t in texts] == before


def test_training_strings_are_the_documented_features() -> None:
    """A few message-CRF features of a known token, as crfsuite trains on them."""
    doc = annotate_text("Die Ministerin sagte, das Gesetz komme bald.")
    df = doc_features(doc, complete=True)
    sagte = df.base[2]
    assert sagte[:4] == ["b", "w=sagte", "s3=gte", "sh=x"]
    for feature in ("t=VVFIN", "l=sagen", "v", "w-1=ministerin", "w1=,", "sf=die", "SV", "SK"):
        assert feature in sagte
    with pytest.raises(ValueError, match="complete=True"):
        _ = doc_features(doc).base
