"""The only place matching touches the market store (issue-13 is reshaping storage/): reads go
through the ``PostingStore`` protocol where it offers them; fetching a handful of postings by id
has no protocol method yet, so the DuckDB engine is asked with one parametrised query and any
other engine is scanned. Replace ``postings_by_id`` with a store method once one exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from careerpath.market.postings import JobPosting, PostingFilter, PostingStore

INDEX_SUFFIX = ".match"


def index_dir(store_path: str | Path) -> Path:
    """Where the match index of a store lives: beside it, ``<store>.match/``."""
    return Path(f"{Path(store_path)}{INDEX_SUFFIX}")


def iter_store_postings(store: PostingStore) -> Iterator[JobPosting]:
    """Every distinct (non-duplicate) posting, in ingest order."""
    return store.iter_postings(PostingFilter())


def count_store_postings(store: PostingStore) -> int:
    return int(store.count_postings(PostingFilter()))


def postings_by_id(store: PostingStore, ids: Sequence[str]) -> dict[str, JobPosting]:
    """The stored postings with these ids (those found), by id."""
    wanted = set(ids)
    if not wanted:
        return {}
    con = getattr(store, "con", None)
    if getattr(store, "engine", "") == "duckdb" and con is not None:
        from careerpath.storage.tables import row_to_posting

        fields = ", ".join(JobPosting.__dataclass_fields__.keys() & _STORED_FIELDS)
        cursor = con.cursor()
        cursor.execute(
            f"SELECT {fields} FROM postings WHERE NOT is_duplicate AND posting_id IN (SELECT unnest(?))", [list(wanted)]
        )
        names = [d[0] for d in cursor.description]
        rows = (row_to_posting(dict(zip(names, row, strict=True))) for row in cursor.fetchall())
        return {p.posting_id: p for p in rows}
    return _scan(iter_store_postings(store), wanted)


def _scan(postings: Iterable[JobPosting], wanted: set[str]) -> dict[str, JobPosting]:
    found: dict[str, JobPosting] = {}
    for posting in postings:
        if posting.posting_id in wanted:
            found[posting.posting_id] = posting
            if len(found) == len(wanted):
                break
    return found


_STORED_FIELDS = frozenset(
    {
        "posting_id", "title", "role_id", "seniority", "company", "location", "remote", "posted_on",
        "posted_precision", "salary_min", "salary_max", "salary_currency", "salary_period", "salary_min_yearly",
        "salary_max_yearly", "salary_usd_yearly", "salary_estimated_by", "description", "url", "source",
        "source_file", "record_no",
    }
)  # fmt: skip
