from __future__ import annotations

import gzip
import json

import pytest

from careerpath.errors import PostingInputError
from careerpath.market.dedup import estimated_jaccard
from careerpath.market.ingest import ingest_files
from careerpath.market.postings import PostingFilter
from careerpath.storage.duckdb_store import DuckDBPostingStore


def test_ingest_counts_read_new_duplicates_rejected(postings_csv, store, parser):
    summary = ingest_files([postings_csv], store, parser=parser)
    assert (summary.read, summary.new, summary.duplicates, summary.rejected) == (7, 4, 1, 2)
    reasons = {(r.line, r.reason) for r in summary.rejections}
    assert (6, "missing job title") in reasons
    assert any(line == 7 and "yes/no" in reason for line, reason in reasons)
    assert store.count_postings() == 4


def test_ingest_parses_role_seniority_salary_and_skills(postings_csv, store, parser):
    ingest_files([postings_csv], store, parser=parser)
    postings = {p.company: p for p in store.iter_postings()}
    acme = postings["Acme"]
    assert (acme.role_id, acme.seniority, acme.salary_usd_yearly) == ("data_scientist", "senior", 135_000)
    assert postings["Beta"].salary_min_yearly == 150_000  # found in the description text
    assert postings["Gamma"].salary_min_yearly == 60 * 2080
    skills = {r["skill_id"] for r in store.count_skills([], PostingFilter(role_id="ml_engineer"))}
    assert {"pytorch", "docker", "kubernetes", "python"} <= skills
    assert "excel" not in skills  # "No Excel" is negated


def test_reingest_adds_nothing(postings_csv, store, parser):
    ingest_files([postings_csv], store, parser=parser)
    again = ingest_files([postings_csv], store, parser=parser)
    assert (again.read, again.new) == (0, 0)
    assert again.files_skipped == [str(postings_csv)]
    assert store.count_postings() == 4


def test_interrupted_ingest_resumes_to_the_same_store(postings_csv, tmp_path, parser):
    clean = DuckDBPostingStore(":memory:")
    ingest_files([postings_csv], clean, parser=parser)
    resumed = DuckDBPostingStore(tmp_path / "r.duckdb")
    first = ingest_files([postings_csv], resumed, parser=parser, batch_size=2, max_records=3)
    assert first.read == 3
    resumed.close()
    resumed = DuckDBPostingStore(tmp_path / "r.duckdb")
    second = ingest_files([postings_csv], resumed, parser=parser, batch_size=2)
    assert first.read + second.read == 7
    query = "SELECT posting_id, seq, is_duplicate, role_id FROM postings ORDER BY posting_id"
    assert resumed.con.execute(query).fetchall() == clean.con.execute(query).fetchall()
    assert sorted(map(str, resumed.count_skills(["role_id"]))) == sorted(map(str, clean.count_skills(["role_id"])))


def test_gzip_jsonl_and_parquet_give_the_same_postings(postings_csv, tmp_path, parser, store):
    ingest_files([postings_csv], store, parser=parser)
    jsonl = tmp_path / "p.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"title": "Data Scientist", "company": "Zeta", "description": "Python and SQL"}) + "\n")
        handle.write("{not json\n")
    summary = ingest_files([jsonl], store, parser=parser)
    assert (summary.new, summary.rejected) == (1, 1)
    assert summary.rejections[0].line == 2
    out = store.export_parquet(tmp_path / "export.parquet")
    other = DuckDBPostingStore(":memory:")
    again = ingest_files([out], other, parser=parser, source="export")
    assert again.new == store.count_postings()


def test_unknown_columns_and_formats_raise_posting_input_error(tmp_path, store, parser):
    bad = tmp_path / "x.csv"
    bad.write_text("foo,bar\n1,2\n")
    with pytest.raises(PostingInputError, match="Unrecognised postings columns"):
        ingest_files([bad], store, parser=parser)
    with pytest.raises(PostingInputError, match="Unsupported"):
        ingest_files([tmp_path / "x.xlsx"], store, parser=parser) if (tmp_path / "x.xlsx").write_text("") == 0 else None


def test_minhash_scores_near_duplicates_high():
    a = "We build machine learning pipelines in Python and SQL for our retail forecasting team in Austin."
    b = a.replace("Austin", "Dallas")
    c = "Completely different text about nursing shifts, patient care and hospital schedules in Ohio."
    assert estimated_jaccard(a, b) > 0.6
    assert estimated_jaccard(a, c) < 0.2


def test_glassdoor_file_ingests_without_rejections(shared_data, parser):
    store = DuckDBPostingStore(":memory:")
    summary = ingest_files([shared_data / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"], store, parser=parser)
    assert (summary.read, summary.rejected) == (956, 0)
    assert 550 <= summary.new <= 600  # 600 exact-distinct postings, a few near-duplicates


def test_parallel_ingest_gives_the_same_store_as_serial(postings_csv, parser):
    from fakes import fake_parser

    serial, parallel = DuckDBPostingStore(":memory:"), DuckDBPostingStore(":memory:")
    one = ingest_files([postings_csv], serial, parser=parser, batch_size=2)
    two = ingest_files([postings_csv], parallel, parser_factory=fake_parser, workers=2, batch_size=2)
    assert one.as_dict() == two.as_dict()
    for query in (
        "SELECT * EXCLUDE (ingested_at) FROM postings ORDER BY seq",
        "SELECT * FROM posting_skills ORDER BY posting_id, skill_id",
        "SELECT * FROM dedup_signatures ORDER BY posting_id",
    ):
        assert serial.con.execute(query).fetchall() == parallel.con.execute(query).fetchall()


def test_skills_are_extracted_for_new_postings_only(postings_csv, store, parser):
    texts: list[str] = []
    extract = parser.extractor.extract

    def counting(text):
        texts.append(text)
        return extract(text)

    parser.extractor.extract = counting
    summary = ingest_files([postings_csv], store, parser=parser)
    assert summary.duplicates == 1
    assert len(texts) == summary.new  # every new posting here has a description
    assert not any(text.endswith("end to end!") for text in texts)  # the duplicate's description
