"""careerpath.api and careerpath.web are routers that never import each other; server plumbing imports neither."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "careerpath"


def imported_modules(package: str) -> set[tuple[str, str]]:
    """Return (file, module) for every careerpath module imported anywhere in ``package``'s files."""
    found: set[tuple[str, str]] = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(SRC)), node.module))
            elif isinstance(node, ast.Import):
                found.update((str(path.relative_to(SRC)), alias.name) for alias in node.names)
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("api", "careerpath.web"), ("web", "careerpath.api"), ("web", "careerpath.server.app")],
)
def test_routers_do_not_import_each_other(package: str, forbidden: str) -> None:
    bad = sorted(f"{file}: {module}" for file, module in imported_modules(package) if module.startswith(forbidden))
    assert not bad, f"{package}/ must not import {forbidden}: {bad}"


def test_server_plumbing_imports_no_router() -> None:
    plumbing = {(f, m) for f, m in imported_modules("server") if not f.startswith("server/app.py")}
    bad = sorted(f"{f}: {m}" for f, m in plumbing if m.startswith(("careerpath.api", "careerpath.web")))
    assert not bad, f"only server/app.py may import the routers: {bad}"


def test_api_and_web_import_in_either_order() -> None:
    import subprocess
    import sys

    for first, second in (("careerpath.api", "careerpath.web"), ("careerpath.web", "careerpath.api")):
        code = f"import {first}, {second}, careerpath.server.app; careerpath.server.app.create_app"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=None, check=False)
        assert done.returncode == 0, done.stderr
