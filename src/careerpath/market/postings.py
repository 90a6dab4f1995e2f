"""Job postings as the market module sees them, and the storage contract they are kept behind.

``PostingStore`` is the protocol every storage engine implements (DuckDB in
``careerpath.storage.duckdb_store``, Spark in ``careerpath.storage.spark_store``). The analytics
functions only ever call the aggregate methods below, so both engines give the same figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, NamedTuple, Protocol, runtime_checkable

import numpy as np

# Dimensions an aggregate can be grouped by. Periods are derived from ``posted_on``; "month" and
# "quarter" only count postings whose date is at least month-precise (survey rows carry a year only).
Dimension = Literal["role_id", "seniority", "location", "remote", "source", "company", "year", "quarter", "month"]
DIMENSIONS: tuple[str, ...] = (
    "role_id",
    "seniority",
    "location",
    "remote",
    "source",
    "company",
    "year",
    "quarter",
    "month",
)
Period = Literal["month", "quarter", "year"]
SalaryPeriod = Literal["hour", "day", "week", "month", "year"]


# The per-posting skill records are named tuples, not dataclasses: a million postings carry ~13
# each across process boundaries, and tuples pickle several times faster.
class PostingSkill(NamedTuple):
    """A skill a posting asks for; ``evidence`` is the matched text span."""

    skill_id: str
    confidence: float
    evidence: str = ""


class PostingEscoSkill(NamedTuple):
    """An ESCO skill linked to a sentence the curated extractor left unexplained (the second tier).

    ``score`` is comparable only within one linking design; ``sentence`` is the evidence, trimmed.
    """

    uri: str
    label: str
    score: float
    sentence: str = ""


@dataclass(frozen=True)
class JobPosting:
    """One parsed posting. Salary amounts are in ``salary_currency``; ``*_yearly`` are annualised.

    ``salary_usd_yearly`` is the annual midpoint in US dollars, set only where the amount is in USD
    or the source gives a USD conversion (no exchange rates are guessed). ``salary_estimated_by``
    is ``"glassdoor"`` or ``"employer"`` for estimates, ``None`` for a stated figure.
    """

    posting_id: str
    title: str
    role_id: str | None = None
    seniority: str = "mid"
    company: str | None = None
    location: str | None = None
    remote: bool | None = None
    posted_on: date | None = None
    posted_precision: Literal["day", "month", "year"] | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    salary_min_yearly: float | None = None
    salary_max_yearly: float | None = None
    salary_usd_yearly: float | None = None
    salary_estimated_by: str | None = None
    description: str = ""
    url: str | None = None
    skills: tuple[PostingSkill, ...] = field(default_factory=tuple)
    source: str = "unknown"
    source_file: str = ""
    record_no: int = 0
    esco_skills: tuple[PostingEscoSkill, ...] = field(default_factory=tuple)
    # The ESCO linking design run on this posting (e.g. "lexical.v2"); None when the tier did not run.
    esco_design: str | None = None

    def with_skills(
        self, skills: tuple[PostingSkill, ...], esco_skills: tuple[PostingEscoSkill, ...], esco_design: str | None
    ) -> JobPosting:
        """Returns a copy with the extracted skills set (as ``dataclasses.replace``, which runs
        ``__init__`` over all fields and costs more than the rest of attaching skills at scale)."""
        copy = object.__new__(JobPosting)
        copy.__dict__.update(self.__dict__, skills=skills, esco_skills=esco_skills, esco_design=esco_design)
        return copy


@dataclass(frozen=True)
class StoredPosting:
    """A posting as kept by a store: the posting plus dedup and provenance columns."""

    posting: JobPosting
    seq: int
    file_hash: str
    content_key: str
    is_duplicate: bool
    ingested_at: datetime


@dataclass(frozen=True)
class Rejection:
    """A record that could not be parsed: where it is and why."""

    file: str
    line: int
    reason: str


@dataclass(frozen=True)
class PostingFilter:
    """Which postings an aggregate covers. Duplicates are always excluded."""

    role_id: str | None = None
    seniority: str | None = None
    source: str | None = None
    remote: bool | None = None
    since: date | None = None
    until: date | None = None
    # Only postings with a description (those skills were extracted from); survey rows have none.
    with_description: bool = False


ALL_POSTINGS = PostingFilter()  # the default filter: every distinct posting


@dataclass(frozen=True)
class FileState:
    """How far a file (identified by its content hash) has been ingested."""

    file_hash: str
    path: str
    source: str
    records_done: int
    complete: bool


@dataclass
class IngestBatch:
    """What one transaction writes: postings (new and duplicates), dedup keys, rejections, progress."""

    file: FileState
    postings: list[StoredPosting]
    dedup_keys: list[int]
    rejections: list[Rejection]
    # The keep rule's view of every posting of the batch, duplicates included (``market.dedup``).
    signatures: list[StoredSignature] = field(default_factory=list)
    # Stored postings a new posting ranks before: duplicates from this batch on (their description
    # and skills go, as if they had been duplicates when written).
    unkept: list[str] = field(default_factory=list)


class StoredSignature(NamedTuple):
    """A posting's dedup signature as stored (table ``dedup_signatures``), for later ingests."""

    posting_id: str
    file_hash: str
    posted_on: date | None
    dedup_key: int
    band_keys: tuple[int, ...]
    minhash: bytes


@runtime_checkable
class PostingStore(Protocol):
    """Storage contract for postings; implemented by the DuckDB and the Spark engines.

    Writes are batch transactions (``write_batch``): a batch is either fully stored or not at
    all, which makes an interrupted ingest resumable. Aggregates return plain rows
    (``list[dict]``) whose keys are the requested dimensions plus the measures named below.
    """

    engine: str

    # --- writing -----------------------------------------------------------------------------
    def file_state(self, file_hash: str) -> FileState | None: ...

    def next_seq(self) -> int: ...

    def stored_signatures(self, keys: np.ndarray, exclude_files: Sequence[str] = ()) -> list[StoredSignature]:
        """Returns the stored signatures sharing a content or band key with ``keys`` (int64),
        except those of the files (or Kafka partitions) hashed ``exclude_files``."""
        ...

    def write_batch(self, batch: IngestBatch) -> None: ...

    def count_kept(self, posting_ids: Sequence[str]) -> int:
        """Returns how many of ``posting_ids`` are stored and kept (not duplicates): an ingest counts
        the stored postings it un-keeps with it before writing."""
        ...

    # --- reading -----------------------------------------------------------------------------
    def count_postings(self, flt: PostingFilter = ...) -> int:
        """Returns the number of distinct (non-duplicate) postings matching ``flt``."""
        ...

    def count_by(self, dims: Sequence[str], flt: PostingFilter = ...) -> list[dict[str, object]]:
        """Returns rows of ``dims`` + ``n`` (postings)."""
        ...

    def count_skills(self, dims: Sequence[str], flt: PostingFilter = ...) -> list[dict[str, object]]:
        """Returns rows of ``dims`` + ``skill_id`` + ``n`` (postings asking for the skill)."""
        ...

    def count_skill_pairs(self, flt: PostingFilter = ..., min_count: int = 2) -> list[dict[str, object]]:
        """Returns rows ``skill_a`` < ``skill_b``, ``n`` (postings asking for both)."""
        ...

    def count_esco_postings(self, flt: PostingFilter = ...) -> list[dict[str, object]]:
        """Returns rows ``design``, ``n``: postings the ESCO tier ran on (ingested with ``--esco``), per design."""
        ...

    def count_esco_skills(self, flt: PostingFilter = ...) -> list[dict[str, object]]:
        """Returns rows ``design``, ``esco_uri``, ``label``, ``n`` (postings linked to the ESCO skill)."""
        ...

    def salary_quantiles(
        self, dims: Sequence[str], quantiles: Sequence[float], flt: PostingFilter = ...
    ) -> list[dict[str, object]]:
        """Returns rows of ``dims`` + ``n`` + ``q<pct>`` (e.g. ``q50``) over ``salary_usd_yearly``."""
        ...

    def iter_descriptions(self, flt: PostingFilter = ..., limit: int | None = None) -> Iterator[str]: ...

    def iter_postings(self, flt: PostingFilter = ..., limit: int | None = None) -> Iterator[JobPosting]: ...

    def export_parquet(self, path: Path) -> Path: ...

    def close(self) -> None: ...


def quantile_key(q: float) -> str:
    """Returns the column name of a quantile, e.g. ``0.5 -> "q50"``, ``0.25 -> "q25"``."""
    return f"q{round(q * 100):d}"
