"""Load the role catalogue, check it against the taxonomy, and look roles up by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from careerpath.data_files import bundled_path, first_problem, read_yaml
from careerpath.errors import TaxonomyError, UnknownRoleError
from careerpath.roles.models import Role, RoleCatalogueFile
from careerpath.skills.normalize import normalize_name
from careerpath.skills.taxonomy import Taxonomy

BUNDLED_ROLES = "roles.yaml"


@dataclass
class RoleCatalogue:
    """The roles careerpath knows, validated against a taxonomy."""

    version: str
    roles: dict[str, Role]
    taxonomy: Taxonomy
    _by_name: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        problems = []
        for role in self.roles.values():
            for item in (*role.required_skills, *role.nice_to_have_skills):
                if item.skill not in self.taxonomy:
                    problems.append(f"role {role.id} asks for unknown skill {item.skill!r}")
            for other in (*role.related_roles, *(t.from_role for t in role.transitions)):
                if other not in self.roles:
                    problems.append(f"role {role.id} refers to unknown role {other!r}")
            for label in (role.id, role.name, *role.title_aliases):
                self._by_name.setdefault(normalize_name(label), role.id)
        if problems:
            raise TaxonomyError("Role catalogue is inconsistent: " + "; ".join(problems[:5]))

    def __iter__(self) -> Iterator[Role]:
        return iter(self.roles.values())

    def __len__(self) -> int:
        return len(self.roles)

    def find(self, name: str) -> Role | None:
        """Return the role whose id, name or title alias equals ``name`` (case-insensitive)."""
        role_id = self._by_name.get(normalize_name(name))
        return self.roles[role_id] if role_id else None

    def resolve(self, name: str) -> Role:
        """Return the role called ``name``; raise UnknownRoleError with suggestions otherwise."""
        role = self.find(name)
        if role is None:
            raise UnknownRoleError(name, self.suggest(name))
        return role

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Return the names of the roles closest to ``name``."""
        labels = list(self._by_name)
        found = process.extract(normalize_name(name), labels, scorer=fuzz.WRatio, limit=limit * 4)
        names: list[str] = []
        for label, score, _ in found:
            role_name = self.roles[self._by_name[label]].name
            if score >= 60 and role_name not in names:
                names.append(role_name)
        return names[:limit]


def _merge_roles(base: dict[str, Role], entries: Iterable[Mapping[str, Any]], origin: str) -> dict[str, Role]:
    merged = dict(base)
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or "id" not in entry:
            raise TaxonomyError(f"{origin}: roles.{index} needs an 'id'")
        old = merged.get(str(entry["id"]))
        data = {**old.model_dump(), **entry} if old else dict(entry)
        try:
            merged[str(entry["id"])] = Role.model_validate(data)
        except ValidationError as exc:
            raise TaxonomyError(f"{origin}: invalid role {entry['id']!r} {first_problem(exc)}") from exc
    return merged


def load_roles(taxonomy: Taxonomy, extra_files: Iterable[Path] = (), *, bundled: Path | None = None) -> RoleCatalogue:
    """Return the bundled role catalogue with user role files merged over it by id."""
    path = bundled or bundled_path(BUNDLED_ROLES)
    try:
        document = RoleCatalogueFile.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise TaxonomyError(f"{path}: invalid role catalogue {first_problem(exc)}") from exc
    roles = {role.id: role for role in document.roles}
    version = document.version
    for extra in extra_files:
        raw = read_yaml(extra) or {}
        if not isinstance(raw, Mapping) or not isinstance(raw.get("roles", []), list):
            raise TaxonomyError(f"{extra}: expected a mapping with a 'roles' list")
        roles = _merge_roles(roles, raw.get("roles", []), str(extra))
        version = f"{version}+{raw.get('version', 'user')}"
    return RoleCatalogue(version=version, roles=roles, taxonomy=taxonomy)
