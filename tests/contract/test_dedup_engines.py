"""Both engines keep the same postings: the DuckDB ingest (``plan_duplicates`` → ``decide_duplicates``)
and Spark's distributed ``decide_duplicates`` on the two-worker standalone cluster give identical
kept-posting sets (ids, not counts) on the Glassdoor file and on a 100k synthetic corpus, also
after a shuffle and across two incremental ingests."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import os
import random
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fakes import fake_parser

from careerpath.market.ingest import file_hash, ingest_files, plan_duplicates
from careerpath.market.readers import read_postings_file
from careerpath.storage.duckdb_store import DuckDBPostingStore

SHARED = Path(
    os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
)
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spark(spark_cluster):
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed: pip install 'careerpath[spark]'")
    from careerpath.storage.spark_store import _spark_session

    session = _spark_session(spark_cluster.master_url)
    assert session.sparkContext.master == spark_cluster.master_url
    yield session
    # Static settings (the other modules' guarded session: spark.driver.maxResultSize) apply only to
    # a new session: getOrCreate would hand them this one, so it goes with the module.
    session.stop()


def _glassdoor() -> Path:
    if not GLASSDOOR.is_file():
        pytest.skip(f"Glassdoor postings not found at {GLASSDOOR} (set CAREERPATH_SHARED_DATA)")
    return GLASSDOOR


def _records_parquet(source: Path, target: Path) -> Path:
    """Writes a postings file's records as the parse gives them (ids as the ingest makes them)."""
    fhash = file_hash(source)
    _, records = read_postings_file(source)
    columns: dict[str, list[Any]] = {
        n: [] for n in ("posting_id", "posted_on", "title", "company", "location", "description")
    }
    for record in records:
        fields = record.fields or {}
        columns["posting_id"].append(f"{fhash[:16]}:{record.line}")
        columns["posted_on"].append(fields.get("posted_on"))
        for name in ("title", "company", "location"):
            columns[name].append(fields.get(name))
        columns["description"].append(fields.get("description") or "")
    schema = pa.schema([(n, pa.date32() if n == "posted_on" else pa.string()) for n in columns])
    pq.write_table(pa.table(columns, schema=schema), target)
    return target


def _spark_kept(marked: Any) -> set[str]:
    return {row.posting_id for row in marked.where("NOT is_duplicate").select("posting_id").collect()}


def _duckdb_kept(store: DuckDBPostingStore) -> set[str]:
    return {row[0] for row in store.con.execute("SELECT posting_id FROM postings WHERE NOT is_duplicate").fetchall()}


def test_spark_keeps_the_glassdoor_postings_duckdb_keeps_in_any_input_order(spark, tmp_path):
    from pyspark.sql import functions as F

    from careerpath.market.spark_dedup import mark_duplicates

    store = DuckDBPostingStore(":memory:")
    summary = ingest_files([_glassdoor()], store, parser=fake_parser())
    duckdb_kept = _duckdb_kept(store)
    assert len(duckdb_kept) == summary.new and summary.duplicates > 300
    postings = spark.read.parquet(str(_records_parquet(GLASSDOOR, tmp_path / "glassdoor.parquet")))
    assert _spark_kept(mark_duplicates(postings)) == duckdb_kept
    shuffled = postings.orderBy(F.rand(7)).repartition(3)
    assert _spark_kept(mark_duplicates(shuffled)) == duckdb_kept


def test_spark_dedup_never_collects_postings_to_the_driver(spark, tmp_path, monkeypatch):
    from pyspark.sql import DataFrame

    from careerpath.market.spark_dedup import decide_duplicates

    postings = spark.read.parquet(str(_records_parquet(_glassdoor(), tmp_path / "glassdoor.parquet")))
    seen: list[str] = []
    classes = {type(postings), DataFrame}
    for cls in classes:  # every way rows reach the driver fails the test while the dedup runs
        for name in ("collect", "toLocalIterator", "take", "head", "first", "tail", "toPandas", "toArrow"):
            if hasattr(cls, name):
                monkeypatch.setattr(cls, name, lambda *a, _name=name, **k: seen.append(_name) or [])
    postings.limit(1).collect()
    assert seen == ["collect"]  # the guard is in place
    seen.clear()
    marked, unkept = decide_duplicates(postings)
    counts = (marked.count(), marked.where("is_duplicate").count(), unkept.count())  # counts only
    monkeypatch.undo()
    assert not seen, f"rows collected to the driver: {seen}"
    assert counts[0] == 956 and counts[1] > 300 and counts[2] == 0


def _dated_csv(rows: list[dict[str, str]], path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "company", "location", "posted_on", "description"])
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_incremental_ingests_keep_the_same_postings_on_both_engines(spark, tmp_path):
    from careerpath.market.spark_dedup import decide_duplicates, mark_duplicates

    with gzip.open(_glassdoor(), "rt", encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    rng = random.Random(5)
    rows = [
        {
            "title": r["Job Title"],
            "company": r["Company Name"].splitlines()[0] if r["Company Name"] else "",
            "location": r["Location"],
            "posted_on": date(2020, 1 + rng.randrange(12), 1 + rng.randrange(28)).isoformat(),
            "description": r["Job Description"],
        }
        for r in raw
    ]
    first, second = _dated_csv(rows[::2], tmp_path / "first.csv"), _dated_csv(rows[1::2], tmp_path / "second.csv")
    store = DuckDBPostingStore(":memory:")
    ingest_files([first], store, parser=fake_parser())
    later = ingest_files([second], store, parser=fake_parser())
    assert later.duplicates > 0  # the second half repeats postings of the first
    one = mark_duplicates(spark.read.parquet(str(_records_parquet(first, tmp_path / "first.parquet")))).cache()
    stored = one.select("posting_id", "posted_on", "dedup_key", "band_keys", "minhash")
    second_postings = spark.read.parquet(str(_records_parquet(second, tmp_path / "second.parquet")))
    two, unkept = decide_duplicates(second_postings, existing=stored)
    gone = {row.posting_id for row in unkept.collect()}
    assert gone  # later postings dated before their stored near-duplicates un-keep them
    assert (_spark_kept(one) - gone) | _spark_kept(two) == _duckdb_kept(store)
    one.unpersist()


def test_spark_and_duckdb_keep_the_same_postings_of_a_100k_synthetic_corpus(spark, tmp_path):
    from careerpath.market.spark_dedup import mark_duplicates

    _glassdoor()
    sys.path.insert(0, str(BENCHMARKS))
    from bench_ingest import make_corpus

    corpus = make_corpus(100_000, tmp_path / "corpus.csv.gz")
    flags = plan_duplicates([(corpus, file_hash(corpus))], DuckDBPostingStore(":memory:")).flags()
    duckdb_kept = {posting_id for posting_id, duplicate in flags.items() if not duplicate}
    assert len(flags) == 100_000 and 200 < len(flags) - len(duckdb_kept) < 20_000  # near-duplicates present
    postings = spark.read.parquet(str(_records_parquet(corpus, tmp_path / "corpus.parquet")))
    assert _spark_kept(mark_duplicates(postings)) == duckdb_kept
