"""The keep rule of near-duplicates (market.dedup), as the DuckDB engine applies it: a posting is a
duplicate when a near-duplicate of it ranks before it (earliest date, then content key, then id),
so what is kept depends only on the set of postings: not on input order, batch size, interruptions
or how the postings were split over ingests."""

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

from careerpath.market.dedup import MIN_EQUAL, SignedPosting, decide_duplicates, signature
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


def _duplicate_of(postings, existing=()):
    return decide_duplicates(postings, existing).duplicate_of


def test_the_test_texts_form_a_chain_of_near_duplicates():
    assert _agreeing(A, B) >= MIN_EQUAL and _agreeing(B, C) >= MIN_EQUAL
    assert _agreeing(A, C) < MIN_EQUAL  # A and C are near-duplicates of B, not of each other


def test_a_posting_is_a_duplicate_of_its_earliest_near_duplicate_whatever_the_input_order():
    postings = [
        _posting("p3", A, date(2024, 5, 1)),
        _posting("p1", B, date(2024, 2, 1)),  # the earliest: kept
        _posting("p2", C, date(2024, 3, 1)),
        _posting("p9", OTHER, date(2025, 1, 1)),  # unrelated: kept
    ]
    for order in itertools.permutations(postings):
        assert _duplicate_of(list(order)) == {"p3": "p1", "p1": None, "p2": "p1", "p9": None}


def test_similarity_does_not_chain_two_postings_that_are_not_alike():
    # B ranks after A and C: B is the duplicate; A and C are not near-duplicates, both are kept.
    chain = [_posting("a", A, date(2024, 1, 1)), _posting("b", B, date(2024, 9, 1)), _posting("c", C, date(2024, 2, 1))]
    assert _duplicate_of(chain) == {"a": None, "b": "a", "c": None}


def test_undated_postings_come_last_and_equal_dates_go_to_the_smaller_content_key_then_id():
    assert _duplicate_of([_posting("a", A, None), _posting("b", B, date(2030, 1, 1))]) == {"a": "b", "b": None}
    same_day = [_posting("a", A, date(2024, 1, 1), "Title one"), _posting("b", A, date(2024, 1, 1), "Title two")]
    keys = {p.posting_id: p.signature.dedup_key for p in same_day if p.signature}
    first, second = sorted(keys, key=keys.__getitem__)
    assert _duplicate_of(same_day) == _duplicate_of(list(reversed(same_day))) == {first: None, second: first}
    twins = [_posting("z2", A, None), _posting("z1", A, None)]  # identical content: the id decides
    assert _duplicate_of(twins) == {"z2": "z1", "z1": None}


def test_a_new_posting_dated_before_its_stored_near_duplicate_unkeeps_it():
    stored = [_posting("old", A, date(2024, 6, 1))]
    earlier = decide_duplicates([_posting("new", B, date(2020, 1, 1))], stored)
    assert earlier.duplicate_of == {"new": None} and earlier.unkept == {"old"}
    later = decide_duplicates([_posting("new", B, date(2025, 1, 1))], stored)
    assert later.duplicate_of == {"new": "old"} and not later.unkept


def test_postings_without_description_are_never_duplicates():
    survey = [SignedPosting("s1", None, signature("Data Scientist", None, None, "")), SignedPosting("s2", None, None)]
    assert _duplicate_of(survey) == {"s1": None, "s2": None}


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "company", "location", "posted_on", "description"])
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_ingests_split_over_files_and_runs_keep_what_one_ingest_keeps(tmp_path, parser):
    def row(posted_on: str, text: str) -> dict[str, str]:
        return {
            "title": "Data Scientist",
            "company": "Acme",
            "location": "Remote",
            "posted_on": posted_on,
            "description": text,
        }

    store = DuckDBPostingStore(":memory:")
    first = _write_csv(tmp_path / "first.csv", [row("2024-05-01", A), row("2024-03-01", B)])
    summary = ingest_files([first], store, parser=parser)
    assert (summary.new, summary.duplicates) == (1, 1)
    assert [p.posted_on for p in store.iter_postings()] == [date(2024, 3, 1)]  # the later line, the earlier date
    later = _write_csv(tmp_path / "later.csv", [row("2020-01-01", C), row("2025-01-01", OTHER)])
    ingest_files([later], store, parser=parser)
    # C is earlier than B, its stored near-duplicate: C is kept, B becomes a duplicate (its skills go).
    assert sorted(p.posted_on for p in store.iter_postings()) == [date(2020, 1, 1), date(2025, 1, 1)]
    together = DuckDBPostingStore(":memory:")
    ingest_files(
        [
            _write_csv(
                tmp_path / "all.csv",
                [row("2024-05-01", A), row("2024-03-01", B), row("2020-01-01", C), row("2025-01-01", OTHER)],
            )
        ],
        together,
        parser=parser,
    )
    assert _kept_content(store) == _kept_content(together)
    assert (
        store.con.execute("SELECT count(*) FROM posting_skills").fetchone()
        == together.con.execute("SELECT count(*) FROM posting_skills").fetchone()
    )


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
    assert _duplicate_of([signed[i], signed[j]]) == {str(i): None, str(j): None}
