"""market ingest --esco: the ESCO second tier on real Glassdoor postings, with a real ESCO subset."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.market_cmd import market_app
from careerpath.esco import load_esco
from careerpath.linking import LEXICAL_DESIGN, semantic_available
from careerpath.market.ingest import ingest_files
from careerpath.market.parsers import esco_parser
from careerpath.market.parsing import PostingParser
from careerpath.storage.duckdb_store import DuckDBPostingStore

runner = CliRunner()
SAMPLE_POSTINGS = 40
DUPLICATED = 3  # the first rows, appended again: exact duplicates


@pytest.fixture(scope="module")
def glassdoor_sample(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first real Glassdoor postings, then copies of the first three (exact duplicates)."""
    source = shared_data / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
    if not source.is_file():
        pytest.skip(f"{source} not found: the Glassdoor postings are needed for this test")
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = [row for _, row in zip(range(SAMPLE_POSTINGS), reader, strict=False)]
        fields = list(reader.fieldnames or [])
    path = tmp_path_factory.mktemp("glassdoor") / "glassdoor_sample.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows([*rows, *rows[:DUPLICATED]])
    return path


@pytest.fixture(scope="module")
def esco_labels(mini_esco: Path) -> dict[str, str]:
    return {skill.uri: skill.label for skill in load_esco(mini_esco).skills}


@pytest.fixture(scope="module")
def parser(mini_esco: Path) -> PostingParser:
    return esco_parser(str(mini_esco), LEXICAL_DESIGN)


def _esco_rows(store: DuckDBPostingStore) -> list[tuple[object, ...]]:
    query = "SELECT posting_id, esco_uri, label, score, sentence FROM posting_esco_skills ORDER BY ALL"
    return store.con.execute(query).fetchall()


def _linked(store: DuckDBPostingStore) -> list[tuple[object, ...]]:
    return store.con.execute("SELECT posting_id, design FROM esco_linked_postings ORDER BY ALL").fetchall()


def test_ingest_esco_links_new_glassdoor_postings_to_fixture_skills(glassdoor_sample, parser, esco_labels):
    store = DuckDBPostingStore(":memory:")
    summary = ingest_files([glassdoor_sample], store, parser=parser)
    assert (summary.read, summary.rejected) == (SAMPLE_POSTINGS + DUPLICATED, 0)
    assert summary.duplicates >= DUPLICATED
    rows = _esco_rows(store)
    linked = _linked(store)
    descriptions = dict(store.con.execute("SELECT posting_id, description FROM postings").fetchall())
    # The tier ran on every new posting (all have descriptions), and most get at least one link.
    assert len(linked) == summary.new and {design for _, design in linked} == {"lexical.v2"}
    with_links = {posting_id for posting_id, *_ in rows}
    assert len(with_links) >= summary.new // 2
    for posting_id, uri, label, score, sentence in rows:
        assert esco_labels.get(uri) == label  # a real skill of the ESCO fixture, with its label
        assert score >= 1.0  # lexical design: a whole ESCO label is in the sentence
        assert 0 < len(sentence) <= 200 and sentence in " ".join(descriptions[posting_id].split())
        assert "Python" not in sentence  # sentences the curated extractor explains are not linked
    assert sum(1 for row in rows if len(row[4]) == 200) < len(rows)  # trimmed, not padded


def test_ingest_esco_stores_nothing_for_duplicates_and_nothing_on_reingest(glassdoor_sample, parser):
    store = DuckDBPostingStore(":memory:")
    ingest_files([glassdoor_sample], store, parser=parser)
    duplicates = {row[0] for row in store.con.execute("SELECT posting_id FROM postings WHERE is_duplicate").fetchall()}
    assert len(duplicates) >= DUPLICATED
    assert not duplicates & {row[0] for row in _esco_rows(store)}
    assert not duplicates & {row[0] for row in _linked(store)}
    rows, linked = _esco_rows(store), _linked(store)
    again = ingest_files([glassdoor_sample], store, parser=parser)
    assert (again.read, again.new, again.files_skipped) == (0, 0, [str(glassdoor_sample)])
    assert (_esco_rows(store), _linked(store)) == (rows, linked)


def test_interrupted_esco_ingest_resumes_to_the_same_links(glassdoor_sample, parser, tmp_path):
    clean = DuckDBPostingStore(":memory:")
    ingest_files([glassdoor_sample], clean, parser=parser)
    resumed = DuckDBPostingStore(tmp_path / "r.duckdb")
    ingest_files([glassdoor_sample], resumed, parser=parser, batch_size=10, max_records=25)
    resumed.close()
    resumed = DuckDBPostingStore(tmp_path / "r.duckdb")
    ingest_files([glassdoor_sample], resumed, parser=parser, batch_size=10)
    assert (_esco_rows(resumed), _linked(resumed)) == (_esco_rows(clean), _linked(clean))


def test_cli_ingest_esco_in_workers_then_esco_skill_demand(glassdoor_sample, parser, mini_esco, esco_labels, tmp_path):
    path = tmp_path / "m.duckdb"
    args = ["ingest", str(glassdoor_sample), "--store", str(path), "--format", "json", "--workers", "2"]
    result = runner.invoke(market_app, [*args, "--esco", str(mini_esco), "--esco-design", LEXICAL_DESIGN])
    assert result.exit_code == 0, result.output
    serial = DuckDBPostingStore(":memory:")
    ingest_files([glassdoor_sample], serial, parser=parser)
    with DuckDBPostingStore(path) as store:  # the worker processes linked the same skills
        assert (_esco_rows(store), _linked(store)) == (_esco_rows(serial), _linked(serial))
        linked_postings = len(_linked(store))

    result = runner.invoke(market_app, ["skills", "--esco", "--store", str(path), "--format", "json", "--top", "500"])
    assert result.exit_code == 0, result.output
    demand = json.loads(result.stdout)
    assert demand and all(set(row) == {"esco_uri", "label", "design", "postings", "share"} for row in demand), demand[
        :2
    ]
    for row in demand:
        assert esco_labels[row["esco_uri"]] == row["label"] and row["design"] == "lexical.v2"
        assert row["share"] == pytest.approx(row["postings"] / linked_postings)
    assert [row["postings"] for row in demand] == sorted((row["postings"] for row in demand), reverse=True)
    assert sum(row["postings"] for row in demand) == len({(r[0], r[1]) for r in _esco_rows(serial)})

    scoped = runner.invoke(
        market_app, ["skills", "--esco", "--role", "Data Scientist", "--store", str(path), "--format", "json"]
    )
    assert scoped.exit_code == 0, scoped.output
    overall = {row["esco_uri"]: row["postings"] for row in demand}
    assert all(row["postings"] <= overall[row["esco_uri"]] for row in json.loads(scoped.stdout))

    text = runner.invoke(market_app, ["skills", "--esco", "--store", str(path), "--top", "3"])
    assert text.exit_code == 0 and "ESCO" in text.stdout and demand[0]["label"] in text.stdout


def test_cli_ingest_without_esco_links_nothing(glassdoor_sample, tmp_path):
    path = tmp_path / "m.duckdb"
    result = runner.invoke(market_app, ["ingest", str(glassdoor_sample), "--store", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    with DuckDBPostingStore(path) as store:
        assert store.count_postings() > 0
        assert (_esco_rows(store), _linked(store)) == ([], [])
    curated = runner.invoke(market_app, ["skills", "--store", str(path), "--format", "json"])
    assert curated.exit_code == 0 and json.loads(curated.stdout)
    esco = runner.invoke(market_app, ["skills", "--esco", "--store", str(path), "--format", "json"])
    assert esco.exit_code == 0 and json.loads(esco.stdout) == []
    assert "ingested with --esco" in esco.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--esco", "/nonexistent"], "ESCO folder /nonexistent does not exist"),
        (["--esco-design", "nope", "--esco", "."], "has no skills_en.csv"),
    ],
)
def test_cli_ingest_esco_mistakes_are_one_line_user_errors(glassdoor_sample, tmp_path, options, message):
    path = tmp_path / "m.duckdb"
    result = runner.invoke(market_app, ["ingest", str(glassdoor_sample), "--store", str(path), *options])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not path.exists()  # checked before the store is created


def test_cli_ingest_unknown_esco_design_is_a_user_error(glassdoor_sample, mini_esco, tmp_path):
    path = tmp_path / "m.duckdb"
    options = ["--esco", str(mini_esco), "--esco-design", "nope"]
    result = runner.invoke(market_app, ["ingest", str(glassdoor_sample), "--store", str(path), *options])
    assert result.exit_code == 2 and "Unknown ESCO linking design 'nope'" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not semantic_available(), reason="the semantic extra is not installed")
def test_cli_ingest_with_the_distilled_design_in_workers(
    glassdoor_sample, mini_esco, esco_labels, tmp_path, monkeypatch
):
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    path = tmp_path / "m.duckdb"
    args = ["ingest", str(glassdoor_sample), "--store", str(path), "--format", "json", "--workers", "2"]
    result = runner.invoke(market_app, [*args, "--esco", str(mini_esco), "--esco-design", "alt-max+desc+lex+distilled"])
    assert result.exit_code == 0, result.output
    with DuckDBPostingStore(path) as store:
        linked, rows = _linked(store), _esco_rows(store)
    assert len(linked) == json.loads(result.stdout)["new"]  # every new posting went through the tier
    assert {design for _, design in linked} == {"alt-max+desc+lex+distilled.v1"}
    assert rows and all(esco_labels.get(uri) == label for _, uri, label, *_ in rows)
    # The student was exported once, by the main process, into the user's model cache; workers reused it.
    models = tmp_path / "home" / "cache" / "models"
    assert [folder.name.startswith("minilm-distilled-query-") for folder in models.iterdir()] == [True]
