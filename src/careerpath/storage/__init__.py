"""Posting stores: ``open_store(path, engine)`` is the one way to open one.

Engines: ``duckdb`` (one file, the default) and ``spark`` (a folder of Parquet tables, queried with
Spark SQL; needs ``careerpath[spark]``). Both answer the same aggregates from the same SQL
(``storage.sql.SQLPostingStore``), and ``market.ingest.ingest_files`` writes into either.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from careerpath.errors import InputError

if TYPE_CHECKING:
    from careerpath.storage.sql import SQLPostingStore

ENGINES = ("duckdb", "spark")


def default_store_path(home: Path, engine: str = "duckdb") -> Path:
    """Returns where an engine's store lives in a careerpath home folder."""
    return home / ("market_spark" if engine == "spark" else "market.duckdb")


def infer_engine(path: Path) -> str:
    """Returns the engine of an existing store: a folder is a Spark store, anything else DuckDB."""
    return "spark" if Path(path).is_dir() else "duckdb"


def open_store(
    path: str | Path, engine: str | None = None, *, master: str | None = None, must_exist: bool = False
) -> SQLPostingStore:
    """Returns the store at ``path`` for ``engine`` (``None``: inferred from what is there).

    ``master`` is the Spark master URL (default ``local[*]``); ``must_exist`` turns a missing store
    into an ``InputError`` instead of creating one. Close it after use (it is a context manager).
    """
    path = Path(path)
    engine = engine or infer_engine(path)
    if engine not in ENGINES:
        raise InputError(f"Unknown store engine {engine!r}; use one of {', '.join(ENGINES)}.")
    if must_exist and not path.exists():
        raise InputError(f"No market store at {path}. Run `careerpath market ingest FILE` first.")
    if engine == "spark":
        from careerpath.storage.spark_store import SparkPostingStore

        return SparkPostingStore(path, master=master)
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    return DuckDBPostingStore(path)
