"""Plain-dict (JSON), Markdown and HTML views of a posting fit and of a match run (docs/json.md)."""

from __future__ import annotations

from typing import Any

from careerpath.jobs.fit import FIT_NAME, GateFit, PostingFit, RequirementFit
from careerpath.jobs.fusion import FEATURES, bundled_fusion
from careerpath.jobs.matching import DEFAULT_WEIGHTS, V2_NAME, MatchResult, MatchRun
from careerpath.jobs.requirements import READER_NAME, Span
from careerpath.reports.rendering import render_report
from careerpath.reports.serialize import evidence_dict, plan_dict

FIT_SCHEMA = "careerpath.posting_fit/1"
MATCHES_SCHEMA = "careerpath.matches/1"
EXPLAIN_ITEMS = 5


def span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def item_dict(item: RequirementFit) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "name": item.name,
        "skill": item.skill_id,
        "status": item.status,
        "weight": item.weight,
        "credit": item.credit,
        "level": item.level,
        "from_skill": item.from_skill,
        "hours": item.hours,
        "detail": item.detail,
        "posting_evidence": span_dict(item.posting_evidence),
        "resume_evidence": [evidence_dict(e) for e in item.resume_evidence[:3]],
    }


def gate_dict(gate: GateFit) -> dict[str, Any]:
    return {
        "name": gate.name,
        "required": gate.required,
        "actual": gate.actual,
        "status": gate.status,
        "hard": gate.hard,
        "factor": gate.factor,
        "posting_evidence": span_dict(gate.posting_evidence),
    }


def posting_fit_dict(fit: PostingFit, *, with_plan: bool = True) -> dict[str, Any]:
    """The stable shape of one posting fit (schema ``careerpath.posting_fit/1``)."""
    req = fit.requirements
    salary = req.salary
    return {
        "schema": FIT_SCHEMA,
        "reader": READER_NAME,
        "scorer": FIT_NAME,
        "posting": {
            "id": req.posting_id,
            "title": req.title,
            "company": req.company,
            "role": req.role_id,
            "seniority": req.seniority,
            "location": req.location,
            "remote": req.remote,
            "min_years": req.min_years,
            "degree": req.degree,
            "degree_required": req.degree_required,
            "clearance": req.clearance,
            "salary": None
            if salary is None
            else {
                "min": salary.min_amount,
                "max": salary.max_amount,
                "currency": salary.currency,
                "period": salary.period,
                "usd_yearly": salary.usd_yearly,
            },
            "skills_from_role_template": not req.skills,
        },
        "score": fit.score,
        "parts": {
            "required_coverage": fit.required_coverage,
            "nice_coverage": fit.nice_coverage,
            "gate_factor": fit.gate_factor,
        },
        "requirements": [item_dict(i) for i in fit.items],
        "gates": [gate_dict(g) for g in fit.gates],
        "counts": {s: len(fit.with_status(s)) for s in ("met", "transferable", "proof_gap", "missing", "hard_gate")},
        "plan": plan_dict(fit.plan) if (with_plan and fit.plan is not None) else None,
    }


def _explained(fit: PostingFit | None) -> tuple[list[RequirementFit], list[RequirementFit]]:
    if fit is None:
        return [], []
    have = [i for i in fit.items if i.status in ("met", "transferable")]
    have.sort(key=lambda i: (i.kind != "required", -i.weight * i.credit))
    lack = [i for i in fit.items if i.status in ("missing", "proof_gap", "hard_gate")]
    lack.sort(key=lambda i: (i.status != "hard_gate", i.kind != "required", -i.weight))
    return have[:EXPLAIN_ITEMS], lack[:EXPLAIN_ITEMS]


def match_result_dict(rank: int, result: MatchResult) -> dict[str, Any]:
    posting = result.posting
    have, lack = _explained(result.fit)
    return {
        "rank": rank,
        "posting_id": result.posting_id,
        "title": getattr(posting, "title", None),
        "company": getattr(posting, "company", None),
        "location": getattr(posting, "location", None),
        "remote": getattr(posting, "remote", None),
        "role": getattr(posting, "role_id", None),
        "seniority": getattr(posting, "seniority", None),
        "salary_usd_yearly": getattr(posting, "salary_usd_yearly", None),
        "posted_on": str(posting.posted_on) if posting is not None and posting.posted_on else None,
        "url": getattr(posting, "url", None),
        "score": result.score,
        "parts": {
            "requirement_fit": result.parts.requirement_fit,
            "similarity": result.parts.similarity,
            "role_fit": result.parts.role_fit,
            "seniority_fit": result.parts.seniority_fit,
            "lexical": result.parts.lexical,
        },
        "matched": [item_dict(i) for i in have],
        "missing": [item_dict(i) for i in lack],
        "hard_gates": [gate_dict(g) for g in result.fit.hard_gates] if result.fit else [],
        "duplicates": list(result.duplicates),
    }


def score_weights(matcher: str) -> dict[str, float]:
    """What the score of ``matcher`` weighs: v2's part weights, or the fusion's feature weights (docs/matching.md)."""
    if matcher == V2_NAME:
        return {
            "requirement_fit": DEFAULT_WEIGHTS.fit,
            "similarity": DEFAULT_WEIGHTS.similarity,
            "role_fit": DEFAULT_WEIGHTS.role,
            "seniority_fit": DEFAULT_WEIGHTS.seniority,
            "lexical": DEFAULT_WEIGHTS.lexical,
            "evidence_k": DEFAULT_WEIGHTS.evidence_k,
        }
    fusion = bundled_fusion()
    return {name: round(float(w), 6) for name, w in zip(FEATURES, fusion.weights.tolist(), strict=True)}


def matches_dict(run: MatchRun, source: str) -> dict[str, Any]:
    """The stable shape of a match run (schema ``careerpath.matches/1``)."""
    return {
        "schema": MATCHES_SCHEMA,
        "matcher": run.matcher,
        "weights": score_weights(run.matcher),
        "source": source,
        "similarity": run.similarity,
        "semantic": run.semantic,
        "considered": run.considered,
        "scored": run.candidates,
        "notes": list(run.notes),
        "results": [match_result_dict(rank, r) for rank, r in enumerate(run.results, 1)],
    }


_STATUS_LABEL = {
    "met": "met",
    "transferable": "transferable",
    "proof_gap": "proof gap",
    "missing": "missing",
    "hard_gate": "HARD GATE",
}


def _resume_quote(item: RequirementFit) -> str:
    if not item.resume_evidence:
        return ""
    first = item.resume_evidence[0]
    return (first.sentence or first.text).strip()


def posting_fit_markdown(fit: PostingFit) -> str:
    req = fit.requirements
    lines = [
        f"# Fit: {req.title or 'posting'}",
        "",
        f"Score **{fit.score:.0%}** (required skills {fit.required_coverage:.0%}, nice-to-have "
        f"{fit.nice_coverage:.0%}, gates x{fit.gate_factor:.2f})",
        "",
        "| Requirement | Kind | Status | Resume evidence | Posting says | Hours |",
        "|---|---|---|---|---|---|",
    ]
    for item in fit.items:
        posting = item.posting_evidence.text if item.posting_evidence else ""
        evidence = _resume_quote(item) or item.detail
        hours = f"{item.hours:g}" if item.hours else ""
        cells = [item.name, item.kind, _STATUS_LABEL[item.status], evidence, posting, hours]
        lines.append("| " + " | ".join(c.replace("|", "/").replace("\n", " ") for c in cells) + " |")
    if fit.gates:
        lines += ["", "## Gates", ""]
        lines += [f"- {g.name}: needs {g.required}, you have {g.actual} ({g.status})" for g in fit.gates]
    if fit.plan is not None and fit.plan.steps:
        lines += ["", f"## Plan for this job ({fit.plan.total_hours:g} h, {fit.plan.total_weeks} weeks)", ""]
        lines += [
            f"{s.order}. {s.name} ({s.hours:g} h, weeks {s.start_week}-{s.end_week}): {s.reason}"
            for s in fit.plan.steps
        ]
    return "\n".join(lines) + "\n"


def posting_fit_html(fit: PostingFit) -> str:
    """One standalone page (reports/templates/posting_fit.html) from the posting fit's JSON view."""
    return render_report("posting_fit.html", fit=posting_fit_dict(fit))
