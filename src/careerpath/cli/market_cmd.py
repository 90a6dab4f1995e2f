"""`careerpath market …`: ingest postings, then read demand, pay, trends and emerging skills.

Each command opens the store, makes one library call from ``careerpath.market`` and renders it
(Rich tables, or ``--format json``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from careerpath.cli.common import FormatOption, ListFormat, console, emit_json, err_console, handle_errors, root
from careerpath.errors import InputError
from careerpath.market import DEFAULT_BATCH_SIZE

if TYPE_CHECKING:  # the market modules (numpy, duckdb, pyarrow) load inside the commands
    from contextlib import AbstractContextManager

    from careerpath.market.postings import PostingFilter, PostingStore

market_app = typer.Typer(
    help="Job-market intelligence: ingest postings, then demand, pay, trends and emerging skills.",
    no_args_is_help=True,
)


class Engine(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


class PeriodOption(str, Enum):
    month = "month"
    quarter = "quarter"
    year = "year"


StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="Store: a DuckDB file, or a Spark store folder (default: <home>/market.duckdb)"),
]
RoleOption = Annotated[str | None, typer.Option("--role", "-r", help="Only postings of this role (id or name)")]
EngineOption = Annotated[Engine, typer.Option("--engine", help="duckdb (default) or spark")]
MasterOption = Annotated[str | None, typer.Option("--master", help="Spark master URL (default local[*])")]
EscoDirOption = Annotated[
    Path | None,
    typer.Option(
        "--esco", help="ESCO CSV folder: also link the sentences the curated skills leave unexplained to ESCO skills"
    ),
]
EscoDesignOption = Annotated[
    str | None, typer.Option(help="ESCO linking design [default: $CAREERPATH_ESCO_DESIGN or lexical]")
]


def open_store(
    path: Path | None, engine: Engine | None = None, master: str | None = None, *, must_exist: bool = True
) -> AbstractContextManager[PostingStore]:
    """The store at ``path`` (default under $CAREERPATH_HOME; a folder is a Spark store), closed after use."""
    return root().open_store(path, None if engine is None else engine.value, master, must_exist=must_exist)


def _role_filter(role: str | None) -> PostingFilter:
    from careerpath.market.postings import PostingFilter

    return PostingFilter(role_id=_resolve_role(role)) if role else PostingFilter()


def _resolve_role(role: str | None) -> str | None:
    return root().resolve_role(role)  # user roles.yaml titles included


def _skill_name(skill_id: str) -> str:
    """The display name of a skill, as the reports print it (the id when the taxonomy lacks it)."""
    skill = root().taxonomy.skills.get(skill_id)
    return skill.name if skill else skill_id


def _role_name(role_id: str | None) -> str:
    if role_id is None:
        return "(other titles)"
    role = root().roles.roles.get(role_id)
    return role.name if role else role_id


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*("" if v is None else f"{v:.3g}" if isinstance(v, float) else str(v) for v in row))
    console.print(table)


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _drift_after_ingest(store: Any) -> dict[str, float]:
    """PSI of roles and skills, latest month against the previous one, after this run's postings."""
    from careerpath.market.drift import market_drift

    return {f"psi_{d.dimension}": round(d.psi, 6) for d in market_drift(store)}


def _record_ingest_run(summary: dict[str, Any], seconds: float, drift: dict[str, float]) -> None:
    """Counts and drift for the service's /metrics (careerpath.ops.ingest_runs); the run itself succeeded."""
    from careerpath.ops.ingest_runs import record_ingest_run

    with contextlib.suppress(OSError):  # a read-only home must not fail an ingest that worked
        record_ingest_run(root().settings.home, {**summary, **drift}, seconds)


@market_app.command("ingest")
@handle_errors
def ingest_command(
    files: Annotated[list[Path], typer.Argument(help="CSV (also .gz), JSON Lines or Parquet files")],
    source: Annotated[str | None, typer.Option("--source", help="Source name (default: the detected schema)")] = None,
    store: StoreOption = None,
    engine: EngineOption = Engine.duckdb,
    master: MasterOption = None,
    workers: Annotated[int, typer.Option(help="Parsing processes (DuckDB engine); default: 2")] = 2,
    batch_size: Annotated[int, typer.Option(help="Records per transaction")] = DEFAULT_BATCH_SIZE,
    esco: EscoDirOption = None,
    esco_design: EscoDesignOption = None,
    format: FormatOption = ListFormat.text,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding of CSV/JSONL files (default: UTF-8, else cp1252, detected)")
    ] = None,
) -> None:
    """Ingest postings files into the store; re-ingesting a file adds nothing, an interrupted run resumes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from careerpath.market.ingest import ProgressEvent, ingest_files

    # Built (and checked) before the store is opened, so a wrong --esco creates no store.
    parser_factory = root().posting_parser_factory(esco, esco_design)
    started = time.perf_counter()
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("records"),
        TimeElapsedColumn(),
        console=err_console,
        disable=format is ListFormat.json or not err_console.is_terminal,  # no bar in logs
    )
    tasks: dict[str, Any] = {}

    def on_progress(event: ProgressEvent) -> None:
        # Records counted; the total is estimated from the share of the file's bytes read so far.
        total = round(event.records / event.fraction) if 0 < event.fraction < 1 else event.records
        if event.path not in tasks:
            tasks[event.path] = progress.add_task(Path(event.path).name, total=None)
        progress.update(tasks[event.path], completed=event.records, total=max(total, event.records))

    with open_store(store, engine, master, must_exist=False) as opened:
        with progress:
            summary = ingest_files(
                files,
                opened,
                parser_factory=parser_factory,
                source=source,
                workers=workers,
                batch_size=batch_size,
                on_progress=on_progress,
                encoding=encoding,
            )
        drift = _drift_after_ingest(opened)
        from careerpath.cli.jobs_cmd import refresh_index_after_ingest

        refresh_index_after_ingest(opened, store, engine.value)
    _record_ingest_run(summary.as_dict(), time.perf_counter() - started, drift)
    if format is ListFormat.json:
        emit_json(summary.as_dict())
        return
    _table(
        "Ingest summary",
        ["read", "new", "duplicates", "rejected"],
        [[summary.read, summary.new, summary.duplicates, summary.rejected]],
    )
    for path in summary.files_skipped:
        err_console.print(f"{path}: already ingested, nothing added", highlight=False)
    for rejection in summary.rejections[:20]:
        err_console.print(
            f"[yellow]rejected[/yellow] {rejection.file}:{rejection.line}: {rejection.reason}", highlight=False
        )
    if len(summary.rejections) > 20:
        err_console.print(f"… and {len(summary.rejections) - 20} more (use --format json for all)")


@market_app.command("roles")
@handle_errors
def roles_command(store: StoreOption = None, format: FormatOption = ListFormat.text) -> None:
    """Demand per role: postings and share of all postings."""
    from careerpath.market.demand import role_demand

    with open_store(store) as opened:
        result = role_demand(opened)
    if format is ListFormat.json:
        emit_json([asdict(r) for r in result])
        return
    _table(
        "Demand by role",
        ["role", "postings", "share"],
        [[_role_name(r.role_id), r.postings, _pct(r.share)] for r in result],
    )


@market_app.command("skills")
@handle_errors
def skills_command(
    role: RoleOption = None,
    top: Annotated[int, typer.Option(help="Skills shown")] = 25,
    esco: Annotated[
        bool, typer.Option("--esco", help="ESCO skills linked at ingest (market ingest --esco) instead")
    ] = False,
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Top skills by share of postings (of a role with --role), with lift over all postings."""
    from careerpath.market.demand import skill_demand

    role_id = _resolve_role(role)
    if esco:
        _esco_skills(role_id, top, store, format)
        return
    with open_store(store) as opened:
        result = skill_demand(opened, role_id, top=top)
    if format is ListFormat.json:
        taxonomy = root().taxonomy
        rows = []
        for r in result:
            skill = taxonomy.skills.get(r.skill_id)
            # Each curated skill carries its ESCO link, so market figures join ESCO-based data.
            rows.append(
                {
                    **asdict(r),
                    "name": skill.name if skill else r.skill_id,
                    "esco_uri": skill.esco_uri if skill else None,
                }
            )
        emit_json(rows)
        return
    _table(
        f"Top skills{' for ' + _role_name(role_id) if role_id else ''}",
        ["skill", "postings", "share", "all postings", "lift"],
        [[_skill_name(s.skill_id), s.postings, _pct(s.share), _pct(s.overall_share), round(s.lift, 2)] for s in result],
    )


def _esco_skills(role_id: str | None, top: int, store: Path | None, format: ListFormat) -> None:
    from careerpath.market.demand import esco_skill_demand

    with open_store(store) as opened:
        result = esco_skill_demand(opened, role_id, top=top)
    if format is ListFormat.json:
        emit_json([asdict(r) for r in result])
        return
    designs = sorted({r.design for r in result})
    scope = f" for {_role_name(role_id)}" if role_id else ""
    _table(
        f"Top ESCO skills{scope}{' (' + ', '.join(designs) + ')' if designs else ''}",
        ["ESCO skill", "postings", "share", "ESCO URI"],
        [[r.label, r.postings, _pct(r.share), r.esco_uri] for r in result],
    )


@market_app.command("pairs")
@handle_errors
def pairs_command(
    role: RoleOption = None,
    top: Annotated[int, typer.Option(help="Pairs shown")] = 25,
    min_postings: Annotated[int, typer.Option(help="Least postings per pair")] = 5,
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Skills asked for together, by lift."""
    from careerpath.market.demand import skill_cooccurrence

    flt = _role_filter(role)
    with open_store(store) as opened:
        result = skill_cooccurrence(opened, flt, min_postings=min_postings, top=top)
    if format is ListFormat.json:
        emit_json([asdict(r) for r in result])
        return
    _table(
        "Skill pairs",
        ["skill", "skill", "postings", "support", "lift"],
        [
            [_skill_name(p.skill_a), _skill_name(p.skill_b), p.postings, _pct(p.support), round(p.lift, 2)]
            for p in result
        ],
    )


@market_app.command("salaries")
@handle_errors
def salaries_command(
    role: RoleOption = None,
    by: Annotated[
        str, typer.Option(help="Comma-separated: role_id, seniority, location, remote, year")
    ] = "role_id,seniority",
    min_count: Annotated[int, typer.Option(help="Groups with fewer salaries are suppressed")] = 10,
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Annual salary quantiles (USD) by role x seniority (or --by), with counts."""
    from careerpath.market.analytics import salary_bands
    from careerpath.market.postings import DIMENSIONS

    dims = [d.strip() for d in by.split(",") if d.strip()]
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown:
        raise InputError(f"Unknown --by {', '.join(unknown)}; use any of {', '.join(DIMENSIONS)}.")
    with open_store(store) as opened:
        result = salary_bands(opened, dims, _role_filter(role), min_count=min_count)
    if format is ListFormat.json:
        emit_json([asdict(b) for b in result])
        return
    rows = []
    for b in result[:60]:
        q = b.quantiles
        rows.append(
            [
                *(b.group[d] for d in dims),
                b.count,
                *(f"{q[k]:,.0f}" if k in q else "—" for k in ("q10", "q25", "q50", "q75", "q90")),
            ]
        )
    _table("Annual salary, USD", [*dims, "n", "p10", "p25", "median", "p75", "p90"], rows)


@market_app.command("trends")
@handle_errors
def trends_command(
    period: Annotated[PeriodOption, typer.Option(help="month, quarter or year")] = PeriodOption.year,
    by: Annotated[str | None, typer.Option(help="Group by this dimension (role_id, seniority, source...)")] = "role_id",
    role: RoleOption = None,
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Postings, shares and median pay per period, with growth rates."""
    from careerpath.market.trends import market_trends

    with open_store(store) as opened:
        result = market_trends(opened, period.value, by or None, _role_filter(role))
    if format is ListFormat.json:
        emit_json([asdict(t) for t in result])
        return
    _table(
        f"Trends by {period.value}",
        ["period", "group", "postings", "share", "growth", "median USD", "pay growth"],
        [
            [
                t.period,
                t.group or "all",
                t.postings,
                _pct(t.share),
                None if t.growth is None else _pct(t.growth),
                None if t.median_salary_usd is None else f"{t.median_salary_usd:,.0f}",
                None if t.salary_growth is None else _pct(t.salary_growth),
            ]
            for t in result
        ],
    )


def _phrase_finder(phrases: str) -> tuple[str, Callable[[], Any], int]:
    """For ``--phrases``: the finder's versioned name, a function that builds it, and how many postings it reads.

    ``auto``: the rules' phrases that the int8 tagger confirms (``emerging.confirmed_phrases``; judged blind
    on Glassdoor postings, docs/benchmarks.md section 2), named ``capitalisation-rules.v1+span-tagger-int8.vN``.

    The tagger is built only when called (after the store opened), since loading or exporting it takes seconds.
    """
    from careerpath.components import registry
    from careerpath.errors import InputError
    from careerpath.linking.span_tagger import SPAN_TAGGER_INT8_NAME, int8_span_tagger_available
    from careerpath.market.emerging import (
        AUTO_SAMPLE,
        CANDIDATE_SAMPLE,
        RULES_FINDER,
        TAGGER_SAMPLE,
        confirmed_phrases,
        tagged_phrases,
    )

    if phrases not in {"auto", "rules", "span-tagger"}:
        raise InputError(f"Unknown --phrases {phrases!r}. Choose 'auto', 'rules' or 'span-tagger'.")
    if phrases == "rules" or (phrases == "auto" and not int8_span_tagger_available()):
        return RULES_FINDER, lambda: None, CANDIDATE_SAMPLE
    if phrases == "auto":  # the rules propose, the int8 tagger (exported once into the cache) confirms
        return (
            f"{RULES_FINDER}+{SPAN_TAGGER_INT8_NAME}",
            lambda: confirmed_phrases(registry().get("tagger", SPAN_TAGGER_INT8_NAME)().tag_many),
            AUTO_SAMPLE,
        )
    name = registry().resolve("tagger", "span-tagger").name
    return (
        name,
        lambda: tagged_phrases(registry().get("tagger", name)().tag_many),
        TAGGER_SAMPLE,
    )


@market_app.command("emerging")
@handle_errors
def emerging_command(
    period: Annotated[PeriodOption, typer.Option(help="month, quarter or year")] = PeriodOption.year,
    before: Annotated[str | None, typer.Option(help="Earlier period, e.g. 2023 (default: second last)")] = None,
    after: Annotated[str | None, typer.Option(help="Later period, e.g. 2024 (default: last)")] = None,
    role: RoleOption = None,
    candidates: Annotated[int, typer.Option(help="Candidate new skills shown")] = 15,
    phrases: Annotated[
        str,
        typer.Option(
            help="How candidate phrases are found: 'rules' (capitalised, tool-shaped words), 'span-tagger' "
            "(the trained span tagger's Knowledge spans; semantic extra; reads fewer postings) or 'auto' "
            "(the rules' phrases that the tagger's int8 export also tags, over the first 300 postings, when "
            "the semantic extra is installed, else rules). The rules stay the default: they read more "
            "postings in seconds; see docs/benchmarks.md section 2 for how the finders compare."
        ),
    ] = "rules",
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Skills whose share grew significantly, and frequent phrases the taxonomy does not know yet."""
    from careerpath.market.emerging import emerging_skills, store_candidate_skills

    finder_name, make_finder, sample = _phrase_finder(phrases)
    flt = _role_filter(role)
    with open_store(store) as opened:
        grown = emerging_skills(opened, period.value, before=before, after=after, flt=flt)
        new = store_candidate_skills(
            opened,
            root().known_terms(),
            flt,
            top=candidates,
            period=period.value,
            before=before,
            after=after,
            finder=make_finder(),
            sample=sample,
            case_check=True if phrases == "auto" else None,  # auto keeps the rules' lower-case check
        )
    if format is ListFormat.json:
        emit_json(
            {"emerging": [asdict(e) for e in grown], "candidates": [asdict(c) for c in new], "phrases": finder_name}
        )
        return
    _table(
        "Emerging skills (z-test, BH q < 0.05 = significant)",
        ["skill", "from", "to", "share before", "share after", "z", "q", "significant"],
        [
            [
                _skill_name(e.skill_id),
                e.before,
                e.after,
                _pct(e.share_before),
                _pct(e.share_after),
                round(e.z, 2),
                f"{e.q_value:.2g}",
                "yes" if e.significant else "",
            ]
            for e in grown[:30]
        ],
    )
    _table(
        f"Candidate new skills (phrases: {finder_name})",
        ["phrase", "postings", "share", "employers", "growth"],
        [[c.phrase, c.postings, _pct(c.share), c.companies, None if c.growth is None else _pct(c.growth)] for c in new],
    )


def _movers(drift: Any) -> str:
    return ", ".join(f"{m.key} {m.before:.0%}->{m.now:.0%}" for m in drift.movers[:3])


@market_app.command("drift")
@handle_errors
def drift_command(
    store: StoreOption = None,
    period: Annotated[str, typer.Option(help="month, quarter or year")] = "month",
    format: FormatOption = ListFormat.text,
) -> None:
    """How far the latest period's mix of roles and skills moved from the previous one (PSI)."""
    from careerpath.market.drift import market_drift

    if period not in ("month", "quarter", "year"):
        raise InputError(f"Unknown period {period!r}; use month, quarter or year.")
    with open_store(store) as opened:
        result = market_drift(opened, period)  # type: ignore[arg-type]
    if format is ListFormat.json:
        emit_json([d.as_dict() for d in result])
        return
    if not result:
        err_console.print(f"Fewer than two {period}s with 20 or more postings: nothing to compare.")
        return
    _table(
        f"Drift, {result[0].previous} -> {result[0].current} (PSI: < 0.1 stable, 0.1-0.25 moderate, > 0.25 major)",
        ["distribution", "PSI", "level", "moved most"],
        [[d.dimension, f"{d.psi:.3f}", d.level, _movers(d)] for d in result],
    )


@market_app.command("report")
@handle_errors
def report_command(
    role: RoleOption = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write")] = Path("market_report.html"),
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Write a self-contained HTML report with charts; print the headline tables."""
    from careerpath.market.report import market_report_data, render_report_html

    role_id = _resolve_role(role)
    with open_store(store) as opened:
        data = market_report_data(opened, role_id, root().known_terms())
    names = {r.id: r.name for r in root().roles}
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report_html(data, names), encoding="utf-8")
    if format is ListFormat.json:
        emit_json({"output": str(output), **data})
        return
    _table(
        "Demand by role",
        ["role", "postings", "share"],
        [
            [names.get(r["role_id"], r["role_id"] or "(other titles)"), r["postings"], _pct(r["share"])]
            for r in data["roles"][:10]
        ],
    )
    _table(
        "Top skills",
        ["skill", "share", "lift"],
        [[_skill_name(s["skill_id"]), _pct(s["share"]), round(s["lift"], 2)] for s in data["skills"][:15]],
    )
    err_console.print(f"wrote {output}", highlight=False)


@market_app.command("export")
@handle_errors
def export_command(
    output: Annotated[Path, typer.Argument(help="Parquet file to write")],
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Export the distinct postings (with provenance and skill ids) to Parquet."""
    with open_store(store) as opened:
        path = opened.export_parquet(output)
    if format is ListFormat.json:
        emit_json({"output": str(path)})
    else:
        err_console.print(f"wrote {path}", highlight=False)


@market_app.command("snapshot")
@handle_errors
def snapshot_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write (default: <home>/market_snapshot.json)")
    ] = None,
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Rebuild the market snapshot (demand and pay aggregates) from your store."""
    from careerpath.market.snapshot import build_snapshot, save_snapshot

    target = output or root().user_snapshot_file
    with open_store(store) as opened:
        snapshot = build_snapshot(opened)
    save_snapshot(snapshot, target)
    if format is ListFormat.json:
        emit_json(
            {
                "output": str(target),
                "postings": snapshot.postings,
                "skills": len(snapshot.skill_demand),
                "roles_with_pay": len(snapshot.role_salaries),
            }
        )
    else:
        err_console.print(
            f"wrote {target}: {snapshot.postings:,} postings, {len(snapshot.skill_demand)} skills, "
            f"pay for {len(snapshot.role_salaries)} roles",
            highlight=False,
        )


@market_app.command("fetch-hn")
@handle_errors
def fetch_hn_command(
    since: Annotated[str, typer.Option(help="First month, YYYY-MM")],
    until: Annotated[str | None, typer.Option(help="Last month, YYYY-MM (default: since)")] = None,
    base_url: Annotated[str, typer.Option(help="HN Algolia API base URL")] = "https://hn.algolia.com/api/v1",
    store: StoreOption = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Fetch Hacker News "Who is hiring?" threads by month (incremental) and ingest their postings."""
    from careerpath.market.hn import fetch_hn_months

    with open_store(store, must_exist=False) as opened:
        summary = fetch_hn_months(
            opened, since, until or since, base_url=base_url, cache_dir=root().settings.cache_dir / "hn"
        )
    if format is ListFormat.json:
        emit_json(summary.as_dict())
    else:
        _table(
            "HN ingest",
            ["read", "new", "duplicates", "rejected"],
            [[summary.read, summary.new, summary.duplicates, summary.rejected]],
        )


# Kafka commands (`market produce`, `market consume`) register themselves on market_app.
from careerpath.cli import market_stream_cmd  # noqa: E402, F401
