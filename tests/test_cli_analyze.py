"""The analyze and schema commands end to end, including every kind of bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "beispiel.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "quellenlage", *args], input=stdin, capture_output=True, timeout=120
    )


@pytest.fixture(scope="module")
def schema() -> dict:
    out = run("schema")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_json_output_validates_against_schema(schema: dict) -> None:
    out = run("analyze", str(EXAMPLE), "--format", "json")
    assert out.returncode == 0, out.stderr.decode()
    data = json.loads(out.stdout)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "2" and data["language"] == "de"
    text = data["article"]["text"]
    for st in data["statements"]:
        assert text[st["start"] : st["end"]] == st["text"]
    for ev in data["speech_events"]:
        for role in ("cue", "message", "source", "addressee", "frame"):
            if ev.get(role):
                assert text[ev[role]["start"] : ev[role]["end"]] == ev[role]["text"]


def test_jsonl_is_one_line_and_output_file(tmp_path: Path) -> None:
    out = run("analyze", str(EXAMPLE), "--format", "jsonl")
    assert out.returncode == 0
    assert out.stdout.count(b"\n") == 1
    target = tmp_path / "a.json"
    out = run("analyze", str(EXAMPLE), "-f", "json", "-o", str(target))
    assert out.returncode == 0 and out.stdout == b""
    assert json.loads(target.read_text("utf-8"))["schema_version"] == "2"


def test_terminal_view_and_stdin() -> None:
    out = run("analyze", "-", stdin=EXAMPLE.read_bytes())
    assert out.returncode == 0, out.stderr.decode()
    view = out.stdout.decode()
    # German by default for a German article; the summary comes first
    assert view.index("Aussagen nach Status") < view.index("Wer zitiert wird")
    assert "dementiert" in view and "Hörensagen" in view
    en = run("analyze", "-", "--ui-lang", "en", stdin=EXAMPLE.read_bytes()).stdout.decode()
    assert "Statements by status" in en and "denied" in en and "hearsay" in en


def test_other_language_is_reported_not_analysed() -> None:
    english = (
        b"The mayor said on Tuesday that the bridge would reopen next spring. Critics doubt it. "
        b"According to the city, the repairs will cost more than ten million dollars."
    )
    out = run("analyze", "-", "-f", "json", stdin=english)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["language"] == "en" and data["supported"] is False
    assert data["speech_events"] == [] and data["statements"] == []


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.txt", b"", 5),
        ("blank.txt", b" \n\n \t\n", 5),
        ("binary.bin", bytes(range(256)) * 64, 6),
        ("gzip.txt", b"\x1f\x8b\x08\x00" + bytes(200), 6),
        (
            "broken.txt",
            "Die Stadt prüft die Brücke. ".encode() * 5 + b"\xc3\x28 und \xe2\x82 weiter.",
            7,
        ),
        ("nosentence.txt", b"1/16\n\n---\n\n12 34 56\n", 9),
    ],
    ids=["empty", "blank", "binary", "gzip", "broken-utf8", "no-sentence"],
)
def test_bad_input_gives_one_line_and_distinct_exit_code(
    tmp_path: Path, name: str, content: bytes, code: int
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = run("analyze", str(path))
    err = out.stderr.decode()
    assert out.returncode == code, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("quellenlage: error:")


def test_missing_path_directory_and_huge_file(tmp_path: Path) -> None:
    codes = []
    for target in (tmp_path / "missing.txt", tmp_path):
        out = run("analyze", str(target))
        assert "Traceback" not in out.stderr.decode()
        codes.append(out.returncode)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Die Stadt baut eine Br\xc3\xbccke. " * (20 * 1024 * 1024 // 30))
    out = run("analyze", str(huge))
    assert "Traceback" not in out.stderr.decode()
    codes.append(out.returncode)
    assert codes == [3, 4, 8]


def test_cp1252_file_is_decoded(tmp_path: Path) -> None:
    text = (
        "Die Bürgermeisterin sagte, die Straße werde „bald“ geöffnet. "
        "Größere Schäden gebe es nicht."
    )
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    out = run("analyze", str(path), "-f", "json")
    assert out.returncode == 0, out.stderr.decode()
    assert "Bürgermeisterin" in json.loads(out.stdout)["article"]["text"]


# ------------------------------------------------------------------------ output files


@pytest.mark.parametrize(
    ("name", "fmt", "check"),
    [
        ("report.html", "html", lambda t: t.startswith("<!DOCTYPE html>")),
        ("a.json", "json", lambda t: json.loads(t)["schema_version"] == "2"),
        ("a.jsonl", "jsonl", lambda t: t.count("\n") == 1 and json.loads(t)),
        ("a.md", "md", lambda t: t.startswith("---\ntitle: ") and "\n## " in t),
        ("a.txt", "terminal", lambda t: "Aussagen nach Status" in t),
    ],
)
def test_format_is_inferred_from_the_output_name(tmp_path: Path, name, fmt, check) -> None:
    target = tmp_path / name
    out = run("analyze", str(EXAMPLE), "-o", str(target))
    assert out.returncode == 0, out.stderr.decode()
    assert out.stdout == b""
    assert check(target.read_text("utf-8")), fmt


def test_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "data.html"
    out = run("analyze", str(EXAMPLE), "-f", "json", "-o", str(target))
    assert out.returncode == 0
    assert json.loads(target.read_text("utf-8"))["language"] == "de"


def _one_error_line(out: subprocess.CompletedProcess[bytes], code: int, needle: str) -> None:
    err = out.stderr.decode()
    assert out.returncode == code, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("quellenlage: error:") and needle in err, err


def test_output_into_a_missing_folder(tmp_path: Path) -> None:
    out = run("analyze", str(EXAMPLE), "-o", str(tmp_path / "nope" / "report.html"))
    _one_error_line(out, 15, "does not exist")


def test_output_onto_a_folder(tmp_path: Path) -> None:
    out = run("analyze", str(EXAMPLE), "-o", str(tmp_path))
    _one_error_line(out, 16, "is a folder")


@pytest.mark.skipif(
    getattr(__import__("os"), "geteuid", lambda: 0)() == 0, reason="root can write anywhere"
)
def test_output_unwritable_as_user(tmp_path: Path) -> None:  # pragma: no cover - root in CI
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    out = run("analyze", str(EXAMPLE), "-o", str(locked / "a.json"))
    _one_error_line(out, 17, "permission denied")


def test_output_unwritable(tmp_path: Path) -> None:
    # /proc is read-only for everyone, root included
    out = run("analyze", str(EXAMPLE), "-o", "/proc/quellenlage-report.html")
    _one_error_line(out, 17, "/proc")


def test_output_under_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    out = run("analyze", str(EXAMPLE), "-o", str(plain / "report.html"))
    _one_error_line(out, 16, "is a file")


def test_schema_output_errors(tmp_path: Path) -> None:
    out = run("schema", "-o", str(tmp_path / "missing" / "s.json"))
    _one_error_line(out, 15, "does not exist")
    target = tmp_path / "s.json"
    assert run("schema", "-o", str(target)).returncode == 0
    assert json.loads(target.read_text("utf-8"))["title"].startswith("quellenlage")


def test_version_and_completion() -> None:
    from quellenlage import __version__

    out = run("--version")
    assert out.returncode == 0 and out.stdout.decode().strip() == f"quellenlage {__version__}"
    # `--show-completion` detects the shell from the parent process (newer Typer takes no
    # shell name), which a test cannot rely on; the script it prints is this one:
    out = subprocess.run(
        [sys.executable, "-m", "quellenlage"],
        env={**os.environ, "_QUELLENLAGE_COMPLETE": "source_bash"},
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0 and b"complete -o" in out.stdout


def test_help_lists_choices_and_an_example() -> None:
    out = run("analyze", "--help")
    text = out.stdout.decode()
    assert out.returncode == 0
    for word in ("terminal", "jsonl", "html", "md", "crf", "llm", "--ui-lang", "Example"):
        assert word in text, word
    for odd in ("<bool>", "{file}", "TEXT"):
        assert odd not in text, odd


def test_markdown_output_has_metadata_and_plain_words() -> None:
    out = run("analyze", str(EXAMPLE), "-f", "md")
    text = out.stdout.decode()
    head, body = text.split("\n---\n", 1)
    assert head.startswith("---\ntitle: ") and "by_status:" in head and "  denied: " in head
    assert "## Wer zitiert wird" in body and "**Dementi**" in body
    assert "FreeIndirect" not in body
