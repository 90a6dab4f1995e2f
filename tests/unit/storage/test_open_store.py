"""``open_store``: one entry point picks the engine, and both engines share one aggregate base."""

from __future__ import annotations

import importlib.util

import pytest

from careerpath.errors import InputError
from careerpath.storage import default_store_path, open_store
from careerpath.storage.duckdb_store import DuckDBPostingStore
from careerpath.storage.sql import SQLPostingStore


def test_open_store_opens_a_duckdb_file_and_infers_it_again(tmp_path):
    path = tmp_path / "market.duckdb"
    with open_store(path, "duckdb") as store:
        assert isinstance(store, DuckDBPostingStore)
        assert store.count_postings() == 0
    with open_store(path) as again:  # inferred: a file is a DuckDB store
        assert again.engine == "duckdb"


def test_open_store_refuses_a_missing_store_and_an_unknown_engine(tmp_path):
    with pytest.raises(InputError, match="No market store"):
        open_store(tmp_path / "absent.duckdb", must_exist=True)
    assert not (tmp_path / "absent.duckdb").exists()
    with pytest.raises(InputError, match="Unknown store engine 'sqlite'"):
        open_store(tmp_path / "x", "sqlite")


def test_default_store_path_differs_per_engine(tmp_path):
    assert default_store_path(tmp_path) == tmp_path / "market.duckdb"
    assert default_store_path(tmp_path, "spark") == tmp_path / "market_spark"


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed")
def test_both_engines_share_the_sql_base():
    from careerpath.storage.spark_store import SparkPostingStore

    assert issubclass(SparkPostingStore, SQLPostingStore) and issubclass(DuckDBPostingStore, SQLPostingStore)
    # the aggregates are written once, in the base, not overridden per engine
    for name in ("count_postings", "count_by", "count_skills", "salary_quantiles", "iter_postings"):
        assert name not in vars(SparkPostingStore) and name not in vars(DuckDBPostingStore)
