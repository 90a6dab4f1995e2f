"""The multi-user web pages as a browser without JavaScript uses them: plain forms with their CSRF field."""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "correct horse battery staple"
RESUME = b"""Sam Example
Experience
Machine Learning Engineer, Acme
Jan 2021 - Present
- Built PyTorch models in Python with pandas and SQL; deployed them with Docker.
"""


def _post_form(client: Any, page: str, action: str, form_token: Any, **fields: Any) -> Any:
    token = form_token(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **fields}, follow_redirects=False)


def test_sign_up_assess_tick_history_export_and_delete(service: Any, form_token: Any) -> None:
    browser = service.client()
    home = browser.get("/")
    assert "Log in" in home.text and 'name="file"' not in home.text  # no upload form before logging in

    signed = _post_form(browser, "/ui/signup", "/ui/signup", form_token, email="sam@example.org", password=PASSWORD)
    assert signed.status_code == 303
    assert "HttpOnly" in signed.headers["set-cookie"] and "SameSite=Lax" in signed.headers["set-cookie"]

    token = form_token(browser.get("/").text)
    result = browser.post(
        "/ui/assess",
        files={"file": ("sam.txt", RESUME, "text/plain")},
        data={"csrf_token": token, "role": "ml-engineer", "hours_per_week": "10", "keep_resume": "true"},
    )
    assert result.status_code == 200, result.text
    left_before = float(re.search(r"<b>([\d.]+) hours left</b>", result.text).group(1))
    skill = re.search(r'name="skill" value="([^"]+)"', result.text).group(1)
    saved_id = re.search(r'name="saved_id" value="(\d+)"', result.text).group(1)

    ticked = browser.post(
        "/ui/progress",
        data={"csrf_token": token, "skill": skill, "saved_id": saved_id, "done": "true"},
        follow_redirects=True,
    )
    assert ticked.status_code == 200
    left_after = float(re.search(r"<b>([\d.]+) hours left</b>", ticked.text).group(1))
    assert left_after < left_before  # the plan updates
    assert "✓ done" in ticked.text

    history = browser.get("/ui/history")
    assert history.status_code == 200 and f'href="history/{saved_id}"' in history.text

    export = browser.get("/ui/account/export")
    assert export.json()["progress"]["done"] == [skill]

    wrong = _post_form(browser, "/ui/account", "/ui/account/delete", form_token, password="not my password")
    assert wrong.status_code == 403 and "nothing was deleted" in wrong.text
    deleted = _post_form(browser, "/ui/account", "/ui/account/delete", form_token, password=PASSWORD)
    assert deleted.status_code == 303
    assert service.store.list_users() == []
    assert browser.get("/ui/history").status_code == 401


def test_log_in_and_out(service: Any, form_token: Any, sign_up: Any) -> None:
    sign_up(service.client(), "sam@example.org")
    browser = service.client()
    bad = _post_form(browser, "/ui/login", "/ui/login", form_token, email="sam@example.org", password="wrong one")
    assert bad.status_code == 401 and "Wrong e-mail or password" in bad.text
    good = _post_form(browser, "/ui/login", "/ui/login", form_token, email="sam@example.org", password=PASSWORD)
    assert good.status_code == 303
    assert "sam@example.org" in browser.get("/ui/account").text
    out = _post_form(browser, "/", "/ui/logout", form_token)
    assert out.status_code == 303
    assert browser.get("/ui/account").status_code == 401


def test_forms_without_the_csrf_field_are_refused(service: Any, sign_up: Any) -> None:
    browser = service.client()
    sign_up(browser, "sam@example.org")
    browser.get("/")
    for action, fields in (
        ("/ui/logout", {}),
        ("/ui/account/delete", {"password": PASSWORD}),
        ("/ui/login", {"email": "sam@example.org", "password": PASSWORD}),
    ):
        response = browser.post(action, data={**fields, "csrf_token": "forged"}, follow_redirects=False)
        assert response.status_code == 403, action
    assert service.store.list_users() != []  # the forged delete did nothing


def test_pages_send_the_security_headers(service: Any) -> None:
    client = service.client()
    for path in ("/", "/ui/login", "/roles", "/nothing-here"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in headers  # plain HTTP: HSTS only behind TLS
    assert "strict-transport-security" in service.client().get("https://testserver/").headers
    cookie = client.get("/").headers.get("set-cookie", "") or service.client().get("/").headers["set-cookie"]
    assert "cp_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_cors_is_off_unless_configured(service: Any) -> None:
    response = service.client().options(
        "/roles", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in response.headers


def test_logging_in_again_replaces_the_old_session(service: Any, sign_up: Any) -> None:
    browser = service.client()
    sign_up(browser, "sam@example.org")
    old = browser.cookies.get("cp_session")
    again = browser.post("/auth/login", json={"email": "sam@example.org", "password": PASSWORD})
    assert again.status_code == 200 and browser.cookies.get("cp_session") != old
    stale = service.client()
    stale.cookies.set("cp_session", old)
    assert stale.get("/me").status_code == 401  # the pre-login session is gone (no fixation)
