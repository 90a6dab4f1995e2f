"""Turn a role's skill gap into a learning plan: prerequisites first, hours, weeks, resources."""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from careerpath.plans.catalogue import LearningCatalogue
from careerpath.plans.models import PortfolioProject, Resource
from careerpath.roles.candidate import Candidate
from careerpath.roles.fit import SOFT_SKILL_PRIORITY, FitScore
from careerpath.skills.proficiency import LEVEL_RANK, ROLE_LEVEL, Level
from careerpath.skills.taxonomy import Taxonomy

# Resources a person at each level still learns from: no beginner course at working level.
_RESOURCE_LEVELS: dict[str, tuple[str, ...]] = {
    "none": ("beginner", "intermediate", "advanced"),
    "aware": ("beginner", "intermediate", "advanced"),
    "working": ("intermediate", "advanced"),
    "advanced": ("advanced",),
    "expert": ("advanced",),
}

PLANNER_NAME = "level-aware.v2"

KNOWN_AT = 0.5  # confidence from which a skill counts as known (its prerequisites too)
NICE_TO_HAVE_MIN_WEIGHT = 0.5  # nice-to-haves below this weight stay out of the plan
PROJECTS_PER_PLAN = 3
MIN_STEP_HOURS = 2.0


@dataclass(frozen=True)
class PlanStep:
    """One skill to learn; weeks are 1-based and inclusive."""

    order: int
    skill_id: str
    name: str
    category: str
    hours: float
    start_week: int
    end_week: int
    reason: str
    target: bool
    prerequisites: tuple[str, ...]
    resources: tuple[Resource, ...]
    kind: str = "learn"  # "learn" (not held) or "top-up" (held below the level the role asks)
    level_now: str = "none"  # the person's level today (skills/proficiency.py)
    level_target: str = "working"


@dataclass(frozen=True)
class PlannedProject:
    project: PortfolioProject
    start_week: int
    end_week: int
    skills_shown: tuple[str, ...]


@dataclass(frozen=True)
class Milestone:
    week: int
    title: str


@dataclass(frozen=True)
class LearningPlan:
    """The path to one role for an hours-per-week budget."""

    role_id: str
    role_name: str
    hours_per_week: float
    total_hours: float
    total_weeks: int
    steps: tuple[PlanStep, ...]
    projects: tuple[PlannedProject, ...]
    milestones: tuple[Milestone, ...]
    already_done: tuple[str, ...]


def known_skills(candidate: Candidate, taxonomy: Taxonomy, done: Collection[str] = ()) -> set[str]:
    """Return skills the person has, with their prerequisites (knowing PyTorch implies Python)."""
    direct = {s for s, m in candidate.skills.items() if m.confidence >= KNOWN_AT and s in taxonomy}
    direct |= {s for s, m in candidate.implied.items() if m.confidence >= KNOWN_AT and s in taxonomy}
    direct |= {s for s in done if s in taxonomy}
    known = set(direct)
    for skill_id in direct:
        known |= taxonomy.prerequisite_closure(taxonomy.skills[skill_id].prerequisites)
    return known


def plan_learning(
    fit: FitScore,
    candidate: Candidate,
    taxonomy: Taxonomy,
    catalogue: LearningCatalogue,
    *,
    hours_per_week: float = 10.0,
    done: Collection[str] = (),
    demand: Mapping[str, float] | None = None,
) -> LearningPlan:
    """Return the learning plan that closes ``fit``'s gap; nothing precedes its prerequisites."""
    if hours_per_week <= 0:
        raise ValueError("hours_per_week must be positive")
    done_set = {s for s in done if s in taxonomy}
    known = known_skills(candidate, taxonomy, done_set)
    targets = {
        m.skill_id: m
        for m in fit.missing
        if m.skill_id not in done_set
        and (m.required or m.weight >= NICE_TO_HAVE_MIN_WEIGHT)
        # Never plan what the person already holds at the level the role asks.
        and LEVEL_RANK[_level_now(candidate, m.skill_id)] < LEVEL_RANK[ROLE_LEVEL.get(m.level, "working")]
    }
    needed = set(targets)
    for skill_id in list(targets):
        needed |= {p for p in taxonomy.prerequisite_closure([skill_id]) if p not in known}
    needed -= done_set

    priority = _priorities(targets, needed, taxonomy, demand or {})
    order = _ordered(needed, priority, taxonomy)

    levels = {s: _level_now(candidate, s) for s in order}
    items: list[tuple[str, float, object]] = []
    for skill_id in order:
        skill = taxonomy.skills[skill_id]
        partial = targets[skill_id].credit if skill_id in targets else candidate.confidence(skill_id)
        # Hours scale with the gap: the credit already earned is time not spent again.
        hours = max(MIN_STEP_HOURS, math.ceil(skill.hours * (1.0 - min(partial, 0.9))))
        items.append(("skill", float(hours), skill_id))
    projects = _choose_projects(fit.role_id, set(order), set(candidate.skills), catalogue)
    items = _insert_projects(items, projects, order)

    steps: list[PlanStep] = []
    planned: list[PlannedProject] = []
    week_hours = 0.0
    for kind, hours, payload in items:
        start = int(week_hours // hours_per_week) + 1
        week_hours += hours
        end = max(start, math.ceil(week_hours / hours_per_week))
        if kind == "skill":
            skill_id = str(payload)
            skill = taxonomy.skills[skill_id]
            now = levels[skill_id]
            wanted = ROLE_LEVEL.get(getattr(targets.get(skill_id), "level", "intermediate"), "working")
            kind = "top-up" if LEVEL_RANK[now] >= LEVEL_RANK["aware"] else "learn"
            steps.append(
                PlanStep(
                    order=len(steps) + 1,
                    skill_id=skill_id,
                    name=skill.name,
                    category=skill.category,
                    hours=hours,
                    start_week=start,
                    end_week=end,
                    reason=_reason(skill_id, targets, needed, taxonomy, now),
                    target=skill_id in targets,
                    prerequisites=tuple(p for p in skill.prerequisites if p in needed),
                    resources=_resources(catalogue, skill_id, now),
                    kind=kind,
                    level_now=now,
                    level_target=wanted,
                )
            )
        else:
            project = payload
            assert isinstance(project, PortfolioProject)
            shown = tuple(s for s in project.skills if s in needed or s in candidate.skills)
            planned.append(PlannedProject(project, start, end, shown))
    total_hours = week_hours
    total_weeks = math.ceil(total_hours / hours_per_week) if total_hours else 0
    return LearningPlan(
        role_id=fit.role_id,
        role_name=fit.role_name,
        hours_per_week=hours_per_week,
        total_hours=total_hours,
        total_weeks=total_weeks,
        steps=tuple(steps),
        projects=tuple(planned),
        milestones=_milestones(steps, planned, targets, fit.role_name),
        already_done=tuple(sorted(done_set)),
    )


def _level_now(candidate: Candidate, skill_id: str) -> Level:
    return candidate.level(skill_id)


def _resources(catalogue: LearningCatalogue, skill_id: str, now: Level) -> tuple[Resource, ...]:
    """Resources at or above the person's level; none rather than a beginner course for a practitioner."""
    allowed = _RESOURCE_LEVELS[now]
    return tuple(r for r in catalogue.resources_for(skill_id, limit=20) if r.level in allowed)[:3]


def _priorities(
    targets: Mapping[str, object], needed: set[str], taxonomy: Taxonomy, demand: Mapping[str, float]
) -> dict[str, float]:
    """A prerequisite inherits the priority of the most important target that needs it."""
    priority = dict.fromkeys(needed, 0.0)
    for skill_id, missing in targets.items():
        weight = getattr(missing, "weight", 0.5) * (1.0 if getattr(missing, "required", False) else 0.5)
        value = weight * (1.0 - getattr(missing, "credit", 0.0)) * (1.0 + demand.get(skill_id, 0.0))
        if getattr(missing, "soft", False):
            value *= SOFT_SKILL_PRIORITY
        for prerequisite in taxonomy.prerequisite_closure([skill_id]) & needed:
            priority[prerequisite] = max(priority[prerequisite], value)
    return priority


def _ordered(needed: set[str], priority: Mapping[str, float], taxonomy: Taxonomy) -> list[str]:
    """Topological order of ``needed``; among ready skills the most important goes first."""
    waiting = {s: {p for p in taxonomy.skills[s].prerequisites if p in needed} for s in needed}
    # Indirect prerequisites that were already known drop out, but their order constraints stay.
    for skill_id in needed:
        closure = taxonomy.prerequisite_closure(taxonomy.skills[skill_id].prerequisites) - {skill_id}
        waiting[skill_id] |= closure & needed
    ready = [(-priority[s], s) for s, pre in waiting.items() if not pre]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, skill_id = heapq.heappop(ready)
        order.append(skill_id)
        for other, pre in waiting.items():
            if skill_id in pre:
                pre.discard(skill_id)
                if not pre:
                    heapq.heappush(ready, (-priority[other], other))
    return order


def _choose_projects(
    role_id: str, plan_skills: set[str], have: set[str], catalogue: LearningCatalogue
) -> list[PortfolioProject]:
    candidates = catalogue.projects_for(role_id)
    scored = sorted(
        candidates,
        key=lambda p: (-len(set(p.skills) & plan_skills), -len(set(p.skills) & have), p.hours, p.id),
    )
    return scored[:PROJECTS_PER_PLAN]


def _insert_projects(
    items: list[tuple[str, float, object]], projects: list[PortfolioProject], order: list[str]
) -> list[tuple[str, float, object]]:
    """Place each project right after the last plan step whose skill it exercises."""
    position = {skill_id: index for index, skill_id in enumerate(order)}
    placed: dict[int, list[PortfolioProject]] = {}
    for project in projects:
        last = max((position[s] for s in project.skills if s in position), default=len(order) - 1)
        placed.setdefault(last, []).append(project)
    out: list[tuple[str, float, object]] = []
    for index, item in enumerate(items):
        out.append(item)
        for project in placed.get(index, []):
            out.append(("project", float(project.hours), project))
    for project in placed.get(-1, []):
        out.append(("project", float(project.hours), project))
    return out


def _reason(
    skill_id: str, targets: Mapping[str, object], needed: set[str], taxonomy: Taxonomy, now: Level = "none"
) -> str:
    if skill_id in targets:
        missing = targets[skill_id]
        kind = "required" if getattr(missing, "required", False) else "nice to have"
        level = getattr(missing, "level", "")
        if now in ("working", "advanced", "expert"):
            return f"deepen: you hold it at {now} level; {kind} for the role at {level} level"
        if now == "aware":
            return f"formalise: you know of it; {kind} for the role at {level} level"
        return f"{kind} for the role ({level} level)"
    users = sorted(d for d in taxonomy.dependents_of(skill_id) if d in needed)
    names = ", ".join(taxonomy.skills[d].name for d in users[:3]) or "later steps"
    return f"prerequisite of {names}"


def _milestones(
    steps: list[PlanStep], projects: list[PlannedProject], targets: Mapping[str, object], role_name: str
) -> tuple[Milestone, ...]:
    milestones: list[Milestone] = []
    foundations = [s for s in steps if not s.target]
    if foundations:
        milestones.append(Milestone(max(s.end_week for s in foundations), "Foundations in place"))
    for planned in projects:
        milestones.append(Milestone(planned.end_week, f"Portfolio project done: {planned.project.title}"))
    required = [s for s in steps if s.target and getattr(targets[s.skill_id], "required", False)]
    if required:
        milestones.append(Milestone(max(s.end_week for s in required), f"All required skills for {role_name}"))
    if steps or projects:
        # The plan is complete when its last step or project ends, whichever is later.
        last = max([s.end_week for s in steps] + [p.end_week for p in projects])
        milestones.append(Milestone(last, "Plan complete"))
    return tuple(sorted(milestones, key=lambda m: (m.week, m.title == "Plan complete", m.title)))
