"""The careerpath command line: each command parses options, makes one library call, renders it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from careerpath.cli import render
from careerpath.cli.common import (
    ListFormat,
    ReportFormat,
    emit,
    emit_json,
    handle_errors,
    navigator,
    settings,
)
from careerpath.data_files import bundled_path
from careerpath.errors import InputError

app = typer.Typer(
    name="careerpath",
    help="An offline AI/ML career navigator: which role fits, what is missing, how to get there.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
progress_app = typer.Typer(help="Record finished skills; plans leave them out.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")

SAMPLE_RESUME = "sample_resume.md"

FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="text (tables) or json")]
ReportOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="text, json, markdown or html")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout")]
HoursOption = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week", help="Study hours per week for the plan [default: $CAREERPATH_HOURS_PER_WEEK or 10]"
    ),
]


def _typed_profile(skills: str | None, years: float | None, degree: str | None) -> object | None:
    from careerpath.navigator import TypedProfile

    if skills is None:
        if years is not None or degree is not None:
            raise InputError("--years and --degree describe a typed profile: give --skills too.")
        return None
    names = tuple(s.strip() for s in skills.split(",") if s.strip())
    if not names:
        raise InputError("--skills is empty: give a comma-separated list such as 'python,sql'.")
    return TypedProfile(skills=names, years_experience=years, degree=degree)


def _done() -> list[str]:
    from careerpath.plans.progress import load_progress

    return list(load_progress(settings().progress_file).done)


@app.command("assess")
@handle_errors
def assess_command(
    resume: Annotated[Path | None, typer.Argument(help="Resume: PDF, DOCX, TXT/MD or JSON Resume")] = None,
    role: Annotated[str | None, typer.Option("--role", "-r", help="Target role (default: best fit)")] = None,
    hours_per_week: HoursOption = None,
    format: ReportOption = ReportFormat.text,
    output: OutputOption = None,
    skills: Annotated[str | None, typer.Option(help="Typed profile instead of a resume: 'python,sql'")] = None,
    years: Annotated[float | None, typer.Option(help="Typed profile: years of experience")] = None,
    degree: Annotated[str | None, typer.Option(help="Typed profile: none|bachelor|master|phd…")] = None,
    top: Annotated[int, typer.Option(help="Roles shown in the text table")] = 8,
    esco: Annotated[
        Path | None, typer.Option(help="ESCO CSV folder: also link unexplained sentences to ESCO skills")
    ] = None,
    esco_design: Annotated[
        str | None, typer.Option(help="ESCO linking design [default: $CAREERPATH_ESCO_DESIGN or lexical]")
    ] = None,
) -> None:
    """Rank AI/ML roles for a resume with evidence, and plan the gap to the best (or given) role."""
    from careerpath.reports.html import assessment_html
    from careerpath.reports.markdown import assessment_markdown
    from careerpath.reports.serialize import assessment_dict

    typed = _typed_profile(skills, years, degree)
    if typed is not None and resume is not None:
        raise InputError("Give either a RESUME file or --skills, not both.")
    source = typed or resume or bundled_path(SAMPLE_RESUME)
    hours = settings().hours_per_week if hours_per_week is None else hours_per_week
    nav = navigator()
    folder = esco or settings().esco_dir  # CAREERPATH_ESCO_DIR alone turns the ESCO tier on, as documented
    if folder is not None or esco_design is not None:
        from careerpath.cli.common import esco_linker

        if folder is None:
            raise InputError("--esco-design needs an ESCO folder: pass --esco DIR or set CAREERPATH_ESCO_DIR.")
        nav.esco_linker = esco_linker(folder, esco_design or settings().esco_design)
    result = nav.assess(source, role, hours_per_week=hours, done=_done(), max_bytes=settings().max_resume_bytes)
    if format is ReportFormat.json:
        emit_json(assessment_dict(result), output)
    elif format is ReportFormat.markdown:
        emit(assessment_markdown(result), output)
    elif format is ReportFormat.html:
        emit(assessment_html(result), output)
    else:
        render.assessment(result, top=top, output=output)


@app.command("plan")
@handle_errors
def plan_command(
    resume: Annotated[Path | None, typer.Argument(help="Resume file (default: the bundled sample)")] = None,
    role: Annotated[str | None, typer.Option("--role", "-r", help="Target role (default: best fit)")] = None,
    hours_per_week: HoursOption = None,
    format: FormatOption = ListFormat.text,
    output: OutputOption = None,
) -> None:
    """Show the learning plan from a resume to a role, ordered by prerequisites."""
    from careerpath.reports.serialize import plan_dict

    result = navigator().assess(
        resume or bundled_path(SAMPLE_RESUME),
        role,
        hours_per_week=settings().hours_per_week if hours_per_week is None else hours_per_week,
        done=_done(),
        max_bytes=settings().max_resume_bytes,
    )
    if format is ListFormat.json:
        emit_json(plan_dict(result.plan), output)
    else:
        render.plan(result.plan, output=output)


@app.command("extract-skills")
@handle_errors
def extract_skills_command(
    file: Annotated[Path, typer.Argument(help="A resume or any text file")],
    format: FormatOption = ListFormat.text,
) -> None:
    """List the skills a file claims, with the evidence for each."""
    from careerpath.reports.serialize import skill_match_dict

    nav = navigator()
    profile = nav.read_profile(file, max_bytes=settings().max_resume_bytes)
    matches = nav.profile_skills(profile)
    if format is ListFormat.json:
        emit_json({"source": profile.document.source_name, "skills": [skill_match_dict(m) for m in matches]})
    else:
        render.skill_matches(matches)


@app.command("roles")
@handle_errors
def roles_command(format: FormatOption = ListFormat.text) -> None:
    """List the AI/ML roles careerpath knows."""
    from careerpath.reports.serialize import role_dict

    nav = navigator()
    if format is ListFormat.json:
        emit_json({"version": nav.roles.version, "roles": [role_dict(r, nav.market.get(r.id)) for r in nav.roles]})
    else:
        render.roles(list(nav.roles), nav.market)


@app.command("role")
@handle_errors
def role_command(
    name: Annotated[str, typer.Argument(help="Role id, name or job title, e.g. 'ML Engineer'")],
    format: FormatOption = ListFormat.text,
) -> None:
    """Show one role: responsibilities, skills with levels, education, experience, related roles."""
    from careerpath.reports.serialize import role_dict

    nav = navigator()
    role = nav.roles.resolve(name)
    if format is ListFormat.json:
        emit_json(role_dict(role, nav.market.get(role.id)))
    else:
        render.role(role, nav.taxonomy, nav.roles, nav.market.get(role.id), nav.learning)


@app.command("skills")
@handle_errors
def skills_command(
    query: Annotated[str | None, typer.Argument(help="Filter by id, name, alias, category or text")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category")] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """List skills of the taxonomy, or search them."""
    from careerpath.errors import UnknownSkillError
    from careerpath.reports.serialize import skill_dict

    nav = navigator()
    found = nav.taxonomy.search(query) if query else list(nav.taxonomy)
    if category:
        categories = {s.category for s in nav.taxonomy}
        if category not in categories:
            raise InputError(f"Unknown category {category!r}; choose from: {', '.join(sorted(categories))}.")
        found = [s for s in found if s.category == category]
    if query and not found:
        raise UnknownSkillError(query, nav.taxonomy.suggest(query))
    if format is ListFormat.json:
        emit_json({"version": nav.taxonomy.version, "skills": [skill_dict(s) for s in found]})
    else:
        render.skills(found)


@progress_app.command("done")
@handle_errors
def progress_done_command(
    skills: Annotated[list[str], typer.Argument(help="Skills finished (ids, names or aliases)")],
    format: FormatOption = ListFormat.text,
) -> None:
    """Record skills as finished."""
    from careerpath.plans.progress import load_progress, save_progress

    nav, path = navigator(), settings().progress_file
    ids = [nav.taxonomy.resolve(name).id for name in skills]
    progress = load_progress(path)
    added = progress.mark_done(ids)
    save_progress(progress, path)
    if format is ListFormat.json:
        emit_json({"added": added, "done": progress.done})
    else:
        typer.echo(f"recorded {len(added)} new of {len(ids)}; {len(progress.done)} skills done ({path})")


@progress_app.command("undo")
@handle_errors
def progress_undo_command(
    skills: Annotated[list[str], typer.Argument(help="Skills to mark as not finished")],
    format: FormatOption = ListFormat.text,
) -> None:
    """Remove skills from the finished list."""
    from careerpath.plans.progress import load_progress, save_progress

    nav, path = navigator(), settings().progress_file
    ids = [nav.taxonomy.resolve(name).id for name in skills]
    progress = load_progress(path)
    removed = progress.undo(ids)
    save_progress(progress, path)
    if format is ListFormat.json:
        emit_json({"removed": removed, "done": progress.done})
    else:
        typer.echo(f"removed {len(removed)}; {len(progress.done)} skills done")


@progress_app.command("show")
@handle_errors
def progress_show_command(format: FormatOption = ListFormat.text) -> None:
    """List finished skills."""
    from careerpath.plans.progress import load_progress

    nav = navigator()
    progress = load_progress(settings().progress_file)
    rows = [
        {"skill": s, "name": nav.taxonomy.skills[s].name if s in nav.taxonomy else s, "done_at": when}
        for s, when in sorted(progress.done.items())
    ]
    if format is ListFormat.json:
        emit_json({"done": rows})
    else:
        render.progress(rows)


@handle_errors
def eval_roles_command(
    file: Annotated[Path, typer.Argument(help="CSV(.gz) with Category and Resume columns")],
    limit: Annotated[int | None, typer.Option(help="Only the first N unique resumes")] = None,
) -> None:
    """Role ranking on labelled resumes: hit@3 per category; ends with one line of JSON."""
    import json

    from rich.table import Table

    from careerpath.cli.common import console
    from careerpath.evaluation.role_ranking import evaluate_role_ranking, read_labelled_resumes

    results = evaluate_role_ranking(read_labelled_resumes(file), navigator(), limit)
    table = Table(title="Role ranking (hit@3 = an expected role in the top 3)", title_justify="left")
    for column in ("Category", "n", "hit@3", "mean best score"):
        table.add_column(column)
    metrics: dict[str, object] = {}
    for name, result in sorted(results.items()):
        hit = result.hit_at_3
        table.add_row(name, str(result.n), "-" if hit is None else f"{hit:.2f}", f"{result.mean_best_score:.2f}")
        metrics[name] = {
            "n": result.n,
            "hit@3": hit,
            "mean_best_score": round(result.mean_best_score, 4),
            "misses": result.misses,
        }
    console.print(table)
    typer.echo(json.dumps({"metric": "hit@3", "categories": metrics}))


def _register_serve() -> None:
    from careerpath.cli.serve_cmd import serve_command

    app.command("serve")(handle_errors(serve_command))


_register_serve()


def _register_jobs() -> None:
    from careerpath.cli.jobs_cmd import fit_command, match_command

    app.command("fit")(handle_errors(fit_command))
    app.command("match")(handle_errors(match_command))


_register_jobs()


def _register_eval_matching(eval_app: typer.Typer) -> None:
    from careerpath.cli.jobs_cmd import eval_matching_command

    eval_app.command("matching")(handle_errors(eval_matching_command))


def _mount_sub_apps() -> None:
    from careerpath.cli.data_cmd import data_app
    from careerpath.cli.eval_cmd import eval_app
    from careerpath.cli.market_cmd import market_app

    eval_app.command("roles")(eval_roles_command)
    _register_eval_matching(eval_app)
    app.add_typer(market_app, name="market")
    app.add_typer(data_app, name="data")
    app.add_typer(eval_app, name="eval")


_mount_sub_apps()


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
