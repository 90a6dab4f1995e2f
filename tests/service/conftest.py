"""The multi-user service on a real database: SQLite always, PostgreSQL when CAREERPATH_TEST_DATABASE_URL names one.

CI (.ci/run) installs and starts PostgreSQL from Debian's packages and sets that variable, so every
test here runs against both engines there.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the service tests need: pip install -e '.[service]'")
pytest.importorskip("argon2", reason="the service tests need: pip install -e '.[service]'")

from fastapi.testclient import TestClient
from sqlalchemy import text

from careerpath.accounts.db import make_engine
from careerpath.accounts.models import Base
from careerpath.navigator import Navigator
from careerpath.server.app import create_app
from careerpath.server.deps import build_navigator
from careerpath.settings import Settings

POSTGRES_ENV = "CAREERPATH_TEST_DATABASE_URL"
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def shared_navigator(tmp_path_factory: pytest.TempPathFactory) -> Navigator:
    return build_navigator(Settings(home=tmp_path_factory.mktemp("navigator-home")))


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str | None]:
    """None: the default SQLite file in $CAREERPATH_HOME; else a PostgreSQL URL, emptied before the test."""
    if request.param == "sqlite":
        yield None
        return
    url = os.environ.get(POSTGRES_ENV)
    if not url and os.environ.get("CI"):
        pytest.fail(f"CI must run the service tests on PostgreSQL: .ci/run sets {POSTGRES_ENV}")
    if not url:
        pytest.skip(f"no PostgreSQL: set {POSTGRES_ENV}=postgresql+psycopg://user:pw@host/db (CI sets it)")
    _reset_postgres(url)
    yield url
    _reset_postgres(url)


@dataclass
class Service:
    app: Any
    home: Path
    settings: Settings

    @property
    def store(self) -> Any:
        return self.app.state.store

    def client(self) -> TestClient:
        return TestClient(self.app)


@pytest.fixture()
def service(tmp_path: Path, database_url: str | None, shared_navigator: Navigator) -> Iterator[Service]:
    home = tmp_path / "home"
    settings = Settings(home=home, multi_user=True, database_url=database_url)
    app = create_app(shared_navigator, settings)
    yield Service(app, home, settings)
    app.state.store.engine.dispose()


def _sign_up(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """Sign up through the API; the client keeps the session cookie; returns the body (with csrf_token)."""
    response = client.post("/auth/signup", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    client.headers["X-CSRF-Token"] = body["csrf_token"]
    return body


def _form_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


@pytest.fixture()
def sign_up() -> Any:
    """sign_up(client, email, password=PASSWORD): sign up by the API; the client keeps cookie and CSRF header."""
    return _sign_up


@pytest.fixture()
def form_token() -> Any:
    """form_token(html): the hidden CSRF field of a page's form."""
    return _form_token
