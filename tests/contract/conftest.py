from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FAKES = str(Path(__file__).resolve().parents[1] / "unit" / "market")
sys.path.insert(0, FAKES)
# Spark's Python workers import the fake parser too.
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (FAKES, os.environ.get("PYTHONPATH", "")) if p)


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
