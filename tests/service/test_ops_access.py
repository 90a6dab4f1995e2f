"""/metrics and /rollout: open on the local single-user server, guarded on the multi-user service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from careerpath.server.app import create_app
from careerpath.settings import Settings

PASSWORD = "correct horse battery staple"
OPS_TOKEN = "ops-0123456789abcdef"


def test_single_user_metrics_and_rollout_stay_open(tmp_path: Path, shared_navigator: Any) -> None:
    client = TestClient(create_app(shared_navigator, Settings(home=tmp_path / "home")))
    assert client.get("/metrics").status_code == 200
    assert client.get("/rollout").status_code == 200


def test_the_metrics_token_guards_metrics_when_set(tmp_path: Path, shared_navigator: Any) -> None:
    client = TestClient(create_app(shared_navigator, Settings(home=tmp_path / "home", metrics_token=OPS_TOKEN)))
    for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": OPS_TOKEN}):
        refused = client.get("/metrics", headers=headers)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthenticated"
    scraped = client.get("/metrics", headers={"Authorization": f"Bearer {OPS_TOKEN}"})
    assert scraped.status_code == 200 and "careerpath_http_requests" in scraped.text


def test_a_short_metrics_token_is_refused_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from careerpath.errors import SettingsError
    from careerpath.settings import load_settings

    monkeypatch.setenv("CAREERPATH_METRICS_TOKEN", "shorty")
    with pytest.raises(SettingsError, match="CAREERPATH_METRICS_TOKEN is invalid") as refused:
        load_settings(home=tmp_path)
    assert "shorty" not in refused.value.message  # a secret is never echoed


def test_multi_user_rollout_needs_an_administrator_or_the_token(service: Any, sign_up: Any) -> None:
    service.store.make_admin("root@example.org", PASSWORD)
    anonymous, person, admin = service.client(), service.client(), service.client()
    sign_up(person, "bob@example.org")
    login = admin.post("/auth/login", json={"email": "root@example.org", "password": PASSWORD})
    assert login.status_code == 200
    assert anonymous.get("/rollout").status_code == 401
    assert person.get("/rollout").status_code == 403
    token = person.post("/me/tokens", json={"name": "script"}).json()["token"]
    assert anonymous.get("/rollout", headers={"Authorization": f"Bearer {token}"}).status_code == 403
    state = admin.get("/rollout")
    assert state.status_code == 200 and "mode" in state.json()
    assert anonymous.get("/metrics").status_code == 200  # no metrics token configured: open, as documented


def test_multi_user_ops_token_reads_rollout_and_metrics(
    tmp_path: Path, database_url: str | None, shared_navigator: Any
) -> None:
    settings = Settings(home=tmp_path / "home", multi_user=True, database_url=database_url, metrics_token=OPS_TOKEN)
    app = create_app(shared_navigator, settings)
    try:
        client = TestClient(app)
        bearer = {"Authorization": f"Bearer {OPS_TOKEN}"}
        assert client.get("/rollout", headers=bearer).status_code == 200
        assert client.get("/metrics", headers=bearer).status_code == 200
        assert client.get("/metrics").status_code == 401
        assert client.get("/rollout").status_code == 401
    finally:
        app.state.store.engine.dispose()
