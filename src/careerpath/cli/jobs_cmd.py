"""`careerpath fit` (one posting) and `careerpath match` (a store's postings, ranked)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from careerpath.cli.common import (
    FormatOption,
    ListFormat,
    ReportFormat,
    console,
    emit,
    emit_json,
    emit_metrics,
    err_console,
    navigator,
    root,
    settings,
    typed_profile,
)
from careerpath.data_files import bundled_path
from careerpath.errors import InputError

SAMPLE_RESUME = "sample_resume.md"
EncoderOption = Annotated[str, typer.Option("--similarity", help="auto (semantic when installed), semantic or lexical")]


def matcher(encoder: str = "auto") -> Any:
    from careerpath.jobs import JobMatcher

    return JobMatcher(navigator(), settings().cache_dir / "models", encoder=encoder)


def refresh_index_after_ingest(opened: Any, store: Path | None, engine: str | None) -> None:
    """After `market ingest`/`consume`: update the match index beside the store, if there is one, and
    say so in one stderr line (a failure says so too; the ingest before it is kept)."""
    from careerpath.cli.common import err_console, root
    from careerpath.jobs.service import refresh_match_index

    target = store or root().default_store(engine or "duckdb")
    refresh = refresh_match_index(opened, target, matcher)
    if refresh is not None:
        err_console.print(refresh.line(), highlight=False, soft_wrap=True)


def _typed(skills: str | None, years: float | None, degree: str | None) -> Any:
    return typed_profile(skills, years, degree)


def _source(resume: Path | None, skills: str | None, years: float | None, degree: str | None) -> Any:
    typed = _typed(skills, years, degree)
    if typed is not None and resume is not None:
        raise InputError("Give either a RESUME file or --skills, not both.")
    return typed or resume or bundled_path(SAMPLE_RESUME)


def fit_command(
    resume: Annotated[Path, typer.Argument(help="Resume: PDF, DOCX, TXT/MD or JSON Resume")],
    posting: Annotated[str, typer.Argument(help="The posting: a .txt, .md or .html file, or - for stdin")],
    hours_per_week: Annotated[float | None, typer.Option("--hours-per-week", help="Study hours per week")] = None,
    location: Annotated[
        str | None, typer.Option(help="Where you are or want to work (checks on-site postings)")
    ] = None,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="text, json, markdown or html")] = (
        ReportFormat.text
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file")] = None,
) -> None:
    """How a resume fits one posting: each requirement met, transferable, a proof gap, missing or a gate; a plan."""
    from careerpath.jobs.posting_file import posting_from_bytes, read_posting_file
    from careerpath.jobs.report import posting_fit_dict, posting_fit_html, posting_fit_markdown

    if posting == "-":
        title, description = posting_from_bytes(sys.stdin.buffer.read(), "stdin")
    else:
        title, description = read_posting_file(posting)
    m = matcher("lexical")  # one posting: similarity plays no part, skip loading a model
    person = m.person(resume, location=location, max_bytes=settings().max_resume_bytes)
    hours = root().hours_per_week(hours_per_week)
    fit = m.fit(person, m.requirements(title, description), hours_per_week=hours, done=root().done())
    if format is ReportFormat.json:
        emit_json(posting_fit_dict(fit), output)
    elif format is ReportFormat.markdown:
        emit(posting_fit_markdown(fit), output)
    elif format is ReportFormat.html:
        emit(posting_fit_html(fit), output)
    else:
        _render_fit(fit)


_STYLE = {"met": "green", "transferable": "yellow", "proof_gap": "yellow", "missing": "red", "hard_gate": "bold red"}


def _render_fit(fit: Any) -> None:
    req = fit.requirements
    console.print(
        f"[bold]{req.title or 'posting'}[/bold]  score {fit.score:.0%} (required {fit.required_coverage:.0%}, "
        f"nice-to-have {fit.nice_coverage:.0%}, gates x{fit.gate_factor:.2f})",
        highlight=False,
    )
    table = Table(title="Requirements", title_justify="left")
    for column in ("Requirement", "Kind", "Status", "Resume evidence / note", "Posting says", "Hours"):
        table.add_column(column, overflow="fold")
    for item in fit.items:
        quote = _window(item.resume_evidence[0]) if item.resume_evidence else ""
        posting = item.posting_evidence.text[:70] if item.posting_evidence else ""
        style = _STYLE[item.status]
        table.add_row(
            item.name,
            item.kind,
            f"[{style}]{item.status.replace('_', ' ')}[/{style}]",
            quote or (item.detail if item.status != "missing" else "not in resume"),
            posting,
            f"{item.hours:g}" if item.hours else "",
        )
    console.print(table)
    for gate in fit.gates:
        console.print(f"gate {gate.name}: needs {gate.required}; you: {gate.actual} ({gate.status})", highlight=False)
    plan = fit.plan
    if plan is not None and plan.steps:
        console.print(f"\n[bold]Plan for this job[/bold]: {plan.total_hours:g} h over {plan.total_weeks} weeks")
        for step in plan.steps:
            console.print(f"  {step.order}. {step.name} ({step.hours:g} h, weeks {step.start_week}-{step.end_week})")
    elif plan is not None:
        console.print("\nNothing to learn for this job's skills.")


def _window(evidence: Any, width: int = 70) -> str:
    """The words around a resume evidence span, as much as fits ``width``."""
    sentence = evidence.sentence or evidence.text
    at = sentence.find(evidence.text)
    if at < 0 or len(sentence) <= width:
        return sentence.strip()[:width]
    start = max(0, at - (width - len(evidence.text)) // 2)
    snippet = sentence[start : start + width].strip()
    return ("…" if start else "") + snippet + ("…" if start + width < len(sentence) else "")


def match_command(
    resume: Annotated[Path | None, typer.Argument(help="Resume (default: the bundled sample)")] = None,
    store: Annotated[Path | None, typer.Option("--store", help="Market store (default: <home>/market.duckdb)")] = None,
    role: Annotated[str | None, typer.Option("--role", "-r", help="Only postings of this role")] = None,
    location: Annotated[str | None, typer.Option(help="Only postings whose location contains this (or remote)")] = None,
    remote: Annotated[bool, typer.Option("--remote", help="Only remote postings")] = False,
    min_salary: Annotated[float | None, typer.Option("--min-salary", help="Yearly USD at least")] = None,
    posted_since: Annotated[str | None, typer.Option("--posted-since", help="YYYY-MM-DD")] = None,
    top: Annotated[int, typer.Option(help="Results to show")] = 10,
    skills: Annotated[str | None, typer.Option(help="Typed profile instead of a resume: 'python,sql'")] = None,
    years: Annotated[float | None, typer.Option(help="Typed profile: years of experience")] = None,
    degree: Annotated[str | None, typer.Option(help="Typed profile: none|bachelor|master|phd…")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the match index from scratch")] = False,
    similarity: EncoderOption = "auto",
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="text, json, markdown or html")] = (
        ReportFormat.text
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file")] = None,
) -> None:
    """Rank the postings of the market store for a resume, each with what you have and what is missing."""
    from careerpath.cli.market_cmd import open_store
    from careerpath.jobs.matching import MatchFilters
    from careerpath.jobs.report import matches_dict

    since = _date(posted_since)
    role_id = navigator().roles.resolve(role).id if role else None
    filters = MatchFilters(role_id, location, remote, min_salary, since)
    source = _source(resume, skills, years, degree)
    target = store or settings().market_store
    with open_store(target) as opened:
        run = matcher(similarity).match(
            source, opened, target, filters, top=top, rebuild=rebuild, max_bytes=settings().max_resume_bytes
        )
    label = "typed profile" if not isinstance(source, Path) else source.name
    data = matches_dict(run, label)
    if format is ReportFormat.json:
        emit_json(data, output)
    elif format is ReportFormat.markdown:
        emit(matches_markdown(data), output)
    elif format is ReportFormat.html:
        from careerpath.jobs.matches_html import matches_page_html

        emit(matches_page_html(data), output)
    else:
        _render_matches(data)
    for note in run.notes:
        err_console.print(f"[yellow]note[/yellow] {escape(note)}", highlight=False)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--posted-since must be a date like 2024-01-31, not {text!r}.") from None


def _line(item: dict[str, Any]) -> str:
    if item["status"] == "hard_gate":
        return f"{item['name']} (gate: {item['detail']})"
    hours = f", {item['hours']:g} h" if item.get("hours") else ""
    if item["status"] in ("missing", "proof_gap"):
        return f"{item['name']} ({item['status'].replace('_', ' ')}{hours})"
    quote = item["resume_evidence"][0]["text"] if item["resume_evidence"] else ""
    via = f" via {item['from_skill']}" if item["status"] == "transferable" else ""
    return f"{item['name']}{via}" + (f' ("{quote}")' if quote and not via else "")


def _render_matches(data: dict[str, Any]) -> None:
    console.print(
        f"[bold]{len(data['results'])} best of {data['considered']} postings[/bold] for {data['source']} "
        f"(similarity: {data['similarity']})",
        highlight=False,
    )
    for row in data["results"]:
        where = row["location"] or ""
        if row["remote"]:
            where = f"{where} (remote)".strip()
        pay = f" · ${row['salary_usd_yearly']:,.0f}" if row["salary_usd_yearly"] else ""
        console.print(
            f"\n{row['rank']}. [bold]{row['title']}[/bold] — {row['company'] or '?'} · {where}{pay}  "
            f"score {row['score']:.2f} [dim]{row['posting_id']}[/dim]",
            highlight=False,
        )
        parts = row["parts"]
        console.print(
            f"   fit {parts['requirement_fit']:.2f} · similarity {parts['similarity']:.2f} · role "
            f"{parts['role_fit']:.2f} · seniority {parts['seniority_fit']:.2f}",
            highlight=False,
        )
        if row["matched"]:
            console.print("   [green]have[/green]: " + "; ".join(_line(i) for i in row["matched"]), highlight=False)
        if row["missing"]:
            console.print("   [red]need[/red]: " + "; ".join(_line(i) for i in row["missing"]), highlight=False)
        if row["duplicates"]:
            console.print(f"   also posted as: {', '.join(row['duplicates'])}", highlight=False)


def matches_markdown(data: dict[str, Any]) -> str:
    lines = [f"# Postings for {data['source']}", "", f"Similarity: {data['similarity']}.", ""]
    for row in data["results"]:
        lines.append(f"## {row['rank']}. {row['title']} — {row['company'] or '?'} ({row['score']:.2f})")
        lines.append("")
        lines.append(f"- posting id: `{row['posting_id']}`; location: {row['location'] or '-'}")
        if row["matched"]:
            lines.append("- have: " + "; ".join(_line(i) for i in row["matched"]))
        if row["missing"]:
            lines.append("- need: " + "; ".join(_line(i) for i in row["missing"]))
        lines.append("")
    return "\n".join(lines)


def eval_matching_command(
    file: Annotated[Path, typer.Argument(help="JSON Lines of {resume, posting_id, grade 0-3}")],
    store: Annotated[Path | None, typer.Option("--store", help="Market store the postings are in")] = None,
    ranker: Annotated[
        list[str] | None,
        typer.Option(
            "--ranker",
            help="careerpath (the default score), match-score.v2, match-fusion.v1, bm25, embedding, skills "
            "(repeat; default: careerpath and the three baselines)",
        ),
    ] = None,
    similarity: EncoderOption = "auto",
    format: FormatOption = ListFormat.text,
) -> None:
    """Ranking quality of `careerpath match` on graded judgments: nDCG@10, P@5, MRR with 95% bootstrap CIs."""
    from careerpath.cli.market_cmd import open_store
    from careerpath.evaluation.matching import RANKERS, Rankers, read_judgments, score_rankings

    judged = read_judgments(file)
    names = list(ranker or RANKERS)
    target = store or settings().market_store
    with open_store(target) as opened:
        rankers = Rankers(matcher(similarity), opened, target)
        results = []
        for name in names:
            rankings = {resume: rankers.rank(name, resume) for resume in judged}
            results.append(score_rankings(name, rankings, judged))
    table = Table(title=f"Matching on {file.name} ({len(judged)} resumes; relevant = grade >= 2)", title_justify="left")
    for column in ("Ranker", "nDCG@10", "P@5", "MRR"):
        table.add_column(column)
    for r in results:
        table.add_row(
            r.ranker,
            *(
                f"{value:.3f} [{r.ci[key][0]:.3f}, {r.ci[key][1]:.3f}]"
                for key, value in (("ndcg@10", r.ndcg_at_10), ("p@5", r.p_at_5), ("mrr", r.mrr))
            ),
        )
    payload = {
        "metric": "ndcg@10",
        "resumes": len(judged),
        "similarity": rankers.index.encoder_name,
        "rankers": {
            r.ranker: {
                "ndcg@10": round(r.ndcg_at_10, 4),
                "p@5": round(r.p_at_5, 4),
                "mrr": round(r.mrr, 4),
                "ci95": {k: [round(v[0], 4), round(v[1], 4)] for k, v in r.ci.items()},
            }
            for r in results
        },
    }
    emit_metrics(payload, format, [table])
