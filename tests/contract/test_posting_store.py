"""One contract for every PostingStore: same input, same aggregates (DuckDB and Spark)."""

from __future__ import annotations

import importlib.util

import pytest
from contract_cases import CSV, aggregates, run_slow
from fakes import fake_esco_parser, fake_parser

from careerpath.errors import CareerpathWarning
from careerpath.market.analytics import salary_bands
from careerpath.market.demand import EscoSkillDemand, esco_skill_demand
from careerpath.market.ingest import ingest_files
from careerpath.storage.duckdb_store import DuckDBPostingStore


def _engines() -> list[object]:
    spark = pytest.param("spark", marks=pytest.mark.slow)
    return ["duckdb", spark]


@pytest.fixture(params=_engines())
def engine_store(request, tmp_path):
    if request.param == "spark":
        if importlib.util.find_spec("pyspark") is None:
            pytest.skip("pyspark is not installed: pip install 'careerpath[spark]'")
        if not run_slow(request.config):
            pytest.skip("Spark contract tests are slow: set CAREERPATH_SLOW=1 (or pass --slow)")
        from careerpath.storage.spark_store import ingest_with_spark

        # A real standalone cluster: a master and two worker processes, executors in their own JVMs.
        store = request.getfixturevalue("spark_store_at")(tmp_path / "spark_store")
        return store, lambda paths, factory=fake_parser, **kw: ingest_with_spark(
            paths, store, parser_factory=factory, **kw
        )
    store = DuckDBPostingStore(tmp_path / "store.duckdb")
    return store, lambda paths, factory=fake_parser, **kw: ingest_files(paths, store, parser=factory(), **kw)


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "postings.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_store_ingest_is_idempotent_and_resumable(engine_store, csv_file):
    store, ingest = engine_store
    first = ingest([csv_file], max_records=2, batch_size=1)
    rest = ingest([csv_file], batch_size=1)
    again = ingest([csv_file])
    assert first.read + rest.read == 6
    assert first.new + rest.new == 5 and first.duplicates + rest.duplicates == 1
    assert again.new == 0 and again.files_skipped
    assert store.count_postings() == 5


def test_store_aggregates_match_the_reference_engine(engine_store, csv_file, tmp_path):
    store, ingest = engine_store
    ingest([csv_file])
    reference = DuckDBPostingStore(":memory:")
    ingest_files([csv_file], reference, parser=fake_parser())
    assert aggregates(store) == aggregates(reference)
    band = {b.group["role_id"]: b for b in salary_bands(store, ["role_id"], min_count=1)}
    assert band["ml_engineer"].quantiles["q50"] == 185_000


# The ESCO tier (fakes.KeywordLinker) links "stakeholders", "dashboards" and "mentor" sentences that
# the curated extractor leaves unexplained. Acme's second row is an exact duplicate; Beta's
# dashboards sentence names Python, so it is explained; Delta has no description.
ESCO_CSV = """title,company,location,remote,posted_on,salary,description
Data Scientist,Acme,"Austin, TX",false,2023-03-01,$120K-$150K,"Python and SQL for forecasting. You will present findings to stakeholders across the business. Build dashboards that leaders read every week."
Data Scientist,Acme,"Austin, TX",false,2023-03-02,$120K-$150K,"Python and SQL for forecasting. You will present findings to stakeholders across the business. Build dashboards that leaders read every week."
ML Engineer,Beta,Remote,true,2023-05-02,$150K-$180K,"Deploy PyTorch models with Docker. You will mentor junior engineers on the platform team. Dashboards are built with Python by us."
Data Engineer,Gamma,"Boston, MA",false,2024-01-15,,"Spark pipelines in Python on AWS for ingestion. Nothing else to say about this role here."
Data Analyst,Delta,"New York, NY",false,2024-02-01,,
"""  # noqa: E501


def test_store_esco_links_are_idempotent_resumable_and_skip_duplicates(engine_store, tmp_path):
    store, ingest = engine_store
    path = tmp_path / "esco.csv"
    path.write_text(ESCO_CSV, encoding="utf-8")
    first = ingest([path], factory=fake_esco_parser, max_records=2, batch_size=1)
    rest = ingest([path], factory=fake_esco_parser, batch_size=1)
    again = ingest([path], factory=fake_esco_parser)
    assert (first.read + rest.read, first.duplicates + rest.duplicates, again.new) == (5, 1, 0)
    design = "keyword-esco.v1"
    assert store.count_esco_postings() == [{"design": design, "n": 3}]  # Acme, Beta, Gamma
    third = 1 / 3
    assert esco_skill_demand(store) == [
        EscoSkillDemand("urn:test:esco/liaise-with-managers", "liaise with managers", design, 1, third),
        EscoSkillDemand("urn:test:esco/mentor-individuals", "mentor individuals", design, 1, third),
        EscoSkillDemand("urn:test:esco/present-reports", "present reports", design, 1, third),
    ]
    assert esco_skill_demand(store, "ml_engineer") == [
        EscoSkillDemand("urn:test:esco/mentor-individuals", "mentor individuals", design, 1, 1.0)
    ]


def test_store_without_esco_ingest_has_no_esco_demand(engine_store, csv_file):
    store, ingest = engine_store
    ingest([csv_file])
    with pytest.warns(CareerpathWarning, match="ingested with --esco"):
        assert esco_skill_demand(store) == []
