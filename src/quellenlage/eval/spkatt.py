"""Read and write GermEval 2023 SpkAtt (Task 2, news) JSON files.

One file per article (``../shared/DESIGN.md`` §4)::

    {"DocumentName": str, "Sentences": [{"SentenceId": int, "Tokens": [str]}],
     "Annotations": [{"Cue": ["s:t", ...], "Message": [...], "Source": [...], "Addr": [...],
                      "Frame": [...], "Form": str, "STWR": str, "IsNested": bool,
                      "HasNested": bool}]}

``"s:t"`` is sentence index : token index. Annotations become ``SpkAttEvent``s, the only
place where quellenlage speaks in (sentence, token) references; ``from_doc`` turns the
pipeline's events (flat token indices) into them.
Reading validates strictly and names the file and the fault: a scorer that silently dropped a
bad reference would report a number nobody could trust.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..doc import Doc, Event
from ..errors import InputIsDirectory, InputNotFound, InvalidInput
from ..model import FORMS, MEDIA, Form, Medium

TokenRef = tuple[int, int]
"""(sentence index, token index) as in the SpkAtt "s:t" notation."""

# Role keys of an annotation, in the order the metric lists them, and the SpkAttEvent
# attribute each one maps to.
ROLE_KEYS: tuple[str, ...] = ("Message", "Addr", "Cue", "Frame", "Source")
_ATTR = {"Message": "message", "Addr": "addr", "Cue": "cue", "Frame": "frame", "Source": "source"}
# The data writes an absent medium as the string "none" (9 times in train+dev).
NO_MEDIUM = "none"


@dataclass(slots=True)
class SpkAttEvent:
    """A speech event of a SpkAtt file: roles as sorted ``(sentence, token)`` references."""

    form: Form
    message: list[TokenRef]
    cue: list[TokenRef] = field(default_factory=list)
    source: list[TokenRef] = field(default_factory=list)
    addr: list[TokenRef] = field(default_factory=list)
    frame: list[TokenRef] = field(default_factory=list)
    medium: Medium | None = None
    is_nested: bool = False
    has_nested: bool = False


def from_doc(doc: Doc, events: list[Event]) -> list[SpkAttEvent]:
    """The pipeline's events on ``doc`` as SpkAtt events (flat indices → "s:t")."""

    def conv(idx: list[int]) -> list[TokenRef]:
        return [doc.ref(i) for i in idx]

    return [
        SpkAttEvent(
            e.form, conv(e.message), conv(e.cue), conv(e.source), conv(e.addr), conv(e.frame),
            e.medium, e.is_nested, e.has_nested,
        )
        for e in events
    ]  # fmt: skip


def to_doc_events(doc: Doc, events: list[SpkAttEvent]) -> list[Event]:
    """SpkAtt events as pipeline events on ``doc`` ("s:t" → flat indices)."""

    def conv(refs: list[TokenRef]) -> list[int]:
        return [doc.flat(s, t) for s, t in refs]

    return [
        Event(
            e.form, conv(e.message), conv(e.cue), conv(e.source), conv(e.addr), conv(e.frame),
            e.medium, e.is_nested, e.has_nested,
        )
        for e in events
    ]  # fmt: skip


@dataclass(slots=True)
class SpkAttDoc:
    """One SpkAtt file: its name, its tokens, and its speech events (gold or predicted)."""

    name: str
    sentences: list[list[str]]
    events: list[SpkAttEvent] = field(default_factory=list)
    path: Path | None = None


def role_refs(event: SpkAttEvent, key: str) -> list[TokenRef]:
    """The token refs of one part of an event by its SpkAtt key ("Message", "Addr", ...)."""
    return getattr(event, _ATTR[key])


def parse_ref(ref: Any, sentences: list[list[str]], where: str) -> TokenRef:
    """Parse one ``"s:t"`` reference and check that it points at an existing token."""
    if not isinstance(ref, str):
        raise InvalidInput(f"{where}: token reference {ref!r} is not a string 's:t'")
    parts = ref.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise InvalidInput(f"{where}: token reference {ref!r} is not of the form 's:t'")
    s, t = int(parts[0]), int(parts[1])
    if s >= len(sentences):
        raise InvalidInput(
            f"{where}: token reference {ref!r} names sentence {s}, "
            f"but there are only {len(sentences)} sentences"
        )
    if t >= len(sentences[s]):
        raise InvalidInput(
            f"{where}: token reference {ref!r} names token {t} of sentence {s}, "
            f"which has only {len(sentences[s])} tokens"
        )
    return (s, t)


def format_ref(ref: TokenRef) -> str:
    """``(3, 17)`` → ``"3:17"``."""
    return f"{ref[0]}:{ref[1]}"


def _sentences(data: dict[str, Any], where: str) -> list[list[str]]:
    raw = data.get("Sentences")
    if raw is None:
        raise InvalidInput(f"{where}: no 'Sentences' list")
    if not isinstance(raw, list):
        raise InvalidInput(f"{where}: 'Sentences' is not a list")
    sentences: list[list[str]] = []
    for i, sent in enumerate(raw):
        if not isinstance(sent, dict):
            raise InvalidInput(f"{where}: sentence {i} is not an object")
        # Refs use the sentence's position; an id that disagrees would make them ambiguous.
        sid = sent.get("SentenceId", i)
        if sid != i:
            raise InvalidInput(f"{where}: sentence {i} has SentenceId {sid!r}, expected {i}")
        tokens = sent.get("Tokens")
        if tokens is None:
            raise InvalidInput(f"{where}: sentence {i} has no 'Tokens' list")
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise InvalidInput(f"{where}: 'Tokens' of sentence {i} is not a list of strings")
        sentences.append(list(tokens))
    return sentences


def _event(ann: Any, sentences: list[list[str]], where: str) -> SpkAttEvent:
    if not isinstance(ann, dict):
        raise InvalidInput(f"{where}: annotation is not an object")
    form = ann.get("Form")
    if form not in FORMS:
        raise InvalidInput(f"{where}: Form {form!r} is not one of {', '.join(FORMS)}")
    stwr = ann.get("STWR", NO_MEDIUM)
    if stwr is not None and stwr != NO_MEDIUM and stwr not in MEDIA:
        raise InvalidInput(f"{where}: STWR {stwr!r} is not one of {', '.join((*MEDIA, NO_MEDIUM))}")
    flags: dict[str, bool] = {}
    for key in ("IsNested", "HasNested"):
        value = ann.get(key, False)
        if not isinstance(value, bool):
            raise InvalidInput(f"{where}: {key} is {value!r}, not true/false")
        flags[key] = value
    roles: dict[str, list[TokenRef]] = {}
    for key in ROLE_KEYS:
        refs = ann.get(key, [])
        if not isinstance(refs, list):
            raise InvalidInput(f"{where}: {key} is not a list of 's:t' references")
        # Sets: the data repeats a token now and then (5 lists in train+dev); a token either
        # belongs to a role or not, so duplicates carry no meaning.
        roles[key] = sorted({parse_ref(r, sentences, f"{where} {key}") for r in refs})
    return SpkAttEvent(
        form=form,
        message=roles["Message"],
        cue=roles["Cue"],
        source=roles["Source"],
        addr=roles["Addr"],
        frame=roles["Frame"],
        medium=None if stwr in (None, NO_MEDIUM) else stwr,
        is_nested=flags["IsNested"],
        has_nested=flags["HasNested"],
    )


def parse_spkatt(data: Any, name: str, *, annotations: bool = True) -> SpkAttDoc:
    """Validate the decoded JSON of one SpkAtt file; ``name`` is used in error messages.

    With ``annotations=False`` the Annotations are not even looked at (prediction input).
    """
    if not isinstance(data, dict):
        raise InvalidInput(f"{name}: the top level is not a JSON object")
    sentences = _sentences(data, name)
    doc_name = data.get("DocumentName", Path(name).stem)
    if not isinstance(doc_name, str):
        raise InvalidInput(f"{name}: DocumentName is not a string")
    events: list[SpkAttEvent] = []
    if annotations:
        raw = data.get("Annotations", [])
        if not isinstance(raw, list):
            raise InvalidInput(f"{name}: 'Annotations' is not a list")
        events = [_event(a, sentences, f"{name} annotation {i}") for i, a in enumerate(raw)]
    return SpkAttDoc(doc_name, sentences, events)


def read_spkatt(path: str | Path, *, annotations: bool = True) -> SpkAttDoc:
    """Read and validate one SpkAtt JSON file; bad input raises ``InvalidInput``."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound(f"{path}: no such file")
    if path.is_dir():
        raise InputIsDirectory(f"{path}: is a directory, expected a SpkAtt .json file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path.name}: not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path.name}: not valid JSON ({exc.msg}, line {exc.lineno})") from None
    doc = parse_spkatt(data, path.name, annotations=annotations)
    doc.path = path
    return doc


def event_to_json(event: SpkAttEvent, sentences: list[list[str]], where: str) -> dict:
    """One event as a SpkAtt annotation object (keys as in the data, refs sorted)."""
    out: dict[str, Any] = {}
    for key in ROLE_KEYS:
        refs = sorted(set(role_refs(event, key)))
        for s, t in refs:
            # Writing a ref that does not exist would produce a file the scorer rejects.
            if not (0 <= s < len(sentences) and 0 <= t < len(sentences[s])):
                raise InvalidInput(f"{where}: {key} refers to token {s}:{t}, which does not exist")
        out[key] = [format_ref(r) for r in refs]
    out["Form"] = event.form
    out["STWR"] = event.medium if event.medium is not None else NO_MEDIUM
    out["IsNested"] = bool(event.is_nested)
    out["HasNested"] = bool(event.has_nested)
    # The data's key order is alphabetical; keep it so diffs against gold files stay small.
    return dict(sorted(out.items()))


def spkatt_json(doc_name: str, sentences: list[list[str]], events: list[SpkAttEvent]) -> dict:
    """The JSON object of one SpkAtt file with the given events as Annotations."""
    return {
        "Annotations": [
            event_to_json(e, sentences, f"{doc_name} annotation {i}") for i, e in enumerate(events)
        ],
        "DocumentName": doc_name,
        "Sentences": [{"SentenceId": i, "Tokens": list(t)} for i, t in enumerate(sentences)],
    }


def write_spkatt(
    path: str | Path, doc_name: str, sentences: list[list[str]], events: list[SpkAttEvent]
) -> None:
    """Write one SpkAtt file: the same tokens, ``events`` as Annotations ("s:t", sorted)."""
    data = spkatt_json(doc_name, sentences, events)
    path = Path(path)
    # Write then rename, so an interrupted run never leaves a half file that scores as garbage.
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def iter_dir(path: str | Path) -> Iterator[Path]:
    """The ``*.json`` files of a SpkAtt directory, sorted by name (a stable order)."""
    path = Path(path)
    if not path.exists():
        raise InputNotFound(f"{path}: no such directory")
    if not path.is_dir():
        raise InvalidInput(f"{path}: not a directory of SpkAtt .json files")
    yield from sorted(p for p in path.glob("*.json") if p.is_file())
