"""Batch readers on hostile files (issue 14): bounded lines and nesting, one error record per
bad line or row and the rest read on, gzip bombs stopped, WARC damage skipped record by
record, format detection without a fixed prefix size, extra columns kept."""

from __future__ import annotations

import ast
import gzip
import io
import json
import re
from pathlib import Path

import pytest

from quellenlage.ingest import record_article
from quellenlage.ingest.records import InputRecord, SourceOptions
from quellenlage.ingest.sources import detect_format, iter_records
from quellenlage.settings import DEFAULT_SETTINGS

TEXT = (
    "Der Stadtrat hat am Montag den Haushalt beschlossen. Die Opposition stimmte dagegen, "
    "wie ein Sprecher mitteilte."
)


def _jsonl(rows: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def _records(path: Path, **options: object) -> list[InputRecord]:
    return list(iter_records([path], SourceOptions(**options)))  # type: ignore[arg-type]


def _limits(**changes: object) -> SourceOptions:
    return SourceOptions(limits=DEFAULT_SETTINGS.with_overrides(**changes))


# --------------------------------------------------------------------------- JSON lines


def test_jsonl_whose_first_line_is_longer_than_8_kib_is_jsonl(tmp_path: Path) -> None:
    long_text = (TEXT + " ") * 200  # ~23 KB on the first line
    f = tmp_path / "feed.txt"  # no telling extension
    f.write_bytes(_jsonl([{"text": long_text, "outlet": "Tagblatt"}, {"text": TEXT}]))
    recs = _records(f)
    assert [r.input_format for r in recs] == ["jsonl", "jsonl"]
    assert recs[0].text == long_text and recs[0].outlet == "Tagblatt"


def test_one_huge_line_in_a_gzipped_jsonl_is_one_error_and_the_rest_goes_on(
    tmp_path: Path,
) -> None:
    f = tmp_path / "feed.jsonl.gz"
    huge = {"text": "x" * 300_000}
    f.write_bytes(
        gzip.compress(_jsonl([{"text": TEXT, "id": "a"}, huge, {"text": TEXT, "id": "c"}]))
    )
    recs = list(iter_records([f], _limits(max_line_bytes=100_000)))
    assert [r.meta_id for r in recs if r.error is None] == ["a", "c"]
    errors = [r.error for r in recs if r.error]
    assert len(errors) == 1 and errors[0][0] == "too_large" and "line 2" in errors[0][1]


def test_a_deeply_nested_line_is_one_error_not_a_recursion_error(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    deep = '{"text": "a", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    f.write_bytes(_jsonl([{"text": TEXT}]) + deep.encode() + _jsonl([{"text": TEXT}]))
    recs = _records(f)
    assert [r.error[0] if r.error else "ok" for r in recs] == ["ok", "too_complex", "ok"]
    assert "deeper than 64" in recs[1].error[1]  # type: ignore[index]


def test_a_line_that_is_not_utf8_loses_only_itself(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    bad = b'{"text": "Gr\xfc\xdfe aus Wien, sagte sie."}\n'
    f.write_bytes(_jsonl([{"text": TEXT, "id": "1"}]) + bad + _jsonl([{"text": TEXT, "id": "3"}]))
    recs = _records(f)
    assert [r.meta_id for r in recs if not r.error] == ["1", "3"]
    assert recs[1].error and recs[1].error[0] == "undecodable" and "line 2" in recs[1].error[1]


def test_jsonl_extra_fields_reach_the_article_meta(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    row = {
        "text": TEXT,
        "id": "A-17",
        "url": "https://www.saale-kurier.example/a/17",
        "published": "2025-02-03T07:45:00+01:00",
        "outlet": "Saale-Kurier",
        "ressort": "Lokales",
        "tags": ["Haushalt", "Stadtrat"],
    }
    f.write_bytes(_jsonl([row]))
    (rec,) = _records(f)
    art = record_article(rec)
    assert art.meta.id == "A-17" and art.meta.outlet == "Saale-Kurier"
    assert art.meta.date == "2025-02-03T07:45:00+01:00"  # "published" names the date
    assert art.meta.section == "Lokales"  # and "ressort" the section
    assert art.meta.extra == {"tags": '["Haushalt", "Stadtrat"]'}
    assert art.meta.provenance["outlet"] == "input" and art.meta.domain == "saale-kurier.example"


def test_a_lone_surrogate_in_jsonl_is_replaced_with_a_note(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "Der erste Satz.\\ud800 Der zweite Satz folgt."}\n', encoding="utf-8")
    (rec,) = _records(f)
    art = record_article(rec)
    assert "Der zweite Satz folgt." in art.text and "\ufffd" in art.text
    assert art.meta.notes == ["1 lone surrogate or noncharacter code point(s) replaced by U+FFFD"]
    art.model_dump_json()


# --------------------------------------------------------------------------- CSV


def _csv(path: Path, body: bytes) -> list[InputRecord]:
    path.write_bytes(body)
    return _records(path)


def test_a_bad_encoding_row_loses_only_itself(tmp_path: Path) -> None:
    good = "".join(f'{i},"{TEXT} Zeile {i}."\n' for i in range(1, 200)).encode()
    bad = b'200,"Gr\xfc\xdfe aus Wien."\n'
    rows = _csv(
        tmp_path / "a.csv", b"id,text\n" + good + bad + b'201,"Noch ein Satz, sagte sie."\n'
    )
    ok = [r for r in rows if r.error is None]
    assert len(ok) == 200 and ok[0].meta_id == "1" and ok[-1].meta_id == "201"
    (err,) = [r for r in rows if r.error]
    assert err.error and err.error[0] == "undecodable" and "row 200" in err.error[1]


def test_one_nul_byte_does_not_refuse_a_csv(tmp_path: Path) -> None:
    body = f'id,text\n1,"{TEXT}"\n2,"Mit einem \x00 NUL-Byte, sagte er."\n3,"{TEXT}"\n'.encode()
    rows = _csv(tmp_path / "a.csv", body)
    assert [r.error for r in rows] == [None, None, None]
    art = record_article(rows[1])
    assert "\x00" not in art.text and art.meta.notes == ["1 NUL character(s) removed"]


def test_csv_extra_columns_are_kept_and_meta_columns_used(tmp_path: Path) -> None:
    body = (
        "id;outlet;url;date;label;text\n"
        f"7;derStandard.at;https://www.derstandard.at/story/7;2016-05-12;Inland;'{TEXT}'\n"
    ).encode()
    (tmp_path / "a.csv").write_bytes(body)
    (rec,) = _records(tmp_path / "a.csv", csv_sep=";", csv_quote="'")
    art = record_article(rec)
    assert (art.meta.outlet, art.meta.date, art.meta.id) == ("derStandard.at", "2016-05-12", "7")
    assert art.meta.extra == {"label": "Inland"}


def test_a_field_over_the_limit_is_one_error_row(tmp_path: Path) -> None:
    big = "y" * 5000
    body = f'id,text\n1,"{TEXT}"\n2,"{big}"\n3,"{TEXT}"\n'.encode()
    (tmp_path / "a.csv").write_bytes(body)
    recs = list(iter_records([tmp_path / "a.csv"], SourceOptions(max_record_bytes=1000)))
    assert [r.error[0] if r.error else "ok" for r in recs] == ["ok", "too_large", "ok"]


# --------------------------------------------------------------------------- gzip


def test_a_gzip_bomb_stops_at_the_decompressed_limit(tmp_path: Path) -> None:
    f = tmp_path / "bomb.jsonl.gz"
    line = _jsonl([{"text": TEXT}])
    f.write_bytes(gzip.compress(line * 20_000))  # ~2.7 MB of text from ~20 KB
    opts = _limits(max_gzip_ratio=10, gzip_ratio_floor_bytes=100_000)
    recs = list(iter_records([f], opts))
    assert recs[-1].error and recs[-1].error[0] == "too_large"
    assert "after decompression" in recs[-1].error[1]
    assert 0 < len(recs) - 1 < 20_000  # the lines before the limit were read


def test_detection_reads_past_a_long_comment_before_the_doctype() -> None:
    page = b"<!--" + b" x" * 20_000 + b"-->\n<!DOCTYPE html><html><body><p>Text.</p></body></html>"
    from quellenlage.ingest import looks_like_html

    assert looks_like_html(page.decode())
    assert detect_format(page[:8192] + b"") in ("html", "text")  # the head alone is ambiguous


# --------------------------------------------------------------------------- WARC

warcio = pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def _warc(n: int = 5, *, gz: bool = True) -> tuple[bytes, list[int]]:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    offsets = []
    for i in range(n):
        offsets.append(buf.tell())
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        body = (
            f"<html><body><article><h1>Meldung {i}</h1><p>{TEXT} Nummer {i}.</p>"
            "</article></body></html>"
        ).encode()
        rec = writer.create_warc_record(
            f"https://www.tagblatt.example/{i}",
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            # fixed id and date: warcio's random ones would move the bytes a test damages
            warc_headers_dict={
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>",
                "WARC-Date": "2026-01-01T00:00:00Z",
            },
        )
        writer.write_record(rec)
    return buf.getvalue(), offsets


def test_one_flipped_byte_in_the_first_record_loses_only_that_record(tmp_path: Path) -> None:
    data, offsets = _warc()
    damaged = bytearray(data)
    damaged[offsets[0] + 40] ^= 0xFF
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(bytes(damaged))
    recs = _records(f)
    ok = [r.url for r in recs if r.data]
    assert ok == [f"https://www.tagblatt.example/{i}" for i in range(1, 5)]
    (err,) = [r for r in recs if r.error]
    assert err.error and err.error[0] == "damaged" and "reading goes on" in err.error[1]


def _with_content_length(data: bytes, delta: int) -> bytes:
    m = re.search(rb"Content-Length: (\d+)", data)
    assert m is not None
    return data[: m.start(1)] + str(int(m[1]) + delta).encode() + data[m.end(1) :]


@pytest.mark.parametrize("delta", [-20, 300])
def test_a_bad_content_length_is_an_error_never_a_silent_drop(tmp_path: Path, delta: int) -> None:
    data, _ = _warc(gz=False)
    f = tmp_path / "crawl.warc"
    f.write_bytes(_with_content_length(data, delta))
    recs = _records(f)
    ok = [r.url for r in recs if r.data]
    assert "https://www.tagblatt.example/0" not in ok  # its payload cannot be trusted
    assert ok[-3:] == [f"https://www.tagblatt.example/{i}" for i in range(2, 5)]
    # Every record is accounted for: an article, or an error that says why not.
    assert len(recs) >= 5 and recs[0].error is not None
    assert recs[0].error[0] in ("bad_length", "damaged")


# --------------------------------------------------------------------------- URL lists


def test_url_list_gives_one_record_per_url(tmp_path: Path) -> None:
    f = tmp_path / "urls.txt"
    f.write_text(
        "# Seiten für die Auswertung\n"
        "https://www.tagblatt.example/a  erste Seite\n\n"
        "ftp://example.org/x\n"
        "https://www.tagblatt.example/b\n",
        encoding="utf-8",
    )
    recs = list(iter_records([], SourceOptions(url_files=[f])))
    assert [(r.fetch_url, r.record) for r in recs if r.fetch_url] == [
        ("https://www.tagblatt.example/a", "line 2"),
        ("https://www.tagblatt.example/b", "line 5"),
    ]
    (err,) = [r for r in recs if r.error]
    assert err.error and "not an http(s) URL" in err.error[1]
    again = list(iter_records([], SourceOptions(url_files=[f])))
    assert [r.doc_id for r in again] == [r.doc_id for r in recs]  # stable: no fetch needed


# --------------------------------------------------------------------------- structure


def test_the_readers_do_not_import_the_dispatcher() -> None:
    """No import cycle between ingest/sources.py and the readers (issue 9)."""
    pkg = Path(__file__).resolve().parents[1] / "src" / "quellenlage" / "ingest"
    for name in ("csvfile.py", "jsonl.py", "warc.py", "urls.py", "records.py", "streams.py"):
        tree = ast.parse((pkg / name).read_text("utf-8"))
        imported = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module is not None
        }
        assert "sources" not in imported, name


def test_a_csv_without_the_text_column_is_an_error_record_not_the_end(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"id,body\n1,Nichts\n")
    (tmp_path / "b.csv").write_bytes(f'id,text\n1,"{TEXT}"\n'.encode())
    recs = _records(tmp_path)
    assert recs[0].error and "no column 'text'" in recs[0].error[1]
    assert recs[1].text == TEXT  # the next file is read as usual


def test_many_comments_before_the_text_do_not_backtrack_exponentially() -> None:
    """'<!---->' repeated made the old doctype pattern backtrack exponentially (a ReDoS)."""
    from quellenlage.ingest import looks_like_html

    assert not looks_like_html("<!---->" * 60 + "Nur Text.")
    assert looks_like_html("<!---->" * 60 + "<!DOCTYPE html><html><body></body></html>")
    assert detect_format(b"<!---->" * 60 + b"Nur Text.") == "text"
