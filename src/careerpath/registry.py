"""Versioned components: the ``Registry`` type, and the default linking design.

Every behaviour that shapes a result has a versioned name (``lexical.v2``, ``keyword-match.v2``):
results and stored postings carry it, and it is bumped whenever the behaviour changes. The registry
resolves a name in either form: ``lexical.v2`` is that version, ``lexical`` is the latest one. A
version whose behaviour is no longer in the code stays listed as *retired* (with the reason), so a
stored name is still recognised, but asking to run it is a clear error instead of silently running
its successor. Model A/B rollout and rollback choose components here by versioned name.

Each owner registers its own kind (linking/designs.py the designs, linking/sentence_encoders.py the
encoders); careerpath.components.registry() gathers every kind in one registry. This module imports
no other careerpath layer, so any of them may use it.

Example::

    from careerpath.components import registry
    registry().resolve("design", "lexical").name        # 'lexical.v2'
    registry().get("design", "alt-max+desc+lex.v2")     # its LinkerConfig
    registry().snapshot()                               # every kind -> alias -> versions
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from careerpath.errors import InputError

KINDS = ("design", "encoder", "extractor", "fit", "planner", "matcher", "tagger", "title-design")
# The one default linking design (assess, ingest, $CAREERPATH_ESCO_DESIGN): needs no model, seconds
# on a cold cache. The most accurate is careerpath.linking.designs.BEST_DESIGN (needs the semantic extra).
DEFAULT_DESIGN = "lexical"
_KIND_NAMES = {
    "design": "ESCO linking design",
    "encoder": "sentence encoder",
    "fit": "fit model",
    "tagger": "span tagger",
    "title-design": "title design",
}
_VERSIONED = re.compile(r"^(?P<alias>.+)\.v(?P<version>\d+)$")


@dataclass(frozen=True)
class Component:
    """One version of one component; ``value`` is what runs it (None when retired)."""

    kind: str
    name: str  # versioned, e.g. "lexical.v2"
    summary: str
    value: Any = None
    retired: str | None = None  # why this version can no longer run

    @property
    def alias(self) -> str:
        return split_version(self.name)[0]

    @property
    def version(self) -> int:
        return split_version(self.name)[1]


def split_version(name: str) -> tuple[str, int]:
    """``"lexical.v2"`` -> ``("lexical", 2)``; ValueError for a name without ``.vN``."""
    match = _VERSIONED.match(name)
    if match is None:
        raise ValueError(f"{name!r} is not a versioned name like 'lexical.v2'")
    return match["alias"], int(match["version"])


class Registry:
    """Components by kind and versioned name; unversioned aliases resolve to the latest runnable version."""

    def __init__(self) -> None:
        self._components: dict[str, dict[str, Component]] = {kind: {} for kind in KINDS}

    def add(self, kind: str, name: str, value: Any = None, *, summary: str = "", retired: str | None = None) -> None:
        if kind not in self._components:
            raise ValueError(f"unknown component kind {kind!r}; kinds are {', '.join(KINDS)}")
        split_version(name)
        if name in self._components[kind]:
            raise ValueError(f"{kind} {name!r} is registered twice")
        if retired is None and value is None:
            raise ValueError(f"{kind} {name!r} needs a value unless it is retired")
        self._components[kind][name] = Component(kind, name, summary, value, retired)

    def extend(self, other: Registry) -> None:
        """Add every component of ``other`` (a registry filled by the owner of one kind)."""
        for kind in KINDS:
            for component in other.components(kind):
                self.add(kind, component.name, component.value, summary=component.summary, retired=component.retired)

    def resolve(self, kind: str, name: str) -> Component:
        """The component ``name`` (versioned, or an alias meaning the latest runnable version)."""
        components = self._components[kind]
        if name in components:
            return components[name]
        versions = [c for c in components.values() if c.alias == name and c.retired is None]
        if versions:
            return max(versions, key=lambda c: c.version)
        example = f" such as {self.resolve(kind, self.aliases(kind)[0]).name}" if self.aliases(kind) else ""
        raise InputError(
            f"Unknown {_KIND_NAMES.get(kind, kind)} {name!r}; choose from: {', '.join(self.aliases(kind))} "
            f"(each the latest version), or a versioned name{example}.",
            details={"kind": kind, "name": name, "choices": self.aliases(kind)},
        )

    def get(self, kind: str, name: str) -> Any:
        """What runs ``name``; InputError for an unknown or retired version."""
        component = self.resolve(kind, name)
        if component.retired is not None:
            instead = ""
            if component.alias in self.aliases(kind):
                instead = f" Use {component.alias!r} ({self.resolve(kind, component.alias).name})."
            what = _KIND_NAMES.get(kind, kind)
            raise InputError(f"The {what} {component.name!r} is retired: {component.retired}.{instead}")
        return component.value

    def aliases(self, kind: str) -> list[str]:
        """The unversioned names that have a runnable version, sorted."""
        return sorted({c.alias for c in self._components[kind].values() if c.retired is None})

    def components(self, kind: str) -> list[Component]:
        return sorted(self._components[kind].values(), key=lambda c: (c.alias, c.version))

    def snapshot(self) -> dict[str, dict[str, dict[str, object]]]:
        """Every kind -> alias -> {"latest", "versions", "retired"}: what the registry test pins."""
        out: dict[str, dict[str, dict[str, object]]] = {}
        for kind in KINDS:
            by_alias: dict[str, dict[str, object]] = {}
            for component in self.components(kind):
                entry = by_alias.setdefault(component.alias, {"latest": None, "versions": [], "retired": []})
                entry["retired" if component.retired else "versions"].append(component.name)  # type: ignore[attr-defined]
                if component.retired is None:
                    entry["latest"] = component.name
            out[kind] = by_alias
        return out
