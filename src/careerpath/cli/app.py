"""The careerpath command line: each command parses options, makes one library call, renders it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from careerpath.cli import render
from careerpath.cli.common import (
    FormatOption,
    ListFormat,
    OneLineUsageErrors,
    ReportFormat,
    emit,
    emit_json,
    handle_errors,
    navigator,
    root,
    route_errors_through_one_path,
    typed_profile,
)
from careerpath.data_files import bundled_path
from careerpath.errors import InputError

app = typer.Typer(
    name="careerpath",
    help="An offline AI/ML career navigator: which role fits, what is missing, how to get there.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=OneLineUsageErrors,
)
progress_app = typer.Typer(help="Record finished skills; plans leave them out.", no_args_is_help=True)
app.add_typer(progress_app, name="progress")

SAMPLE_RESUME = "sample_resume.md"

ReportOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="text, json, markdown or html")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout")]
HoursOption = Annotated[
    float | None,
    typer.Option(
        "--hours-per-week", help="Study hours per week for the plan [default: $CAREERPATH_HOURS_PER_WEEK or 10]"
    ),
]


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

    typed = typed_profile(skills, years, degree)
    if typed is not None and resume is not None:
        raise InputError("Give either a RESUME file or --skills, not both.")
    source = typed or resume or bundled_path(SAMPLE_RESUME)
    cp = root()
    hours = cp.hours_per_week(hours_per_week)
    nav = cp.navigator
    folder = cp.esco_dir(esco, esco_design)  # CAREERPATH_ESCO_DIR alone turns the ESCO tier on, as documented
    nav.esco_linker = cp.esco_linker(folder, esco_design) if folder is not None else None
    result = nav.assess(source, role, hours_per_week=hours, done=cp.done(), max_bytes=cp.max_resume_bytes)
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

    cp = root()
    result = cp.navigator.assess(
        resume or bundled_path(SAMPLE_RESUME),
        role,
        hours_per_week=cp.hours_per_week(hours_per_week),
        done=cp.done(),
        max_bytes=cp.max_resume_bytes,
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
    profile = nav.read_profile(file, max_bytes=root().max_resume_bytes)
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


def _update_progress(skills: list[str], change: str) -> tuple[list[str], list[str], dict[str, str], Path]:
    """Resolve ``skills`` and apply ``change`` ("done" or "undo") to the saved progress.

    Returns (resolved ids, ids changed, all done, progress file).
    """
    from careerpath.plans.progress import load_progress, save_progress

    path = root().settings.progress_file
    ids = [navigator().taxonomy.resolve(name).id for name in skills]
    progress = load_progress(path)
    changed = progress.mark_done(ids) if change == "done" else progress.undo(ids)
    save_progress(progress, path)
    return ids, changed, progress.done, path


def _show_progress_change(format: ListFormat, data: dict[str, Any], line: str) -> None:
    if format is ListFormat.json:
        emit_json(data)
    else:
        typer.echo(line)


@progress_app.command("done")
@handle_errors
def progress_done_command(
    skills: Annotated[list[str], typer.Argument(help="Skills finished (ids, names or aliases)")],
    format: FormatOption = ListFormat.text,
) -> None:
    """Record skills as finished."""
    ids, added, done, path = _update_progress(skills, "done")
    line = f"recorded {len(added)} new of {len(ids)}; {len(done)} skills done ({path})"
    _show_progress_change(format, {"added": added, "done": done}, line)


@progress_app.command("undo")
@handle_errors
def progress_undo_command(
    skills: Annotated[list[str], typer.Argument(help="Skills to mark as not finished")],
    format: FormatOption = ListFormat.text,
) -> None:
    """Remove skills from the finished list."""
    _, removed, done, _ = _update_progress(skills, "undo")
    _show_progress_change(
        format, {"removed": removed, "done": done}, f"removed {len(removed)}; {len(done)} skills done"
    )


@progress_app.command("show")
@handle_errors
def progress_show_command(format: FormatOption = ListFormat.text) -> None:
    """List finished skills."""
    from careerpath.plans.progress import load_progress

    nav = navigator()
    progress = load_progress(root().settings.progress_file)
    rows = [
        {"skill": s, "name": nav.taxonomy.skills[s].name if s in nav.taxonomy else s, "done_at": when}
        for s, when in sorted(progress.done.items())
    ]
    if format is ListFormat.json:
        emit_json({"done": rows})
    else:
        render.progress(rows)


def _register_serve() -> None:
    from careerpath.cli.serve_cmd import serve_command

    app.command("serve")(handle_errors(serve_command))
    from careerpath.cli.mcp_cmd import mcp_command

    app.command("mcp")(handle_errors(mcp_command))


_register_serve()


def _register_users() -> None:
    from careerpath.cli.users_cmd import users_app

    app.add_typer(users_app, name="users")


_register_users()


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
    from careerpath.cli.models_cmd import models_app

    _register_eval_matching(eval_app)
    app.add_typer(market_app, name="market")
    app.add_typer(data_app, name="data")
    app.add_typer(eval_app, name="eval")
    app.add_typer(models_app, name="models")
    route_errors_through_one_path(app)


_mount_sub_apps()


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
