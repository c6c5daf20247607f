"""Ingest cost against input size: hostile shapes finish, or stop with their limit error.

Usage: python bench/bench_ingest_scaling.py

Each case is timed in process CPU time (other load on a shared machine does not count): the
HTML path on pages of many paragraphs (cost per paragraph at the large size / the small size
is the scaling ratio), a million elements and deep nesting (refused by the limits before any
work), one 200 KB word, 8k <span> sentences, and the text path on 1 MB of sentences.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from quellenlage.errors import QuellenlageError
from quellenlage.ingest import text_to_article
from quellenlage.ingest.html import html_to_article

SENTENCE = "Der Sprecher der Stadt sagte am Montag, die Brücke bleibe bis März gesperrt."


def _cpu(fn: Callable[[], object]) -> tuple[float, str]:
    t = time.process_time()
    try:
        fn()
        outcome = "ok"
    except QuellenlageError as exc:
        outcome = f"{exc.code}: {str(exc)[:60]}"
    return time.process_time() - t, outcome


def _paragraphs(n: int) -> str:
    body = "".join(f"<p>{SENTENCE} Nummer {i}.</p>" for i in range(n))
    return f"<html><body><article><h1>Eine Meldung</h1>{body}</article></body></html>"


def main() -> None:
    html_to_article(_paragraphs(20))  # imports and word lists
    per_paragraph = {}
    for n in (1_000, 10_000, 40_000):
        seconds, outcome = _cpu(lambda n=n: html_to_article(_paragraphs(n)))
        per_paragraph[n] = seconds / n
        print(f"html, {n:>6} paragraphs: {seconds:6.2f} s CPU  {outcome}")
    ratio = per_paragraph[40_000] / per_paragraph[1_000]
    print(f"html cost per paragraph, 40,000 / 1,000 paragraphs: {ratio:.2f}x")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("html, 1,000,000 <p>", lambda: html_to_article("<body>" + "<p>x</p>" * 1_000_000)),
        ("html, 1,000,000 <b>", lambda: html_to_article("<body>" + "<b></b>" * 1_000_000)),
        ("html, nested 5,000 deep", lambda: html_to_article("<body>" + "<div>" * 5_000 + "x")),
        (
            "html, one 200 KB word",
            lambda: html_to_article(f"<p>{'a' * 200_000}</p><p>{SENTENCE}</p>"),
        ),
        (
            "html, 8,000 <span> sentences",
            lambda: html_to_article(
                "<p>" + "".join(f"<span>{SENTENCE}</span> " for _ in range(8_000)) + "</p>"
            ),
        ),
        ("text, 1 MB of sentences", lambda: text_to_article((SENTENCE + " ") * 13_000)),
        ("text, 25k words, no punctuation", lambda: text_to_article(" ".join(["wort"] * 25_000))),
    ]
    for name, fn in cases:
        seconds, outcome = _cpu(fn)
        print(f"{name:34s} {seconds:6.2f} s CPU  {outcome}")


if __name__ == "__main__":
    main()
