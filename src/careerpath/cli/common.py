"""What every CLI command shares: settings, the navigator, error handling and output writing."""

from __future__ import annotations

import functools
import json
import os
import sys
import warnings
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from careerpath.app import Careerpath
from careerpath.errors import CareerpathError, CareerpathWarning, InputError
from careerpath.settings import Settings, load_settings

if TYPE_CHECKING:
    from careerpath.navigator import Navigator, TypedProfile


class _Console(Console):
    """Rich's console, except that a closed output pipe is left to handle_errors (exit 0), not exit 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


console = _Console()
# Piped or captured output gets a fixed width wide enough for the ranked-roles table.
if not console.is_terminal:
    console = _Console(width=140)
err_console = Console(stderr=True, width=None if Console(stderr=True).is_terminal else 200)

P = ParamSpec("P")
R = TypeVar("R")


class ListFormat(str, Enum):
    text = "text"
    json = "json"


FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="text (tables) or json")]


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


def report_error(exc: CareerpathError) -> typer.Exit:
    """Print ``exc`` as one red line on stderr (markup-safe) and return the Exit: 2 for user mistakes, else 1."""
    err_console.print(
        f"[red]error[/red] {escape(f'[{exc.code}]')} {escape(exc.message)}", highlight=False, soft_wrap=True
    )
    return typer.Exit(2 if isinstance(exc, InputError) else 1)


class OneLineUsageErrors(typer.core.TyperGroup):
    """The root group: a bad option value (`--format xml`) or a missing argument is a user mistake like any
    other, so it is one line on stderr and exit 2, not click's usage box."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except typer.BadParameter as error:
            hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx is not None else ""
            raise report_error(InputError(error.format_message() + hint)) from None


def _quiet_closed_pipe() -> typer.Exit:
    """The reader went away (`careerpath assess | head`): not an error; silence the final flush and exit 0."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return typer.Exit(0)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """The one error path of every command: CareerpathError becomes one red line on stderr, exit 2 for
    user mistakes and 1 for everything else; a closed output pipe exits 0 quietly."""
    if getattr(func, "handles_errors", False):
        return func

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CareerpathWarning)
            try:
                result = func(*args, **kwargs)
                sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
            except CareerpathError as exc:
                raise report_error(exc) from None
            except BrokenPipeError:
                raise _quiet_closed_pipe() from None
            finally:
                for item in caught:
                    if issubclass(item.category, CareerpathWarning):
                        err_console.print(f"[yellow]warning[/yellow] {escape(str(item.message))}", highlight=False)
                    else:
                        warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
        return result

    wrapper.handles_errors = True  # type: ignore[attr-defined]
    return wrapper


def route_errors_through_one_path(group: typer.Typer) -> None:
    """Wrap every command of ``group`` (and its sub-groups) in handle_errors, once: no command can skip it."""
    for command in group.registered_commands:
        if command.callback is not None:
            command.callback = handle_errors(command.callback)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            route_errors_through_one_path(sub.typer_instance)


_ROOTS: dict[str, Careerpath] = {}


def root() -> Careerpath:
    """The composition root for the current settings, built once per distinct settings (tests change them)."""
    current = load_settings()
    key = current.model_dump_json()
    if key not in _ROOTS:
        _ROOTS.clear()
        _ROOTS[key] = Careerpath(current)
    return _ROOTS[key]


def _clear_roots() -> None:
    _ROOTS.clear()


root.cache_clear = _clear_roots  # type: ignore[attr-defined]


def settings() -> Settings:
    return root().settings


def navigator() -> Navigator:
    """The navigator of the composition root: bundled data, the user's files and market snapshot."""
    return root().navigator


navigator.cache_clear = _clear_roots  # type: ignore[attr-defined]  # tests reset the CLI per $CAREERPATH_HOME


def emit(text: str, output: Path | None) -> None:
    """Print ``text`` or write it to ``output`` (creating parent folders)."""
    if output is None:
        typer.echo(text)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    err_console.print(f"wrote {output}", highlight=False)


def emit_json(data: Any, output: Path | None = None) -> None:
    emit(json.dumps(data, indent=2, ensure_ascii=False, default=str), output)


def emit_metrics(payload: dict[str, Any], format: ListFormat, tables: list[Table]) -> None:
    """An evaluation's output. text: the tables, then ``payload`` as one JSON line (scripts read the last
    line); json: that same line alone, so stdout is exactly one JSON object."""
    if format is ListFormat.text:
        for table in tables:
            console.print(table)
    typer.echo(json.dumps(payload))


def typed_profile(skills: str | None, years: float | None, degree: str | None) -> TypedProfile | None:
    """The typed profile of --skills/--years/--degree, or None when no --skills was given."""
    from careerpath.navigator import TypedProfile

    if skills is None:
        if years is not None or degree is not None:
            raise InputError("--years and --degree describe a typed profile: give --skills too.")
        return None
    names = tuple(s.strip() for s in skills.split(",") if s.strip())
    if not names:
        raise InputError("--skills is empty: give a comma-separated list such as 'python,sql'.")
    return TypedProfile(skills=names, years_experience=years, degree=degree)
