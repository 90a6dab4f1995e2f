"""Rich renderings of core results for the terminal. JSON, Markdown and HTML live in reports/."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from careerpath.cli.common import console
from careerpath.navigator import Assessment, RoleMarket
from careerpath.plans.catalogue import LearningCatalogue
from careerpath.plans.learning import LearningPlan
from careerpath.reports.wording import demand_note
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.models import Role
from careerpath.skills.matches import SkillMatch
from careerpath.skills.models import Skill
from careerpath.skills.taxonomy import Taxonomy


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _bar(value: float, width: int = 12) -> Text:
    filled = round(value * width)
    return Text("█" * filled, style="green") + Text("░" * (width - filled), style="dim") + Text(f" {_pct(value)}")


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value / 1000:,.0f}k"


def _target(output: Path | None) -> Console:
    if output is None:
        return console
    output.parent.mkdir(parents=True, exist_ok=True)
    return Console(file=output.open("w", encoding="utf-8"), width=120, no_color=True)


def _close(out: Console, output: Path | None) -> None:
    """Close the report file a Console opened for ``output`` (the terminal is never closed)."""
    if output is not None and out is not console:
        out.file.close()


def assessment(result: Assessment, top: int = 8, output: Path | None = None) -> None:
    out = _target(output)
    cand = result.candidate
    years = "unknown" if cand.years_experience is None else f"{cand.years_experience:.1f}"
    out.print(
        f"[bold]{result.source}[/bold]: {len(result.skills)} skills found · {years} years of experience · "
        f"highest degree: {cand.highest_degree or 'not found'}",
        highlight=False,
    )
    table = Table(title="AI/ML roles ranked by fit", title_justify="left")
    for column in ("#", "Role", "Fit", "Required", "Matched (top)", "Missing (top)", "Median pay"):
        table.add_column(column, overflow="fold", max_width=42 if "top" in column else None)
    for rank, fit in enumerate(result.fits[:top], 1):
        market = result.market.get(fit.role_id)
        table.add_row(
            str(rank),
            fit.role_name,
            _bar(fit.score),
            _pct(fit.required_coverage),
            ", ".join(m.name for m in fit.matched[:3]),
            ", ".join(m.name for m in fit.missing[:3]),
            _money(market.salary_median_usd if market else None),
        )
    out.print(table)
    fit = result.target
    out.print(f"\n[bold]Why {fit.role_name}[/bold] (fit {_pct(fit.score)})", highlight=False)
    detail = Table(show_header=True)
    for column in ("Matched skill", "Credit", "Evidence"):
        detail.add_column(column)
    for m in fit.matched[:12]:
        source = result.candidate.skills.get(m.from_skill or "")
        via = "" if m.via == "direct" or source is None else f" ({m.via} via {source.name})"
        quote = m.evidence[0].sentence[:90] if m.evidence else ""
        detail.add_row(f"{m.name}{via}", _pct(m.credit), quote)
    out.print(detail)
    if fit.missing:
        out.print(
            "[bold]Missing[/bold], most important first: "
            + ", ".join(
                f"{m.name} ({'req' if m.required else 'nice'}"
                + (f", partial credit {_pct(m.credit)}" if m.credit > 0 else "")
                + (f", {note}" if (note := demand_note(m.demand, result.demand_period)) else "")
                + ")"
                for m in fit.missing[:10]
            ),
            highlight=False,
        )
    for gate in fit.gates:
        out.print(f"{gate.name}: {gate.status} (needs {gate.required}; has {gate.actual})", highlight=False)
    if result.esco_skills:
        out.print(
            "[bold]ESCO skills[/bold] (second tier, linked from sentences the curated skills leave unexplained): "
            + ", ".join(f"{link.label} ({link.score:.2f})" for link in result.esco_skills[:12]),
            highlight=False,
        )
    if fit.improvements:
        out.print("[bold]What would move this role up[/bold]:")
        for imp in fit.improvements:
            out.print(f"  • {imp.action}: +{100 * imp.score_gain:.1f} points", highlight=False)
    plan(result.plan, out=out)
    _close(out, output)


def plan(learning_plan: LearningPlan, output: Path | None = None, out: Console | None = None) -> None:
    out = out or _target(output)
    p = learning_plan
    table = Table(
        title=f"Plan to {p.role_name}: {p.total_hours:g} h · {p.total_weeks} weeks at {p.hours_per_week:g} h/week",
        title_justify="left",
    )
    for column in ("#", "Weeks", "Skill", "Hours", "Why", "Start with"):
        table.add_column(column)
    for s in p.steps:
        first = s.resources[0] if s.resources else None
        table.add_row(
            str(s.order),
            f"{s.start_week}–{s.end_week}",
            s.name,
            f"{s.hours:g}",
            s.reason,
            f"{first.title} ({first.provider})" if first else "-",
        )
    out.print(table)
    if not p.steps:
        out.print("Nothing to learn for this role: every skill it asks for is covered.")
    for planned in p.projects:
        out.print(
            f"Project, weeks {planned.start_week}–{planned.end_week}: [bold]{planned.project.title}[/bold] "
            f"on {planned.project.dataset.name} ({planned.project.dataset.provider})",
            highlight=False,
        )
    for milestone in p.milestones:
        out.print(f"Milestone, week {milestone.week}: {milestone.title}", highlight=False)
    _close(out, output)


def skill_matches(matches: list[SkillMatch]) -> None:
    table = Table(title=f"{len(matches)} skills found", title_justify="left")
    for column in ("Skill", "Category", "Confidence", "Strength", "Evidence"):
        table.add_column(column)
    for m in matches:
        first = m.evidence[0]
        table.add_row(m.name, m.category, f"{m.confidence:.2f}", m.strongest, f"{first.text!r} @{first.start}")
    console.print(table)


def roles(items: list[Role], market: Mapping[str, RoleMarket]) -> None:
    table = Table(title=f"{len(items)} roles", title_justify="left")
    for column in ("Id", "Role", "Family", "Specialization", "Median pay"):
        table.add_column(column)
    for r in items:
        m = market.get(r.id)
        table.add_row(r.id, r.name, r.family, r.specialization or "-", _money(m.salary_median_usd if m else None))
    console.print(table)


def role(
    r: Role,
    taxonomy: Taxonomy,
    catalogue: RoleCatalogue,
    market: RoleMarket | None,
    learning: LearningCatalogue,
) -> None:
    console.print(f"[bold]{r.name}[/bold] ({r.id}) — {r.summary}", highlight=False)
    console.print("Responsibilities:\n" + "\n".join(f"  • {x}" for x in r.responsibilities), highlight=False)
    table = Table(title="Skills", title_justify="left")
    for column in ("Skill", "Kind", "Weight", "Level"):
        table.add_column(column)
    for items, kind in ((r.required_skills, "required"), (r.nice_to_have_skills, "nice to have")):
        for item in items:
            table.add_row(taxonomy.skills[item.skill].name, kind, f"{item.weight:.2f}", item.level)
    console.print(table)
    edu = r.education
    console.print(
        f"Education: {edu.min_degree}+ ({', '.join(edu.typical_degrees)}) in {', '.join(edu.fields)}",
        highlight=False,
    )
    bands = ", ".join(
        f"{b.seniority} {b.min_years:g}" + (f"–{b.max_years:g}" if b.max_years is not None else "+") + " y"
        for b in r.experience
    )
    console.print(f"Experience: {bands}", highlight=False)
    related = ", ".join(catalogue.roles[x].name for x in r.related_roles)
    console.print(f"Related roles: {related or '-'}", highlight=False)
    if market and market.salary_median_usd:
        console.print(
            f"Pay (USD/yr): p25 {_money(market.salary_p25_usd)}, median {_money(market.salary_median_usd)}, "
            f"p75 {_money(market.salary_p75_usd)} (n={market.salary_count}; {market.source})",
            highlight=False,
        )
    console.print(
        f"O*NET-SOC: {', '.join(r.onet_soc) or '-'}; ESCO: " + (", ".join(o.label for o in r.esco_occupations) or "-"),
        highlight=False,
    )
    for project in learning.projects_for(r.id):
        console.print(f"Project idea: {project.title} ({project.dataset.name})", highlight=False)


def skills(items: list[Skill]) -> None:
    table = Table(title=f"{len(items)} skills", title_justify="left")
    for column in ("Id", "Name", "Category", "Hours", "Prerequisites", "Aliases"):
        table.add_column(column)
    for s in items:
        table.add_row(s.id, s.name, s.category, str(s.hours), ", ".join(s.prerequisites), ", ".join(s.aliases[:4]))
    console.print(table)


def progress(rows: list[dict[str, Any]]) -> None:
    if not rows:
        console.print("No skills recorded yet: `careerpath progress done SKILL…`")
        return
    table = Table(title=f"{len(rows)} skills done", title_justify="left")
    for column in ("Skill", "Name", "Done at"):
        table.add_column(column)
    for row in rows:
        table.add_row(row["skill"], row["name"], row["done_at"])
    console.print(table)
