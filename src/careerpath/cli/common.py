"""What every CLI command shares: settings, the navigator, error handling and output writing."""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from careerpath.errors import CareerpathError, CareerpathWarning, InputError
from careerpath.settings import Settings

console = Console()
# Piped or captured output gets a fixed width wide enough for the ranked-roles table.
if not console.is_terminal:
    console = Console(width=140)
err_console = Console(stderr=True, width=None if Console(stderr=True).is_terminal else 200)

P = ParamSpec("P")
R = TypeVar("R")


class ListFormat(str, Enum):
    text = "text"
    json = "json"


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


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn CareerpathError into one red line: exit 2 for user mistakes, 1 for everything else."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", CareerpathWarning)
            try:
                result = func(*args, **kwargs)
            except CareerpathError as exc:
                raise report_error(exc) from None
            finally:
                for item in caught:
                    if issubclass(item.category, CareerpathWarning):
                        err_console.print(f"[yellow]warning[/yellow] {escape(str(item.message))}", highlight=False)
                    else:
                        warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
        return result

    return wrapper


def settings() -> Settings:
    return Settings()


def esco_linker(esco_dir: Path, design: str) -> Any:
    """Build the ESCO second tier: load the release, pick the design and its encoder."""
    from careerpath.esco import load_esco
    from careerpath.linking import build_skill_linker, design_config

    design_config(design)  # an unknown design fails before the release is read
    return build_skill_linker(
        load_esco(esco_dir), design, cache_dir=embeddings_cache_dir(), onnx_dir=settings().onnx_dir
    )


def embeddings_cache_dir() -> Path:
    """Where dense linking designs keep their ESCO embeddings between runs."""
    return settings().cache_dir / "embeddings"


@functools.lru_cache(maxsize=1)
def navigator() -> Any:
    """Build the navigator once per process from the bundled data, user files and market snapshot."""
    from careerpath.navigator import Navigator, load_default_market

    current = settings()
    extra_taxonomy = [current.user_taxonomy_file] if current.user_taxonomy_file.exists() else []
    extra_roles = [current.user_roles_file] if current.user_roles_file.exists() else []
    demand, market = load_default_market()
    return Navigator(
        extra_taxonomy_files=extra_taxonomy,
        extra_role_files=extra_roles,
        demand=demand,
        market=market,
        budgets=current.budgets,
    )


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
