"""The match index over a real DuckDB store: built once, updated incrementally, searched with filters."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from careerpath.errors import InputError
from careerpath.jobs import JobMatcher, MatchFilters
from careerpath.jobs.index import IndexRows, IndexWriter, MatchIndex
from careerpath.jobs.requirements import READER_NAME
from careerpath.jobs.store_adapter import count_store_postings, index_dir
from careerpath.market.ingest import ingest_files
from careerpath.navigator import TypedProfile
from careerpath.storage.duckdb_store import DuckDBPostingStore

ROWS = [
    ("Machine Learning Engineer", "Acme", "Boston, MA", "2024-03-01", "$150K-$180K",
     "Requirements: 3+ years of experience. Python, PyTorch and Docker. Kubernetes is a plus."),
    ("Machine Learning Engineer", "Acme", "Boston, MA", "2024-03-05", "$150K-$180K",
     "Requirements: 3+ years of experience with Python and PyTorch and Docker; Kubernetes is a plus!"),
    ("Data Analyst", "Shop", "Remote", "2023-01-10", "$60K-$70K", "You have SQL, Excel and Tableau. Fully remote."),
    ("Data Engineer", "Pipes", "Austin, TX", "2024-06-01", "$120K-$140K",
     "Must have Apache Spark, Airflow, SQL and Python. On-site in Austin."),
    ("Nurse", "Clinic", "Denver, CO", "2024-02-01", "", "Patient care and scheduling. Bachelor's degree required."),
]  # fmt: skip
FIELDS = ["title", "company", "location", "posted_on", "salary", "description"]


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerows(rows)
    return path


@pytest.fixture()
def store(tmp_path: Path) -> tuple[DuckDBPostingStore, Path]:
    path = tmp_path / "market.duckdb"
    opened = DuckDBPostingStore(path)
    ingest_files([write_csv(tmp_path / "a.csv", ROWS)], opened)
    yield opened, path
    opened.close()


def test_ranking_puts_the_fitting_posting_first_with_explanations(
    matcher: JobMatcher, store: tuple[DuckDBPostingStore, Path]
) -> None:
    opened, path = store
    person = TypedProfile(skills=("python", "pytorch", "docker"), years_experience=4, degree="master")
    run = matcher.match(person, opened, path, top=5)
    top = run.results[0]
    assert top.posting is not None and top.posting.title == "Machine Learning Engineer"
    assert top.fit is not None and {i.skill_id for i in top.fit.with_status("met")} >= {"python", "pytorch"}
    assert [r.score for r in run.results] == sorted((r.score for r in run.results), reverse=True)
    # the two Acme postings are one result, the other listed under it (or dropped at ingest as a near-duplicate)
    titles = [r.posting.title for r in run.results if r.posting]
    assert titles.count("Machine Learning Engineer") == 1
    assert run.notes  # lexical similarity says so


def test_filters(matcher: JobMatcher, store: tuple[DuckDBPostingStore, Path]) -> None:
    opened, path = store
    person = TypedProfile(skills=("sql", "python"))
    remote = matcher.match(person, opened, path, MatchFilters(remote=True))
    assert [r.posting.title for r in remote.results if r.posting] == ["Data Analyst"]
    austin = matcher.match(person, opened, path, MatchFilters(location="austin"))
    assert {r.posting.title for r in austin.results if r.posting} == {"Data Engineer", "Data Analyst"}  # + remote
    rich = matcher.match(person, opened, path, MatchFilters(min_salary=100_000))
    assert all(r.posting and (r.posting.salary_usd_yearly or 0) >= 100_000 for r in rich.results)


def test_ids_stable_and_index_incremental(
    matcher: JobMatcher, store: tuple[DuckDBPostingStore, Path], tmp_path: Path
) -> None:
    opened, path = store
    index, added, _ = matcher.index(opened, path)
    ids = list(map(str, index.ids))
    assert added == len(ids) > 0
    ingest_files([write_csv(tmp_path / "a.csv", ROWS)], opened)  # re-ingesting the same file adds nothing
    again, added_again, _ = matcher.index(opened, path)
    assert added_again == 0 and list(map(str, again.ids)) == ids
    ingest_files(
        [
            write_csv(
                tmp_path / "b.csv",
                [("Research Scientist", "Lab", "Paris", "2024-01-01", "", "PhD required. Deep learning and PyTorch.")],
            )
        ],
        opened,
    )
    grown, added_new, _ = matcher.index(opened, path)
    assert added_new == 1 and list(map(str, grown.ids))[: len(ids)] == ids
    assert MatchIndex.load(index_dir(path)).ids.tolist() == grown.ids.tolist()


def synthetic_rows(ids: range) -> IndexRows:
    rows = IndexRows.empty()
    for i in ids:
        rows.ids.append(f"synthetic:{i}"), rows.role.append(""), rows.seniority.append(2), rows.remote.append(i % 2)
        rows.location.append(""), rows.salary.append(np.nan), rows.posted.append(-1), rows.dup.append(i)
        rows.min_years.append(np.nan), rows.degree.append(-1), rows.skill_rows.append([]), rows.texts.append("")
    return rows


def clustered_vectors(n: int, dim: int, seed: int) -> np.ndarray:
    """Postings in tight clusters (many near-copies of each), as real markets repost the same job:
    the hard case for a graph, whose neighbourhoods are crowded."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n // 100, dim))
    vectors = centres[rng.integers(len(centres), size=n)] + rng.normal(scale=0.35 / np.sqrt(dim), size=(n, dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_retrieval_finds_what_exact_search_finds(tmp_path: Path) -> None:
    """The approximate search (graph shortlist re-ranked against the stored vectors) returns the same
    top 20 as an exact scan of the original float32 vectors, with and without a filter."""
    pytest.importorskip("usearch")
    n, dim = 30_000, 48
    vectors = clustered_vectors(n, dim, seed=3)
    writer = IndexWriter(tmp_path / "idx", "test", dim, fresh=True)
    for lo in range(0, n, 10_000):  # appended in runs, as a streaming build does
        writer.append(synthetic_rows(range(lo, lo + 10_000)), vectors[lo : lo + 10_000])
    index = writer.close()
    assert index.ann is not None and len(index) == n
    rng = np.random.default_rng(4)
    odd = np.arange(n) % 2 == 1
    hits = filtered_hits = 0
    queries = vectors[rng.integers(n, size=20)] + rng.normal(scale=0.05, size=(20, dim)).astype(np.float32)
    for q in queries / np.linalg.norm(queries, axis=1, keepdims=True):
        exact = set(np.argsort(-(vectors @ q), kind="stable")[:20].tolist())
        rows, sims = index.search(q, 20)
        assert list(sims) == sorted(sims, reverse=True)
        hits += len(exact & set(rows.tolist()))
        exact_odd = set(np.flatnonzero(odd)[np.argsort(-(vectors[odd] @ q), kind="stable")[:20]].tolist())
        rows, _ = index.search(q, 20, odd)
        assert all(odd[rows])
        filtered_hits += len(exact_odd & set(rows.tolist()))
    assert hits / (20 * 20) >= 0.95
    assert filtered_hits / (20 * 20) >= 0.95


def test_an_index_grown_in_steps_equals_one_built_at_once(tmp_path: Path) -> None:
    dim = 16
    vectors = clustered_vectors(3_000, dim, seed=5)
    whole = IndexWriter(tmp_path / "whole", "test", dim, fresh=True)
    whole.append(synthetic_rows(range(3_000)), vectors)
    at_once = whole.close()
    first = IndexWriter(tmp_path / "steps", "test", dim, fresh=True)
    first.append(synthetic_rows(range(1_000)), vectors[:1_000])
    first.close()
    second = IndexWriter(tmp_path / "steps", "test", dim, fresh=False)
    second.append(synthetic_rows(range(1_000, 3_000)), vectors[1_000:])
    grown = second.close()
    assert grown.ids.tolist() == at_once.ids.tolist()
    assert grown.row_of("synthetic:2999") == 2_999 and grown.row_of("synthetic:3000") is None
    q = vectors[1_234]
    assert grown.exact_search(q, 10)[0].tolist() == at_once.exact_search(q, 10)[0].tolist()
    assert grown.exact_search(q, 1)[0].tolist() == [1_234]
    few = np.zeros(3_000, dtype=bool)
    few[[5, 1_234, 2_000]] = True  # a filter keeping a few postings: those are scored, no others
    assert grown.exact_search(q, 2, few)[0].tolist()[0] == 1_234
    assert set(grown.exact_search(q, 5, few)[0].tolist()) == {5, 1_234, 2_000}


def test_an_index_in_the_old_format_is_rebuilt(matcher: JobMatcher, store: tuple[DuckDBPostingStore, Path]) -> None:
    """An index written by an older careerpath (match-index.v2) is not read as if it were current: it is
    refused with one clear message, and the next match rebuilds it."""
    opened, path = store
    folder = index_dir(path)
    folder.mkdir(parents=True)
    count = count_store_postings(opened)
    (folder / "meta.json").write_text(
        json.dumps({"format": "match-index.v2", "encoder": "hashing-256", "dim": 256, "postings": count,
                    "reader": READER_NAME, "skills": []}),
        encoding="utf-8",
    )  # fmt: skip
    np.savez(folder / "columns.npz", ids=np.array(["stale"]))
    with pytest.raises(ValueError, match=r"format 'match-index.v2', not match-index.v3; it is rebuilt"):
        MatchIndex.load(folder)
    run = matcher.match(TypedProfile(skills=("python", "pytorch")), opened, path, top=3)
    assert run.results and run.results[0].posting is not None
    assert MatchIndex.meta(folder)["format"] == "match-index.v3"
    assert not (folder / "columns.npz").exists()
    assert len(MatchIndex.load(folder)) == count


def test_ranked_requirement_fit_is_the_explained_fit(
    matcher: JobMatcher, store: tuple[DuckDBPostingStore, Path]
) -> None:
    from careerpath.jobs.matching import ScoreWeights, rank_index
    from careerpath.jobs.store_adapter import postings_by_id

    opened, path = store
    index, _, _ = matcher.index(opened, path)
    person = matcher.person(TypedProfile(skills=("python", "sql", "tensorflow"), years_experience=2, degree="bachelor"))
    run = rank_index(person, index, matcher.nav.taxonomy, matcher.nav.roles, top=10, weights=ScoreWeights(evidence_k=0))
    stored = postings_by_id(opened, [r.posting_id for r in run.results])
    assert len(run.results) >= 3
    for result in run.results:
        explained = matcher.fit(person, matcher.stored_requirements(stored[result.posting_id]), with_plan=False)
        assert abs(result.parts.requirement_fit - explained.score) < 1e-3, stored[result.posting_id].title


def test_v2_is_the_default_and_the_fusion_is_selectable(
    matcher: JobMatcher, store: tuple[DuckDBPostingStore, Path]
) -> None:
    from careerpath.jobs.fusion import FUSION_NAME
    from careerpath.jobs.matching import MATCHER_NAME, V2_NAME, rank_index

    opened, path = store
    index, _, _ = matcher.index(opened, path)
    person = matcher.person(TypedProfile(skills=("python", "sql", "tensorflow"), years_experience=2, degree="bachelor"))
    v2 = rank_index(person, index, matcher.nav.taxonomy, matcher.nav.roles, top=5)
    fused = rank_index(person, index, matcher.nav.taxonomy, matcher.nav.roles, top=5, matcher=FUSION_NAME)
    assert MATCHER_NAME == V2_NAME == "match-score.v2" and v2.matcher == V2_NAME and fused.matcher == FUSION_NAME
    assert v2.results and fused.results
    assert [r.score for r in fused.results] == sorted((r.score for r in fused.results), reverse=True)
    assert all(0 < r.score < 1 for r in fused.results)
    # The same fitting posting heads both rankings for this clear-cut profile.
    assert fused.results[0].posting_id == v2.results[0].posting_id
    with pytest.raises(InputError, match=r"Unknown matcher 'match-score\.v9'"):
        rank_index(person, index, matcher.nav.taxonomy, matcher.nav.roles, matcher="match-score.v9")
