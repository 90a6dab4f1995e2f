"""Ingest into stores that already hold postings: the count of stored postings a run un-keeps
(``unkept``), and stores written before the keep rule v2, which have postings but no signatures."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import random
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest
from typer.testing import CliRunner

from careerpath.market.ingest import ingest_files
from careerpath.storage.duckdb_store import DuckDBPostingStore

SHARED = Path(
    os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
)
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
FIELDS = ["title", "company", "location", "posted_on", "description"]


def _glassdoor_rows() -> list[dict[str, str]]:
    if not GLASSDOOR.is_file():
        pytest.skip(f"Glassdoor postings not found at {GLASSDOOR} (set CAREERPATH_SHARED_DATA)")
    with gzip.open(GLASSDOOR, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        day = int(hashlib.sha256(row["Job Description"].encode()).hexdigest(), 16) % 700  # travels with the row
        out.append(
            {
                "title": row["Job Title"],
                "company": row["Company Name"].splitlines()[0] if row["Company Name"] else "",
                "location": row["Location"],
                "posted_on": (date(2020, 1, 1) + timedelta(days=day)).isoformat(),
                "description": row["Job Description"],
            }
        )
    return out


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _reposted_earlier(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The same postings in another order, every third one re-posted a year before its date: those
    rank before their stored copies and un-keep them; the rest are duplicates of stored postings."""
    again = [dict(r) for r in rows]
    random.Random(5).shuffle(again)
    for row in again[::3]:
        row["posted_on"] = (date.fromisoformat(row["posted_on"]) - timedelta(days=365)).isoformat()
    return again


def _kept(path: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT title, company, location, posted_on, description FROM postings WHERE NOT is_duplicate ORDER BY ALL"
        ).fetchall()


def _signatures(path: Path) -> dict[str, tuple[object, ...]]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute("SELECT * FROM dedup_signatures").fetchall()
    return {row[0]: row[1:] for row in rows}


def test_unkept_counts_the_stored_postings_a_run_turns_into_duplicates(tmp_path, parser):
    rows = _glassdoor_rows()
    path = tmp_path / "store.duckdb"
    with DuckDBPostingStore(path) as store:
        first = ingest_files([_write_csv(tmp_path / "first.csv", rows)], store, parser=parser)
        assert first.unkept == 0  # nothing was stored before
        kept_before = store.count_postings()
        second = ingest_files([_write_csv(tmp_path / "again.csv", _reposted_earlier(rows))], store, parser=parser)
        kept_after = store.count_postings()
    assert second.unkept > 100  # the earlier re-posts of kept postings
    assert kept_after == kept_before + second.new - second.unkept
    assert second.as_dict()["unkept"] == second.unkept


def test_market_ingest_json_reports_unkept(tmp_path, parser, monkeypatch):
    from careerpath.cli.market_cmd import market_app

    rows = _glassdoor_rows()[:200]
    store = tmp_path / "store.duckdb"
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    outputs = []
    for name, file_rows in (("first.csv", rows), ("again.csv", _reposted_earlier(rows))):
        result = runner.invoke(
            market_app,
            ["ingest", str(_write_csv(tmp_path / name, file_rows)), "--store", str(store), "--format", "json"],
        )
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    assert outputs[0]["unkept"] == 0 and outputs[1]["unkept"] > 0
    with DuckDBPostingStore(store, read_only=True) as opened:
        assert opened.count_postings() == outputs[0]["new"] + outputs[1]["new"] - outputs[1]["unkept"]


def _make_pre_v2_store(path: Path, rows: list[dict[str, str]], csv_path: Path, parser) -> None:
    """A store as the code before the keep rule v2 left it: the same postings, files and skills
    tables, a ``dedup_keys`` table of bare keys, and no ``dedup_signatures`` table."""
    with DuckDBPostingStore(path) as store:
        ingest_files([_write_csv(csv_path, rows)], store, parser=parser)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE dedup_signatures")
        con.execute("CREATE TABLE dedup_keys (key BIGINT)")
        con.execute("INSERT INTO dedup_keys SELECT unnest(list_prepend(0, [1, 2]))")


def test_a_store_from_before_the_keep_rule_v2_gets_its_signatures_and_matches_later_ingests(tmp_path, parser):
    rows = _glassdoor_rows()
    reference, old = tmp_path / "reference.duckdb", tmp_path / "old.duckdb"
    with DuckDBPostingStore(reference) as store:
        ingest_files([_write_csv(tmp_path / "first.csv", rows)], store, parser=parser)
        flags = dict(store.con.execute("SELECT posting_id, is_duplicate FROM postings").fetchall())
    written = _signatures(reference)
    _make_pre_v2_store(old, rows, tmp_path / "first.csv", parser)
    with duckdb.connect(str(old), read_only=True) as con:
        assert "dedup_signatures" not in {name for (name,) in con.execute("SHOW TABLES").fetchall()}

    with DuckDBPostingStore(old) as store:
        assert store.stored_signatures(np.array([next(iter(written.values()))[2]], dtype=np.int64))
    backfilled = _signatures(old)
    # Kept postings get exactly the signature the ingest computed; duplicates (stored without their
    # description) their exact content key only.
    assert set(backfilled) == set(written) and sum(flags.values()) > 300
    for posting_id, duplicate in flags.items():
        file_hash, posted_on, key, _, _ = written[posting_id]
        expected = (file_hash, posted_on, key, [], b"") if duplicate else written[posting_id]
        assert backfilled[posting_id] == expected, posting_id

    later = _write_csv(tmp_path / "again.csv", _reposted_earlier(rows))
    summaries = []
    for path in (reference, old):
        with DuckDBPostingStore(path) as store:
            summaries.append(ingest_files([later], store, parser=parser).as_dict())
    # Without the stored postings' signatures the later file would add ~580 postings again.
    assert summaries[1]["new"] == summaries[0]["new"] < 400
    assert summaries[1]["unkept"] == summaries[0]["unkept"] > 100
    assert summaries[1]["duplicates"] == summaries[0]["duplicates"]
    assert _kept(old) == _kept(reference)


def test_the_backfill_is_one_transaction_and_runs_once(tmp_path, parser, monkeypatch):
    import careerpath.market.dedup as dedup

    rows = _glassdoor_rows()[:120]
    path = tmp_path / "old.duckdb"
    _make_pre_v2_store(path, rows, tmp_path / "first.csv", parser)
    real_signature, computed = dedup.signature, []

    def dying(*args):
        computed.append(args)
        if len(computed) == 50:
            raise KeyboardInterrupt  # killed part-way through the backfill
        return real_signature(*args)

    monkeypatch.setattr(dedup, "signature", dying)
    with DuckDBPostingStore(path) as store, pytest.raises(KeyboardInterrupt):
        store._backfill_signatures(chunk=7)  # several chunks written before the kill
    monkeypatch.setattr(dedup, "signature", real_signature)
    with DuckDBPostingStore(path) as store:
        assert store.con.execute("SELECT count(*) FROM dedup_signatures").fetchone() == (0,)  # all or nothing
        summary = ingest_files([_write_csv(tmp_path / "reversed.csv", rows[::-1])], store, parser=parser)
        stored = store.con.execute("SELECT count(*) FROM dedup_signatures").fetchone()
    assert summary.new == 0 and summary.duplicates == len(rows)  # matched against the backfilled postings
    assert stored == (2 * len(rows),)  # the backfill ran once: the ingest's writes did not run it again
