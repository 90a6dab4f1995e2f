"""The fit of one person to one posting: each requirement met, transferable, a proof gap, missing
or a hard gate, a score with its parts, and the shortest plan that closes this job's gap.

The posting's skills become a one-off role (required skills weighted as the posting states them,
nice-to-haves at half weight, its degree and years as gates) and go through the same fit model
(roles/fit.py, docs/scoring.md) and planner (plans/learning.py) as the catalogue roles, so a skill
counts the same whether a role or a posting asks for it.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from careerpath.jobs.requirements import Kind, PostingRequirements, SkillRequirement, Span
from careerpath.plans.catalogue import LearningCatalogue
from careerpath.plans.learning import LearningPlan, plan_learning
from careerpath.roles.candidate import DEGREE_RANK, Candidate
from careerpath.roles.fit import (
    EDUCATION_FLOOR,
    EDUCATION_STEP_PENALTY,
    EXPERIENCE_FLOOR,
    MISSING_BELOW,
    REQUIRED_SHARE,
    UNKNOWN_GATE_FACTOR,
    FitScore,
    score_fit,
    skill_credit,
)
from careerpath.roles.models import Education, Role, RoleSkill, SeniorityBand
from careerpath.skills.matches import Evidence
from careerpath.skills.taxonomy import Taxonomy

FIT_NAME = "posting-fit.v1"

Status = Literal["met", "transferable", "proof_gap", "missing", "hard_gate"]
GateStatus = Literal["met", "not_met", "unknown"]


@dataclass(frozen=True)
class RequirementFit:
    """One requirement of the posting and where the person stands on it."""

    kind: str  # "required", "nice" or a gate name: "years", "degree", "clearance", "location"
    name: str
    status: Status
    skill_id: str | None = None
    weight: float = 0.0
    credit: float = 0.0
    posting_evidence: Span | None = None
    resume_evidence: tuple[Evidence, ...] = ()
    level: str | None = None  # how strongly the resume claims it ("led", "used", "mentioned", "hedged")
    from_skill: str | None = None  # transferable: the skill the credit comes from
    hours: float | None = None  # missing or partly met: hours to learn (taxonomy estimate)
    detail: str = ""


@dataclass(frozen=True)
class GateFit:
    name: str
    required: str
    actual: str
    status: GateStatus
    hard: bool
    factor: float
    posting_evidence: Span | None = None


@dataclass(frozen=True)
class PostingFit:
    """The whole answer for one person and one posting; ``score`` in [0, 1] = skill part x gate factors."""

    requirements: PostingRequirements
    score: float
    required_coverage: float
    nice_coverage: float
    gate_factor: float
    items: tuple[RequirementFit, ...]
    gates: tuple[GateFit, ...]
    plan: LearningPlan | None
    fit: FitScore
    scorer: str = FIT_NAME
    fit_role_skills: tuple[RoleSkill, ...] = ()  # what was scored: the posting's skills or the role template

    def with_status(self, *statuses: Status) -> tuple[RequirementFit, ...]:
        return tuple(item for item in self.items if item.status in statuses)

    @property
    def hard_gates(self) -> tuple[GateFit, ...]:
        return tuple(g for g in self.gates if g.hard and g.status == "not_met")


def posting_role(requirements: PostingRequirements, fallback: Role | None = None) -> Role:
    """The posting as a role the fit model can score; ``fallback`` (the catalogue role) when it names no skill."""
    required = [
        RoleSkill.model_construct(skill=s.skill_id, weight=s.weight, level="intermediate")
        for s in requirements.required
    ]
    nice = [
        RoleSkill.model_construct(skill=s.skill_id, weight=s.weight, level="intermediate") for s in requirements.nice
    ]
    if not required and not nice and fallback is not None:
        required, nice = list(fallback.required_skills), list(fallback.nice_to_have_skills)
    degree = requirements.degree if requirements.degree_required and requirements.degree else "none"
    return Role.model_construct(
        id=requirements.role_id or "posting",
        name=requirements.title or "this posting",
        title_aliases=[],
        family="posting",
        specialization=None,
        summary="",
        responsibilities=[],
        required_skills=required,
        nice_to_have_skills=nice,
        education=Education.model_construct(min_degree=degree, typical_degrees=[], fields=[], notes=""),
        experience=[SeniorityBand.model_construct(seniority="mid", min_years=0, max_years=None, expectations="")],
        min_years_experience=requirements.min_years or 0.0,
        related_roles=[],
        transitions=[],
        onet_soc=[],
        esco_occupations=[],
    )


def fit_posting(
    candidate: Candidate,
    requirements: PostingRequirements,
    taxonomy: Taxonomy,
    learning: LearningCatalogue | None = None,
    *,
    fallback_role: Role | None = None,
    resume_text: str = "",
    location: str | None = None,
    hours_per_week: float = 10.0,
    done: Collection[str] = (),
    demand: Mapping[str, float] | None = None,
) -> PostingFit:
    """Return how ``candidate`` fits the posting, requirement by requirement, with a plan when ``learning`` is given.

    ``resume_text`` lets the clearance gate look for a stated clearance; ``location`` (where the
    person is or wants to work) checks an on-site posting's location.
    """
    role = posting_role(requirements, fallback_role)
    fit = score_fit(candidate, role, taxonomy, demand)
    matched: dict[str, object] = {m.skill_id: m for m in fit.matched}
    # Partial credit through a related skill is listed as missing by the role fit (issue 9); for one
    # posting it is still worth naming where it comes from, so it stays "transferable" here.
    for item in (*role.required_skills, *role.nice_to_have_skills):
        if item.skill not in matched:
            credit = skill_credit(candidate, item, taxonomy)
            if credit.via in ("transferable", "implied") and credit.credit > 0:
                matched[item.skill] = credit
    skills: list[SkillRequirement] = list(requirements.skills)
    if not skills:  # no description: the role template stands in, without posting evidence
        skills = [
            SkillRequirement(i.skill, taxonomy.skills[i.skill].name, kind, i.weight, "role template", Span("", 0, 0))
            for kind, items in _template(role)
            for i in items
        ]
    items = [_skill_item(s, matched.get(s.skill_id), candidate, taxonomy) for s in skills]
    gates = _gates(fit, requirements, resume_text, location)
    factor = math.prod(g.factor for g in gates)
    extra = math.prod(g.factor for g in gates if g.name in ("clearance", "location"))
    score = max(0.0, min(1.0, fit.score * extra))
    for gate in gates:
        if gate.hard and gate.status == "not_met":
            items.append(
                RequirementFit(
                    gate.name,
                    gate.required,
                    "hard_gate",
                    posting_evidence=gate.posting_evidence,
                    detail=f"you have: {gate.actual}",
                )
            )
    plan = None
    if learning is not None:
        plan = plan_learning(
            fit, candidate, taxonomy, learning, hours_per_week=hours_per_week, done=done, demand=demand
        )
    return PostingFit(
        requirements=requirements,
        score=round(score, 4),
        required_coverage=fit.required_coverage,
        nice_coverage=fit.nice_coverage,
        gate_factor=round(factor, 4),
        items=tuple(items),
        gates=tuple(gates),
        plan=plan,
        fit=fit,
        fit_role_skills=(*role.required_skills, *role.nice_to_have_skills),
    )


def _template(role: Role) -> list[tuple[Kind, list[RoleSkill]]]:
    return [("required", list(role.required_skills)), ("nice", list(role.nice_to_have_skills))]


def _skill_item(req: SkillRequirement, matched: object, candidate: Candidate, taxonomy: Taxonomy) -> RequirementFit:
    skill = taxonomy.skills[req.skill_id]
    span = req.evidence if req.evidence.text else None
    credit = float(getattr(matched, "credit", 0.0) or 0.0)
    hours = float(math.ceil(skill.hours * (1.0 - min(credit, 0.9)))) if credit < MISSING_BELOW else None
    base = RequirementFit(
        kind=req.kind,
        name=req.name,
        status="missing",
        skill_id=req.skill_id,
        weight=req.weight,
        credit=round(credit, 3),
        posting_evidence=span,
        hours=hours,
    )
    if matched is None:
        return replace(base, detail=req.how)
    via = getattr(matched, "via", None)
    evidence = tuple(getattr(matched, "evidence", ()))
    if via == "direct":
        own = candidate.skills.get(req.skill_id)
        level = own.strongest if own is not None else None
        # A hedged claim ("some exposure to") is plausible but not evidenced, whatever its credit.
        status: Status = "met" if credit >= MISSING_BELOW and level != "hedged" else "proof_gap"
        detail = "" if status == "met" else f"only {level} in the resume: show it in a project or a described role"
        return replace(base, status=status, resume_evidence=evidence, level=level, detail=detail)
    from_skill = getattr(matched, "from_skill", None)
    from_name = taxonomy.skills[from_skill].name if from_skill and from_skill in taxonomy else from_skill
    return replace(
        base, status="transferable", resume_evidence=evidence, from_skill=from_skill, detail=f"from {from_name} ({via})"
    )


def _gates(fit: FitScore, req: PostingRequirements, resume_text: str, location: str | None) -> list[GateFit]:
    spans = {g.name: g.evidence for g in req.gates}
    out: list[GateFit] = []
    for gate in fit.gates:
        if gate.name == "experience" and req.min_years:
            out.append(GateFit("years", gate.required, gate.actual, gate.status, True, gate.factor, spans.get("years")))
        elif gate.name == "education" and req.degree:
            hard = req.degree_required
            status: GateStatus = gate.status if hard else "met"
            actual = gate.actual
            if not hard:
                out.append(
                    GateFit("degree", f"{req.degree} (preferred)", actual, status, False, 1.0, spans.get("degree"))
                )
            else:
                out.append(GateFit("degree", req.degree, actual, gate.status, True, gate.factor, spans.get("degree")))
    if req.clearance:
        stated = "clearance" in resume_text.lower()
        out.append(
            GateFit(
                "clearance",
                "security clearance / citizenship",
                "stated in resume" if stated else "not stated in resume",
                "met" if stated else "unknown",
                True,
                1.0 if stated else UNKNOWN_GATE_FACTOR,
                spans.get("clearance"),
            )
        )
    if req.remote is False and req.location:
        if location:
            ok = _same_place(location, req.location)
            out.append(
                GateFit(
                    "location",
                    req.location,
                    location,
                    "met" if ok else "not_met",
                    True,
                    1.0 if ok else 0.5,
                    spans.get("location"),
                )
            )
        else:
            out.append(
                GateFit(
                    "location",
                    f"on site: {req.location}",
                    "no location given",
                    "unknown",
                    True,
                    1.0,
                    spans.get("location"),
                )
            )
    return out


def _same_place(wanted: str, posting: str) -> bool:
    """True when any comma-separated part of ``wanted`` ("Boston, MA") appears in the posting's location."""
    have = posting.lower()
    return any(part.strip() and part.strip() in have for part in wanted.lower().split(","))


class RequirementScorer:
    """``fit_posting``'s score without its explanation, for ranking many postings for one person.

    A skill's credit depends only on the person and the skill, so it is computed once per query and
    reused across postings; the combination and the gates are those of roles/fit.py (the tests check
    that both give the same score).
    """

    def __init__(self, candidate: Candidate, taxonomy: Taxonomy) -> None:
        self.candidate = candidate
        self.taxonomy = taxonomy
        self._credits: dict[str, float] = {}

    def credit(self, skill_id: str) -> float:
        if skill_id not in self._credits:
            item = RoleSkill.model_construct(skill=skill_id, weight=1.0, level="intermediate")
            self._credits[skill_id] = skill_credit(self.candidate, item, self.taxonomy).credit
        return self._credits[skill_id]

    def score(self, skills: Sequence[tuple[str, float, bool]], min_years: float | None, degree: str | None) -> float:
        """The fit to a posting asking for ``skills`` (id, weight, required), years and a required degree."""
        known = [(s, w, r) for s, w, r in skills if s in self.taxonomy]
        required = [(w, self.credit(s)) for s, w, r in known if r]
        nice = [(w, self.credit(s)) for s, w, r in known if not r]
        req_cov, nice_cov = _weighted(required), _weighted(nice)
        base = REQUIRED_SHARE * req_cov + (1 - REQUIRED_SHARE) * (nice_cov if nice else req_cov)
        return max(0.0, min(1.0, base * self.gate_factor(min_years, degree)))

    def gate_factor(self, min_years: float | None, degree: str | None) -> float:
        """The product of the degree and experience gates for a posting's minimums."""
        return self._education(degree) * self._experience(min_years)

    def _education(self, degree: str | None) -> float:
        required = degree or "none"
        if self.candidate.highest_degree is None:
            return UNKNOWN_GATE_FACTOR
        gap = DEGREE_RANK[required] - DEGREE_RANK.get(self.candidate.highest_degree, 0)
        return 1.0 if gap <= 0 else max(EDUCATION_FLOOR, 1.0 - EDUCATION_STEP_PENALTY * gap)

    def _experience(self, needed: float | None) -> float:
        if not needed or needed <= 0:
            return 1.0
        years = self.candidate.years_experience
        if years is None:
            return UNKNOWN_GATE_FACTOR
        return 1.0 if years >= needed else EXPERIENCE_FLOOR + (1 - EXPERIENCE_FLOOR) * years / needed


def _weighted(items: Sequence[tuple[float, float]]) -> float:
    total = sum(w for w, _ in items)
    return sum(w * c for w, c in items) / total if total else 0.0
