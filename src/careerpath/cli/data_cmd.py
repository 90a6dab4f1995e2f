"""`careerpath data ...`: import taxonomy releases (ESCO, O*NET) and check the links to them."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from careerpath.cli.common import FormatOption, ListFormat, console, emit_json, handle_errors, navigator, settings
from careerpath.errors import DataError

if TYPE_CHECKING:
    from careerpath.esco.store import ImportSummary

data_app = typer.Typer(
    help="Import taxonomy releases (ESCO, O*NET) into the local store; check the links to them.",
    no_args_is_help=True,
)

DirArg = Annotated[Path, typer.Argument(help="Folder of the release (CSV / text files, plain or .gz).")]
StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="DuckDB file to write (default: $CAREERPATH_HOME/careerpath.duckdb)."),
]


def _show(summary: ImportSummary, format: ListFormat) -> None:
    if format is ListFormat.json:
        emit_json(asdict(summary))
        return
    table = Table(title=escape(f"Imported {summary.source.upper()} {summary.version} into {summary.store_path}"))
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary.row_counts.items():
        table.add_row(escape(name), f"{rows:,}")
    console.print(table)


@data_app.command("import-esco")
@handle_errors
def import_esco_command(
    directory: DirArg,
    store: StoreOpt = None,
    version: Annotated[str | None, typer.Option(help="Release version (default: from the folder name).")] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Import the ESCO CSV download (skills, occupations, relations, hierarchy) with its version."""
    from careerpath.esco.store import import_esco  # DuckDB and pyarrow: only for this command (CLI start-up)

    _show(import_esco(directory, store or settings().esco_store, version=version), format)


@data_app.command("import-onet")
@handle_errors
def import_onet_command(directory: DirArg, store: StoreOpt = None, format: FormatOption = ListFormat.text) -> None:
    """Import the O*NET text release (occupations, titles, skills, knowledge, ...) with its version."""
    from careerpath.esco.store import import_onet

    _show(import_onet(directory, store or settings().esco_store), format)


@data_app.command("check")
@handle_errors
def check_command(
    esco: Annotated[Path | None, typer.Option(help="ESCO CSV release folder [default: $CAREERPATH_ESCO_DIR]")] = None,
    onet: Annotated[Path | None, typer.Option(help="O*NET text release folder")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="text or json")] = ListFormat.text,
) -> None:
    """Check every ESCO and O*NET link of the skills and roles (bundled + your files) against the releases."""
    from careerpath.esco.crosscheck import check_links

    nav = navigator()
    report = check_links(nav.taxonomy, nav.roles, esco_dir=esco or settings().esco_dir, onet_dir=onet)
    if format is ListFormat.json:
        emit_json({"checked": report.checked, "problems": report.problems})
    else:
        checked = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in report.checked.items())
        typer.echo(f"checked {checked}")
        for problem in report.problems:
            typer.echo(problem)
    if report.problems:
        raise DataError(f"{len(report.problems)} link(s) do not resolve in the releases given (listed above).")
