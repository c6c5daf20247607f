"""One engine: ``analyze`` on free text and ``spkatt predict`` on the same text's tokens give
the same speech events (issue 3, acceptance 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import quellenlage
from quellenlage.annotate import annotate_article
from quellenlage.eval.spkatt import read_spkatt
from quellenlage.evaluate import predict_dir
from quellenlage.ingest import read_path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [
    *sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt")),
    ROOT / "examples" / "beispiel.txt",
]


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_free_text_and_token_input_give_the_same_events(path: Path, tmp_path: Path) -> None:
    article = read_path(path)
    doc = annotate_article(article)
    sentences = [[t.text for t in s.tokens] for s in doc.sentences]

    # Free text through analyze: its events' token refs, recovered from character offsets.
    analysis = quellenlage.analyze_file(path)
    starts = {t.start: (i, j) for i, s in enumerate(doc.sentences) for j, t in enumerate(s.tokens)}
    ends = {t.end: (i, j) for i, s in enumerate(doc.sentences) for j, t in enumerate(s.tokens)}

    def refs(span):  # type: ignore[no-untyped-def]
        return (starts[span.start], ends[span.end]) if span is not None else None

    from_analyze = sorted((e.form, refs(e.message), refs(e.cue)) for e in analysis.speech_events)
    # (a source carried over from the frame of earlier speech, or the subject that "nach
    # eigenen Angaben" points to, is not in the SpkAtt tokens)
    elsewhere = ("rule:ifi-continues-source", "source:own-statement")
    sources = {
        (refs(e.message), refs(e.cue)): refs(e.source)
        for e in analysis.speech_events
        if not any(x.startswith(elsewhere) for x in e.evidence)
    }

    # The same tokens as a SpkAtt file through `spkatt predict`.
    in_dir, out_dir = tmp_path / "in", tmp_path / "out"
    in_dir.mkdir()
    (in_dir / "doc.json").write_text(
        json.dumps(
            {
                "DocumentName": path.stem,
                "Sentences": [{"SentenceId": i, "Tokens": t} for i, t in enumerate(sentences)],
                "Annotations": [],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = predict_dir(in_dir, out_dir)
    assert not result.skipped
    predicted = read_spkatt(out_dir / "doc.json").events

    def bounds(r):  # type: ignore[no-untyped-def]
        return (min(r), max(r)) if r else None

    from_tokens = sorted((e.form, bounds(e.message), bounds(e.cue)) for e in predicted if e.message)
    assert from_analyze == from_tokens
    assert len(from_tokens) > 0
    # The SpkAtt output keeps the attribution's source span (appositions, "Angaben des X"
    # included, as the SpkAtt data does); the analysis shows the speaker's phrase within it.
    for e in predicted:
        shown = sources.get((bounds(e.message), bounds(e.cue)))
        if shown is not None and e.source:
            lo, hi = bounds(e.source)
            assert lo <= shown[0] and shown[1] <= hi, (e, shown)
