"""Who may reach what: every route has an access rule, and one person's data is invisible to everyone else."""

from __future__ import annotations

from typing import Any

import pytest

PASSWORD = "correct horse battery staple"
SAMPLE_TYPED = {"skills": ["python", "sql", "pandas"], "years_experience": 2}

# Every route of the multi-user service and who may call it. A new route without a rule fails
# test_every_route_has_an_access_rule, so nobody can add one and forget its access check.
PUBLIC, USER, ADMIN, FORM = "public", "user", "admin", "form"  # FORM: a page form, CSRF field first
ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/roles"): PUBLIC,
    ("GET", "/roles/{role_id}"): PUBLIC,
    ("POST", "/roles/{role_id}/plan"): PUBLIC,  # uses the caller's own progress when signed in
    ("GET", "/skills"): PUBLIC,
    ("GET", "/skills/{skill_id}"): PUBLIC,
    ("POST", "/assessments"): USER,
    ("POST", "/assessments/typed"): USER,
    ("POST", "/auth/signup"): PUBLIC,
    ("POST", "/auth/login"): PUBLIC,
    ("POST", "/auth/logout"): USER,
    ("GET", "/me"): USER,
    ("GET", "/me/tokens"): USER,
    ("POST", "/me/tokens"): USER,
    ("DELETE", "/me/tokens/{token_id}"): USER,
    ("GET", "/me/assessments"): USER,
    ("GET", "/me/assessments/{assessment_id}"): USER,
    ("GET", "/me/assessments/{assessment_id}/resume"): USER,
    ("DELETE", "/me/assessments/{assessment_id}"): USER,
    ("GET", "/me/progress"): USER,
    ("PUT", "/me/progress/{skill}"): USER,
    ("DELETE", "/me/progress/{skill}"): USER,
    ("GET", "/me/export"): USER,
    ("POST", "/me/delete"): USER,
    ("POST", "/me/searches"): USER,
    ("GET", "/me/searches"): USER,
    ("GET", "/me/searches/{search_id}"): USER,
    ("POST", "/me/searches/{search_id}/run"): USER,
    ("DELETE", "/me/searches/{search_id}"): USER,
    ("GET", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{user_id}/disable"): ADMIN,
    ("POST", "/admin/users/{user_id}/enable"): ADMIN,
    ("POST", "/matches"): PUBLIC,  # reads the upload and the public postings store; saves nothing
    ("POST", "/fit"): PUBLIC,
    # Web pages
    ("GET", "/"): PUBLIC,
    ("GET", "/ui/roles"): PUBLIC,
    ("GET", "/ui/roles/{role_id}"): PUBLIC,
    ("POST", "/ui/assess"): FORM,
    ("GET", "/ui/matches"): PUBLIC,
    ("POST", "/ui/matches"): FORM,
    ("GET", "/ui/signup"): PUBLIC,
    ("POST", "/ui/signup"): FORM,
    ("GET", "/ui/login"): PUBLIC,
    ("POST", "/ui/login"): FORM,
    ("POST", "/ui/logout"): FORM,
    ("GET", "/ui/history"): USER,
    ("GET", "/ui/history/{assessment_id}"): USER,
    ("POST", "/ui/progress"): FORM,
    ("POST", "/ui/searches"): FORM,
    ("POST", "/ui/searches/{search_id}/run"): FORM,
    ("POST", "/ui/searches/{search_id}/delete"): FORM,
    ("GET", "/ui/account"): USER,
    ("GET", "/ui/account/export"): USER,
    ("POST", "/ui/account/delete"): FORM,
    # Operations (issue 12): aggregate counts and model versions only, no personal data. /metrics is open
    # unless CAREERPATH_METRICS_TOKEN is set (then that bearer token only: test_ops_access.py); /rollout
    # needs an administrator or that token on the multi-user service.
    ("GET", "/ready"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/rollout"): ADMIN,
    ("POST", "/feedback"): PUBLIC,
    # FastAPI's own documentation
    ("GET", "/openapi.json"): PUBLIC,
    ("GET", "/docs"): PUBLIC,
    ("GET", "/redoc"): PUBLIC,
}
SAMPLE_PARAMS = {
    "role_id": "ml-engineer",
    "skill_id": "python",
    "token_id": "1",
    "assessment_id": "1",
    "skill": "python",
    "user_id": "1",
    "search_id": "1",
}


def app_routes(app: Any) -> set[tuple[str, str]]:
    """Return (method, path) of every endpoint, through included routers (FastAPI >= 0.16x nests them)."""
    found = set()
    for route in app.routes:
        contexts = route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]
        for context in contexts:
            methods = getattr(context, "methods", None) or set()
            for method in methods - {"HEAD", "OPTIONS"}:
                found.add((method, context.path))
    return found


def concrete(path: str) -> str:
    return path.format(**SAMPLE_PARAMS)


def test_every_route_has_an_access_rule(service: Any) -> None:
    routes = app_routes(service.app)
    assert routes - ACCESS.keys() == set(), "routes without an access rule in ACCESS"
    assert ACCESS.keys() - routes == set(), "rules for routes that no longer exist"


def test_anonymous_requests_reach_no_personal_route(service: Any) -> None:
    client = service.client()
    for (method, path), rule in ACCESS.items():
        if rule not in (USER, ADMIN, FORM):
            continue
        response = client.request(method, concrete(path), json={})
        if rule == FORM:  # the CSRF field is checked first: a forged or anonymous form gets nowhere
            assert response.status_code in (401, 403), (method, path, response.status_code)
        else:
            assert response.status_code == 401, (method, path, response.status_code, response.text)


def test_a_person_cannot_see_or_change_another_persons_data(service: Any, sign_up: Any) -> None:
    alice, bob = service.client(), service.client()
    sign_up(alice, "alice@example.org")
    sign_up(bob, "bob@example.org")
    saved = alice.post("/assessments/typed", json=SAMPLE_TYPED).json()["saved_id"]
    kept = alice.post(
        "/assessments",
        files={"file": ("cv.md", b"# Alice\nSkills: Python, SQL, Docker\n")},
        data={"keep_resume": "true"},
    ).json()["saved_id"]
    alice.put("/me/progress/python")
    token = alice.post("/me/tokens", json={"name": "laptop"}).json()

    # Bob sees none of it and changes none of it, whatever id he guesses.
    assert bob.get("/me/assessments").json() == {"assessments": []}
    for assessment_id in (saved, kept):
        assert bob.get(f"/me/assessments/{assessment_id}").status_code == 404
        assert bob.get(f"/me/assessments/{assessment_id}/resume").status_code == 404
        assert bob.delete(f"/me/assessments/{assessment_id}").status_code == 404
    assert bob.delete(f"/me/tokens/{token['id']}").status_code == 404
    assert bob.get("/me/tokens").json() == {"tokens": []}
    assert bob.get("/me/progress").json() == {"done": []}
    export = bob.get("/me/export").json()
    assert export["assessments"] == [] and export["progress"]["done"] == []
    assert "alice" not in str(export)

    # Alice's data is intact and her token still works.
    assert [a["id"] for a in alice.get("/me/assessments").json()["assessments"]] == [saved, kept]
    assert alice.get(f"/me/assessments/{kept}/resume").content.startswith(b"# Alice")
    scripted = service.client()
    me = scripted.get("/me", headers={"Authorization": f"Bearer {token['token']}"})
    assert me.status_code == 200 and me.json()["email"] == "alice@example.org"


def test_one_persons_progress_never_shapes_another_persons_plan(service: Any, sign_up: Any) -> None:
    alice, bob, anonymous = service.client(), service.client(), service.client()
    sign_up(alice, "alice@example.org")
    sign_up(bob, "bob@example.org")
    body = {"skills": ["python"], "hours_per_week": 10}
    before = {s["skill"] for s in bob.post("/roles/ml-engineer/plan", json=body).json()["steps"]}
    first = sorted(before)[0]
    assert alice.put(f"/me/progress/{first}").status_code == 200
    mine = {s["skill"] for s in alice.post("/roles/ml-engineer/plan", json=body).json()["steps"]}
    assert first not in mine  # Alice's plan leaves out what she finished
    for other in (bob, anonymous):
        steps = {s["skill"] for s in other.post("/roles/ml-engineer/plan", json=body).json()["steps"]}
        assert first in steps  # nobody else's does


def test_the_admin_can_disable_an_account_but_not_read_its_data(service: Any, sign_up: Any) -> None:
    service.store.make_admin("root@example.org", PASSWORD)
    bob, admin = service.client(), service.client()
    bob_id = sign_up(bob, "bob@example.org")["id"]
    saved = bob.post("/assessments/typed", json=SAMPLE_TYPED).json()["saved_id"]
    login = admin.post("/auth/login", json={"email": "root@example.org", "password": PASSWORD})
    admin.headers["X-CSRF-Token"] = login.json()["csrf_token"]

    users = admin.get("/admin/users").json()["users"]
    assert {u["email"] for u in users} == {"root@example.org", "bob@example.org"}
    assert all(set(u) == {"id", "email", "is_admin", "disabled", "created_at"} for u in users)
    assert admin.get(f"/me/assessments/{saved}").status_code == 404  # admin's own account holds nothing of Bob's
    assert bob.get("/admin/users").status_code == 403

    assert admin.post(f"/admin/users/{bob_id}/disable").status_code == 204
    assert bob.get("/me").status_code == 401  # signed out everywhere
    relogin = service.client().post("/auth/login", json={"email": "bob@example.org", "password": PASSWORD})
    assert relogin.status_code == 401
    assert admin.post(f"/admin/users/{bob_id}/enable").status_code == 204
    assert (
        service.client().post("/auth/login", json={"email": "bob@example.org", "password": PASSWORD}).status_code == 200
    )


def test_cookie_sessions_need_the_csrf_header_and_tokens_do_not(service: Any, sign_up: Any) -> None:
    alice = service.client()
    csrf = sign_up(alice, "alice@example.org")["csrf_token"]
    del alice.headers["X-CSRF-Token"]
    refused = alice.post("/me/tokens", json={"name": "x"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    token = alice.post("/me/tokens", json={"name": "x"}, headers={"X-CSRF-Token": csrf}).json()["token"]
    script = service.client()  # no cookies at all: a script with its token
    response = script.put("/me/progress/python", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json()["done"] == ["python"]
    assert alice.get("/me/tokens").json()["tokens"][0]["last_used_at"] is not None


def test_revoked_and_unknown_tokens_are_refused(service: Any, sign_up: Any) -> None:
    alice = service.client()
    sign_up(alice, "alice@example.org")
    created = alice.post("/me/tokens", json={"name": "ci"}).json()
    assert created["token"].startswith("cpt_")
    assert [t["name"] for t in alice.get("/me/tokens").json()["tokens"]] == ["ci"]
    assert "token" not in alice.get("/me/tokens").json()["tokens"][0]  # the secret is shown once only
    assert alice.delete(f"/me/tokens/{created['id']}").status_code == 204
    for bearer in (created["token"], "cpt_made-up"):
        response = service.client().get("/me", headers={"Authorization": f"Bearer {bearer}"})
        assert response.status_code == 401


@pytest.mark.parametrize("path", ["/auth/login", "/auth/signup"])
def test_log_in_and_sign_up_are_rate_limited(service: Any, path: str) -> None:
    client = service.client()
    limit = service.settings.auth_rate_per_minute
    service.app.state.auth_limiter.window = 3600  # however slow the machine, all attempts fall in one window
    statuses = [
        client.post(path, json={"email": f"user{i}@example.org", "password": "wrong password!!"}).status_code
        for i in range(limit + 1)
    ]
    assert 429 not in statuses[:limit]
    last = client.post(path, json={"email": "x@example.org", "password": "wrong password!!"})
    assert last.status_code == 429
    assert int(last.headers["Retry-After"]) >= 1


def test_sign_up_refuses_weak_passwords_and_taken_e_mails(service: Any, sign_up: Any) -> None:
    client = service.client()
    weak = client.post("/auth/signup", json={"email": "a@example.org", "password": "short"})
    assert weak.status_code == 422 and weak.json()["error"]["code"] == "weak_password"
    sign_up(service.client(), "a@example.org")
    taken = client.post("/auth/signup", json={"email": "A@Example.org", "password": PASSWORD})
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "email_taken"


def test_failed_log_ins_and_exports_are_audited_without_secrets(service: Any, sign_up: Any) -> None:
    from sqlalchemy import select

    from careerpath.accounts.models import AuditEvent

    alice = service.client()
    sign_up(alice, "alice@example.org")
    service.client().post("/auth/login", json={"email": "alice@example.org", "password": "not the password"})
    alice.get("/me/export")
    with service.store.engine.connect() as connection:
        rows = connection.execute(select(AuditEvent.event, AuditEvent.detail)).all()
    events = [r.event for r in rows]
    assert "login_failed" in events and "export" in events and "signup" in events
    assert "not the password" not in str(rows)


def test_hostile_ids_and_names_are_refused_cleanly(service: Any, sign_up: Any) -> None:
    """Huge ids, NUL bytes and control characters: a 4xx or a cleaned value, never a database error."""
    client = service.client()
    sign_up(client, "alice@example.org")
    for path in ("/me/assessments/99999999999999", "/me/assessments/-1", "/me/assessments/0/resume"):
        assert client.get(path).status_code == 404, path
    assert client.delete("/me/tokens/99999999999999").status_code == 404
    assert client.post("/auth/signup", json={"email": "a\x00b@example.org", "password": PASSWORD}).status_code == 422
    assert client.post("/auth/login", json={"email": "a\x00b@example.org", "password": PASSWORD}).status_code == 401
    named = client.post("/me/tokens", json={"name": "lap\x00top\n"})
    assert named.status_code == 201 and named.json()["name"] == "laptop"
    kept = client.post(
        "/assessments", files={"file": ("c\x01v.md", b"# Alice\nSkills: Python\n")}, data={"keep_resume": "true"}
    )
    assert kept.status_code == 200, kept.text


def test_assessments_are_rate_limited_per_account(service: Any, sign_up: Any) -> None:
    service.app.state.assess_limiter.limit = 2
    service.app.state.assess_limiter.window = 3600
    client = service.client()
    sign_up(client, "alice@example.org")
    statuses = [client.post("/assessments/typed", json=SAMPLE_TYPED).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200] and statuses[2] == 429
    assert len(client.get("/me/assessments").json()["assessments"]) == 2  # the refused one was not saved
