"""Run CPU-heavy calls (assessments) off the event loop, in a bounded pool with a queue limit.

- ``workers`` threads run the calls; up to ``queue_limit`` more requests wait for one. Past that the
  request is refused at once with 503 ``server_busy`` and ``Retry-After``, instead of piling up.
- A request waits at most ``seconds`` for its result, then gets the ``timeout`` error. The call
  itself stops at its own deadline (``Budgets.assessment_seconds``); until it has, its slot stays
  taken, so the bound on running work holds even for timed-out requests.
- Warnings are collected per call (careerpath.server.notices), so calls really run side by side.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from fastapi import Request

from careerpath.errors import AssessmentTimeout, ServerBusy
from careerpath.server.notices import call_with_notices

T = TypeVar("T")

RETRY_AFTER_SECONDS = 5


class WorkerPool:
    """A bounded thread pool for core calls; see the module docstring."""

    def __init__(self, workers: int, queue_limit: int, seconds: float) -> None:
        self.workers = workers
        self.capacity = workers + queue_limit
        self.seconds = seconds
        self.taken = 0  # running or waiting calls; only touched on the event loop's thread
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="careerpath-worker")

    async def run(self, func: Callable[[], T]) -> tuple[T, list[str]]:
        """Return ``func()`` and its notices, run on a worker thread."""
        if self.taken >= self.capacity:
            raise ServerBusy(
                f"The server is busy ({self.taken} assessments running or waiting); retry in "
                f"{RETRY_AFTER_SECONDS} seconds.",
                details={"retry_after": RETRY_AFTER_SECONDS},
            )
        self.taken += 1
        future = asyncio.get_running_loop().run_in_executor(self._executor, call_with_notices, func)
        future.add_done_callback(self._release)
        try:
            # shield: a timed-out request leaves the call running (it cannot be interrupted), and
            # its slot is released only when it ends.
            return await asyncio.wait_for(asyncio.shield(future), timeout=self.seconds)
        except TimeoutError:
            raise AssessmentTimeout(
                f"The request took longer than {self.seconds:g} s and was stopped; use a shorter resume "
                "(the text or PDF export of it).",
                details={"seconds": self.seconds},
            ) from None

    def _release(self, _future: object) -> None:
        self.taken -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


async def run_in_pool(request: Request, func: Callable[[], T]) -> tuple[T, list[str]]:
    """Run ``func`` in the app's worker pool; return its result and its CareerpathWarnings."""
    pool: WorkerPool = request.app.state.worker_pool
    return await pool.run(func)
