"""Bytes → clean Unicode text: size and type checks, encoding detection, normalisation.

Inputs are untrusted scrapes. Everything that is not plausibly a text document is refused
with a named error from ``errors.py`` before any structuring happens: a missing path, a
directory, an oversized file (checked with ``stat`` before reading), empty input, binary
data, and bytes that fit no common encoding. Broken UTF-8 (a UTF-8 text with some invalid
sequences) is refused rather than decoded as cp1252 mojibake ("Ã¤"): silently wrong text
would poison every later stage.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

from ..errors import (
    BinaryInput,
    EmptyInput,
    InputIsDirectory,
    InputNotFound,
    InputTooLarge,
    InvalidInput,
    UndecodableInput,
)
from ..settings import DEFAULT_SETTINGS, Settings
from .textclean import normalize_text

__all__ = ["check_size", "decode_bytes", "normalize_text", "read_file_bytes", "read_stream"]

# File signatures checked at the start of the data: (prefix, what it looks like). Short
# all-ASCII ones ("MZ", "ID3") are left out: a text may start with them, and the real files
# contain NUL bytes, which the control-byte check catches anyway.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive (or docx/xlsx/odt/epub)"),
    (b"PK\x05\x06", "empty zip archive"),
    (b"%PDF", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"OggS", "Ogg media"),
    (b"%!PS", "PostScript document"),
    (b"{\\rtf", "RTF document"),
)
_RIFF_KINDS = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 control bytes that never occur in text (tab, LF, VT, FF, CR and ESC are tolerated).
_CONTROL = frozenset([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# More than this share of control bytes (NUL included) means binary; a stray NUL or two in
# a text is removed by the cleaning step, with a note.
_MAX_CONTROL_SHARE = 0.01

# A well-formed UTF-8 multi-byte sequence (used to tell broken UTF-8 from a legacy encoding).
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

# Doubly encoded UTF-8 read as cp1252: "Ã¤" for ä, "ÃŸ" for ß, "â€ž" for „ and so on.
_MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
    "|â€[\u0080-\u00bf\u0152-\u2122]"
)

# Any character that stays visible after cleaning (see textclean.py).
_VISIBLE = re.compile(
    "[^\\s\x00-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)

# Non-ASCII characters that a German (or other West European) cp1252 text plausibly contains.
_PLAUSIBLE_CATEGORIES = (
    *("L", "Zs", "Pd", "Pi", "Pf", "Ps", "Pe", "Po"),
    *("Sc", "Sm", "So", "No", "Nd", "Cf"),
)


def read_file_bytes(path: Path | str, *, settings: Settings = DEFAULT_SETTINGS) -> bytes:
    """Read a file after checking that it exists, is a file, and is not too large."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputNotFound(f"{p}: no such file") from None
    except NotADirectoryError:
        raise InputNotFound(f"{p}: no such file (a parent is not a directory)") from None
    except PermissionError:
        raise InvalidInput(f"{p}: permission denied") from None
    except OSError as exc:  # ENAMETOOLONG, ELOOP, ...
        raise InputNotFound(f"{p}: cannot access ({exc.strerror or exc})") from None
    if p.is_dir():
        raise InputIsDirectory(f"{p}: is a directory, not an article file")
    limit = settings.max_input_bytes
    if st.st_size > limit:
        raise InputTooLarge(f"{p}: {st.st_size:,} bytes is more than the limit of {limit:,} bytes")
    try:
        with p.open("rb") as fh:
            # Read at most limit+1: a file that grew after stat (or a FIFO) is still bounded.
            data = fh.read(limit + 1)
    except PermissionError:
        raise InvalidInput(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise InputIsDirectory(f"{p}: is a directory, not an article file") from None
    except OSError as exc:
        raise InvalidInput(f"{p}: cannot read ({exc.strerror or exc})") from None
    check_size(data, name=str(p), settings=settings)
    return data


def read_stream(
    stream: BinaryIO, *, name: str = "<stdin>", settings: Settings = DEFAULT_SETTINGS
) -> bytes:
    """Read a byte stream (stdin) without ever holding more than the limit plus one byte."""
    data = stream.read(settings.max_input_bytes + 1)
    check_size(data, name=name, settings=settings)
    return data


def check_size(data: bytes, *, name: str, settings: Settings = DEFAULT_SETTINGS) -> None:
    """Raise ``InputTooLarge`` when ``data`` is over ``settings.max_input_bytes``."""
    limit = settings.max_input_bytes
    if len(data) > limit:
        raise InputTooLarge(f"{name}: more than the limit of {limit:,} bytes")


def decode_bytes(
    data: bytes, *, name: str = "-", settings: Settings = DEFAULT_SETTINGS
) -> tuple[str, str]:
    """Decode untrusted bytes into normalised text; return ``(text, encoding)``.

    Order of checks: size, emptiness, byte-order mark, binary signatures and control bytes,
    strict UTF-8, then a legacy single-byte encoding (cp1252, which covers latin-1 text).
    """
    check_size(data, name=name, settings=settings)
    if not data.strip():
        raise EmptyInput(f"{name}: the input is empty" if not data else f"{name}: only whitespace")
    bom = _bom_encoding(data)
    if bom is not None:
        encoding = bom
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableInput(
                f"{name}: invalid {encoding} after its byte-order mark at byte offset {exc.start}"
            ) from None
        text = text.removeprefix("\ufeff")
        _check_text_controls(text, name=name)
    else:
        utf16 = _utf16_without_bom(data)
        kind = None if utf16 else sniff_binary(data)
        if utf16:
            encoding = utf16
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableInput(
                    f"{name}: invalid {encoding} at byte offset {exc.start}"
                ) from None
            _check_text_controls(text, name=name)
        elif kind is not None:
            raise BinaryInput(f"{name}: binary data, looks like {kind}, not a text article")
        else:
            text, encoding = _decode_unmarked(data, name=name)
    if _VISIBLE.search(text) is None:
        raise EmptyInput(f"{name}: no visible text")
    # Not cleaned here: text_to_article and html_to_article clean every text the same way
    # and note what they changed (textclean.py).
    return text, encoding


def sniff_binary(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or ``None`` when it may be text."""
    for prefix, kind in _MAGIC:
        if data.startswith(prefix):
            return kind
    if data.startswith(b"BZh") and data[4:10] == b"1AY&SY":
        return "bzip2 archive"
    if data.startswith(b"RIFF") and data[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[data[8:12]]
    sample = data[: 64 * 1024]
    controls = sum(1 for b in sample if b in _CONTROL)
    if controls > max(2, _MAX_CONTROL_SHARE * len(sample)):
        nuls = sample.count(0)
        what = f"{nuls} NUL and {controls - nuls} other control" if nuls else f"{controls} control"
        return f"binary data ({what} bytes in the first {len(sample):,} bytes)"
    return None


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit regularly on one side of mostly-ASCII pairs."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _check_text_controls(text: str, *, name: str) -> None:
    """Binary check for text decoded via a BOM (a UTF-16 file legitimately has NUL bytes)."""
    controls = sum(1 for ch in text[: 64 * 1024] if ord(ch) in _CONTROL)
    if controls > max(2, _MAX_CONTROL_SHARE * min(len(text), 64 * 1024)):
        raise BinaryInput(f"{name}: binary data ({controls} control characters)")


def repair_double_encoding(text: str) -> str | None:
    """Undo UTF-8 that was decoded as cp1252 and encoded again ("fÃ¼r" → "für").

    Only when the text shows such pairs at least twice and the whole text round-trips;
    a text that mixes good and doubly encoded parts is left alone (``None``).
    """
    if len(_MOJIBAKE.findall(text)) < 2:
        return None
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return None
    return fixed if fixed != text else None


def _decode_unmarked(data: bytes, *, name: str) -> tuple[str, str]:
    """Strict UTF-8 first; then cp1252 unless the bytes are mostly UTF-8 with breakage."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        fixed = repair_double_encoding(text)
        return (fixed, "utf-8 (repaired double encoding)") if fixed else (text, "utf-8")
    valid_multi = len(_UTF8_MULTI.findall(data))
    invalid = _count_utf8_errors(data)
    # A cp1252 text meets a valid UTF-8 pair only by accident ("ß“" is DF 93); a UTF-8 text
    # with breakage has many valid sequences and a few bad bytes.
    if valid_multi and valid_multi >= invalid:
        raise UndecodableInput(
            f"{name}: broken UTF-8 ({invalid} invalid sequence(s) among {valid_multi} valid "
            f"ones), first at byte offset {first_bad}; refusing to guess"
        )
    for encoding in ("cp1252", "iso-8859-15"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible_legacy(text):
            return text, encoding
    raise UndecodableInput(
        f"{name}: not valid UTF-8 (first bad byte at offset {first_bad}) and no plausible "
        "cp1252/latin-1 text either"
    )


def _count_utf8_errors(data: bytes) -> int:
    """Number of invalid UTF-8 sequences (each maximal bad run is replaced once)."""
    replaced = data.decode("utf-8", errors="replace").count("\ufffd")
    return replaced - data.count("\ufffd".encode())


def _plausible_legacy(text: str) -> bool:
    """Non-ASCII characters of a decoded legacy text must be letters or common punctuation."""
    for ch in text:
        if ord(ch) < 0x80:
            continue
        if not unicodedata.category(ch).startswith(_PLAUSIBLE_CATEGORIES):
            return False
    return True
