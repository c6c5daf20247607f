"""The German language data: every table loads through its checked accessor, and the loader
rejects malformed tables with the file and line."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from quellenlage import lang
from quellenlage.errors import LexiconError
from quellenlage.lang import de
from quellenlage.lang.loader import Table, parse_table

DATA = Path(de.__file__).parent / "data"


def _accessors() -> dict[str, Table]:
    out = {}
    for name, fn in inspect.getmembers(de, inspect.isfunction):
        if fn.__module__ == de.__name__ and not inspect.signature(fn).parameters:
            table = fn()
            assert isinstance(table, Table), name
            out[Path(table.path).name] = table
    return out


def test_every_table_loads_and_is_read_by_an_accessor() -> None:
    tables = _accessors()
    files = {p.name for p in DATA.glob("*.tsv")}
    assert files == set(tables), "every TSV has one accessor in lang/de/__init__.py"
    for name, table in tables.items():
        assert len(table) > 0, name
        text = (DATA / name).read_text("utf-8")
        assert text.startswith("#"), f"{name} starts with its documentation"


def test_function_words_load() -> None:
    assert "de" in dict(lang.function_words().rows)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# doc\nword\tkind\nsei\tK1\textra\n", "3 cells, the header has 2"),
        ("# doc\nword\tkind\nsei\n", "missing ['kind']"),
        ("# doc\nword\tkind\nsei\tK1\nsei\tK2\n", "duplicate entry 'sei' (first on line 3)"),
        ("# doc\nword\tkind\n sei\tK1\n", "surrounding spaces"),
        ("# doc\nform\tkind\nsei\tK1\n", "header ['form', 'kind'] differs"),
        ("# only a comment\n", "no header line"),
        ("# doc\nword\tkind\nsei\t\n", "required cell 'kind' is empty"),
    ],
)
def test_malformed_tables_fail_with_file_and_line(text: str, message: str) -> None:
    with pytest.raises(LexiconError, match=r"t\.tsv") as exc:
        parse_table(text, "t.tsv", ("word", "kind"))
    assert message in str(exc.value)


def test_optional_trailing_cells_may_be_omitted() -> None:
    table = parse_table("# d\nword\tnote?\nsei\n", "t.tsv", ("word", "note?"))
    assert table.rows == (("sei", ""),) and table.lines == (3,)
    assert table.error(0, "bad").message == "t.tsv:3: bad"


def test_word_classes() -> None:
    assert "des" in de.word_class("genitive-article")
    assert de.word_list("separable-particle")[0] == "an"
    with pytest.raises(LexiconError, match="no word class 'nope'"):
        de.word_class("nope")
