"""No import cycle between careerpath's packages, and the core never imports an interface.

The walk reads every ``import`` in src/careerpath (also those inside functions: a late import hides
a cycle, it does not remove it) and groups modules by top-level package. Composition roots sit
above everything and are their own nodes: careerpath.app (settings -> all parts), careerpath.components
(the versioned-component catalogue), careerpath.__main__, careerpath.cli.app, and careerpath.server.app
(app creation; the rest of server/ is plumbing that api/ and web/ use).
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
ROOTS = {
    "careerpath.app",
    "careerpath.components",
    "careerpath.__main__",
    "careerpath.cli.app",
    "careerpath.server.app",
}
INTERFACES = {"cli", "api", "web", "server", "mcp_server"}  # mcp_server: tools for AI assistants (issue-12)
# Known edges that close a cycle, each with its owner. issue-11's compat alias `careerpath.api.create_app`
# (a lazy import of careerpath.server.app in api/__init__.py) is still on its branch; remove this entry
# when that alias goes.
KNOWN = {("api", "server.app")}


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _node(module: str) -> str:
    """careerpath.skills.taxonomy -> 'skills'; a composition root is its own node; top modules by name."""
    for root in ROOTS:
        if module == root or module.startswith(root + "."):
            return root.removeprefix("careerpath.")
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "careerpath"


def _imports(path: Path) -> set[str]:
    module = _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return {name for name in found if name == "careerpath" or name.startswith("careerpath.")}


def _modules() -> set[str]:
    return {_module(path) for path in (SRC / "careerpath").rglob("*.py")}


def _graph() -> dict[str, dict[str, set[str]]]:
    """node -> imported node -> the importing modules (for the failure message)."""
    known = _modules()
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in (SRC / "careerpath").rglob("*.py"):
        source = _module(path)
        for target in _imports(path):
            if target not in known:  # `from careerpath.x import name`: name is not a module
                continue
            edge = (_node(source), _node(target))
            if edge[0] != edge[1] and target != "careerpath" and edge not in KNOWN:
                graph[edge[0]][edge[1]].add(source)
    return graph


def test_no_import_cycle_between_packages() -> None:
    graph = _graph()
    try:
        tuple(TopologicalSorter({node: set(targets) for node, targets in graph.items()}).static_order())
    except CycleError as exc:
        cycle = exc.args[1]
        # graphlib lists the cycle as importer after imported: b imports a for each (a, b) pair.
        steps = [f"{b} -> {a} (in {', '.join(sorted(graph[b][a]))})" for a, b in itertools.pairwise(cycle)]
        raise AssertionError("import cycle: " + "; ".join(steps)) from None


def test_the_core_never_imports_an_interface() -> None:
    graph = _graph()
    leaks = {
        (node, target): sorted(modules)
        for node, targets in graph.items()
        if node not in INTERFACES and node not in {root.removeprefix("careerpath.") for root in ROOTS}
        for target, modules in targets.items()
        if target in INTERFACES
    }
    assert not leaks


def test_the_walk_sees_late_imports() -> None:
    """The walk is not blind: a function-level import (server.deps -> app) is an edge."""
    assert "app" in _graph()["server"]
