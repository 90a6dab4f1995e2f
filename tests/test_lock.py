"""The lock (requirements/constraints.txt) is current: no network, a fraction of a second.

Regenerate it with `python scripts/lock_dependencies.py` (see README) after changing dependencies.
"""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "constraints.txt"


def _pins() -> dict[str, Version]:
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = Version(version)
    return pins


def _project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += extra
    return [Requirement(line) for line in lines]


def test_every_dependency_of_pyproject_is_locked_at_a_version_it_allows() -> None:
    pins = _pins()
    missing = [str(r) for r in _project_requirements() if canonicalize_name(r.name) not in pins]
    assert not missing, f"not in the lock (run scripts/lock_dependencies.py): {missing}"
    refused = [
        f"{r} (locked {pins[canonicalize_name(r.name)]})"
        for r in _project_requirements()
        if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not refused, f"the lock pins versions pyproject.toml no longer allows: {refused}"


def test_torch_stays_the_local_cpu_build() -> None:
    assert _pins()["torch"] == Version("2.13.0+cpu")


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI installs with the lock; a developer's venv may differ")
def test_ci_installed_exactly_the_locked_versions() -> None:
    installed = {canonicalize_name(d.metadata["Name"]): Version(d.version) for d in metadata.distributions()}
    differ = {name: (str(version), str(installed.get(name))) for name, version in _pins().items()}
    differ = {name: pair for name, pair in differ.items() if pair[0] != pair[1]}
    assert not differ, f"installed versions differ from the lock (locked, installed): {differ}"
    assert sys.version_info[:2] == (3, 11)  # the lock was made on 3.11
