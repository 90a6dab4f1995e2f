"""Plain-dict views of core results: the documented, stable JSON shapes (docs/json.md)."""

from __future__ import annotations

from typing import Any

from careerpath.navigator import Assessment, RoleMarket
from careerpath.plans.learning import LearningPlan
from careerpath.plans.models import Resource
from careerpath.reports.wording import demand_note
from careerpath.roles.candidate import Candidate
from careerpath.roles.fit import FitScore
from careerpath.roles.models import Role
from careerpath.skills.matches import Evidence, SkillMatch
from careerpath.skills.models import Skill
from careerpath.skills.proficiency import proficiency

ASSESSMENT_SCHEMA = "careerpath.assessment/1"


def evidence_dict(item: Evidence) -> dict[str, Any]:
    return {
        "text": item.text,
        "start": item.start,
        "end": item.end,
        "section": item.section,
        "strength": item.strength,
        "sentence": item.sentence,
    }


def skill_match_dict(match: SkillMatch, years: float | None = None) -> dict[str, Any]:
    return {
        "id": match.skill_id,
        "name": match.name,
        "category": match.category,
        "confidence": match.confidence,
        "level": proficiency(match, years or 0.0),
        "strength": match.strongest,
        "source": match.source,
        "implied_by": match.implied_by,
        "esco_uri": match.esco_uri,
        "years": years,
        "evidence": [evidence_dict(e) for e in match.evidence],
        "evidence_count": match.evidence_count,  # all mentions; "evidence" keeps the strongest few
    }


def resource_dict(resource: Resource) -> dict[str, Any]:
    return {
        "id": resource.id,
        "title": resource.title,
        "type": resource.type,
        "provider": resource.provider,
        "free": resource.free,
        "hours": resource.hours,
        "level": resource.level,
        "url": resource.url,
    }


def market_dict(market: RoleMarket | None) -> dict[str, Any] | None:
    if market is None:
        return None
    return {
        "salary_p25_usd": market.salary_p25_usd,
        "salary_median_usd": market.salary_median_usd,
        "salary_p75_usd": market.salary_p75_usd,
        "salary_count": market.salary_count,
        "source": market.source,
    }


def held_level(candidate: Candidate | None, skill_id: str) -> str | None:
    """The person's level in a skill, stated or implied (the stronger); None without a candidate."""
    return None if candidate is None else candidate.level(skill_id)


def fit_dict(
    fit: FitScore, market: RoleMarket | None = None, demand_period: str = "", candidate: Candidate | None = None
) -> dict[str, Any]:
    return {
        "role": fit.role_id,
        "role_name": fit.role_name,
        "score": fit.score,
        "parts": {
            "required_coverage": fit.required_coverage,
            "nice_coverage": fit.nice_coverage,
            "transferable_credit": fit.transferable_credit,
        },
        "gates": [
            {
                "name": g.name,
                "status": g.status,
                "required": g.required,
                "actual": g.actual,
                "factor": g.factor,
            }
            for g in fit.gates
        ],
        "matched": [
            {
                "skill": m.skill_id,
                "name": m.name,
                "weight": m.weight,
                "level": m.level,
                "held_level": held_level(candidate, m.skill_id),
                "required": m.required,
                "credit": m.credit,
                "via": m.via,
                "from_skill": m.from_skill,
                "evidence": [evidence_dict(e) for e in m.evidence],
            }
            for m in fit.matched
        ],
        "missing": [
            {
                "skill": m.skill_id,
                "name": m.name,
                "weight": m.weight,
                "level": m.level,
                "required": m.required,
                "credit": m.credit,
                "held_level": held_level(candidate, m.skill_id),
                "demand": m.demand,
                "demand_note": demand_note(m.demand, demand_period),
            }
            for m in fit.missing
        ],
        "improvements": [
            {"action": i.action, "score_gain": i.score_gain, "skill": i.skill_id} for i in fit.improvements
        ],
        "market": market_dict(market),
    }


def plan_dict(plan: LearningPlan) -> dict[str, Any]:
    return {
        "role": plan.role_id,
        "role_name": plan.role_name,
        "hours_per_week": plan.hours_per_week,
        "total_hours": plan.total_hours,
        "total_weeks": plan.total_weeks,
        "steps": [
            {
                "order": s.order,
                "skill": s.skill_id,
                "name": s.name,
                "category": s.category,
                "hours": s.hours,
                "week": s.start_week,
                "start_week": s.start_week,
                "end_week": s.end_week,
                "reason": s.reason,
                "kind": s.kind,
                "level_now": s.level_now,
                "level_target": s.level_target,
                "target": s.target,
                "prerequisites": list(s.prerequisites),
                "resources": [resource_dict(r) for r in s.resources],
            }
            for s in plan.steps
        ],
        "projects": [
            {
                "id": p.project.id,
                "title": p.project.title,
                "description": p.project.description,
                "dataset": p.project.dataset.model_dump(),
                "hours": p.project.hours,
                "start_week": p.start_week,
                "end_week": p.end_week,
                "skills": list(p.skills_shown),
            }
            for p in plan.projects
        ],
        "milestones": [{"week": m.week, "title": m.title} for m in plan.milestones],
        "already_done": list(plan.already_done),
    }


def assessment_dict(result: Assessment) -> dict[str, Any]:
    """Return the stable JSON shape of an assessment (schema ``careerpath.assessment/1``)."""
    profile = result.profile
    years = result.candidate.skill_years
    return {
        "schema": ASSESSMENT_SCHEMA,
        "source": result.source,
        "profile": {
            "name": profile.name if profile else None,
            "years_experience": result.candidate.years_experience,
            "highest_degree": result.candidate.highest_degree,
            "degree_fields": list(result.candidate.degree_fields),
            "experience": [
                {
                    "title": e.title,
                    "company": e.company,
                    "start": e.start.isoformat() if e.start else None,
                    "end": e.end.isoformat() if e.end else None,
                    "current": e.current,
                    "years": round(e.years, 2),
                }
                for e in (profile.experience if profile else ())
            ],
            "education": [
                {
                    "degree_level": e.degree_level,
                    "field": e.field,
                    "institution": e.institution,
                    "year": e.year,
                }
                for e in (profile.education if profile else ())
            ],
            "certifications": list(profile.certifications) if profile else [],
        },
        "skills": [skill_match_dict(m, years.get(m.skill_id)) for m in result.skills],
        "esco_skills": [
            {
                "uri": link.uri,
                "label": link.label,
                "score": round(link.score, 4),
                "sentence": link.sentence,
                "start": link.start,
                "end": link.end,
                "design": link.design,
            }
            for link in result.esco_skills
        ],
        "demand_period": result.demand_period or None,
        "fits": [
            fit_dict(f, result.market.get(f.role_id), result.demand_period, result.candidate) for f in result.fits
        ],
        "target_role": result.target.role_id,
        "plan": plan_dict(result.plan),
    }


def skill_dict(skill: Skill) -> dict[str, Any]:
    return skill.model_dump(mode="json")


def role_dict(role: Role, market: RoleMarket | None = None) -> dict[str, Any]:
    data = role.model_dump(mode="json")
    data["market"] = market_dict(market)
    return data
