"""Score how well a candidate fits each role, with parts a person can check.

Score in [0, 1] = (0.8 * required coverage + 0.2 * nice-to-have coverage)
                  * education factor * experience factor.
Coverage is importance-weighted; each skill earns credit directly (confidence against the level
the role asks for), or partly through a related skill (transferable) or a more advanced skill
that presupposes it (implied). The numbers below are the whole model: see docs/scoring.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from careerpath.roles.candidate import DEGREE_RANK, Candidate
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.models import Role, RoleSkill
from careerpath.skills.matches import Evidence
from careerpath.skills.taxonomy import Taxonomy

SCORER_NAME = "weighted-coverage.v1"

REQUIRED_SHARE = 0.8  # required skills decide most of the fit; nice-to-haves break ties
# Confidence needed for full credit at each level the role asks for (see skills/cues.py):
# a bare listing (0.7) is enough for "intermediate", "advanced" needs described use (0.85).
LEVEL_TARGET = {"basic": 0.4, "intermediate": 0.7, "advanced": 0.85, "expert": 0.95}
YEARS_BONUS_PER_YEAR = 0.03  # each year using a skill adds a little proficiency...
YEARS_BONUS_MAX = 0.1  # ...up to this much
TRANSFER_SHARE = 0.5  # a related skill (TensorFlow for PyTorch) is worth half
IMPLIED_SHARE = 0.6  # knowing PyTorch implies some deep learning; halves again per extra step
EDUCATION_STEP_PENALTY = 0.1  # per degree level below the role's minimum
EDUCATION_FLOOR = 0.6
UNKNOWN_GATE_FACTOR = 0.9  # no dates or no degree found: neither met nor failed
EXPERIENCE_FLOOR = 0.6
MISSING_BELOW = 0.7  # credit under which a skill is listed as missing (partial credit shown)
# Soft skills are hard to evidence in a resume and are not learned from a course: they count in
# the score like any skill, but a technical gap of the same weight is listed (and planned) first.
SOFT_SKILL_PRIORITY = 0.4
SOFT_CATEGORY = "soft_skills_leadership"

Via = Literal["direct", "transferable", "implied"]


@dataclass(frozen=True)
class SkillCredit:
    """How much of one role skill the candidate has, in [0, 1], and why."""

    skill_id: str
    credit: float
    via: Via | None = None
    from_skill: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class MatchedSkill:
    skill_id: str
    name: str
    weight: float
    level: str
    required: bool
    credit: float
    via: Via
    from_skill: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class MissingSkill:
    skill_id: str
    name: str
    weight: float
    level: str
    required: bool
    credit: float
    demand: float | None = None  # share of postings asking for it, when a market snapshot is known
    soft: bool = False  # a soft skill: shown, but technical gaps of equal weight come first


@dataclass(frozen=True)
class Gate:
    name: Literal["education", "experience"]
    status: Literal["met", "not_met", "unknown"]
    required: str
    actual: str
    factor: float


@dataclass(frozen=True)
class Improvement:
    """One change and how much it would raise this role's score."""

    action: str
    score_gain: float
    skill_id: str | None = None


@dataclass(frozen=True)
class FitScore:
    """The fit of a candidate to one role; ``score`` and every coverage are in [0, 1]."""

    role_id: str
    role_name: str
    score: float
    required_coverage: float
    nice_coverage: float
    transferable_credit: float
    gates: tuple[Gate, ...]
    matched: tuple[MatchedSkill, ...]
    missing: tuple[MissingSkill, ...]
    improvements: tuple[Improvement, ...] = field(default_factory=tuple)


def skill_credit(candidate: Candidate, item: RoleSkill, taxonomy: Taxonomy) -> SkillCredit:
    """Return the candidate's credit for one skill a role asks for."""
    target = LEVEL_TARGET[item.level]
    best = SkillCredit(item.skill, 0.0)
    direct = candidate.skills.get(item.skill)
    if direct is not None and direct.confidence > 0:
        years = candidate.skill_years.get(item.skill, 0.0)
        proficiency = direct.confidence + min(YEARS_BONUS_MAX, YEARS_BONUS_PER_YEAR * years)
        best = SkillCredit(item.skill, min(1.0, proficiency / target), "direct", None, direct.evidence)
        if best.credit >= 1.0:
            return best
    held = candidate.implied.get(item.skill)
    if held is not None and held.confidence > 0:
        credit = min(1.0, held.confidence / target)
        if credit > best.credit:
            best = SkillCredit(item.skill, credit, "implied", held.implied_by, held.evidence)
        if best.credit >= 1.0:
            return best
    for other in taxonomy.related_to(item.skill):
        match = candidate.skills.get(other)
        if match is not None:
            credit = TRANSFER_SHARE * min(1.0, match.confidence / target)
            if credit > best.credit:
                best = SkillCredit(item.skill, credit, "transferable", other, match.evidence)
    for other, hops in _dependents_within(taxonomy, item.skill, max_hops=2).items():
        match = candidate.skills.get(other)
        if match is not None:
            credit = IMPLIED_SHARE**hops * min(1.0, match.confidence / target)
            if credit > best.credit:
                best = SkillCredit(item.skill, credit, "implied", other, match.evidence)
    return best


def _dependents_within(taxonomy: Taxonomy, skill_id: str, max_hops: int) -> dict[str, int]:
    found: dict[str, int] = {}
    frontier = {skill_id}
    for hops in range(1, max_hops + 1):
        frontier = {d for s in frontier for d in taxonomy.dependents_of(s)} - found.keys() - {skill_id}
        for dependent in frontier:
            found[dependent] = hops
    return found


def _education_gate(candidate: Candidate, role: Role) -> Gate:
    required = role.education.min_degree
    if candidate.highest_degree is None:
        return Gate("education", "unknown", required, "no degree found", UNKNOWN_GATE_FACTOR)
    gap = DEGREE_RANK[required] - DEGREE_RANK.get(candidate.highest_degree, 0)
    if gap <= 0:
        return Gate("education", "met", required, candidate.highest_degree, 1.0)
    factor = max(EDUCATION_FLOOR, 1.0 - EDUCATION_STEP_PENALTY * gap)
    return Gate("education", "not_met", required, candidate.highest_degree, factor)


def _experience_gate(candidate: Candidate, role: Role) -> Gate:
    needed = role.min_years_experience
    required = f"{needed:g}+ years"
    if needed <= 0:
        actual = "any" if candidate.years_experience is None else f"{candidate.years_experience:.1f} years"
        return Gate("experience", "met", required, actual, 1.0)
    if candidate.years_experience is None:
        return Gate("experience", "unknown", required, "no dated experience found", UNKNOWN_GATE_FACTOR)
    years = candidate.years_experience
    if years >= needed:
        return Gate("experience", "met", required, f"{years:.1f} years", 1.0)
    factor = EXPERIENCE_FLOOR + (1 - EXPERIENCE_FLOOR) * years / needed
    return Gate("experience", "not_met", required, f"{years:.1f} years", factor)


def _coverage(items: list[RoleSkill], credits: Mapping[str, SkillCredit]) -> float:
    total = sum(item.weight for item in items)
    if total == 0:
        return 0.0
    return sum(item.weight * credits[item.skill].credit for item in items) / total


def _combine(required: float, nice: float, has_nice: bool, gates: tuple[Gate, ...]) -> float:
    base = REQUIRED_SHARE * required + (1 - REQUIRED_SHARE) * (nice if has_nice else required)
    for gate in gates:
        base *= gate.factor
    return max(0.0, min(1.0, base))


def score_fit(
    candidate: Candidate,
    role: Role,
    taxonomy: Taxonomy,
    demand: Mapping[str, float] | None = None,
) -> FitScore:
    """Return the fit of ``candidate`` to ``role`` with matched, missing, gates and improvements.

    ``demand`` maps skill ids to the share of postings (in [0, 1]) that ask for them; it orders
    missing skills of equal importance by what the market wants.
    """
    required, nice = list(role.required_skills), list(role.nice_to_have_skills)
    credits = {item.skill: skill_credit(candidate, item, taxonomy) for item in (*required, *nice)}
    gates = (_education_gate(candidate, role), _experience_gate(candidate, role))
    required_cov, nice_cov = _coverage(required, credits), _coverage(nice, credits)
    score = _combine(required_cov, nice_cov, bool(nice), gates)

    matched, missing = [], []
    for item, is_required in [*((r, True) for r in required), *((n, False) for n in nice)]:
        credit = credits[item.skill]
        name = taxonomy.skills[item.skill].name
        # A skill is matched (enough credit) or missing (with its partial credit), never both.
        if credit.credit >= MISSING_BELOW and credit.via is not None:
            matched.append(
                MatchedSkill(
                    item.skill,
                    name,
                    item.weight,
                    item.level,
                    is_required,
                    round(credit.credit, 3),
                    credit.via,
                    credit.from_skill,
                    credit.evidence,
                )
            )
        else:
            share = demand.get(item.skill) if demand else None
            missing.append(
                MissingSkill(
                    item.skill,
                    name,
                    item.weight,
                    item.level,
                    is_required,
                    round(credit.credit, 3),
                    share,
                    soft=taxonomy.skills[item.skill].category == SOFT_CATEGORY,
                )
            )
    missing.sort(key=lambda m: (-_missing_priority(m), m.skill_id))
    matched.sort(key=lambda m: (not m.required, -m.weight * m.credit, m.skill_id))
    transferable = sum(
        item.weight * credits[item.skill].credit
        for item in required
        if credits[item.skill].via in ("transferable", "implied")
    ) / max(sum(item.weight for item in required), 1e-9)

    improvements = _improvements(required, nice, credits, gates, score, taxonomy)
    return FitScore(
        role_id=role.id,
        role_name=role.name,
        score=round(score, 4),
        required_coverage=round(required_cov, 4),
        nice_coverage=round(nice_cov, 4),
        transferable_credit=round(transferable, 4),
        gates=gates,
        matched=tuple(matched),
        missing=tuple(missing),
        improvements=improvements,
    )


def _missing_priority(item: MissingSkill) -> float:
    importance = item.weight * (1.0 - item.credit) * (1.0 if item.required else 0.5)
    if item.soft:
        importance *= SOFT_SKILL_PRIORITY
    return importance * (1.0 + (item.demand or 0.0))


def _improvements(
    required: list[RoleSkill],
    nice: list[RoleSkill],
    credits: dict[str, SkillCredit],
    gates: tuple[Gate, ...],
    score: float,
    taxonomy: Taxonomy,
    limit: int = 5,
) -> tuple[Improvement, ...]:
    """Return the changes that would raise the score most, each with its gain."""
    options: list[Improvement] = []
    for item in (*required, *nice):
        if credits[item.skill].credit >= 1.0:
            continue
        trial = dict(credits)
        trial[item.skill] = SkillCredit(item.skill, 1.0, "direct")
        gain = _combine(_coverage(required, trial), _coverage(nice, trial), bool(nice), gates) - score
        verb = "Learn" if credits[item.skill].credit == 0 else "Deepen"
        name = taxonomy.skills[item.skill].name
        options.append(Improvement(f"{verb} {name} to {item.level} level", round(gain, 4), item.skill))
    for gate in gates:
        if gate.status == "not_met":
            lifted = tuple(Gate(g.name, "met", g.required, g.required, 1.0) if g is gate else g for g in gates)
            gain = _combine(_coverage(required, credits), _coverage(nice, credits), bool(nice), lifted) - score
            action = (
                f"Reach a {gate.required} degree" if gate.name == "education" else f"Gain {gate.required} of experience"
            )
            options.append(Improvement(action, round(gain, 4)))
    options.sort(key=lambda o: (-o.score_gain, o.action))
    return tuple(o for o in options[:limit] if o.score_gain > 0)


def rank_roles(
    candidate: Candidate,
    catalogue: RoleCatalogue,
    demand: Mapping[str, float] | None = None,
) -> list[FitScore]:
    """Return the fit of ``candidate`` to every role, best first."""
    fits = [score_fit(candidate, role, catalogue.taxonomy, demand) for role in catalogue]
    fits.sort(key=lambda f: (-f.score, f.role_id))
    return fits
