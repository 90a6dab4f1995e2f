"""A Markdown rendering of an assessment, for sharing with a coach or saving next to a resume.

It stays string-built on purpose: Markdown is line-oriented (table rows, list items) and needs no
escaping, so f-strings read as what they produce, while a Jinja template would need whitespace
control on every tag to keep rows on one line. The HTML views are Jinja (reports/rendering.py).
"""

from __future__ import annotations

from careerpath.navigator import Assessment
from careerpath.reports.wording import demand_note

TOP_ROLES = 5


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def assessment_markdown(result: Assessment) -> str:
    """Return the assessment as a Markdown document."""
    lines = [f"# careerpath assessment: {result.source}", ""]
    cand = result.candidate
    years = "unknown" if cand.years_experience is None else f"{cand.years_experience:.1f}"
    lines += [
        f"- Experience: {years} years",
        f"- Highest degree: {cand.highest_degree or 'not found'}",
        f"- Skills found: {len(result.skills)}",
        "",
        "## Best-fitting roles",
        "",
        "| # | Role | Fit | Required | Nice-to-have | Top missing |",
        "|---|---|---|---|---|---|",
    ]
    for rank, fit in enumerate(result.fits[:TOP_ROLES], 1):
        missing = ", ".join(m.name for m in fit.missing[:3]) or "-"
        lines.append(
            f"| {rank} | {fit.role_name} | {_pct(fit.score)} | {_pct(fit.required_coverage)} "
            f"| {_pct(fit.nice_coverage)} | {missing} |"
        )
    target = result.target
    lines += ["", f"## Why {target.role_name}", "", "Matched skills:", ""]
    for m in target.matched:
        quote = m.evidence[0].text if m.evidence else ""
        via = "" if m.via == "direct" else f" ({m.via} from {m.from_skill})"
        lines.append(f'- **{m.name}** ({m.level}, credit {_pct(m.credit)}){via}: "{quote}"')
    lines += ["", "Missing, most important first:", ""]
    for gap in target.missing:
        note = demand_note(gap.demand, result.demand_period)
        partial = f", partial credit {_pct(gap.credit)}" if gap.credit > 0 else ""
        demand = f", {note}" if note else ""
        lines.append(f"- {gap.name} ({'required' if gap.required else 'nice to have'}, {gap.level}{partial}{demand})")
    if result.esco_skills:
        lines += ["", "ESCO skills (second tier, from sentences the curated skills leave unexplained):", ""]
        lines += [f'- [{link.label}]({link.uri}) ({link.score:.2f}): "{link.sentence}"' for link in result.esco_skills]
    lines += ["", "Gates:", ""]
    for g in target.gates:
        lines.append(f"- {g.name}: {g.status} (needs {g.required}; has {g.actual})")
    if target.improvements:
        lines += ["", "What would move this role up:", ""]
        for imp in target.improvements:
            lines.append(f"- {imp.action}: +{100 * imp.score_gain:.1f} points")
    plan = result.plan
    lines += [
        "",
        f"## Learning plan: {plan.total_hours:g} hours, {plan.total_weeks} weeks at {plan.hours_per_week:g} h/week",
        "",
        "| # | Weeks | Skill | Hours | Why | Resources |",
        "|---|---|---|---|---|---|",
    ]
    for s in plan.steps:
        res = "; ".join(f"{r.title} ({r.provider})" for r in s.resources[:2]) or "-"
        lines.append(f"| {s.order} | {s.start_week}-{s.end_week} | {s.name} | {s.hours:g} | {s.reason} | {res} |")
    if plan.projects:
        lines += ["", "Portfolio projects:", ""]
        for p in plan.projects:
            lines.append(
                f"- Weeks {p.start_week}-{p.end_week}: **{p.project.title}** on {p.project.dataset.name} "
                f"({p.project.dataset.provider}) — {p.project.description}"
            )
    if plan.milestones:
        lines += ["", "Milestones:", ""]
        lines += [f"- Week {m.week}: {m.title}" for m in plan.milestones]
    return "\n".join(lines) + "\n"
