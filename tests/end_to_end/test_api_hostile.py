"""The service under hostile input (issue 16): parallel assessments, a bounded queue, limits.

Real app, real navigator, real uploads through Starlette's TestClient; the worker pool is tested
with real threads.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_inputs as hostile
from careerpath.errors import AssessmentTimeout, CareerpathWarning, ServerBusy
from careerpath.server.app import create_app
from careerpath.server.notices import call_with_notices
from careerpath.server.workers import WorkerPool
from careerpath.settings import Settings

SEEDS = hostile.seed_corpus()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAREERPATH_HOME", str(tmp_path_factory.mktemp("home")))
        yield TestClient(create_app())


def _upload(client: TestClient, name: str, data: bytes) -> Any:
    return client.post("/assessments", files={"file": (name, data, "application/octet-stream")})


def test_word_flood_upload_gets_a_small_response(client: TestClient) -> None:
    # 300 KB of "Python " gave a 681 MB response and a 2.56 GB server peak.
    response = _upload(client, "flood.txt", hostile.word_flood(count=43_000))
    assert response.status_code == 200
    assert len(response.content) < 5 * 1024 * 1024
    python = next(s for s in response.json()["skills"] if s["id"] == "python")
    assert python["evidence_count"] == 43_000 and len(python["evidence"]) <= 3


@pytest.mark.parametrize(
    ("name", "make", "status", "code"),
    [
        ("bomb.docx", hostile.docx_zip_bomb, 413, "docx_too_large"),
        ("pages.pdf", lambda: hostile.pdf_many_pages(150), 413, "pdf_too_large"),
        ("method99.docx", hostile.docx_unknown_method, 400, "docx_corrupt"),
        ("xref.pdf", hostile.pdf_startxref_overflow, 400, "pdf_corrupt"),
        ("bigint.json", hostile.json_big_int, 400, "invalid_json_resume"),
    ],
)
def test_hostile_uploads_are_4xx_with_the_error_shape(
    client: TestClient, name: str, make: Any, status: int, code: str
) -> None:
    response = _upload(client, name, make())
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_grid_span_upload_is_assessed(client: TestClient) -> None:
    response = _upload(client, "span.docx", hostile.docx_grid_span(2_000_000_000))
    assert response.status_code == 200
    assert "python" in {s["id"] for s in response.json()["skills"]}


def test_huge_query_string_and_headers_are_refused(client: TestClient) -> None:
    # A 60 KB ?q= cost 7.5 s of CPU.
    response = client.get("/skills", params={"q": "python " * 9_000})
    assert response.status_code == 414
    assert response.json()["error"]["code"] == "query_too_long"
    response = client.get("/skills", headers={f"x-pad-{i}": "y" * 1_000 for i in range(20)})
    assert response.status_code == 431
    assert response.json()["error"]["code"] == "headers_too_large"
    assert client.get("/skills", params={"q": "python"}).status_code == 200


def test_full_queue_answers_503_with_retry_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path))
    app = create_app(settings=Settings(server_workers=1, server_queue_limit=0))
    release = threading.Event()
    pool: WorkerPool = app.state.worker_pool

    async def scenario() -> None:
        blocker = asyncio.ensure_future(pool.run(lambda: release.wait(10)))
        await asyncio.sleep(0.05)
        with pytest.raises(ServerBusy) as caught:
            await pool.run(lambda: None)
        assert caught.value.details["retry_after"] > 0
        release.set()
        await blocker
        assert (await pool.run(lambda: 42))[0] == 42  # the slot is free again

    asyncio.run(scenario())
    # And through HTTP: a busy pool is 503 with Retry-After in the one error shape.
    with TestClient(app) as busy_client:
        pool.taken = pool.capacity
        response = busy_client.post("/assessments/typed", json={"skills": ["Python"]})
        pool.taken = 0
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["error"]["code"] == "server_busy"


def test_request_past_its_time_limit_is_a_timeout_and_keeps_its_slot() -> None:
    pool = WorkerPool(workers=1, queue_limit=0, seconds=0.05)
    release = threading.Event()

    async def scenario() -> None:
        with pytest.raises(AssessmentTimeout):
            await pool.run(lambda: release.wait(10))
        assert pool.taken == 1  # the call still runs; its slot is not handed out twice
        release.set()
        for _ in range(100):
            if pool.taken == 0:
                break
            await asyncio.sleep(0.01)
        assert pool.taken == 0

    asyncio.run(scenario())


def test_overlapping_calls_keep_their_own_warnings() -> None:
    # The old global lock serialised every assessment to keep warnings apart.
    barrier = threading.Barrier(2, timeout=5)

    def work(label: str) -> str:
        barrier.wait()  # both calls are inside call_with_notices at once
        warnings.warn(f"notice {label}", CareerpathWarning, stacklevel=1)
        barrier.wait()
        return label

    with ThreadPoolExecutor(2) as executor:
        results = list(executor.map(lambda label: call_with_notices(lambda: work(label)), ["a", "b"]))
    assert results == [("a", ["notice a"]), ("b", ["notice b"])]


def test_assessments_run_in_parallel(client: TestClient) -> None:
    # One slow upload no longer stalls the others: a small upload finishes while a big one runs.
    big = hostile.repeated_sample(900_000)
    small = hostile.SAMPLE_RESUME
    finished: dict[str, float] = {}

    def post(name: str, data: bytes) -> None:
        assert _upload(client, name, data).status_code == 200
        finished[name] = time.monotonic()

    with ThreadPoolExecutor(2) as executor:
        slow = executor.submit(post, "big.md", big)
        time.sleep(0.2)
        executor.submit(post, "small.md", small).result()
        slow.result()
    assert finished["small.md"] < finished["big.md"]


API_FUZZ = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def _no_5xx_and_one_error_shape(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}


@API_FUZZ
@given(
    body=st.fixed_dictionaries(
        {},
        optional={
            "skills": st.lists(st.text(max_size=30), max_size=5) | JSON_VALUE,
            "role": st.text(max_size=30) | JSON_VALUE,
            "hours_per_week": st.floats() | JSON_VALUE,
            "years_experience": st.floats() | JSON_VALUE,
            "degree": st.text(max_size=10) | JSON_VALUE,
        },
    )
)
def test_fuzzed_typed_assessments(client: TestClient, body: dict[str, Any]) -> None:
    try:
        response = client.post("/assessments/typed", json=body)
    except ValueError:  # NaN/inf floats are not JSON; the client refuses to send them
        return
    _no_5xx_and_one_error_shape(response)


@API_FUZZ
@given(q=st.text(max_size=300), role=st.text(min_size=1, max_size=60))
def test_fuzzed_queries_and_paths(client: TestClient, q: str, role: str) -> None:
    _no_5xx_and_one_error_shape(client.get("/skills", params={"q": q}))
    _no_5xx_and_one_error_shape(client.get(f"/roles/{quote(role, safe='')}"))


@API_FUZZ
@given(seed=st.integers(0, 2**32 - 1))
def test_fuzzed_uploads(client: TestClient, seed: int) -> None:
    _, name, data = hostile.random_case(random.Random(seed), SEEDS, huge=False)
    response = _upload(client, name, data)
    _no_5xx_and_one_error_shape(response)
    assert len(response.content) < 5 * 1024 * 1024
