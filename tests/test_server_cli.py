"""``quellenlage serve``: options reach the server; a bad store is one clean error line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from quellenlage.cli import app
from quellenlage.errors import InvalidInput


def test_serve_passes_its_options(monkeypatch):
    import quellenlage.server as server

    seen: dict = {}
    monkeypatch.setattr(server, "run_server", lambda **kw: seen.update(kw))
    res = CliRunner().invoke(
        app,
        ["serve", "--port", "8123", "--workers", "1", "--timeout", "5", "--max-body-mb", "1"],
    )
    assert res.exit_code == 0, res.output
    assert seen["host"] == "127.0.0.1"  # loopback unless told otherwise
    assert seen["port"] == 8123 and seen["workers"] == 1 and seen["timeout"] == 5.0
    assert seen["max_body_bytes"] == 1024 * 1024
    assert seen["settings"].timeout == 5.0


def test_serve_with_a_missing_store_is_one_error_line(tmp_path: Path):
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "nope.duckdb")])
    assert res.exit_code == InvalidInput.exit_code
    assert "no store at" in res.output
    assert "Traceback" not in res.output
