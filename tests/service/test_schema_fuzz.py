"""Property-based API test: schemathesis generates requests from /openapi.json (a bounded number per
operation) and checks that none gets a 5xx and every answer matches the documented schema."""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="the schema fuzz test needs: pip install schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from careerpath.server.app import create_app  # noqa: E402
from careerpath.settings import Settings  # noqa: E402

MAX_EXAMPLES = 15  # per operation: bounded, so CI time stays small
# No 5xx, and every answer as documented: status code, content type, headers and body schema. Left out:
# "schema-valid data must be accepted", which cannot hold for uploads (any bytes fit the schema, yet an
# unreadable resume is rightly a 4xx).
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]


def _run(app: Any, headers: dict[str, str] | None = None) -> list[str]:
    """Run every operation's examples; return the failures (operation, check message)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # one failing operation must not hide the others
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    return failures


def test_single_user_api_has_no_5xx_and_matches_its_schema(tmp_path: Any, shared_navigator: Any) -> None:
    app = create_app(shared_navigator, Settings(home=tmp_path / "home"))
    failures = _run(app)
    assert not failures, "\n\n".join(failures)


def test_multi_user_api_has_no_5xx_and_matches_its_schema(service: Any, sign_up: Any) -> None:
    service.app.state.auth_limiter.limit = service.app.state.assess_limiter.limit = 10**6
    client = service.client()
    sign_up(client, "fuzz@example.org")
    token = client.post("/me/tokens", json={"name": "fuzz"}).json()["token"]
    failures = _run(service.app, {"Authorization": f"Bearer {token}"})
    assert not failures, "\n\n".join(failures)
