"""Run CPU-heavy calls (assessments) off the event loop, in a bounded pool with a queue limit.

- ``workers`` threads run the calls; up to ``queue_limit`` more requests wait for one. Past that the
  request is refused at once with 503 ``server_busy`` and ``Retry-After``, instead of piling up.
- A request waits at most ``seconds`` for its result, then gets the ``timeout`` error. The call
  itself stops at its own deadline (``Budgets.assessment_seconds``); until it has, its slot stays
  taken, so the bound on running work holds even for timed-out requests.
- Warnings are collected per call (careerpath.server.notices), so calls really run side by side.
- Two lanes: uploads over ``Settings.server_heavy_upload_bytes`` run in their own small pool of
  worker *processes* (each with its own navigator, built once), so a few multi-MB texts neither
  make the ordinary resumes wait for a worker nor hold the interpreter lock they run under. A
  worker builds the same components as the server (the ESCO tier when configured, the request's
  rollout arm), and the arm's statistics get its observations back.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from fastapi import Request, UploadFile

from careerpath.errors import AssessmentTimeout, CareerpathError, InputError, ServerBusy
from careerpath.navigator import Navigator
from careerpath.reports.serialize import assessment_dict
from careerpath.server.notices import call_with_notices
from careerpath.server.uploads import assess_upload, read_upload
from careerpath.settings import Settings

T = TypeVar("T")

RETRY_AFTER_SECONDS = 5


class WorkerPool:
    """A bounded thread pool for core calls; see the module docstring."""

    def __init__(
        self, workers: int, queue_limit: int, seconds: float, executor: Callable[[], Executor] | None = None
    ) -> None:
        self.workers = workers
        self.capacity = workers + queue_limit
        self.seconds = seconds
        self.taken = 0  # running or waiting calls; only touched on the event loop's thread
        self.uses_processes = executor is not None
        self._make_executor = executor or partial(
            ThreadPoolExecutor, max_workers=workers, thread_name_prefix="careerpath-worker"
        )
        self._executor: Executor | None = None  # made on first use: most apps never see a heavy upload

    async def run(self, func: Callable[[], T]) -> tuple[T, list[str]]:
        """Return ``func()`` and its notices, run on a worker thread."""
        if self.taken >= self.capacity:
            raise ServerBusy(
                f"The server is busy ({self.taken} assessments running or waiting); retry in "
                f"{RETRY_AFTER_SECONDS} seconds.",
                details={"retry_after": RETRY_AFTER_SECONDS},
            )
        self.taken += 1
        if self._executor is None:
            self._executor = self._make_executor()
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
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


def process_executor(workers: int, settings: Settings) -> Callable[[], Executor]:
    """Return a maker of a process pool whose workers each build the navigator ``settings`` give."""
    data = settings.model_dump(mode="json")
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads and an event loop
    return partial(ProcessPoolExecutor, workers, mp_context=context, initializer=_init_process, initargs=(data,))


_PROCESS_STATE: dict[str, Any] = {}


def _init_process(settings_data: dict[str, Any]) -> None:
    """Build this worker's navigator as create_app builds the server's: the ESCO tier when configured."""
    from careerpath.app import Careerpath

    root = Careerpath(Settings(**settings_data))
    navigator = root.navigator
    if root.settings.esco_dir is not None:
        navigator.esco_linker = root.esco_linker()
    _PROCESS_STATE.update(root=root, navigator=navigator, arms={})
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the server that started it is gone (killed without a shutdown)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


Observation = tuple[str, tuple[Any, ...], dict[str, Any]]


def _arm_navigator(variant: dict[str, Any] | None, observed: list[Observation]) -> Navigator:
    """The navigator of the rollout arm serving the request (built once per version in this worker), whose
    observations are written to ``observed`` for the server's own arm; the plain navigator without a rollout."""
    if variant is None:
        navigator: Navigator = _PROCESS_STATE["navigator"]
        return navigator
    from careerpath.ops.serving import build_arm
    from careerpath.rollout import Variant

    arms: dict[str, Any] = _PROCESS_STATE["arms"]
    key = repr(sorted(variant.items()))
    if key not in arms:
        root = _PROCESS_STATE["root"]
        factory = None if root.settings.esco_dir is None else (lambda design: root.esco_linker(design=design))
        arms[key] = build_arm("worker", Variant(**variant), _PROCESS_STATE["navigator"], linker_factory=factory)
    arm = arms[key]
    for name in ("observe_extraction", "observe_assessment", "observe_resume"):
        setattr(arm, name, partial(_observe, observed, name))
    arm_navigator: Navigator = arm.navigator
    return arm_navigator


def _observe(observed: list[Observation], name: str, *args: Any, **kwargs: Any) -> None:
    observed.append((name, args, kwargs))


def _assess_bytes_in_process(
    data: bytes,
    filename: str,
    role: str | None,
    hours_per_week: float,
    done: list[str],
    max_bytes: int,
    variant: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[Observation]]:
    from careerpath.resumes import parse_profile, read_resume_bytes

    observed: list[Observation] = []
    navigator = _arm_navigator(variant, observed)
    document = read_resume_bytes(data, filename, max_bytes=max_bytes, budgets=navigator.budgets)
    result = navigator.assess(parse_profile(document), role or None, hours_per_week=hours_per_week, done=done)
    return assessment_dict(result), observed


async def assess_upload_in_pool(
    request: Request,
    navigator: Navigator,
    upload: UploadFile,
    role: str | None,
    *,
    hours_per_week: float,
    done: list[str],
    max_bytes: int,
) -> tuple[dict[str, Any], list[str]]:
    """Return the JSON view of the uploaded resume's assessment and its notices, computed in the
    lane its size picks (see the module docstring)."""
    state = request.app.state
    heavy = (upload.size or 0) > state.settings.server_heavy_upload_bytes
    pool: WorkerPool = state.heavy_pool if heavy else state.worker_pool
    if not pool.uses_processes:
        return await pool.run(
            lambda: assessment_dict(
                assess_upload(navigator, upload, role, hours_per_week=hours_per_week, done=done, max_bytes=max_bytes)
            )
        )
    data = read_upload(upload, max_bytes)  # a spooled file already on disk: quick
    name = upload.filename or "resume"
    # The worker serves the request's rollout arm (the same extractor, fit and ESCO design as the thread
    # lane), and what it observes is replayed on the server's arm: statistics, metrics, guardrails.
    arm = getattr(navigator, "arm", None)
    variant = None if arm is None else arm.variant.model_dump()
    call = partial(_assess_bytes_in_process, data, name, role, hours_per_week, done, max_bytes, variant)
    started = time.perf_counter()
    try:
        (view, observed), notices = await pool.run(call)
    except (InputError, ServerBusy, AssessmentTimeout):
        raise  # the user's file or the server's load, not the version's fault
    except Exception as exc:
        if arm is not None:
            code = exc.code if isinstance(exc, CareerpathError) else type(exc).__name__
            arm.observe_assessment(time.perf_counter() - started, error=code)
        raise
    if arm is not None:
        for method, args, kwargs in observed:
            getattr(arm, method)(*args, **kwargs)
    return view, notices


async def run_in_pool(request: Request, func: Callable[[], T]) -> tuple[T, list[str]]:
    """Run ``func`` in the app's (thread) worker pool; return its result and its CareerpathWarnings."""
    pool: WorkerPool = request.app.state.worker_pool
    return await pool.run(func)
