"""`careerpath users`: the operator creates an admin, lists, disables and resets accounts without a server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app

PASSWORD = "correct horse battery staple"


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CAREERPATH_DATABASE_URL", raising=False)
    return tmp_path / "home"


def _run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, ["users", *args], input=stdin)


def test_operator_manages_accounts(home: Path) -> None:
    created = _run("create-admin", "root@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    assert created.exit_code == 0, created.output
    listed = json.loads(_run("list", "--format", "json").stdout)
    assert [(u["email"], u["is_admin"], u["disabled"]) for u in listed["users"]] == [("root@example.org", True, False)]
    assert _run("disable", "root@example.org").exit_code == 0
    assert json.loads(_run("list", "--format", "json").stdout)["users"][0]["disabled"] is True
    assert _run("enable", "root@example.org").exit_code == 0
    assert (
        _run("reset-password", "root@example.org", "--password-stdin", stdin="another long passphrase\n").exit_code == 0
    )


def test_operator_mistakes_are_one_line_and_exit_2(home: Path) -> None:
    unknown = _run("disable", "nobody@example.org")
    assert unknown.exit_code == 2
    assert "record_not_found" in unknown.output and "Traceback" not in unknown.output
    weak = _run("create-admin", "root@example.org", "--password-stdin", stdin="short\n")
    assert weak.exit_code == 2 and "weak_password" in weak.output


def test_an_unreachable_or_malformed_database_is_one_line(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREERPATH_DATABASE_URL", "not a url")
    malformed = _run("list")
    assert malformed.exit_code == 2 and "CAREERPATH_DATABASE_URL" in malformed.output
    monkeypatch.setenv("CAREERPATH_DATABASE_URL", "postgresql+psycopg://u:secret@127.0.0.1:1/none")
    down = _run("list")
    assert down.exit_code == 1 and "Cannot open the accounts database" in down.output
    assert "secret" not in down.output and "Traceback" not in down.output


def test_list_takes_the_shared_format_option(home: Path) -> None:
    # `users list` declares --format as every other listing does (cli/common.FormatOption): same choices, same help.
    assert _run("create-admin", "root@example.org", "--password-stdin", stdin=PASSWORD + "\n").exit_code == 0
    assert _run("list").stdout == _run("list", "--format", "text").stdout == "    1  root@example.org  (admin)\n"
    assert json.loads(_run("list", "-f", "json").stdout) == json.loads(_run("list", "--format", "json").stdout)
    bad = _run("list", "--format", "xml")
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("error [invalid_input]"), bad.stderr
    assert "text (tables) or json" in " ".join(_run("list", "--help").stdout.split())
