"""The Spark engine ingests distributed end to end, on the two-worker standalone cluster: Spark's own
readers (gzipped CSV, gzipped JSON Lines, Parquet), parsing, dedup and writes on the executors, and
no step brings the postings to the driver."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import json
import random
import sys
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from contract_cases import CSV, aggregates, run_slow
from fakes import fake_parser

from careerpath.market.ingest import ingest_files
from careerpath.storage.duckdb_store import DuckDBPostingStore

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
pytestmark = pytest.mark.slow

UNIQUE, COPIES = 3000, 100  # the copies repeat the first postings, dated later: exact duplicates
WORDS = [f"{w}{i}" for i in range(60) for w in ("data", "model", "team", "build", "cloud", "metric", "deploy")]


@pytest.fixture(autouse=True)
def _needs_spark(request):
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed: pip install 'careerpath[spark]'")
    if not run_slow(request.config):
        pytest.skip("Spark pipeline tests are slow: set CAREERPATH_SLOW=1 (or pass --slow)")


def _big_corpus(path: Path) -> Path:
    """Writes UNIQUE postings of ~1.5 KB (about 4.5 MB of text) plus COPIES later-dated exact copies."""
    rng = random.Random(13)
    skills = ["Python", "SQL", "Spark", "AWS", "Docker", "PyTorch"]
    rows = []
    for i in range(UNIQUE):
        text = " ".join(rng.choice(WORDS) for _ in range(200))
        rows.append([f"Data Engineer {i}", f"Company {i}", "Remote", "2024-01-01", f"{text} {rng.choice(skills)}."])
    rows += [[*row[:3], "2024-06-01", row[4]] for row in rows[:COPIES]]
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "company", "location", "posted_on", "description"])
        writer.writerows(rows)
    return path


def test_ingest_never_collects_postings_to_the_driver(spark_store_at, tmp_path, monkeypatch):
    from py4j.protocol import Py4JJavaError
    from pyspark import RDD
    from pyspark.errors import PySparkException

    corpus = _big_corpus(tmp_path / "big.csv.gz")
    store = spark_store_at(tmp_path / "store")
    frame_class = type(store.spark.range(1))  # the concrete DataFrame class (pyspark.sql.classic)
    brought: list[tuple[str, int]] = []  # (method, rows) of every result the driver asked for

    def counting(cls: type, name: str) -> None:
        original = getattr(cls, name)

        def wrapper(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            if isinstance(result, list):
                brought.append((f"{cls.__name__}.{name}", len(result)))
            return result

        monkeypatch.setattr(cls, name, wrapper)

    for cls, name in ((frame_class, "collect"), (frame_class, "take"), (RDD, "collect"), (RDD, "take")):
        counting(cls, name)
    monkeypatch.setattr(frame_class, "toPandas", lambda self: pytest.fail("toPandas during ingest"))
    monkeypatch.setattr(frame_class, "toLocalIterator", lambda self, *a: pytest.fail("toLocalIterator during ingest"))

    summary = ingest_files([corpus], store, parser_factory=fake_parser)
    monkeypatch.undo()

    assert (summary.read, summary.new, summary.duplicates, summary.rejected) == (UNIQUE + COPIES, UNIQUE, COPIES, 0)
    assert store.count_postings() == UNIQUE
    assert brought, "the ingest asked for no results at all: the counting wrapper is not in place"
    assert max(rows for _, rows in brought) <= 10, brought  # counts and per-partition sizes only
    # The guard is live: bringing the stored postings to the driver breaks the 1 MiB limit.
    with pytest.raises((Py4JJavaError, PySparkException), match="maxResultSize"):
        store.table("postings").select("description").collect()


def test_spark_readers_give_the_same_store_for_csv_jsonl_gz_and_parquet(spark_store_at, tmp_path):
    rows = list(csv.DictReader(CSV.splitlines()))
    as_csv = tmp_path / "postings.csv"
    as_csv.write_text(CSV, encoding="utf-8")
    as_jsonl = tmp_path / "postings.jsonl.gz"
    with gzip.open(as_jsonl, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    as_parquet = tmp_path / "postings.parquet"
    pq.write_table(pa.Table.from_pylist(rows), as_parquet)
    reference = DuckDBPostingStore(":memory:")
    ingest_files([as_csv], reference, parser=fake_parser())

    store = spark_store_at(tmp_path / "store")
    first = ingest_files([as_jsonl], store, parser_factory=fake_parser)
    assert (first.read, first.new, first.duplicates) == (6, 5, 1)
    assert aggregates(store) == aggregates(reference)
    # The same postings again, from Parquet: each pairs with a stored copy (whichever the keep rule
    # ranks first stays), so nothing is doubled and every aggregate is unchanged.
    second = ingest_files([as_parquet], store, parser_factory=fake_parser)
    assert (second.read, second.new + second.duplicates, second.rejected) == (6, 6, 0)
    assert aggregates(store) == aggregates(reference)


def test_a_malformed_csv_record_is_rejected_with_its_record_number(spark_store_at, tmp_path):
    path = tmp_path / "broken.csv"
    lines = CSV.splitlines()
    path.write_text("\n".join([*lines[:3], "Only Two,Fields", *lines[3:]]) + "\n", encoding="utf-8")
    store = spark_store_at(tmp_path / "store")
    summary = ingest_files([path], store, parser_factory=fake_parser)
    assert (summary.read, summary.new, summary.rejected) == (7, 5, 1)
    (rejection,) = summary.rejections
    assert rejection.line == 3 and "malformed record" in rejection.reason


def test_a_batch_written_but_never_committed_is_gone_after_the_next_ingest(spark_store_at, tmp_path):
    """A run killed between the executors' writes and the store.json commit leaves its batch on
    disk; the next ingest removes it and ends as a clean run (nothing doubled)."""
    import shutil

    path = tmp_path / "postings.csv"
    path.write_text(CSV, encoding="utf-8")
    store = spark_store_at(tmp_path / "store")
    first = ingest_files([path], store, parser_factory=fake_parser, max_records=2)
    assert (first.read, first.new) == (2, 2)
    for table in ("postings/source=generic", "dedup_signatures", "dedup_keys", "posting_skills"):
        (committed,) = (tmp_path / "store" / table).glob("batch=*")
        shutil.copytree(committed, committed.with_name("batch=killed-run-0000000002"))  # as a killed run leaves it
    rest = ingest_files([path], store, parser_factory=fake_parser)
    assert (rest.read, rest.new, rest.duplicates) == (4, 3, 1)
    assert not list((tmp_path / "store").rglob("batch=killed-run-*"))
    assert store.count_postings() == 5


def _glassdoor(shared_data: Path) -> Path:
    path = shared_data / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
    if not path.is_file():
        pytest.skip(f"Glassdoor postings not found at {path}")
    return path


def _kept(store: object) -> tuple[set[tuple[object, ...]], object]:
    """The store's kept postings as (file hash, record ordinal) and as a content multiset."""
    sys.path.insert(0, str(BENCHMARKS))
    from bench_kept_sets import kept_postings, store_records

    return kept_postings(store_records(store))


def test_both_pipelines_keep_the_same_glassdoor_postings(spark_store_at, tmp_path, shared_data):
    """``market ingest`` of the Glassdoor file through each engine's whole pipeline (readers,
    parsing, dedup, writes) keeps the same postings: the same records of the file (by their position
    in it: the engines number them differently) with the same content, not only the same counts."""
    glassdoor = _glassdoor(shared_data)
    reference = DuckDBPostingStore(tmp_path / "store.duckdb")
    expected = ingest_files([glassdoor], reference, parser=fake_parser())
    store = spark_store_at(tmp_path / "spark")
    summary = ingest_files([glassdoor], store, parser_factory=fake_parser)
    assert (summary.read, summary.new, summary.duplicates) == (expected.read, expected.new, expected.duplicates)
    ids, content = _kept(store)
    expected_ids, expected_content = _kept(reference)
    assert len(ids) == expected.new > 500 and expected.duplicates > 300
    assert ids == expected_ids
    assert content == expected_content


def test_both_pipelines_keep_the_same_postings_over_two_ingests_with_unkeeps(spark_store_at, tmp_path, shared_data):
    """Two files ingested one after the other: postings of the second file dated before their stored
    near-duplicates un-keep them (DuckDB updates them; the Spark store overlays ``unkept/`` parts),
    and the stores still keep the same postings."""
    with gzip.open(_glassdoor(shared_data), "rt", encoding="utf-8") as handle:
        raw = list(csv.DictReader(handle))
    rng = random.Random(5)
    rows = [
        [
            r["Job Title"],
            r["Company Name"].splitlines()[0] if r["Company Name"] else "",
            r["Location"],
            date(2020, 1 + rng.randrange(12), 1 + rng.randrange(28)).isoformat(),
            r["Job Description"],
        ]
        for r in raw
    ]
    files = []
    for name, part in (("first.csv", rows[::2]), ("second.csv", rows[1::2])):
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["title", "company", "location", "posted_on", "description"])
            writer.writerows(part)
        files.append(tmp_path / name)
    reference = DuckDBPostingStore(tmp_path / "store.duckdb")
    store = spark_store_at(tmp_path / "spark")
    ingest_files(files[:1], reference, parser=fake_parser())
    ingest_files(files[:1], store, parser_factory=fake_parser)
    kept_first, _ = _kept(reference)
    assert _kept(store)[0] == kept_first
    expected = ingest_files(files[1:], reference, parser=fake_parser())
    summary = ingest_files(files[1:], store, parser_factory=fake_parser)
    ids, content = _kept(store)
    expected_ids, expected_content = _kept(reference)
    assert kept_first - expected_ids, "no stored posting was un-kept: the case is not exercised"
    # Both engines report the un-kept postings, so `new - unkept` is how much the kept set grew.
    assert summary.unkept == expected.unkept == len(kept_first - expected_ids) > 0
    assert ids == expected_ids
    assert content == expected_content
