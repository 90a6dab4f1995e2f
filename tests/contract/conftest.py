from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FAKES = str(Path(__file__).resolve().parents[1] / "unit" / "market")
sys.path.insert(0, FAKES)
sys.path.insert(0, str(Path(__file__).resolve().parent))  # contract_cases: the shared input and checks
# Spark's Python workers import the fake parser too.
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (FAKES, os.environ.get("PYTHONPATH", "")) if p)


# Every Spark store of the suite shares one session started with these settings: a job that brought
# more than 1 MiB of results to the driver fails, so an ingest that collected its postings would fail
# (tests/contract/test_spark_pipeline.py shows both sides). Broadcast joins are off: they are Spark's
# own bounded transfers (autoBroadcastJoinThreshold), not results, and would blur the guard.
SPARK_GUARD_CONF = {"spark.driver.maxResultSize": "1m", "spark.sql.autoBroadcastJoinThreshold": "-1"}


@pytest.fixture
def spark_store_at(spark_cluster):
    """Returns ``path -> SparkPostingStore`` on the two-worker cluster, in the guarded session."""
    from careerpath.storage.spark_store import SparkPostingStore

    def open_at(path: Path) -> Any:
        store = SparkPostingStore(path, master=spark_cluster.master_url, conf=SPARK_GUARD_CONF)
        assert store.spark.sparkContext.master == spark_cluster.master_url
        assert store.spark.sparkContext.getConf().get("spark.driver.maxResultSize") == "1m"
        return store

    return open_at


@pytest.fixture(scope="session")
def spark_cluster() -> Iterator[Any]:
    """A Spark standalone cluster (master + two one-core workers, loopback) for the session."""
    from careerpath.storage.spark_cluster import LocalSparkCluster

    with LocalSparkCluster(workers=2, cores=1, memory="1g") as cluster:
        yield cluster
        from pyspark.sql import SparkSession

        active = SparkSession.getActiveSession()
        if active is not None and active.sparkContext.master == cluster.master_url:
            active.stop()  # before the cluster goes: the driver would otherwise retry the lost master
