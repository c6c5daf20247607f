"""Fuzz the whole analysis with mutated real text and HTML: no crash, no broken contract, no
lost sentence (issue 14, acceptance 1).

    python bench/bench_fuzz.py --jobs 2                 # 20,000 inputs, seed 0
    python bench/bench_fuzz.py --n 2000 --show          # fewer, with the first failures
    python bench/bench_fuzz.py --replay 1234            # one input again, with its traceback

Inputs: excerpts (2-6 sentences) of the German news texts in
``../shared/data/10kgnad-test.csv``, laid out as scraped text or wrapped in simple HTML
templates, and the real pages of ``../shared/data/html-dev/pages``. Each input is mutated by a
``random.Random`` seeded from ``--seed`` and its index, so one index replays alone: lone
surrogates, NUL and control characters, zero-width characters, BOMs, flipped UTF-8 bytes
decoded with ``surrogateescape``, truncation, duplicated spans, deleted punctuation, stray
quote marks, very long words, mixed line endings, unclosed tags and broken entities. Every
entry point is used: ``analyze`` (text), ``analyze_html`` and ``analyze_file`` (the bytes in a
temporary file, sometimes in another encoding or with invalid UTF-8).

Checked per input (``check_analysis``, ``lost_sentences``):

* only ``QuellenlageError`` may be raised; anything else is a crash;
* the result serialises to JSON and validates again as ``Analysis``; every span, paragraph and
  block lies within ``article.text`` and a stored text equals its slice; no lone surrogate or
  NUL in any string, no control or zero-width character in the clean text; statuses, forms
  and source types from the model's enums; event references point to events;
* for text inputs: every sentence-like line (ends with . ! ? … or a colon, four words of
  letters or more), cleaned as ``ingest/textclean.py`` documents (surrogates become U+FFFD,
  controls and zero-width characters go, newlines unify, NFC) and with whitespace collapsed,
  is found in ``article.text``, the ``furniture`` audit list or a media caption or credit;
  a line whose furniture tail was split off counts when its head is in the text.
"""

from __future__ import annotations

import argparse
import csv
import faulthandler
import html as htmllib
import json
import os
import random
import re
import sys
import tempfile
import textwrap
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# ``../shared`` beside the project, or where QUELLENLAGE_SHARED says (a git worktree elsewhere).
SHARED = Path(os.environ.get("QUELLENLAGE_SHARED", ROOT.parent / "shared")) / "data"
CSV_PATH = SHARED / "10kgnad-test.csv"
PAGES = SHARED / "html-dev" / "pages"
HANG_SECONDS = 120  # far above the analysis timeout: only a hang gets there

# --------------------------------------------------------------------------- the checker

# What ingest documents that it replaces or removes (textclean.py), written out again here so
# that the check does not trust the code it checks.
_SURROGATE_OR_NONCHAR = re.compile("[\ud800-\udfff\ufffe\uffff]")
_NEWLINE = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
    "\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_WS = re.compile(r"\s+")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_CLOSERS = "\"'“”‘’»«›‹)]"
# In the clean text: no control character but tab and newline, no invisible formatting.
_NOT_IN_CLEAN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad]"
)
_BAD_ANYWHERE = re.compile("[\x00\ud800-\udfff]")


def clean_like_ingest(text: str) -> str:
    """The input as ``textclean.clean_text`` documents it: surrogates and noncharacters as
    U+FFFD, newlines unified, controls and zero-width characters removed, NFC."""
    text = _SURROGATE_OR_NONCHAR.sub("\ufffd", text)
    text = _NEWLINE.sub("\n", text)
    text = _REMOVED.sub("", text)
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """Whitespace runs (newlines included) as one space, stripped."""
    return _WS.sub(" ", text).strip()


def is_sentence_line(line: str) -> bool:
    """A line that must survive ingest: ends like a sentence and has 4+ words of letters."""
    stripped = line.rstrip().rstrip("\ufffd").rstrip().rstrip(_CLOSERS).rstrip()
    if not stripped or stripped[-1] not in ".!?…:":
        return False
    return len(_LETTER_WORD.findall(line)) >= 4


def sentence_lines(text: str) -> list[str]:
    """The sentence-like lines of an input text, cleaned and collapsed."""
    out = []
    for raw in clean_like_ingest(text).split("\n"):
        line = collapse(raw)
        if line and is_sentence_line(line):
            out.append(line)
    return out


def lost_sentences(text: str, article: Any) -> list[str]:
    """The sentence-like lines of ``text`` that the article has in no place: not in its clean
    text, not in the furniture audit list, not in a caption or credit (``article``: a
    ``quellenlage.model.Article``)."""
    body = collapse(article.text)
    others = [collapse(f) for f in article.furniture]
    for item in article.media:
        others.append(collapse(item.caption))
        if item.credit:
            others.append(collapse(item.credit))
    places = [body, *others]
    lost = []
    for line in sentence_lines(text):
        if any(line in place for place in places):
            continue
        if _split_tail_found(line, body, others):
            continue
        lost.append(line)
    return lost


def _split_tail_found(line: str, body: str, others: list[str]) -> bool:
    """A line whose furniture tail ("… in Wien. Foto: dpa") was cut off: the head is in the
    text (or a caption) and the tail in the furniture list or a credit."""
    for tail in others:
        if tail and line.endswith(tail) and len(tail) < len(line):
            head = line[: -len(tail)].strip()
            if head and (head in body or any(head in o for o in others if o is not tail)):
                return True
    return False


def _spans(analysis: Any) -> Iterator[tuple[str, Any]]:
    """Every ``Span`` of an analysis, with where it sits."""
    for e in analysis.entities:
        yield f"entity {e.start}-{e.end}", e
    for ev in analysis.speech_events:
        for name in ("cue", "message", "addressee", "frame"):
            span = getattr(ev, name)
            if span is not None:
                yield f"event {ev.id} {name}", span
        stack = [ev.source] if ev.source is not None else []
        while stack:
            src = stack.pop()
            yield f"event {ev.id} source", src
            stack.extend(src.parts)
    for st in analysis.statements:
        yield f"statement {st.id}", st


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, f"{path}.<key>")
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def check_analysis(analysis: Any) -> list[str]:
    """The contract violations of one ``Analysis`` (an empty list when it keeps them all)."""
    from quellenlage.model import FORMS, MEDIA, SOURCE_TYPES, STATUSES, Analysis

    problems: list[str] = []
    try:
        dumped = analysis.model_dump_json()
        again = Analysis.model_validate_json(dumped)
        if again.model_dump() != analysis.model_dump():
            problems.append("JSON round trip changes the analysis")
        json.loads(dumped)
    except Exception as exc:  # the contract: every result serialises
        problems.append(f"JSON: {type(exc).__name__}: {str(exc)[:200]}")
    article = analysis.article
    text = article.text
    n = len(text)

    def within(where: str, start: int, end: int) -> bool:
        if not (0 <= start <= end <= n):
            problems.append(f"{where}: offsets {start}-{end} outside the text ({n})")
            return False
        return True

    for where, span in _spans(analysis):
        if within(where, span.start, span.end) and text[span.start : span.end] != span.text:
            problems.append(f"{where}: text {span.text[:40]!r} is not its slice")
    for i, p in enumerate(article.paragraphs):
        if within(f"paragraph {i}", p.start, p.end) and text[p.start : p.end] != p.text:
            problems.append(f"paragraph {i}: text is not its slice")
    first: dict[str, str] = {}
    last_end = 0
    for i, b in enumerate(article.blocks):
        if within(f"block {i}", b.start, b.end):
            first.setdefault(b.kind, text[b.start : b.end])
            if b.start < last_end:
                problems.append(f"block {i}: overlaps the block before it")
            last_end = b.end
    for kind in ("kicker", "title", "lead"):
        value = getattr(article, kind)
        if value is not None and first.get(kind) != value:
            problems.append(f"article.{kind} is not the text of its first {kind} block")
    for where, s in _strings(analysis.model_dump()):
        if _BAD_ANYWHERE.search(s):
            problems.append(f"{where}: lone surrogate or NUL in {s[:40]!r}")
            break
    if _NOT_IN_CLEAN_TEXT.search(text):
        ch = _NOT_IN_CLEAN_TEXT.search(text)
        problems.append(f"article.text keeps {ch[0] if ch else ''!r}")
    ids = {ev.id for ev in analysis.speech_events}
    statement_ids = {st.id for st in analysis.statements if st.id is not None}
    for ev in analysis.speech_events:
        if ev.status not in STATUSES:
            problems.append(f"event {ev.id}: status {ev.status!r}")
        if ev.form not in FORMS or (ev.medium is not None and ev.medium not in MEDIA):
            problems.append(f"event {ev.id}: form/medium {ev.form!r}/{ev.medium!r}")
        if ev.source is not None and ev.source.type not in SOURCE_TYPES:
            problems.append(f"event {ev.id}: source type {ev.source.type!r}")
        if ev.parent is not None and ev.parent not in ids:
            problems.append(f"event {ev.id}: parent {ev.parent!r} is no event")
        if ev.target is not None and ev.target not in ids | statement_ids:
            problems.append(f"event {ev.id}: target {ev.target!r} is no event or statement")
    for st in analysis.statements:
        if st.status not in STATUSES:
            problems.append(f"statement {st.id}: status {st.status!r}")
        if st.target is not None and st.target not in ids | statement_ids:
            problems.append(f"statement {st.id}: target {st.target!r} is no event or statement")
        unknown = [e for e in st.events if e not in ids]
        if unknown:
            problems.append(f"statement {st.id}: unknown events {unknown}")
    if len(ids) != len(analysis.speech_events):
        problems.append("speech event ids are not unique")
    if any(k not in STATUSES for k in analysis.summary.by_status):
        problems.append(f"summary.by_status keys {list(analysis.summary.by_status)}")
    if any(k not in SOURCE_TYPES for k in analysis.summary.by_source_type):
        problems.append(f"summary.by_source_type keys {list(analysis.summary.by_source_type)}")
    return problems


# --------------------------------------------------------------------------- the inputs

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"„»A-ZÄÖÜ])")
SURROGATES = ["\ud800", "\udfff", "\udc80", "\udbff", "\ud83d"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202e"]
BAD_UTF8 = [b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\x80"]
QUOTES = ["„", "“", "”", "»", "«", '"', "‚", "‘", "’", "›", "‹", "'"]
NEWLINES = ["\r\n", "\r", "\u2028", "\u2029", "\x85", "\n\n", "\n \n", "\n\t"]
ENTITIES = ["&amp", "&#xD800;", "&#0;", "&#99999999;", "&nosuch;", "&#x110000;", "&#xFFFE;",
            "&#55296;", "&", "&lt", "&#x;", "&#", "&quot"]  # fmt: skip
TAGS = ["<div>", "<p>", "</p>", "</div>", "<b>", "</i>", "<span class='x'>", "<br>", "<!--",
        "-->", "<script>", "</script>", "<style>", "<a href=\"x>", "<h2>", "<table><tr><td>",
        "<![CDATA[", "<?xml?>", "</article>", "<article>", "<figure><figcaption>", "<li>",
        "<p", "</", "<>", "<noscript>"]  # fmt: skip
TEMPLATES = {
    "page": "<!doctype html><html lang='de'><head><meta charset='utf-8'><title>{title}</title>"
    "</head><body><nav><a href='/'>Startseite</a> <a href='/p'>Politik</a></nav><article>"
    "<h1>{title}</h1>{paras}</article><footer>Impressum | Datenschutz</footer></body></html>",
    "fragment": "<div class='content'>{paras}</div>",
    "figure": "<html><body><main><h1>{title}</h1><figure><img src='a.jpg' alt='{title}'>"
    "<figcaption>{title}</figcaption></figure>{paras}</main></body></html>",
    "inline": "<!DOCTYPE html><html><head><title>{title}</title></head><body><div "
    "id='article'><p>{br}</p></div></body></html>",
}


class Corpus:
    """Excerpt material and real pages, loaded once per process."""

    def __init__(self, csv_path: Path = CSV_PATH, pages: Path = PAGES) -> None:
        with csv_path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";", quotechar="'"))
        self.texts = [s for r in rows if len(r) > 1 for s in [_SENTENCE_SPLIT.split(r[1])]]
        self.texts = [t for t in self.texts if len(t) >= 2]
        self.pages = [p.read_text("utf-8", "surrogateescape") for p in sorted(pages.glob("*.html"))]


@dataclass(slots=True)
class Case:
    index: int
    entry: str  # text, html, file
    payload: str | bytes
    origin: str  # excerpt, template:<name>, page:<n>
    mutations: list[str] = field(default_factory=list)

    @property
    def surrogates(self) -> bool:
        if isinstance(self.payload, bytes):
            return False
        return re.search("[\ud800-\udfff]", self.payload) is not None


def excerpt(rng: random.Random, sentences: list[str]) -> list[str]:
    """2-6 consecutive sentences."""
    k = rng.randint(2, min(6, len(sentences)))
    start = rng.randrange(0, len(sentences) - k + 1)
    return sentences[start : start + k]


def layout(rng: random.Random, sents: list[str]) -> str:
    """Sentences as a scrape: with a title line, one per line, paragraphs, or hard-wrapped."""
    style = rng.choice(["lines", "paragraphs", "wrapped", "one", "titled"])
    if style == "lines":
        return "\n".join(sents)
    if style == "paragraphs":
        return "\n\n".join(sents)
    if style == "wrapped":
        return "\n".join(textwrap.wrap(" ".join(sents), rng.choice([60, 72, 80])))
    if style == "one":
        return " ".join(sents)
    title = " ".join(sents[0].split()[:6]).rstrip(".,:;!?")
    return title + "\n\n" + "\n\n".join(sents)


def wrap_html(rng: random.Random, sents: list[str]) -> tuple[str, str]:
    name = rng.choice(list(TEMPLATES))
    title = htmllib.escape(" ".join(sents[0].split()[:6]).rstrip(".,:;!?"))
    paras = "".join(f"<p>{htmllib.escape(s)}</p>" for s in sents)
    br = "<br>".join(htmllib.escape(s) for s in sents)
    return name, TEMPLATES[name].format(title=title, paras=paras, br=br)


def _insert(rng: random.Random, text: str, piece: str) -> str:
    i = rng.randint(0, len(text))
    return text[:i] + piece + text[i:]


def mutate_str(rng: random.Random, text: str, html: bool) -> tuple[str, str]:
    """One mutation of a ``str`` input: ``(new text, its name)``."""
    ops = [
        "surrogate", "control", "invisible", "bom", "byteflip", "truncate", "duplicate",
        "nopunct", "quotes", "longword", "newlines", "spaces", "decomposed", "combining",
        "upper", "markup-chars", "emoji",
    ]  # fmt: skip
    if html:
        ops += ["tag", "tag", "entity", "entity", "nest", "attr"]
    op = rng.choice(ops)
    n = rng.randint(1, 4)
    if op == "surrogate":
        for _ in range(n):
            text = _insert(rng, text, rng.choice(SURROGATES))
    elif op == "control":
        for _ in range(n):
            text = _insert(rng, text, rng.choice(CONTROLS))
    elif op == "invisible":
        for _ in range(n):
            text = _insert(rng, text, rng.choice(INVISIBLES))
    elif op == "bom":
        text = "\ufeff" + text if rng.random() < 0.6 else _insert(rng, text, "\ufeff")
    elif op == "byteflip":
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(n):
            if data:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        text = bytes(data).decode("utf-8", "surrogateescape")
    elif op == "truncate":
        head = rng.random() < 0.7
        pos = rng.randint(0, len(text))
        text = text[:pos] if head else text[pos:]
    elif op == "duplicate":
        i = rng.randint(0, len(text))
        j = min(len(text), i + rng.randint(1, 400))
        text = _insert(rng, text, text[i:j])
    elif op == "nopunct":
        i = rng.randint(0, len(text))
        j = min(len(text), i + rng.randint(50, 2000))
        chars = ".,!?;:" if rng.random() < 0.5 else ".!?"
        text = text[:i] + text[i:j].translate({ord(c): None for c in chars}) + text[j:]
    elif op == "quotes":
        if rng.random() < 0.3:
            text = _insert(rng, text, "".join(rng.choice(QUOTES) + " Wort " for _ in range(50)))
        for _ in range(n * 3):
            text = _insert(rng, text, rng.choice(QUOTES))
    elif op == "longword":
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyzäöüß") for _ in range(26))
        text = _insert(rng, text, " " + word * rng.randint(5, 300) + " ")
    elif op == "newlines":
        parts = text.split("\n")
        text = "".join(p + rng.choice([*NEWLINES, "\n"]) for p in parts)
    elif op == "spaces":
        for _ in range(n * 3):
            text = _insert(rng, text, rng.choice(["\t", "\u00a0", "      ", "\u2009", "\u3000"]))
    elif op == "decomposed":
        text = unicodedata.normalize("NFD", text)
    elif op == "combining":
        for _ in range(n):
            text = _insert(rng, text, rng.choice(["\u0308", "\u0301", "\u20dd", "\u0327"]))
    elif op == "upper":
        text = text.upper()
    elif op == "markup-chars":
        for _ in range(n):
            text = _insert(rng, text, rng.choice(["<", ">", "&amp;", "</p>", "<b>", "&"]))
    elif op == "emoji":
        for _ in range(n):
            text = _insert(rng, text, rng.choice(["😀", "🇩🇪", "👍🏽", "\U0010ffff", "\U000e0001"]))
    elif op == "tag":
        for _ in range(n * 2):
            text = _insert(rng, text, rng.choice(TAGS))
    elif op == "entity":
        for _ in range(n * 2):
            text = _insert(rng, text, rng.choice(ENTITIES))
    elif op == "nest":
        depth = rng.choice([20, 100, 190, 300])
        text = _insert(rng, text, "<div>" * depth + "Ein Satz in der Tiefe steht hier.")
    elif op == "attr":
        text = _insert(rng, text, rng.choice(['<p class="a', "<img src='x' alt=\"„Zitat", "<a "]))
    return text, op


def mutate_bytes(rng: random.Random, text: str) -> tuple[bytes, list[str]]:
    """A text as file bytes: an encoding, then perhaps broken UTF-8, NUL bytes or a BOM."""
    done = []
    enc = rng.choice(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"])
    try:  # flipped bytes (\udc80-\udcff) go back to the raw bytes they came from
        data = text.encode(enc, "surrogateescape" if enc == "utf-8" else "replace")
    except UnicodeEncodeError:  # other lone surrogates as (invalid) 3-byte UTF-8
        data = text.encode(enc, "surrogatepass")
    done.append(f"encoding:{enc}")
    op = rng.choice(["none", "invalid-utf8", "nul", "cut-multibyte", "bom16", "latin1-mix"])
    if op == "invalid-utf8":
        for _ in range(rng.randint(1, 3)):
            i = rng.randint(0, len(data))
            data = data[:i] + rng.choice(BAD_UTF8) + data[i:]
    elif op == "nul":
        i = rng.randint(0, len(data))
        data = data[:i] + b"\x00" + data[i:]
    elif op == "cut-multibyte":
        pos = [i for i, b in enumerate(data) if b >= 0xC0]
        if pos:
            data = data[: rng.choice(pos) + 1]
    elif op == "bom16":
        data = b"\xff\xfe" + data
    elif op == "latin1-mix":
        data += " Straße, Größe, Übel.".encode("latin-1")
    done.append(op)
    return data, done


def make_case(corpus: Corpus, seed: int, index: int) -> Case:
    """Input number ``index`` of the run with ``seed`` (the same whatever else runs)."""
    rng = random.Random(seed * 1_000_003 + index)
    roll = rng.random()
    sents = excerpt(rng, rng.choice(corpus.texts))
    if roll < 0.55:
        entry, origin, base, html = "text", "excerpt", layout(rng, sents), False
    elif roll < 0.85:
        entry, html = "html", True
        if rng.random() < 0.08:
            k = rng.randrange(len(corpus.pages))
            origin, base = f"page:{k}", corpus.pages[k]
        else:
            name, base = wrap_html(rng, sents)
            origin = f"template:{name}"
    else:
        entry = "file"
        if rng.random() < 0.6:
            origin, base, html = "excerpt", layout(rng, sents), False
        else:
            name, base = wrap_html(rng, sents)
            origin, html = f"template:{name}", True
    mutations = []
    text = base
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        text, op = mutate_str(rng, text, html)
        mutations.append(op)
    payload: str | bytes = text
    if entry == "file":
        payload, ops = mutate_bytes(rng, text)
        mutations += ops
    return Case(index, entry, payload, origin, mutations)


# --------------------------------------------------------------------------- running


@dataclass(slots=True)
class Outcome:
    index: int
    entry: str
    origin: str
    surrogates: bool
    result: str  # ok, error:<code>, crash, violation, lost
    detail: str = ""
    cpu: float = 0.0
    checked: int = 0  # sentence-like lines of a text input that were looked for
    mutations: list[str] = field(default_factory=list)


def _analyze(case: Case) -> tuple[Any, str | None]:
    """``(analysis, the text whose sentences must survive or None)``."""
    import quellenlage
    from quellenlage.ingest import looks_like_html

    if case.entry == "text":
        assert isinstance(case.payload, str)
        return quellenlage.analyze(case.payload), case.payload
    if case.entry == "html":
        assert isinstance(case.payload, str)
        return quellenlage.analyze_html(case.payload), None
    assert isinstance(case.payload, bytes)
    fd, name = tempfile.mkstemp(suffix=".txt", prefix="fuzz-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(case.payload)
        analysis = quellenlage.analyze_file(name)
    finally:
        os.unlink(name)
    # The text ingest saw: the bytes in the encoding the tool reports, without a BOM.
    enc = analysis.article.meta.encoding
    try:
        text = case.payload.decode(enc or "utf-8").removeprefix("\ufeff")
    except (LookupError, UnicodeDecodeError):
        return analysis, None
    return analysis, (None if looks_like_html(text) else text)


def run_case(case: Case) -> Outcome:
    from quellenlage.errors import QuellenlageError

    out = Outcome(case.index, case.entry, case.origin, case.surrogates, "ok")
    out.mutations = case.mutations
    t0 = time.process_time()
    # A case that hangs (in C code too) writes its stacks to stderr.
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=False)
    try:
        analysis, text = _analyze(case)
    except QuellenlageError as exc:
        out.result = f"error:{exc.code}"
    except Exception:
        out.result = "crash"
        out.detail = traceback.format_exc().strip().splitlines()[-1][:300]
    else:
        problems = check_analysis(analysis)
        lost = lost_sentences(text, analysis.article) if text is not None else []
        out.checked = len(sentence_lines(text)) if text is not None else 0
        if problems:
            out.result, out.detail = "violation", "; ".join(problems[:3])[:300]
        elif lost:
            out.result, out.detail = "lost", f"{len(lost)} line(s), first: {lost[0][:200]!r}"
    finally:
        faulthandler.cancel_dump_traceback_later()
    out.cpu = time.process_time() - t0
    return out


_CORPUS: Corpus | None = None
_SEED = 0


def _init(seed: int) -> None:
    global _CORPUS, _SEED
    _CORPUS, _SEED = Corpus(), seed
    import quellenlage

    quellenlage.analyze("Der Sprecher sagte am Montag, die Brücke bleibe gesperrt.")  # warm up


def _work(index: int) -> Outcome:
    assert _CORPUS is not None
    return run_case(make_case(_CORPUS, _SEED, index))


def summary_line(outcomes: list[Outcome], seed: int, cpu: float) -> str:
    by_entry = Counter(o.entry for o in outcomes)
    text_like = by_entry["text"] + sum(o.origin == "excerpt" for o in outcomes if o.entry == "file")
    html_like = len(outcomes) - text_like
    results = Counter(o.result for o in outcomes)
    errors = Counter(r.removeprefix("error:") for r in results.elements() if r.startswith("error:"))
    err_text = ", ".join(f"{k} {v}" for k, v in errors.most_common())
    return (
        f"fuzz: {len(outcomes)} inputs ({text_like} text, {html_like} html; "
        f"{by_entry['file']} through files; {sum(o.surrogates for o in outcomes)} with "
        f"surrogates) | crashes {results['crash']} | contract violations {results['violation']}"
        f" | lost sentences {results['lost']} (in {sum(o.checked for o in outcomes)} lines "
        f"looked for) | {errors.total()} clear errors ({err_text}) | "
        f"seed {seed} | {cpu:.0f} s CPU"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--show", type=int, nargs="?", const=10, default=0, help="failing cases")
    ap.add_argument("--replay", type=int, help="run one input (its index) and show it")
    args = ap.parse_args(argv)
    if args.replay is not None:
        _init(args.seed)
        assert _CORPUS is not None
        case = make_case(_CORPUS, args.seed, args.replay)
        print(f"# input {case.index}: {case.entry} from {case.origin}, {case.mutations}")
        print(repr(case.payload[:3000]))
        o = run_case(case)
        print(f"# result: {o.result} {o.detail}")
        if o.result == "crash":
            traceback.print_exception(*_reraise(case))
        return 0 if o.result == "ok" or o.result.startswith("error:") else 1
    t0 = time.time()
    if args.jobs > 1:
        with Pool(args.jobs, initializer=_init, initargs=(args.seed,)) as pool:
            outcomes = list(pool.imap(_work, range(args.n), chunksize=25))
    else:
        _init(args.seed)
        outcomes = [_work(i) for i in range(args.n)]
    cpu = sum(o.cpu for o in outcomes)
    failing = [o for o in outcomes if o.result in ("crash", "violation", "lost")]
    for o in failing[: args.show]:
        print(f"{o.result} #{o.index} ({o.entry}, {o.origin}, {'+'.join(o.mutations)}): {o.detail}")
        print(f"    replay: python bench/bench_fuzz.py --seed {args.seed} --replay {o.index}")
    print(f"# {time.time() - t0:.0f} s wall on {args.jobs} process(es)", file=sys.stderr)
    print(summary_line(outcomes, args.seed, cpu))
    return 1 if failing else 0


def _reraise(case: Case) -> tuple[type[BaseException], BaseException, Any]:
    try:
        _analyze(case)
    except BaseException as exc:
        return type(exc), exc, exc.__traceback__
    raise RuntimeError("the input did not fail again")


if __name__ == "__main__":
    sys.exit(main())
