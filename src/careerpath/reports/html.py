"""A self-contained HTML page of an assessment (no scripts, no external assets)."""

from __future__ import annotations

from html import escape

from careerpath.navigator import Assessment
from careerpath.reports.wording import demand_note

_STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border-bottom:1px solid #ddd;padding:.35rem;
text-align:left;vertical-align:top}th{background:#f4f4f4}.bar{background:#3b82f6;height:.7rem;border-radius:3px}
.muted{color:#666}mark{background:#fff3b0}
"""


def _bar(value: float) -> str:
    return f'<div class="bar" style="width:{max(2, round(100 * value))}%"></div>{100 * value:.0f}%'


def assessment_html(result: Assessment) -> str:
    """Return the assessment as one HTML document."""
    e = escape
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>careerpath: {e(result.source)}</title><style>{_STYLE}</style><body>",
        f"<h1>careerpath assessment</h1><p class=muted>{e(result.source)} · {len(result.skills)} skills found</p>",
        "<h2>Roles ranked by fit</h2><table><tr><th>#</th><th>Role</th><th>Fit</th><th>Top missing</th></tr>",
    ]
    for rank, fit in enumerate(result.fits, 1):
        missing = ", ".join(e(m.name) for m in fit.missing[:3])
        parts.append(f"<tr><td>{rank}</td><td>{e(fit.role_name)}</td><td>{_bar(fit.score)}</td><td>{missing}</td></tr>")
    parts.append("</table>")
    target = result.target
    parts.append(f"<h2>{e(target.role_name)}: why</h2><table><tr><th>Skill</th><th>Credit</th><th>Evidence</th></tr>")
    for m in target.matched:
        quote = e(m.evidence[0].sentence or m.evidence[0].text) if m.evidence else ""
        if m.evidence:
            quote = quote.replace(e(m.evidence[0].text), f"<mark>{e(m.evidence[0].text)}</mark>", 1)
        via = "" if m.via == "direct" else f" <span class=muted>({e(m.via)} from {e(m.from_skill or '')})</span>"
        parts.append(f"<tr><td>{e(m.name)}{via}</td><td>{_bar(m.credit)}</td><td>{quote}</td></tr>")
    parts.append("</table><h3>Missing</h3><ul>")
    for gap in target.missing:
        note = demand_note(gap.demand, result.demand_period)
        extra = (f", partial credit {100 * gap.credit:.0f}%" if gap.credit > 0 else "") + (
            f", {e(note)}" if note else ""
        )
        parts.append(
            f"<li>{e(gap.name)} ({'required' if gap.required else 'nice to have'}, {e(gap.level)}{extra})</li>"
        )
    if result.esco_skills:
        parts.append("</ul><h3>ESCO skills</h3><p class=muted>Second tier: linked from sentences the curated skills")
        parts.append(" leave unexplained.</p><ul>")
        for link in result.esco_skills:
            parts.append(f'<li><a href="{e(link.uri)}">{e(link.label)}</a> ({link.score:.2f}): {e(link.sentence)}</li>')
    parts.append("</ul><h3>What would move this role up</h3><ul>")
    for imp in target.improvements:
        parts.append(f"<li>{e(imp.action)}: +{100 * imp.score_gain:.1f} points</li>")
    plan = result.plan
    parts.append(
        f"</ul><h2>Learning plan</h2><p>{plan.total_hours:g} hours · {plan.total_weeks} weeks at "
        f"{plan.hours_per_week:g} h/week</p><table><tr><th>Weeks</th><th>Skill</th><th>Hours</th>"
        "<th>Why</th><th>Resources</th></tr>"
    )
    for s in plan.steps:
        res = "<br>".join(
            (f'<a href="{e(r.url)}">{e(r.title)}</a>' if r.url else e(r.title))
            + f" <span class=muted>{e(r.provider)}</span>"
            for r in s.resources
        )
        parts.append(
            f"<tr><td>{s.start_week}–{s.end_week}</td><td>{e(s.name)}</td><td>{s.hours:g}</td>"
            f"<td>{e(s.reason)}</td><td>{res}</td></tr>"
        )
    parts.append("</table><h3>Portfolio projects</h3><ul>")
    for p in plan.projects:
        parts.append(
            f"<li>Weeks {p.start_week}–{p.end_week}: <b>{e(p.project.title)}</b> on {e(p.project.dataset.name)} "
            f"({e(p.project.dataset.provider)}). {e(p.project.description)}</li>"
        )
    parts.append("</ul><h3>Milestones</h3><ul>")
    parts += [f"<li>Week {m.week}: {e(m.title)}</li>" for m in plan.milestones]
    parts.append("</ul></body></html>")
    return "\n".join(parts)
