"""Error catalogue: small named exceptions, each with a stable code and CLI exit status.

The API raises these; only the CLI turns them into one line on stderr and an exit code, and
the batch runner turns them into an error row. Exit codes are distinct per kind so that
scripts can tell an empty file from a binary one without parsing text.
"""

from __future__ import annotations


class QuellenlageError(Exception):
    """Base class. ``code`` is a stable machine-readable name, ``exit_code`` the CLI status."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputNotFound(QuellenlageError):
    code, exit_code = "not_found", 3


class InputIsDirectory(QuellenlageError):
    code, exit_code = "is_directory", 4


class EmptyInput(QuellenlageError):
    code, exit_code = "empty", 5


class BinaryInput(QuellenlageError):
    code, exit_code = "binary", 6


class UndecodableInput(QuellenlageError):
    code, exit_code = "undecodable", 7


class InputTooLarge(QuellenlageError):
    code, exit_code = "too_large", 8


class NoSentence(QuellenlageError):
    code, exit_code = "no_sentence", 9


class InvalidInput(QuellenlageError):
    """Structurally wrong input (bad JSON, a SpkAtt file without Sentences, ...)."""

    code, exit_code = "invalid", 10


class ModelError(QuellenlageError):
    """A shipped or user-supplied model is missing, corrupt or of an unsupported version."""

    code, exit_code = "model", 11


class MissingExtra(QuellenlageError):
    """An optional dependency is not installed; the message names the extra to install."""

    code, exit_code = "missing_extra", 12


class AnalysisTimeout(QuellenlageError):
    code, exit_code = "timeout", 13


class LexiconError(ModelError):
    """A packaged word list (``lang/<code>/data/*.tsv``) is missing or malformed."""

    code, exit_code = "lexicon", 14


class OutputDirMissing(QuellenlageError):
    """The folder an output file should go into does not exist."""

    code, exit_code = "output_dir_missing", 15


class OutputIsDirectory(QuellenlageError):
    """An output file was named where a folder is (or a folder where a file is)."""

    code, exit_code = "output_is_directory", 16


class OutputNotWritable(QuellenlageError):
    """The output cannot be written (permissions, read-only file system, disk full)."""

    code, exit_code = "output_not_writable", 17


def require(module: str, extra: str):
    """Import an optional dependency lazily, or raise ``MissingExtra`` with an install hint."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtra(
            f"this needs the optional package {module!r}: pip install 'quellenlage[{extra}]'"
        ) from exc


# ---- ingest (issues 12 and 14); exit codes from 20 on, clear of the lead's 14-17


class InputTooComplex(InputTooLarge):
    """An HTML page with more elements, or markup or JSON nested deeper, than the limit."""

    code, exit_code = "too_complex", 20


class FetchError(QuellenlageError):
    """A URL could not be fetched: network error, HTTP error status, too many redirects."""

    code, exit_code = "fetch_failed", 21


class FetchRefused(FetchError):
    """A URL not fetched on purpose: private address, robots.txt, scheme, content type."""

    code, exit_code = "fetch_refused", 22


class FetchTimeout(FetchError):
    """The server did not answer, or not completely, within the fetch time limit."""

    code, exit_code = "fetch_timeout", 23
