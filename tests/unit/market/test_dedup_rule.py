"""The keep rule of near-duplicate groups (market.dedup), as the DuckDB engine applies it: which
posting of a group is kept does not depend on input order, batch size or interruptions, and a
stored posting is never un-kept."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import itertools
import os
import random
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from careerpath.market.dedup import MIN_EQUAL, SignedPosting, group_duplicates, signature
from careerpath.market.ingest import ingest_files
from careerpath.storage.duckdb_store import DuckDBPostingStore

SHARED = Path(
    os.environ.get("CAREERPATH_SHARED_DATA") or Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
)
GLASSDOOR = SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
_rng = random.Random(3)
_BASE = [_rng.choice([f"word{i}" for i in range(500)]) for _ in range(80)]


def _variant(changed: range, prefix: str, words: list[str] | None = None) -> list[str]:
    out = list(words or _BASE)
    for i in changed:
        out[i] = prefix + out[i]
    return out


A = " ".join(_BASE)
B_WORDS = _variant(range(10, 15), "x")
B = " ".join(B_WORDS)
C = " ".join(_variant(range(60, 65), "y", B_WORDS))  # close to B, not to A: a chain A - B - C
OTHER = " ".join(reversed(_BASE))


def _agreeing(a: str, b: str) -> int:
    sa, sb = signature("t", None, None, a), signature("t", None, None, b)
    assert sa is not None and sb is not None
    return int((np.frombuffer(sa.minhash, "<i8") == np.frombuffer(sb.minhash, "<i8")).sum())


def _posting(posting_id: str, text: str, posted_on: date | None, title: str = "Data Scientist") -> SignedPosting:
    return SignedPosting(posting_id, posted_on, signature(title, "Acme", "Remote", text))


def test_the_test_texts_form_a_chain_of_near_duplicates():
    assert _agreeing(A, B) >= MIN_EQUAL and _agreeing(B, C) >= MIN_EQUAL
    assert _agreeing(A, C) < MIN_EQUAL  # A and C are only grouped through B


def test_a_group_keeps_its_earliest_posting_whatever_the_input_order():
    postings = [
        _posting("p3", A, date(2024, 5, 1)),
        _posting("p1", B, date(2024, 2, 1)),  # the earliest: kept
        _posting("p2", C, date(2024, 3, 1)),
        _posting("p9", OTHER, date(2025, 1, 1)),  # unrelated: kept
    ]
    for order in itertools.permutations(postings):
        kept = group_duplicates(list(order))
        assert kept == {"p3": "p1", "p1": "p1", "p2": "p1", "p9": "p9"}


def test_undated_postings_come_last_and_equal_dates_go_to_the_smaller_content_key_then_id():
    undated = group_duplicates([_posting("a", A, None), _posting("b", B, date(2030, 1, 1))])
    assert undated == {"a": "b", "b": "b"}
    same_day = [_posting("a", A, date(2024, 1, 1), "Title one"), _posting("b", A, date(2024, 1, 1), "Title two")]
    keys = {p.posting_id: p.signature.dedup_key for p in same_day if p.signature}
    first = min(keys, key=keys.__getitem__)
    assert group_duplicates(same_day) == {"a": first, "b": first}
    assert group_duplicates(list(reversed(same_day))) == {"a": first, "b": first}
    twins = [_posting("z2", A, None), _posting("z1", A, None)]  # identical content: the id decides
    assert group_duplicates(twins) == {"z2": "z1", "z1": "z1"}


def test_a_new_posting_dated_before_its_stored_duplicate_is_the_duplicate():
    stored = [_posting("old", A, date(2024, 6, 1))]
    assert group_duplicates([_posting("new", B, date(2020, 1, 1))], stored) == {"new": "old"}
    # Through the stored posting, a whole new chain is duplicate.
    assert group_duplicates([_posting("n1", B, None), _posting("n2", C, None)], stored) == {"n1": "old", "n2": "old"}


def test_postings_without_description_are_never_duplicates():
    survey = [SignedPosting("s1", None, signature("Data Scientist", None, None, "")), SignedPosting("s2", None, None)]
    assert group_duplicates(survey) == {"s1": "s1", "s2": "s2"}


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "company", "location", "posted_on", "description"])
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_ingest_keeps_the_earliest_posting_and_never_unkeeps_a_stored_one(tmp_path, parser):
    store = DuckDBPostingStore(":memory:")
    first = _write_csv(
        tmp_path / "first.csv",
        [
            {
                "title": "Data Scientist",
                "company": "Acme",
                "location": "Remote",
                "posted_on": "2024-05-01",
                "description": A,
            },
            {
                "title": "Data Scientist",
                "company": "Acme",
                "location": "Remote",
                "posted_on": "2024-03-01",
                "description": B,
            },
        ],
    )
    summary = ingest_files([first], store, parser=parser)
    assert (summary.new, summary.duplicates) == (1, 1)
    kept = [p.posted_on for p in store.iter_postings()]
    assert kept == [date(2024, 3, 1)]  # the later line, but the earlier date
    later = _write_csv(
        tmp_path / "later.csv",
        [
            {
                "title": "Data Scientist",
                "company": "Acme",
                "location": "Remote",
                "posted_on": "2020-01-01",
                "description": C,
            }
        ],
    )
    summary = ingest_files([later], store, parser=parser)
    assert (summary.new, summary.duplicates) == (0, 1)  # earlier-dated, but its group is stored
    assert [p.posted_on for p in store.iter_postings()] == [date(2024, 3, 1)]


def _glassdoor_rows() -> list[dict[str, str]]:
    if not GLASSDOOR.is_file():
        pytest.skip(f"Glassdoor postings not found at {GLASSDOOR} (set CAREERPATH_SHARED_DATA)")
    with gzip.open(GLASSDOOR, "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        # A date from the content, so it travels with the row when the file is shuffled.
        day = int(hashlib.sha256(row["Job Description"].encode()).hexdigest(), 16) % 700
        out.append(
            {
                "title": row["Job Title"],
                "company": row["Company Name"].splitlines()[0] if row["Company Name"] else "",
                "location": row["Location"],
                "posted_on": date.fromordinal(date(2020, 1, 1).toordinal() + day).isoformat(),
                "description": row["Job Description"],
            }
        )
    return out


def _kept_content(store: DuckDBPostingStore) -> set[tuple[object, ...]]:
    rows = store.con.execute(
        "SELECT p.title, p.company, p.location, p.posted_on, s.minhash FROM postings p "
        "JOIN dedup_signatures s USING (posting_id) WHERE NOT p.is_duplicate"
    ).fetchall()
    return set(rows)


def test_a_shuffled_file_or_another_batch_size_keeps_the_same_postings(tmp_path, parser):
    rows = _glassdoor_rows()
    original = DuckDBPostingStore(":memory:")
    summary = ingest_files([_write_csv(tmp_path / "original.csv", rows)], original, parser=parser)
    assert summary.duplicates > 300  # the Glassdoor scrape repeats many postings
    shuffled_rows = list(rows)
    random.Random(11).shuffle(shuffled_rows)
    shuffled = DuckDBPostingStore(":memory:")
    ingest_files([_write_csv(tmp_path / "shuffled.csv", shuffled_rows)], shuffled, parser=parser, batch_size=37)
    assert shuffled.count_postings() == original.count_postings() == summary.new
    assert _kept_content(shuffled) == _kept_content(original)


def test_a_band_collision_below_the_threshold_is_not_a_duplicate():
    rows = _glassdoor_rows()
    signed = [
        SignedPosting(str(i), None, signature(r["title"], r["company"], r["location"], r["description"]))
        for i, r in enumerate(rows)
    ]
    by_band: dict[int, list[int]] = {}
    for i, p in enumerate(signed):
        for key in p.signature.band_keys if p.signature else ():
            by_band.setdefault(key, []).append(i)
    weak = [
        (i, j)
        for members in by_band.values()
        for i, j in itertools.combinations(members, 2)
        if signed[i].signature.dedup_key != signed[j].signature.dedup_key  # type: ignore[union-attr]
        and _agreeing(rows[i]["description"], rows[j]["description"]) < MIN_EQUAL
    ]
    assert weak, "the Glassdoor file has band collisions between different postings"
    i, j = weak[0]
    assert group_duplicates([signed[i], signed[j]]) == {str(i): str(i), str(j): str(j)}
