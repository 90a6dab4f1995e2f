from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.common import navigator


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh $CAREERPATH_HOME per test; the CLI's cached navigator is rebuilt for it."""
    path = tmp_path / "home"
    monkeypatch.setenv("CAREERPATH_HOME", str(path))
    navigator.cache_clear()
    yield path
    navigator.cache_clear()


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()
