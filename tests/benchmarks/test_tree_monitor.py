"""The benchmarks' process-tree monitor (benchmarks/bench_ingest.TreeMonitor on benchmarks/periodic_sampler.py):
the memory and CPU figures bench_ingest and bench_stream print come from it, so it must see a child's work."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

pytest.importorskip("psutil")

# Holds 200 MB, burns CPU for about a second, then exits.
CHILD = "\n".join(
    [
        "import time",
        "block = bytearray(200 * 2**20)",
        "end = time.process_time() + 1",
        "while time.process_time() < end: pass",
    ]
)


def test_the_monitor_sees_a_child_s_peak_memory_and_cpu_and_stops_when_it_exits() -> None:
    from bench_ingest import TreeMonitor

    child = subprocess.Popen([sys.executable, "-c", CHILD])
    monitor = TreeMonitor(child.pid, interval_s=0.05)
    assert child.wait(timeout=60) == 0
    deadline = time.monotonic() + 10
    while monitor._thread.is_alive() and time.monotonic() < deadline:  # the process is gone: sampling ends by itself
        time.sleep(0.05)
    assert not monitor._thread.is_alive()
    monitor.stop()
    assert monitor.peak_rss >= 200 * 2**20
    assert monitor.cpu_by_kind() == {"python driver": pytest.approx(1.0, abs=0.5)}
