"""`careerpath models`: the model rollout plan (status, start, step, evaluate, promote, rollback).

The plan file is $CAREERPATH_ROLLOUT_FILE (default $CAREERPATH_HOME/rollout.json); `serve` reads
it at start. See docs/operations.md for the procedure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from careerpath.cli.common import ListFormat, emit_json, navigator, root, settings
from careerpath.errors import InputError

models_app = typer.Typer(
    help="Model versions: run a candidate beside the control (A/B or canary), evaluate, promote, roll back.",
    no_args_is_help=True,
)
FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="text or json")]


def _plan_path() -> Path:
    return settings().rollout_path


def _describe(plan: Any) -> dict[str, Any]:
    from careerpath.rollout import promotion_blockers

    return {
        "file": str(_plan_path()),
        "mode": plan.mode,
        "control": {"version": plan.control.version(), **plan.control.model_dump()},
        "candidate": None
        if plan.candidate is None
        else {"version": plan.candidate.version(), **plan.candidate.model_dump()},
        "candidate_share": plan.candidate_share,
        "serving_candidate": plan.serving_candidate,
        "guardrails": plan.guardrails.model_dump(),
        "evaluations": [e.model_dump() for e in plan.evaluations],
        "promotable": plan.candidate is not None and not promotion_blockers(plan),
        "blockers": promotion_blockers(plan) if plan.candidate is not None else [],
        "history": [e.model_dump() for e in plan.history[-10:]],
    }


def _show(plan: Any, format: ListFormat) -> None:
    described = _describe(plan)
    if format is ListFormat.json:
        emit_json(described)
        return
    typer.echo(f"mode       {plan.mode}")
    typer.echo(f"control    {described['control']['version']}")
    if plan.candidate is not None:
        waiting = "" if plan.serving_candidate else " (no traffic until its offline evaluation passes)"
        typer.echo(f"candidate  {described['candidate']['version']} at {plan.candidate_share:.0%}{waiting}")
        typer.echo("promotable yes" if described["promotable"] else "promotable no: " + " ".join(described["blockers"]))
    for e in plan.evaluations[-3:]:
        typer.echo(f"evaluated  {e.dataset} {e.metric}: control {e.control:.4f}, candidate {e.candidate:.4f} (n={e.n})")


def _save(plan: Any, format: ListFormat) -> None:
    from careerpath.rollout import save_plan

    save_plan(plan, _plan_path())
    _show(plan, format)


@models_app.command("status")
def status_command(format: FormatOption = ListFormat.text) -> None:
    """Show the control and candidate versions, the split, evaluations and whether promotion is allowed."""
    from careerpath.rollout import load_plan

    _show(load_plan(_plan_path()), format)


@models_app.command("start")
def start_command(
    esco_design: Annotated[
        str | None, typer.Option(help="Candidate's ESCO linking design (e.g. lexical); omit for none")
    ] = None,
    extractor: Annotated[str | None, typer.Option(help="Candidate's skill extractor version [default: latest]")] = None,
    fit: Annotated[str | None, typer.Option(help="Candidate's fit model version [default: latest]")] = None,
    mode: Annotated[str, typer.Option(help="ab (fixed split) or canary (raised with `models step`)")] = "canary",
    share: Annotated[
        float | None, typer.Option(help="Candidate's share of traffic [default: 0.5 ab, 1% canary]")
    ] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Start serving a candidate version beside the control."""
    from careerpath.rollout import Variant, load_plan, start

    if mode not in ("ab", "canary"):
        raise InputError(f"Unknown mode {mode!r}; use ab or canary.")
    plan = load_plan(_plan_path())
    _save(start(plan, Variant(extractor=extractor, fit=fit, esco_design=esco_design), mode, share), format)  # type: ignore[arg-type]


@models_app.command("step")
def step_command(format: FormatOption = ListFormat.text) -> None:
    """Raise the canary's share to its next step."""
    from careerpath.rollout import load_plan, step

    _save(step(load_plan(_plan_path())), format)


@models_app.command("evaluate")
def evaluate_command(
    file: Annotated[Path, typer.Argument(help="Labelled resumes (CSV with Category and Resume), as `eval roles`")],
    limit: Annotated[int | None, typer.Option(help="Only the first N unique resumes")] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Offline shadow evaluation: both versions on labelled resumes (hit@3); recorded for promotion."""
    from careerpath.evaluation.role_ranking import evaluate_role_ranking, read_labelled_resumes
    from careerpath.ops.serving import build_arm
    from careerpath.rollout import Evaluation, load_plan

    plan = load_plan(_plan_path())
    if plan.candidate is None:
        raise InputError("No candidate to evaluate: start one with `careerpath models start`.")
    pairs = read_labelled_resumes(file)
    factory = _linker_factory()
    scores: dict[str, tuple[float, int]] = {}
    for name, variant in (("control", plan.control), ("candidate", plan.candidate)):
        arm = build_arm(name, variant, navigator(), linker_factory=factory)
        results = evaluate_role_ranking(pairs, arm.navigator, limit).values()
        judged = [r for r in results if r.expected]
        n = sum(r.n for r in judged)
        scores[name] = (sum(r.hits for r in judged) / n if n else 0.0, n)
    evaluation = Evaluation(
        dataset=file.name,
        metric="hit@3",
        n=scores["control"][1],
        control_version=plan.control.version(),
        candidate_version=plan.candidate.version(),
        control=round(scores["control"][0], 4),
        candidate=round(scores["candidate"][0], 4),
    )
    _save(plan.model_copy(update={"evaluations": [*plan.evaluations, evaluation]}).noted("evaluate", file.name), format)


def _linker_factory() -> Any:
    if settings().esco_dir is None:
        return None
    return lambda design: root().esco_linker(design=design)


@models_app.command("promote")
def promote_command(format: FormatOption = ListFormat.text) -> None:
    """Make the candidate the control; refused without an evaluation or when it scores worse."""
    from careerpath.rollout import load_plan, promote

    _save(promote(load_plan(_plan_path())), format)


@models_app.command("rollback")
def rollback_command(
    reason: Annotated[str, typer.Option(help="Why, for the plan's history")] = "manual",
    format: FormatOption = ListFormat.text,
) -> None:
    """Send all traffic back to the control and drop the candidate."""
    from careerpath.rollout import load_plan, rollback

    _save(rollback(load_plan(_plan_path()), reason), format)
