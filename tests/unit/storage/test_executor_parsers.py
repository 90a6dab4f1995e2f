"""Spark executors cache one parser per factory, though every task unpickles its own copy."""

from __future__ import annotations

import importlib.util
import pickle
from functools import partial

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed")

BUILT: list[str] = []


def counting_factory(name: str) -> object:
    BUILT.append(name)
    return object()


def test_unpickled_copies_of_a_partial_hit_the_same_parser(monkeypatch):
    from careerpath.storage import spark_store

    monkeypatch.setattr(spark_store, "_EXECUTOR_PARSERS", type(spark_store._EXECUTOR_PARSERS)())
    BUILT.clear()
    factory = partial(counting_factory, "a")
    key = spark_store.factory_key(factory)
    # As on an executor: each task gets a fresh copy of the factory (a new object, a new id).
    copies = [pickle.loads(pickle.dumps(factory)) for _ in range(5)]
    parsers = {id(spark_store.executor_parser(key, copy)) for copy in copies}
    assert len(parsers) == 1 and BUILT == ["a"]
    assert spark_store.factory_key(copies[0]) == key  # the key survives pickling


def test_the_executor_cache_is_bounded(monkeypatch):
    from careerpath.storage import spark_store

    monkeypatch.setattr(spark_store, "_EXECUTOR_PARSERS", type(spark_store._EXECUTOR_PARSERS)())
    BUILT.clear()
    for name in "abcdef":
        factory = partial(counting_factory, name)
        spark_store.executor_parser(spark_store.factory_key(factory), factory)
    assert len(spark_store._EXECUTOR_PARSERS) == spark_store.EXECUTOR_PARSERS_KEPT
    assert list("abcdef") == BUILT
    # the most recent one is still cached
    last = partial(counting_factory, "f")
    spark_store.executor_parser(spark_store.factory_key(last), last)
    assert list("abcdef") == BUILT
