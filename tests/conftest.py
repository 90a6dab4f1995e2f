"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of large public data sets: $CAREERPATH_SHARED_DATA, default ../shared/data."""
    path = Path(os.environ.get("CAREERPATH_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data")
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} not found; set CAREERPATH_SHARED_DATA to run this test")
    return path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        default=False,
        help="also run slow tests (Spark engine, model-backed evaluations); CI passes it",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or os.environ.get("CAREERPATH_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow test: run with --slow (or CAREERPATH_SLOW=1)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
