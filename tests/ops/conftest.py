from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("prometheus_client")

from fastapi.testclient import TestClient

from careerpath.navigator import Navigator
from careerpath.server.app import create_app
from careerpath.settings import Settings


@pytest.fixture(scope="session")
def base_navigator() -> Navigator:
    return Navigator()


def wait_ready(client: TestClient) -> None:
    for _ in range(200):
        if client.get("/ready").status_code == 200:
            return
        time.sleep(0.05)
    raise AssertionError(client.get("/ready").json())


@pytest.fixture()
def client(tmp_path: Path, base_navigator: Navigator) -> Iterator[TestClient]:
    """A real app on the bundled data with its own home (plan file, stores) and metrics registry."""
    app = create_app(navigator=base_navigator, settings=Settings(home=tmp_path / "home"))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        wait_ready(test_client)
        yield test_client
