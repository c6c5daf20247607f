"""Analyses as pandas DataFrames, for notebooks: the same tables and columns as the store.

``analysis_frame(a, "statements")`` has exactly the columns of the store's ``statements``
table (see ``docs/store.md``), so code written against one document works on a corpus.
"""

from __future__ import annotations

from typing import Any

from ..corpus.schema import TABLES, analysis_rows
from ..errors import InvalidInput, require
from ..model import Analysis, register_view

FRAME_TABLES = ("statements", "speech_events", "sources", "entities", "articles")


def analysis_frame(analysis: Analysis, table: str = "statements") -> Any:
    """One table of the analysis as a DataFrame (needs pandas: ``quellenlage[notebook]``)."""
    pd = require("pandas", "notebook")
    if table not in FRAME_TABLES:
        raise InvalidInput(f"unknown table {table!r}; known: {', '.join(FRAME_TABLES)}")
    meta = analysis.article.meta
    doc_id = meta.id or "doc"
    info: dict[str, str | None] = {
        "doc_id": doc_id,
        "input": None,
        "record": "",
        "input_format": meta.input_format,
    }
    rows = analysis_rows(info, analysis, 0.0)[table]
    return pd.DataFrame(rows, columns=[c.name for c in TABLES[table]])


register_view("frame", analysis_frame)
