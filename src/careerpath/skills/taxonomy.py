"""Load the skills taxonomy, merge user files over it, and look skills up by name or alias."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from careerpath.data_files import bundled_path, first_problem, read_yaml
from careerpath.errors import TaxonomyError, UnknownSkillError
from careerpath.skills.models import Skill, TaxonomyFile
from careerpath.skills.normalize import normalize_name
from careerpath.skills.validate import validate_taxonomy

BUNDLED_TAXONOMY = "skills.yaml"


@dataclass
class Taxonomy:
    """The skills careerpath knows, indexed by id and by normalised name/alias."""

    version: str
    skills: dict[str, Skill]
    _by_name: dict[str, str] = field(default_factory=dict, repr=False)
    _related: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _dependents: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        validate_taxonomy(self.skills, origin=f"taxonomy {self.version}")
        # Both directions of "related" and the reverse prerequisite edges, indexed once:
        # fit scoring asks for them for every skill of every role.
        for skill in self.skills.values():
            for other in skill.related:
                if other != skill.id:
                    self._related.setdefault(skill.id, set()).add(other)
                    self._related.setdefault(other, set()).add(skill.id)
            for prerequisite in skill.prerequisites:
                self._dependents.setdefault(prerequisite, set()).add(skill.id)
        for skill in self.skills.values():
            for label in (skill.id, skill.name, *skill.aliases):
                self._by_name.setdefault(normalize_name(label), skill.id)

    def __len__(self) -> int:
        return len(self.skills)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills.values())

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self.skills

    def get(self, skill_id: str) -> Skill:
        """Return the skill with this id; raise UnknownSkillError with suggestions otherwise."""
        try:
            return self.skills[skill_id]
        except KeyError:
            raise UnknownSkillError(skill_id, self.suggest(skill_id)) from None

    def find(self, name: str) -> Skill | None:
        """Return the skill whose id, name or alias equals ``name`` (case- and punctuation-insensitive)."""
        skill_id = self._by_name.get(normalize_name(name))
        if skill_id is None:
            for skill in self.skills.values():
                if name in skill.ambiguous_aliases:
                    return skill
            return None
        return self.skills[skill_id]

    def resolve(self, name: str) -> Skill:
        """Like find(), but raise UnknownSkillError with suggestions when nothing matches."""
        skill = self.find(name)
        if skill is None:
            raise UnknownSkillError(name, self.suggest(name))
        return skill

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Return the names of the skills closest to ``name``."""
        choices = {label: skill_id for label, skill_id in self._by_name.items()}
        found = process.extract(normalize_name(name), list(choices), scorer=fuzz.WRatio, limit=limit * 3)
        names: list[str] = []
        for label, score, _ in found:
            skill_name = self.skills[choices[label]].name
            if score >= 70 and skill_name not in names:
                names.append(skill_name)
        return names[:limit]

    def search(self, query: str) -> list[Skill]:
        """Return skills whose id, name, alias, category or description contains ``query``."""
        needle = normalize_name(query)
        hits = []
        for skill in self.skills.values():
            haystack = " ".join([skill.id, skill.name, *skill.aliases, skill.category, skill.description])
            if needle in normalize_name(haystack):
                hits.append(skill)
        return hits

    def prerequisite_closure(self, skill_ids: Iterable[str]) -> set[str]:
        """Return the given skills with all their transitive prerequisites."""
        seen: set[str] = set()
        stack = list(skill_ids)
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(self.skills[current].prerequisites)
        return seen

    def related_to(self, skill_id: str) -> set[str]:
        """Return skills related to ``skill_id`` in either direction (transferable knowledge)."""
        return set(self._related.get(skill_id, ()))

    def dependents_of(self, skill_id: str) -> set[str]:
        """Return skills that list ``skill_id`` as a direct prerequisite."""
        return set(self._dependents.get(skill_id, ()))


def parse_taxonomy_file(raw: Any, origin: str) -> TaxonomyFile:
    """Validate one taxonomy document; errors name the file and the first bad field."""
    try:
        return TaxonomyFile.model_validate(raw)
    except ValidationError as exc:
        raise TaxonomyError(f"{origin}: invalid taxonomy {first_problem(exc)}") from exc


def merge_skills(base: dict[str, Skill], entries: Iterable[Mapping[str, Any]], origin: str) -> dict[str, Skill]:
    """Merge raw overlay entries by id: a known id takes the fields the entry sets, a new id is added.

    Aliases are additive so that a user file can teach careerpath a local spelling without
    repeating the bundled ones; an entry for a known id may omit every other field.
    """
    merged = dict(base)
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or "id" not in entry:
            raise TaxonomyError(f"{origin}: skills.{index} needs an 'id'")
        old = merged.get(str(entry["id"]))
        data = dict(entry)
        if old is not None:
            data = {**old.model_dump(), **entry}
            data["aliases"] = list(dict.fromkeys([*old.aliases, *entry.get("aliases", [])]))
        try:
            merged[str(entry["id"])] = Skill.model_validate(data)
        except ValidationError as exc:
            raise TaxonomyError(f"{origin}: invalid skill {entry['id']!r} {first_problem(exc)}") from exc
    return merged


def load_taxonomy(extra_files: Iterable[Path] = (), *, bundled: Path | None = None) -> Taxonomy:
    """Return the bundled taxonomy with any user taxonomy files merged over it, validated.

    Example::

        taxonomy = load_taxonomy()
        taxonomy.resolve("sklearn").id  # 'scikit_learn'
    """
    path = bundled or bundled_path(BUNDLED_TAXONOMY)
    document = parse_taxonomy_file(read_yaml(path), str(path))
    skills: dict[str, Skill] = {}
    for skill in document.skills:
        if skills.setdefault(skill.id, skill) is not skill:
            raise TaxonomyError(f"{path}: skill id {skill.id!r} is defined twice")
    validate_taxonomy(skills, str(path))
    version = document.version
    for extra in extra_files:
        raw = read_yaml(extra) or {}
        if not isinstance(raw, Mapping) or not isinstance(raw.get("skills", []), list):
            raise TaxonomyError(f"{extra}: expected a mapping with a 'skills' list")
        entries = raw.get("skills", [])
        skills = merge_skills(skills, entries, str(extra))
        changed = {str(entry["id"]) for entry in entries}
        validate_taxonomy(skills, str(extra), changed)
        version = f"{version}+{raw.get('version', 'user')}"
    return Taxonomy(version=version, skills=skills)
