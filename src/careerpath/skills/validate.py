"""Check a whole taxonomy: references, prerequisite cycles and labels that two skills would share.

Runs on every load, for the bundled file and after each user file is merged, so that a mistake in
an edit (a user file giving ``r_lang`` the alias "PyTorch") is an error naming the file and the
skills involved instead of a silent change of meaning. Field-level checks (id shape, category,
hours 1..2000, ESCO URI shape) are the schema's (careerpath.skills.models).

Example::

    problems = taxonomy_problems(skills)          # [] when sound
    validate_taxonomy(skills, origin="my.yaml")   # raises TaxonomyError with the first problem
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from graphlib import CycleError, TopologicalSorter

from careerpath.errors import TaxonomyError
from careerpath.skills.models import Skill
from careerpath.skills.normalize import normalize_name


def taxonomy_problems(skills: Mapping[str, Skill], changed: Collection[str] = ()) -> list[str]:
    """Return every problem of ``skills`` as one sentence each; ``changed`` ids are reported as the culprits."""
    problems = _reference_problems(skills)
    problems += _cycle_problems(skills)
    problems += _label_problems(skills, changed)
    return problems


def validate_taxonomy(skills: Mapping[str, Skill], origin: str, changed: Collection[str] = ()) -> None:
    """Raise TaxonomyError "ORIGIN: first problem (and N more)" when ``skills`` is not sound."""
    problems = taxonomy_problems(skills, changed)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise TaxonomyError(f"{origin}: {problems[0]}{more}")


def _reference_problems(skills: Mapping[str, Skill]) -> list[str]:
    problems = []
    for skill in skills.values():
        for kind, refs in (("prerequisite", skill.prerequisites), ("related skill", skill.related)):
            for ref in refs:
                if ref == skill.id:
                    problems.append(f"skill {skill.id!r} lists itself as a {kind}")
                elif ref not in skills:
                    problems.append(f"skill {skill.id!r} lists unknown {kind} {ref!r}")
        for both in sorted(set(skill.prerequisites) & set(skill.related)):
            problems.append(f"skill {skill.id!r} lists {both!r} both as a prerequisite and as related")
    return problems


def _cycle_problems(skills: Mapping[str, Skill]) -> list[str]:
    graph = {skill.id: {p for p in skill.prerequisites if p in skills} for skill in skills.values()}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        # graphlib gives the cycle as dependents -> prerequisites, closed (a, b, a); read it as "needs".
        return [f"prerequisites form a cycle: {' needs '.join(exc.args[1])}"]
    return []


def _label_problems(skills: Mapping[str, Skill], changed: Collection[str]) -> list[str]:
    """Every name/alias/id (after normalize_name) belongs to one skill; ambiguous aliases stay apart."""
    # Unchanged skills claim their labels first, so the message blames the skill an edit touched.
    ordered = sorted(skills.values(), key=lambda skill: skill.id in changed)
    owners: dict[str, tuple[str, str, str]] = {}  # key -> (skill id, kind, label as written)
    ambiguous: dict[str, str] = {}  # casefolded ambiguous alias -> skill id
    problems = []
    for skill in ordered:
        for label in skill.ambiguous_aliases:
            first = ambiguous.setdefault(label.casefold(), skill.id)
            if first != skill.id:
                problems.append(f"ambiguous alias {label!r} of skill {skill.id!r} is already one of skill {first!r}")
    for skill in ordered:
        own_ambiguous = {label.casefold() for label in skill.ambiguous_aliases}
        labels = [("name", skill.name), *(("alias", alias) for alias in skill.aliases), ("id", skill.id)]
        for kind, label in labels:
            key = normalize_name(label)
            if not key:
                problems.append(f"skill {skill.id!r} has an empty {kind} {label!r}")
                continue
            owner = owners.setdefault(key, (skill.id, kind, label))
            if owner[0] != skill.id:
                problems.append(
                    f"{kind} {label!r} of skill {skill.id!r} is already the {owner[1]} {owner[2]!r} "
                    f"of skill {owner[0]!r}"
                )
            other = ambiguous.get(label.casefold())
            if kind == "alias" and label.casefold() in own_ambiguous:
                problems.append(f"skill {skill.id!r} lists {label!r} both as an alias and as an ambiguous alias")
            elif kind != "id" and other is not None and other != skill.id:
                problems.append(f"{kind} {label!r} of skill {skill.id!r} is an ambiguous alias of skill {other!r}")
    return problems
