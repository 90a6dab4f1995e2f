"""A background thread that takes a sample at a fixed interval while a benchmark's subject runs.

Shared by bench_ingest.py's process-tree monitor and bench_stream.py's consumer-lag sampler: both watch a child
process from outside, so the figures cost the child nothing.
"""

from __future__ import annotations

import threading


class PeriodicSampler:
    """Calls ``sample()`` every ``interval_s`` seconds on a daemon thread, from construction until ``stop()``.

    A subclass sets its own state before calling ``super().__init__`` (the first sample runs at once); ``sample``
    returns False when there is nothing left to watch, which ends the thread early.
    """

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def sample(self) -> bool:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.sample() is False:
                return
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
