"""Each person's data: encrypted at rest, exported whole, and gone for real when the account is deleted."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from sqlalchemy import text

from careerpath.accounts.models import Base

PASSWORD = "correct horse battery staple"
# A phrase that appears in nothing else, to look for in the storage.
PHRASE = "Quetzalcoatl hummingbird telemetry"
SEARCH_NAME = "Axolotl lighthouse search"
RESUME = f"""Morgan Example
Summary
Data scientist; {PHRASE} project lead.
Experience
Data Scientist, Example Corp
Jan 2020 - Present
- Built models in Python, pandas, scikit-learn and SQL.
""".encode()


def _storage_bytes(service: Any) -> bytes:
    """Every byte the service stores: files under $CAREERPATH_HOME and every table's rows."""
    blob = b"".join(path.read_bytes() for path in service.home.rglob("*") if path.is_file())
    with service.store.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in connection.execute(text(f"SELECT * FROM {table.name}")):
                blob += b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
    return blob


def _upload(client: Any, keep: bool = True) -> dict[str, Any]:
    response = client.post(
        "/assessments",
        files={"file": ("morgan.txt", RESUME, "text/plain")},
        data={"keep_resume": "true" if keep else "false"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_resumes_and_assessments_are_unreadable_without_the_key(service: Any, sign_up: Any) -> None:
    client = service.client()
    sign_up(client, "morgan@example.org")
    body = _upload(client)
    assert PHRASE in str(body["skills"]) or PHRASE in RESUME.decode()  # the phrase went in
    search = {"name": SEARCH_NAME, "filters": {"location": "Leavertown"}, "profile": {"skills": ["python"]}}
    search_id = client.post("/me/searches", json=search).json()["id"]
    stored = _storage_bytes(service)
    assert PHRASE.encode() not in stored
    assert b"scikit-learn" not in stored and b"Example Corp" not in stored
    assert SEARCH_NAME.encode() not in stored and b"Leavertown" not in stored
    assert client.get(f"/me/searches/{search_id}").json()["name"] == SEARCH_NAME
    # ...while the owner reads both back.
    assert client.get(f"/me/assessments/{body['saved_id']}/resume").content == RESUME
    assert client.get(f"/me/assessments/{body['saved_id']}").json()["fits"] == body["fits"]


def test_the_resume_is_kept_only_when_asked(service: Any, sign_up: Any) -> None:
    client = service.client()
    sign_up(client, "morgan@example.org")
    body = _upload(client, keep=False)
    assert client.get(f"/me/assessments/{body['saved_id']}/resume").status_code == 404
    assert client.get("/me/assessments").json()["assessments"][0]["resume_kept"] is False


def test_history_shows_each_assessment_with_its_best_fit(service: Any, sign_up: Any) -> None:
    client = service.client()
    sign_up(client, "morgan@example.org")
    first = client.post("/assessments/typed", json={"skills": ["python"]}).json()
    second = _upload(client, keep=False)
    history = client.get("/me/assessments").json()["assessments"]
    assert [h["id"] for h in history] == [first["saved_id"], second["saved_id"]]
    assert [h["top_role"] for h in history] == [first["fits"][0]["role"], second["fits"][0]["role"]]
    assert history[1]["top_fit"] == second["fits"][0]["score"]


def test_export_holds_everything_stored_about_the_person(service: Any, sign_up: Any) -> None:
    client = service.client()
    sign_up(client, "morgan@example.org")
    saved = _upload(client)["saved_id"]
    client.put("/me/progress/python")
    client.post("/me/tokens", json={"name": "laptop"})
    search = {"name": "remote analytics", "filters": {"remote": True}, "profile": {"assessment_id": saved}}
    assert client.post("/me/searches", json=search).status_code == 201
    response = client.get("/me/export")
    assert "attachment" in response.headers["content-disposition"]
    export = response.json()
    assert export["account"]["email"] == "morgan@example.org"
    assert [a["id"] for a in export["assessments"]] == [saved]
    assert base64.b64decode(export["assessments"][0]["resume_base64"]) == RESUME
    assert export["progress"]["done"] == ["python"]
    assert [t["name"] for t in export["tokens"]] == ["laptop"]
    assert [(s["name"], s["filters"]["remote"], s["profile"]["assessment_id"]) for s in export["searches"]] == [
        ("remote analytics", True, saved)
    ]
    assert {"signup", "token_created"} <= {e["event"] for e in export["audit_log"]}


def test_deleting_the_account_removes_every_row_and_file(service: Any, sign_up: Any) -> None:
    keeper, leaver = service.client(), service.client()
    sign_up(keeper, "keeper@example.org")
    leaver_id = sign_up(leaver, "leaver@example.org")["id"]
    files_before = sorted(p.name for p in service.home.rglob("*"))
    _upload(leaver)
    leaver.post("/assessments/typed", json={"skills": ["python"]})
    leaver.put("/me/progress/python")
    leaver.post("/me/tokens", json={"name": "ci"})
    search = {"name": SEARCH_NAME, "profile": {"skills": ["python", "sql"]}, "filters": {"location": "Leavertown"}}
    assert leaver.post("/me/searches", json=search).status_code == 201
    assert service.store.rows_of(leaver_id)["saved_searches"] == 1
    keeper_saved = _upload(keeper)["saved_id"]

    wrong = leaver.post("/me/delete", json={"password": "not my password"})
    assert wrong.status_code == 403
    assert leaver.post("/me/delete", json={"password": PASSWORD}).status_code == 204

    assert set(service.store.rows_of(leaver_id).values()) == {0}
    stored = _storage_bytes(service)
    assert b"leaver@example.org" not in stored
    assert SEARCH_NAME.encode() not in stored and b"Leavertown" not in stored
    # The data folder holds no file per person: only the database and the key.
    assert {p.name for p in service.home.rglob("*")} <= set(files_before) | {
        "accounts.sqlite3",
        "accounts.sqlite3-wal",
        "accounts.sqlite3-shm",
        "secret.key",
    }
    assert leaver.get("/me").status_code == 401
    assert (
        service.client().post("/auth/login", json={"email": "leaver@example.org", "password": PASSWORD}).status_code
        == 401
    )
    assert keeper.get(f"/me/assessments/{keeper_saved}/resume").content == RESUME  # others untouched


def test_the_key_file_is_private(service: Any) -> None:
    if service.settings.secret_keys:
        return
    key = Path(service.home) / "secret.key"
    assert key.exists() and key.stat().st_mode & 0o077 == 0
    if service.settings.database_url is None:
        assert (Path(service.home) / "accounts.sqlite3").stat().st_mode & 0o077 == 0


def test_rotating_the_key_keeps_every_record_readable(service: Any, sign_up: Any, tmp_path: Path) -> None:
    from cryptography.fernet import Fernet

    from careerpath.accounts.store import AccountStore
    from careerpath.accounts.vault import load_vault

    client = service.client()
    sign_up(client, "morgan@example.org")
    saved = _upload(client)["saved_id"]
    old = (service.home / "secret.key").read_text().strip()
    new = Fernet.generate_key().decode()
    rotated = AccountStore(service.store.engine, load_vault(service.home, f"{new},{old}"))
    assert rotated.rotate_keys() == 1
    new_only = AccountStore(service.store.engine, load_vault(service.home, new))
    user_id = new_only.list_users()[0]["id"]
    assert new_only.get_resume(user_id, saved)[1] == RESUME


def test_no_resume_text_reaches_the_logs(service: Any, sign_up: Any, caplog: Any) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    client = service.client()
    sign_up(client, "morgan@example.org")
    _upload(client)
    client.post("/assessments", files={"file": ("bad.pdf", b"%PDF-1.4 " + PHRASE.encode(), "application/pdf")})
    assert PHRASE not in caplog.text
