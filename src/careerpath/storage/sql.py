"""One SQL-backed base for both ``PostingStore`` engines: the aggregate queries (built for the
``duckdb`` or ``spark`` dialect by ``AggregateSQL``) and the store methods that run them.

An engine subclasses ``SQLPostingStore`` and supplies two primitives, ``_rows`` (a query's rows as
dicts) and ``_stream`` (a query's rows as tuples, streamed); the seven aggregates and the two
posting iterators are written once here, so both engines answer from the very same SQL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

import numpy as np

from careerpath.market.postings import (
    ALL_POSTINGS,
    DIMENSIONS,
    FileState,
    IngestBatch,
    JobPosting,
    PostingFilter,
    StoredSignature,
    quantile_key,
)
from careerpath.storage.tables import JOBPOSTING_FIELDS, row_to_posting

# The columns ``iter_postings`` reads, in order.
POSTING_READ_COLUMNS = ("posting_id", *JOBPOSTING_FIELDS)
_Store = TypeVar("_Store", bound="SQLPostingStore")


class AggregateSQL:
    """Builds the aggregate queries for ``duckdb`` or ``spark`` SQL over tables ``postings``,
    ``posting_skills``, ``posting_esco_skills`` and ``esco_linked_postings``. Exact quantiles with
    linear interpolation in both dialects."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def literal(self, value: object) -> str:
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, date):
            return f"DATE '{value.isoformat()}'"
        text = str(value)
        text = text.replace("\\", "\\\\").replace("'", "\\'") if self.dialect == "spark" else text.replace("'", "''")
        return f"'{text}'"

    def dim(self, name: str, alias: str = "p") -> str:
        if name not in DIMENSIONS:
            raise ValueError(f"unknown dimension {name!r}; use one of {', '.join(DIMENSIONS)}")
        month_precise = f"{alias}.posted_precision IN ('day', 'month')"
        if name == "year":
            return f"CAST(year({alias}.posted_on) AS VARCHAR)".replace("VARCHAR", self._string)
        if name == "quarter":
            return (
                f"CASE WHEN {month_precise} THEN concat(CAST(year({alias}.posted_on) AS {self._string}), "
                f"'-Q', CAST(quarter({alias}.posted_on) AS {self._string})) END"
            )
        if name == "month":
            fmt = (
                "date_format({a}.posted_on, 'yyyy-MM')"
                if self.dialect == "spark"
                else "strftime({a}.posted_on, '%Y-%m')"
            )
            return f"CASE WHEN {month_precise} THEN {fmt.format(a=alias)} END"
        return f"{alias}.{name}"

    @property
    def _string(self) -> str:
        return "STRING" if self.dialect == "spark" else "VARCHAR"

    def where(self, flt: PostingFilter, alias: str = "p", dims: Sequence[str] = ()) -> str:
        clauses = [f"NOT {alias}.is_duplicate"]
        for name in ("role_id", "seniority", "source", "remote"):
            value = getattr(flt, name)
            if value is not None:
                clauses.append(f"{alias}.{name} = {self.literal(value)}")
        if flt.since is not None:
            clauses.append(f"{alias}.posted_on >= {self.literal(flt.since)}")
        if flt.until is not None:
            clauses.append(f"{alias}.posted_on <= {self.literal(flt.until)}")
        if flt.with_description:
            clauses.append(f"{alias}.description <> ''")
        for name in dims:
            if name in {"year", "quarter", "month"}:
                clauses.append(f"{self.dim(name, alias)} IS NOT NULL")
        return " AND ".join(clauses)

    def _select_dims(self, dims: Sequence[str], alias: str = "p") -> tuple[str, str]:
        select = ", ".join(f"{self.dim(d, alias)} AS {d}" for d in dims)
        group = ", ".join(self.dim(d, alias) for d in dims)
        return (select + ", " if select else ""), (f"GROUP BY {group}" if group else "")

    def count_postings(self, flt: PostingFilter) -> str:
        return f"SELECT count(*) AS n FROM postings p WHERE {self.where(flt)}"

    def count_by(self, dims: Sequence[str], flt: PostingFilter) -> str:
        select, group = self._select_dims(dims)
        return f"SELECT {select}count(*) AS n FROM postings p WHERE {self.where(flt, dims=dims)} {group}"

    def count_skills(self, dims: Sequence[str], flt: PostingFilter) -> str:
        select, group = self._select_dims(dims)
        group = f"{group}, s.skill_id" if group else "GROUP BY s.skill_id"
        return (
            f"SELECT {select}s.skill_id AS skill_id, count(DISTINCT p.posting_id) AS n "
            f"FROM postings p JOIN posting_skills s ON s.posting_id = p.posting_id "
            f"WHERE {self.where(flt, dims=dims)} {group}"
        )

    def count_esco_postings(self, flt: PostingFilter) -> str:
        return (
            "SELECT e.design AS design, count(*) AS n FROM postings p "
            f"JOIN esco_linked_postings e ON e.posting_id = p.posting_id WHERE {self.where(flt)} GROUP BY e.design"
        )

    def count_esco_skills(self, flt: PostingFilter) -> str:
        # A URI has one label per ESCO release; min() picks one should two releases meet in a store.
        return (
            "SELECT e.design AS design, s.esco_uri AS esco_uri, min(s.label) AS label, "
            "count(DISTINCT p.posting_id) AS n FROM postings p "
            "JOIN esco_linked_postings e ON e.posting_id = p.posting_id "
            "JOIN posting_esco_skills s ON s.posting_id = p.posting_id "
            f"WHERE {self.where(flt)} GROUP BY e.design, s.esco_uri"
        )

    def count_skill_pairs(self, flt: PostingFilter, min_count: int) -> str:
        return (
            "SELECT a.skill_id AS skill_a, b.skill_id AS skill_b, count(*) AS n "
            "FROM posting_skills a JOIN posting_skills b ON a.posting_id = b.posting_id AND a.skill_id < b.skill_id "
            f"JOIN postings p ON p.posting_id = a.posting_id WHERE {self.where(flt)} "
            f"GROUP BY a.skill_id, b.skill_id HAVING count(*) >= {int(min_count)}"
        )

    def salary_quantiles(self, dims: Sequence[str], quantiles: Sequence[float], flt: PostingFilter) -> str:
        select, group = self._select_dims(dims)
        func = "percentile" if self.dialect == "spark" else "quantile_cont"
        qs = ", ".join(f"{func}(p.salary_usd_yearly, {float(q)}) AS {quantile_key(q)}" for q in quantiles)
        return (
            f"SELECT {select}count(*) AS n, {qs} FROM postings p "
            f"WHERE {self.where(flt, dims=dims)} AND p.salary_usd_yearly IS NOT NULL {group}"
        )

    def descriptions(self, flt: PostingFilter, limit: int | None) -> str:
        lim = f" LIMIT {int(limit)}" if limit is not None else ""
        return (
            f"SELECT p.description FROM postings p WHERE {self.where(flt)} AND p.description <> '' ORDER BY p.seq{lim}"
        )

    def postings(self, flt: PostingFilter, limit: int | None) -> str:
        lim = f" LIMIT {int(limit)}" if limit is not None else ""
        cols = ", ".join(f"p.{c}" for c in POSTING_READ_COLUMNS)
        return f"SELECT {cols} FROM postings p WHERE {self.where(flt)} ORDER BY p.seq{lim}"


class SQLPostingStore(ABC):
    """The read side of a ``PostingStore`` over SQL tables ``postings``, ``posting_skills``,
    ``posting_esco_skills`` and ``esco_linked_postings``; subclasses run the queries."""

    engine: str
    sql: AggregateSQL

    # --- writing (engine-specific: a transaction in DuckDB, atomic Parquet parts in Spark) ------
    @abstractmethod
    def file_state(self, file_hash: str) -> FileState | None: ...

    @abstractmethod
    def next_seq(self) -> int: ...

    @abstractmethod
    def stored_signatures(self, keys: np.ndarray, exclude_files: Sequence[str] = ()) -> list[StoredSignature]: ...

    @abstractmethod
    def write_batch(self, batch: IngestBatch) -> None: ...

    @abstractmethod
    def export_parquet(self, path: Path) -> Path: ...

    # --- reading: two primitives per engine, everything else written once here ------------------
    @abstractmethod
    def _rows(self, query: str) -> list[dict[str, object]]:
        """Returns all rows of a query, as dicts by column name."""

    @abstractmethod
    def _stream(self, query: str) -> Iterator[tuple[object, ...]]:
        """Yields the rows of a query as tuples, read lazily (postings do not all fit in memory)."""

    def count_postings(self, flt: PostingFilter = ALL_POSTINGS) -> int:
        return int(self._rows(self.sql.count_postings(flt))[0]["n"])  # type: ignore[call-overload]

    def count_kept(self, posting_ids: Sequence[str]) -> int:
        ids = sorted(set(posting_ids))
        kept = 0
        for start in range(0, len(ids), 1000):  # bounded IN lists
            listed = ", ".join("'" + i.replace("'", "''") + "'" for i in ids[start : start + 1000])
            query = f"SELECT count(*) AS n FROM postings p WHERE NOT p.is_duplicate AND p.posting_id IN ({listed})"
            kept += int(self._rows(query)[0]["n"])  # type: ignore[call-overload]
        return kept

    def count_by(self, dims: Sequence[str], flt: PostingFilter = ALL_POSTINGS) -> list[dict[str, object]]:
        return self._rows(self.sql.count_by(dims, flt))

    def count_skills(self, dims: Sequence[str], flt: PostingFilter = ALL_POSTINGS) -> list[dict[str, object]]:
        return self._rows(self.sql.count_skills(dims, flt))

    def count_skill_pairs(self, flt: PostingFilter = ALL_POSTINGS, min_count: int = 2) -> list[dict[str, object]]:
        return self._rows(self.sql.count_skill_pairs(flt, min_count))

    def count_esco_postings(self, flt: PostingFilter = ALL_POSTINGS) -> list[dict[str, object]]:
        return self._rows(self.sql.count_esco_postings(flt))

    def count_esco_skills(self, flt: PostingFilter = ALL_POSTINGS) -> list[dict[str, object]]:
        return self._rows(self.sql.count_esco_skills(flt))

    def salary_quantiles(
        self, dims: Sequence[str], quantiles: Sequence[float], flt: PostingFilter = ALL_POSTINGS
    ) -> list[dict[str, object]]:
        return self._rows(self.sql.salary_quantiles(dims, quantiles, flt))

    def iter_descriptions(self, flt: PostingFilter = ALL_POSTINGS, limit: int | None = None) -> Iterator[str]:
        for (text,) in self._stream(self.sql.descriptions(flt, limit)):
            yield str(text)

    def iter_postings(self, flt: PostingFilter = ALL_POSTINGS, limit: int | None = None) -> Iterator[JobPosting]:
        for row in self._stream(self.sql.postings(flt, limit)):
            yield row_to_posting(dict(zip(POSTING_READ_COLUMNS, row, strict=True)))

    @abstractmethod
    def close(self) -> None:
        """Releases the engine's resources."""

    def __enter__(self: _Store) -> _Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
