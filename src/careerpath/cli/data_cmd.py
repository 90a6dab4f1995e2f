"""`careerpath data ...`: import taxonomy releases (ESCO, O*NET) into the local store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from careerpath.errors import CareerpathError, InputError
from careerpath.esco.store import ImportSummary, import_esco, import_onet

data_app = typer.Typer(help="Import taxonomy releases (ESCO, O*NET) into the local store.", no_args_is_help=True)
console = Console()

DirArg = Annotated[Path, typer.Argument(help="Folder of the release (CSV / text files, plain or .gz).")]
StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="DuckDB file to write (default: $CAREERPATH_HOME/careerpath.duckdb)."),
]


def _store(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    from careerpath.settings import Settings

    return Settings().esco_store


def _show(summary: ImportSummary) -> None:
    table = Table(title=f"Imported {summary.source.upper()} {summary.version} into {summary.store_path}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary.row_counts.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)


def _fail(error: CareerpathError) -> typer.Exit:
    console.print(f"[red]Error:[/red] {error.message}", soft_wrap=True)
    return typer.Exit(2 if isinstance(error, InputError) else 1)


@data_app.command("import-esco")
def import_esco_command(
    directory: DirArg,
    store: StoreOpt = None,
    version: Annotated[str | None, typer.Option(help="Release version (default: from the folder name).")] = None,
) -> None:
    """Import the ESCO CSV download (skills, occupations, relations, hierarchy) with its version."""
    try:
        _show(import_esco(directory, _store(store), version=version))
    except CareerpathError as error:
        raise _fail(error) from error


@data_app.command("import-onet")
def import_onet_command(directory: DirArg, store: StoreOpt = None) -> None:
    """Import the O*NET text release (occupations, titles, skills, knowledge, ...) with its version."""
    try:
        _show(import_onet(directory, _store(store)))
    except CareerpathError as error:
        raise _fail(error) from error
