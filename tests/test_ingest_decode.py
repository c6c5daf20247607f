"""Ingest, bytes side: every kind of bad input raises its own error; encodings decode right."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from quellenlage.errors import (
    BinaryInput,
    EmptyInput,
    InputIsDirectory,
    InputNotFound,
    InputTooLarge,
    UndecodableInput,
)
from quellenlage.ingest import looks_like_html, read_bytes, read_path, text_to_article
from quellenlage.ingest.decode import decode_bytes, normalize_text, read_stream
from quellenlage.settings import DEFAULT_SETTINGS, MiB

GERMAN = (
    "Die Straße war gesperrt, sagte der Bürgermeister. „Wir müssen für Öl und Gas sorgen“, "
    "fügte er hinzu – und die Grünen widersprachen ihm heftig.\n"
)


# ------------------------------------------------------------------------- bad input


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="no such file"):
        read_path(tmp_path / "nope.txt")


def test_path_below_a_file_is_not_found(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GERMAN, encoding="utf-8")
    with pytest.raises(InputNotFound):
        read_path(f / "b.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputIsDirectory, match="is a directory"):
        read_path(tmp_path)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xef\xbb\xbf  \n"])
def test_empty_or_whitespace_is_empty(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        decode_bytes(data, name="x")


def test_empty_file_is_empty(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    with pytest.raises(EmptyInput):
        read_path(f)


def test_only_zero_width_characters_is_empty() -> None:
    with pytest.raises(EmptyInput):
        decode_bytes("\u200b\u00ad\u2060\n".encode(), name="x")


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00rest", "gzip"),
        (b"PK\x03\x04\x14\x00\x00\x00rest", "zip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x00\x01\x02\x00" * 40 + b" etwas Text", "NUL"),
        (bytes(range(1, 32)) * 20 + b" etwas Text", "control"),
    ],
)
def test_binary_is_refused_with_what_it_looks_like(data: bytes, looks_like: str) -> None:
    with pytest.raises(BinaryInput, match=looks_like):
        decode_bytes(data, name="x")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "bild.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(200))
    with pytest.raises(BinaryInput, match="PNG"):
        read_path(f)


def test_a_few_stray_control_characters_are_still_text() -> None:
    data = ("Ein Satz ohne Klingel. " * 40 + "Einer mit \x07 Klingel.").encode()
    article = read_bytes(data, name="x")
    assert "Einer mit  Klingel." in article.text or "Einer mit Klingel." in article.text
    assert "\x07" not in article.text  # control characters are removed from the text
    assert article.meta.notes == ["1 control character(s) removed"]


def test_one_nul_byte_is_removed_with_a_note_not_refused() -> None:
    article = read_bytes(b"Text mit \x00 NUL-Byte in der Mitte, sagte er.", name="x")
    assert "\x00" not in article.text and "NUL-Byte in der Mitte" in article.text
    assert article.meta.notes == ["1 NUL character(s) removed"]


def test_broken_utf8_is_undecodable_and_names_the_offset() -> None:
    # A UTF-8 text with one cp1252 quote pasted in: decoding it as cp1252 would give "Ã¤".
    good = GERMAN.encode("utf-8")
    data = good + b"Er sagte: \x84Nein\x93. " + good
    with pytest.raises(UndecodableInput, match=rf"offset {len(good) + 10}"):
        decode_bytes(data, name="x")


def test_truncated_utf8_sequence_is_undecodable() -> None:
    data = GERMAN.encode("utf-8") + "Grüße".encode()[:3]
    with pytest.raises(UndecodableInput):
        decode_bytes(data, name="x")


def test_bytes_that_fit_no_encoding_are_undecodable() -> None:
    # 0x81 and 0x8D are undefined in cp1252 and control characters in latin-1.
    data = b"Kein Text: \x81\x8d\x81\x8d und noch mehr \x81 hier."
    with pytest.raises(UndecodableInput, match="offset 11"):
        decode_bytes(data, name="x")


def test_20_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    with f.open("wb") as fh:  # sparse: 20 MB on paper, nothing on disk
        fh.truncate(20 * MiB)
    with pytest.raises(InputTooLarge, match="limit"):
        read_path(f)


def test_oversized_bytes_are_refused() -> None:
    settings = DEFAULT_SETTINGS.with_overrides(max_input_bytes=100)
    with pytest.raises(InputTooLarge):
        read_bytes(b"a" * 101, name="x", settings=settings)
    assert read_bytes(GERMAN[:60].encode(), name="x", settings=settings).text


def test_stdin_reads_at_most_limit_plus_one() -> None:
    settings = DEFAULT_SETTINGS.with_overrides(max_input_bytes=1000)
    stream = io.BytesIO(b"x" * 5000)
    with pytest.raises(InputTooLarge):
        read_stream(stream, settings=settings)
    assert stream.tell() == 1001


def test_text_over_max_chars_is_too_large() -> None:
    settings = DEFAULT_SETTINGS.with_overrides(max_text_chars=50)
    with pytest.raises(InputTooLarge, match="characters"):
        text_to_article(GERMAN, settings=settings)


def test_empty_text_is_empty() -> None:
    with pytest.raises(EmptyInput):
        text_to_article(" \n\n ")


# ------------------------------------------------------------------------- encodings


def test_cp1252_file_decodes_right(tmp_path: Path) -> None:
    f = tmp_path / "alt.txt"
    f.write_bytes(GERMAN.encode("cp1252"))
    article = read_path(f)
    assert article.meta.encoding == "cp1252"
    assert article.text == GERMAN.strip()
    assert "„Wir müssen für Öl und Gas sorgen“" in article.text


def test_latin1_text_decodes_right() -> None:
    text, _ = decode_bytes("Grüße aus Köln, sagte sie.".encode("latin-1"), name="x")
    assert text == "Grüße aus Köln, sagte sie."


def test_cp1252_with_accidental_utf8_pair_still_decodes() -> None:
    # "ß“" is DF 93 in cp1252, a valid UTF-8 pair by accident; the rest is clearly cp1252.
    raw = "Er nannte es „Maß“ und ging. Später kamen Öl und Äpfel für die Bürger."
    text, encoding = decode_bytes(raw.encode("cp1252"), name="x")
    assert (text, encoding) == (raw, "cp1252")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig", "utf-32"])
def test_byte_order_marks(encoding: str) -> None:
    data = GERMAN.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    text, used = decode_bytes(data, name="x")
    assert text == GERMAN
    assert used.startswith(encoding.split("-")[0] + "-")


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "utf16.txt"
    f.write_bytes(GERMAN.encode("utf-16"))
    article = read_path(f)
    assert article.text == GERMAN.strip()
    assert article.meta.encoding in ("utf-16-le", "utf-16-be")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(encoding: str) -> None:
    text, used = decode_bytes(GERMAN.encode(encoding), name="x")
    assert (text, used) == (GERMAN, encoding)


def test_normalisation_newlines_nfc_invisible_characters() -> None:
    raw = "Zei\u00adle eins\r\nZweite\u200b Zeile\rDritte: Mu\u0308ller\u2028Vierte"
    assert normalize_text(raw) == "Zeile eins\nZweite Zeile\nDritte: Müller\nVierte"
    assert normalize_text(normalize_text(raw)) == normalize_text(raw)
    # decode_bytes only decodes; every entry point cleans the text the same way after it.
    text, _ = decode_bytes(raw.encode("utf-8"), name="x")
    assert text == raw
    article = read_bytes(raw.encode("utf-8"), name="x")
    assert article.text.replace("\n\n", "\n") == normalize_text(raw)
    assert article.meta.notes == ["2 zero-width or soft-hyphen character(s) removed"]


def test_meta_records_format_and_encoding(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(GERMAN, encoding="utf-8")
    meta = read_path(f).meta
    assert (meta.input_format, meta.encoding) == ("text", "utf-8")
    assert text_to_article(GERMAN).meta.input_format == "text"


# ------------------------------------------------------------------------- HTML dispatch


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hallo</p></body></html>", True),
        ("\n  <html lang='de'><head><title>x</title></head>", True),
        ("<?xml version='1.0'?>\n<html><body></body></html>", True),
        ("<div class='a'><p>Ein Absatz.</p></div>", True),
        ("Ukraine\n\n<Zitat> ist kein Tag, sagte er.", False),
        (GERMAN, False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_html_bytes_go_to_html_to_article(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, object]] = []

    def fake_html_to_article(html: str, *, meta=None, settings=DEFAULT_SETTINGS):  # type: ignore[no-untyped-def]
        calls.append((html, meta))
        return text_to_article("Aus HTML.", meta=meta)

    import quellenlage.ingest as ingest_pkg

    monkeypatch.setattr(ingest_pkg, "html_to_article", fake_html_to_article)
    page = "<!doctype html><html><body><p>Grüße</p></body></html>"
    article = read_bytes(page.encode("cp1252"), name="page.html")
    assert calls and calls[0][0] == page
    assert article.meta.encoding == "cp1252"  # the meta read_bytes passed on


def test_double_encoded_utf8_is_repaired() -> None:
    mojibake = GERMAN.encode("utf-8").decode("cp1252")
    assert "fÃ¼r" in mojibake
    text, encoding = decode_bytes(mojibake.encode("utf-8"), name="x")
    assert text == GERMAN
    assert encoding == "utf-8 (repaired double encoding)"


def test_a_lone_mojibake_lookalike_is_left_alone() -> None:
    raw = "Der Preis: 5 Ã pro Stück, sagte er."
    assert decode_bytes(raw.encode("utf-8"), name="x") == (raw, "utf-8")


def test_text_starting_like_a_short_signature_is_text() -> None:
    raw = "MZ-Redaktion: Der Stadtrat hat am Montag den Haushalt beschlossen."
    assert decode_bytes(raw.encode(), name="x") == (raw, "utf-8")
    with pytest.raises(BinaryInput, match="bzip2"):
        decode_bytes(b"BZh91AY&SY" + bytes(range(200, 250)), name="x")
