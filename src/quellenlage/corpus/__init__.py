"""Corpus: many analyses at once: the store (DuckDB / Parquet), the batch runner, reports.

``schema`` declares the tables, ``store`` writes and reads them, ``batch`` runs the pool,
``reports`` holds the ready queries. Heavy dependencies (duckdb, pyarrow) load lazily.
"""
