"""`careerpath users`: the operator's account commands for the multi-user service (no server needed)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from careerpath.cli.common import FormatOption, ListFormat, emit_json, handle_errors, settings
from careerpath.errors import AccountError

users_app = typer.Typer(
    help="Operator commands for the multi-user service's accounts (its database, as `serve --multi-user` uses).",
    no_args_is_help=True,
)
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin instead of a prompt")
]


def _store() -> Any:
    from careerpath.server.app import open_account_store

    return open_account_store(settings())


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _user_id(store: Any, email: str) -> int:
    for user in store.list_users():
        if user["email"] == email.strip().lower():
            return int(user["id"])
    raise AccountError(f"No account '{email}'; see `careerpath users list`.", code="record_not_found")


@users_app.command("list")
@handle_errors
def list_command(format: FormatOption = ListFormat.text) -> None:
    """List accounts: e-mail, role, whether disabled (never anyone's data)."""
    users = _store().list_users()
    if format is ListFormat.json:
        emit_json({"users": users})
        return
    for user in users:
        flags = ", ".join(f for f, on in (("admin", user["is_admin"]), ("disabled", user["disabled"])) if on)
        typer.echo(f"{user['id']:>5}  {user['email']}" + (f"  ({flags})" if flags else ""))


@users_app.command("create-admin")
@handle_errors
def create_admin_command(email: str, password_stdin: PasswordStdin = False) -> None:
    """Create an administrator (or promote an existing account and set its password)."""
    account = _store().make_admin(email, _password(password_stdin))
    typer.echo(f"{account.email} is an administrator.")


@users_app.command("disable")
@handle_errors
def disable_command(email: str) -> None:
    """Disable an account: no more log-ins, its sessions end; its data stays."""
    store = _store()
    store.set_disabled(_user_id(store, email), True)
    typer.echo(f"{email} is disabled.")


@users_app.command("enable")
@handle_errors
def enable_command(email: str) -> None:
    store = _store()
    store.set_disabled(_user_id(store, email), False)
    typer.echo(f"{email} is enabled.")


@users_app.command("reset-password")
@handle_errors
def reset_password_command(email: str, password_stdin: PasswordStdin = False) -> None:
    """Set a new password (the person's sessions end)."""
    _store().set_password(email, _password(password_stdin))
    typer.echo(f"New password set for {email}.")


@users_app.command("rotate-key")
@handle_errors
def rotate_key_command() -> None:
    """Re-encrypt stored resumes and assessments with the first key of CAREERPATH_SECRET_KEYS."""
    count = _store().rotate_keys()
    typer.echo(f"Re-encrypted {count} saved assessments with the newest key.")
