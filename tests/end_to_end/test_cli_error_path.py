"""Every CLI command reports a user mistake the same way: one line on stderr, nothing on stdout, exit 2.

The table below must name every registered command, so a new command is tested here too (and is
wrapped in the one error path by careerpath.cli.common.route_errors_through_one_path).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.cli.common import root

BAD = "/nonexistent/careerpath/x"
HOME_IS_A_FILE = None  # the command takes no path: it is run with $CAREERPATH_HOME pointing at a file

COMMANDS: dict[str, list[str] | None] = {
    "assess": [BAD],
    "plan": [BAD],
    "extract-skills": [BAD],
    "roles": HOME_IS_A_FILE,
    "role": ["ml_engineer"],
    "skills": HOME_IS_A_FILE,
    "serve": HOME_IS_A_FILE,
    "mcp": HOME_IS_A_FILE,
    "models status": HOME_IS_A_FILE,
    "models start": HOME_IS_A_FILE,
    "models step": HOME_IS_A_FILE,
    "models evaluate": [BAD],
    "models promote": HOME_IS_A_FILE,
    "models rollback": HOME_IS_A_FILE,
    "progress done": ["python"],
    "progress undo": ["python"],
    "progress show": HOME_IS_A_FILE,
    "market ingest": [BAD],
    "market roles": ["--store", BAD],
    "market skills": ["--store", BAD],
    "market pairs": ["--store", BAD],
    "market salaries": ["--store", BAD],
    "market trends": ["--store", BAD],
    "market emerging": ["--store", BAD],
    "market report": ["--store", BAD],
    "market drift": ["--store", BAD],
    "market export": ["out.parquet", "--store", BAD],
    "market snapshot": ["--store", BAD],
    "market produce": [BAD, "--topic", "postings"],
    "market consume": ["--topic", "postings", "--store", "{file}/market.duckdb"],
    "market fetch-hn": ["--since", "2024-01", "--store", "{file}/market.duckdb"],
    "data import-esco": [BAD],
    "data import-onet": [BAD],
    "data check": ["--esco", BAD],
    "eval skill-linking": [BAD, "--esco", BAD],
    "eval spans": [BAD],
    "eval titles": [BAD, "--esco", BAD],
    "eval roles": [BAD],
    "eval resumes": [BAD],
    "eval role-titles": [BAD],
    "fit": [BAD, BAD],
    "match": [BAD],
    "eval matching": [BAD, "--store", BAD],
    "users list": HOME_IS_A_FILE,
    "users create-admin": ["admin@example.org"],
    "users disable": ["someone@example.org"],
    "users enable": ["someone@example.org"],
    "users reset-password": ["someone@example.org"],
    "users rotate-key": HOME_IS_A_FILE,
}
NEEDS_HOME_AS_FILE = {
    "role",
    "progress done",
    "progress undo",
    "users create-admin",
    "users disable",
    "users enable",
    "users reset-password",
}

runner = CliRunner()


def _command_paths(command: Any, prefix: str = "") -> Iterator[str]:
    subcommands = getattr(command, "commands", None)  # a group (typer vendors its own click)
    if subcommands is not None:
        for name, sub in subcommands.items():
            yield from _command_paths(sub, f"{prefix} {name}".strip())
    else:
        yield prefix


def test_the_table_names_every_command() -> None:
    assert set(_command_paths(typer.main.get_command(app))) == set(COMMANDS)


@pytest.fixture()
def a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    root.cache_clear()  # type: ignore[attr-defined]
    path = tmp_path / "a-file"
    path.write_text("not a folder", encoding="utf-8")
    yield path
    root.cache_clear()  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bad_path_is_one_line_on_stderr_and_exit_2(
    command: str, a_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = COMMANDS[command]
    if args is HOME_IS_A_FILE or command in NEEDS_HOME_AS_FILE:
        monkeypatch.setenv("CAREERPATH_HOME", str(a_file))
    extra = [arg.format(file=a_file) for arg in args or []]
    result = runner.invoke(app, [*command.split(), *extra])
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error ["), result.stderr


def test_markup_in_a_message_is_printed_literally(a_file: Path) -> None:
    result = runner.invoke(app, ["data", "import-esco", f"{a_file.parent}/[semantic]"])
    assert result.exit_code == 2 and "[semantic]" in result.stderr


def test_a_closed_pipe_exits_0_quietly(tmp_path: Path) -> None:
    """`careerpath skills -f json | head -1`: the reader leaves after one line; that is not a failure."""
    env = {"CAREERPATH_HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[2] / "src"), "PATH": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "careerpath", "skills", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip() == b"{"
    process.stdout.close()  # the JSON is ~150 kB: far more than the pipe buffer, so the writer hits the closed end
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == b""
    process.stderr.close()


def test_a_closed_pipe_after_a_short_report_exits_0_quietly(tmp_path: Path) -> None:
    """`careerpath assess | head -1`: the report fits the pipe buffer; the reader is gone before the last flush."""
    env = {"CAREERPATH_HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    shell = f"set -o pipefail; {sys.executable} -m careerpath assess --skills python,sql | head -c 1 >/dev/null"
    for _ in range(3):  # the reader leaves at a different moment each time
        run = subprocess.run(["bash", "-c", shell], env=env, capture_output=True, timeout=120)
        assert run.returncode == 0 and run.stderr == b"", run.stderr
