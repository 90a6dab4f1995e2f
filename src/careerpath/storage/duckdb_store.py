"""The default ``PostingStore``: one DuckDB file (or ``:memory:``).

Tables: ``postings`` (one row per ingested record, duplicates flagged, with provenance: source,
source_file, file_hash, record_no, ingested_at), ``posting_skills`` (skills of non-duplicate
postings), ``posting_esco_skills`` and ``esco_linked_postings`` (the ESCO second tier, written only
by ``ingest --esco``: the links, and which postings the tier ran on with which design),
``dedup_keys``, ``files`` (ingest progress per file hash) and ``rejections``.

The aggregate SQL is built by ``AggregateSQL`` for two dialects, so the Spark engine
(``spark_store``) runs the very same queries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import numpy as np
import pyarrow as pa

from careerpath.errors import BackendError
from careerpath.market.postings import (
    ALL_POSTINGS,
    DIMENSIONS,
    FileState,
    IngestBatch,
    JobPosting,
    PostingFilter,
    quantile_key,
)

POSTING_COLUMNS: tuple[tuple[str, pa.DataType, str], ...] = (
    # No PRIMARY KEY: ids are unique by construction (file hash + record number, and a file's
    # records are written once, with its progress, in one transaction), and the index would cost
    # more than the rest of the write at a million postings (measured 2x at 300k).
    ("posting_id", pa.string(), "VARCHAR"),
    ("seq", pa.int64(), "BIGINT"),
    ("file_hash", pa.string(), "VARCHAR"),
    ("content_key", pa.string(), "VARCHAR"),
    ("is_duplicate", pa.bool_(), "BOOLEAN"),
    ("ingested_at", pa.timestamp("us"), "TIMESTAMP"),
    ("source", pa.string(), "VARCHAR"),
    ("source_file", pa.string(), "VARCHAR"),
    ("record_no", pa.int64(), "BIGINT"),
    ("title", pa.string(), "VARCHAR"),
    ("role_id", pa.string(), "VARCHAR"),
    ("seniority", pa.string(), "VARCHAR"),
    ("company", pa.string(), "VARCHAR"),
    ("location", pa.string(), "VARCHAR"),
    ("remote", pa.bool_(), "BOOLEAN"),
    ("posted_on", pa.date32(), "DATE"),
    ("posted_precision", pa.string(), "VARCHAR"),
    ("salary_min", pa.float64(), "DOUBLE"),
    ("salary_max", pa.float64(), "DOUBLE"),
    ("salary_currency", pa.string(), "VARCHAR"),
    ("salary_period", pa.string(), "VARCHAR"),
    ("salary_min_yearly", pa.float64(), "DOUBLE"),
    ("salary_max_yearly", pa.float64(), "DOUBLE"),
    ("salary_usd_yearly", pa.float64(), "DOUBLE"),
    ("salary_estimated_by", pa.string(), "VARCHAR"),
    ("description", pa.string(), "VARCHAR"),
    ("url", pa.string(), "VARCHAR"),
)
POSTINGS_SCHEMA = pa.schema([(name, dtype) for name, dtype, _ in POSTING_COLUMNS])
SKILLS_SCHEMA = pa.schema(
    [("posting_id", pa.string()), ("skill_id", pa.string()), ("confidence", pa.float64()), ("evidence", pa.string())]
)
ESCO_SKILLS_SCHEMA = pa.schema(
    [
        ("posting_id", pa.string()),
        ("esco_uri", pa.string()),
        ("label", pa.string()),
        ("score", pa.float64()),
        ("sentence", pa.string()),
    ]
)
# One row per posting the ESCO tier ran on (also those it found nothing for): the share denominator.
ESCO_POSTINGS_SCHEMA = pa.schema([("posting_id", pa.string()), ("design", pa.string())])
# The posting columns that come from the ``JobPosting`` itself, in table order.
_JOBPOSTING_FIELDS = [name for name, _, _ in POSTING_COLUMNS[6:]]


class BatchTables(NamedTuple):
    """The Arrow tables one ingest batch adds, named as the store tables they go to."""

    postings: pa.Table
    posting_skills: pa.Table
    posting_esco_skills: pa.Table
    esco_linked_postings: pa.Table


def batch_tables(batch: IngestBatch) -> BatchTables:
    """Returns the Arrow tables of a batch; skills and ESCO links only for non-duplicate postings."""
    columns: dict[str, list[Any]] = {name: [] for name, _, _ in POSTING_COLUMNS}
    skills: dict[str, list[Any]] = {name: [] for name in SKILLS_SCHEMA.names}
    esco: dict[str, list[Any]] = {name: [] for name in ESCO_SKILLS_SCHEMA.names}
    linked: dict[str, list[Any]] = {name: [] for name in ESCO_POSTINGS_SCHEMA.names}
    for stored in batch.postings:
        p = stored.posting
        columns["posting_id"].append(p.posting_id)
        columns["seq"].append(stored.seq)
        columns["file_hash"].append(stored.file_hash)
        columns["content_key"].append(stored.content_key)
        columns["is_duplicate"].append(stored.is_duplicate)
        columns["ingested_at"].append(stored.ingested_at)
        for name in _JOBPOSTING_FIELDS:
            value = getattr(p, name)
            columns[name].append("" if name == "description" and stored.is_duplicate else value)
        if not stored.is_duplicate:
            for skill in p.skills:
                skills["posting_id"].append(p.posting_id)
                skills["skill_id"].append(skill.skill_id)
                skills["confidence"].append(skill.confidence)
                skills["evidence"].append(skill.evidence)
            if p.esco_design is not None:
                linked["posting_id"].append(p.posting_id)
                linked["design"].append(p.esco_design)
                for link in p.esco_skills:
                    esco["posting_id"].append(p.posting_id)
                    esco["esco_uri"].append(link.uri)
                    esco["label"].append(link.label)
                    esco["score"].append(link.score)
                    esco["sentence"].append(link.sentence)
    return BatchTables(
        pa.table(columns, schema=POSTINGS_SCHEMA),
        pa.table(skills, schema=SKILLS_SCHEMA),
        pa.table(esco, schema=ESCO_SKILLS_SCHEMA),
        pa.table(linked, schema=ESCO_POSTINGS_SCHEMA),
    )


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
        cols = ", ".join(f"p.{c}" for c in ["posting_id", *_JOBPOSTING_FIELDS])
        return f"SELECT {cols} FROM postings p WHERE {self.where(flt)} ORDER BY p.seq{lim}"


def row_to_posting(row: dict[str, Any]) -> JobPosting:
    """Returns a ``JobPosting`` (without skills) from a ``postings`` row."""
    return JobPosting(**{k: v for k, v in row.items() if k in {"posting_id", *_JOBPOSTING_FIELDS}})


class DuckDBPostingStore:
    """A ``PostingStore`` in a DuckDB file; ``":memory:"`` for tests."""

    engine = "duckdb"

    def __init__(
        self, path: str | Path = ":memory:", *, read_only: bool = False, memory_limit: str | None = "1GB"
    ) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
            # DuckDB's buffer pool otherwise grows towards 80% of RAM as the store grows; a cap
            # keeps a million-posting ingest on a laptop (DuckDB spills to disk beyond it).
            if memory_limit:
                self.con.execute(f"SET memory_limit = '{memory_limit}'")
            # Checkpoint less often than the 16 MB default: ingest batches of long descriptions
            # then recompress each row group a few times, not dozens (measured: -25% write CPU).
            self.con.execute("SET checkpoint_threshold = '256MB'")
        except duckdb.Error as exc:
            raise BackendError(f"Cannot open the market store {self.path}: {exc}") from exc
        self.sql = AggregateSQL("duckdb")
        if not read_only:
            self._create()

    def _create(self) -> None:
        cols = ", ".join(f"{name} {ddl}" for name, _, ddl in POSTING_COLUMNS)
        self.con.execute(f"CREATE TABLE IF NOT EXISTS postings ({cols})")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS posting_skills (posting_id VARCHAR, skill_id VARCHAR, "
            "confidence DOUBLE, evidence VARCHAR)"
        )
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS posting_esco_skills (posting_id VARCHAR, esco_uri VARCHAR, "
            "label VARCHAR, score DOUBLE, sentence VARCHAR)"
        )
        self.con.execute("CREATE TABLE IF NOT EXISTS esco_linked_postings (posting_id VARCHAR, design VARCHAR)")
        self.con.execute("CREATE TABLE IF NOT EXISTS dedup_keys (key BIGINT)")
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS files (file_hash VARCHAR PRIMARY KEY, path VARCHAR, "
            "source VARCHAR, records_done BIGINT, complete BOOLEAN)"
        )
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS rejections (file_hash VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR)"
        )

    # --- writing -------------------------------------------------------------------------------
    def file_state(self, file_hash: str) -> FileState | None:
        row = self.con.execute(
            "SELECT file_hash, path, source, records_done, complete FROM files WHERE file_hash = ?", [file_hash]
        ).fetchone()
        return FileState(row[0], row[1], row[2], int(row[3]), bool(row[4])) if row else None

    def next_seq(self) -> int:
        row = self.con.execute("SELECT coalesce(max(seq) + 1, 0) FROM postings").fetchone()
        return int(row[0]) if row else 0

    def dedup_keys(self) -> np.ndarray:
        return np.asarray(self.con.execute("SELECT key FROM dedup_keys").fetchnumpy()["key"], dtype=np.int64)

    def write_batch(self, batch: IngestBatch) -> None:
        tables = batch_tables(batch)
        keys = pa.table({"key": pa.array(batch.dedup_keys, type=pa.int64())})
        rejections = pa.table(
            {
                "file_hash": [batch.file.file_hash] * len(batch.rejections),
                "file": [r.file for r in batch.rejections],
                "line": pa.array([r.line for r in batch.rejections], type=pa.int64()),
                "reason": [r.reason for r in batch.rejections],
            }
        )
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("batch_postings", tables.postings)
            con.register("batch_skills", tables.posting_skills)
            con.register("batch_esco_skills", tables.posting_esco_skills)
            con.register("batch_esco_linked", tables.esco_linked_postings)
            con.register("batch_keys", keys)
            con.register("batch_rejections", rejections)
            con.execute("INSERT INTO postings SELECT * FROM batch_postings")
            con.execute("INSERT INTO posting_skills SELECT * FROM batch_skills")
            con.execute("INSERT INTO posting_esco_skills SELECT * FROM batch_esco_skills")
            con.execute("INSERT INTO esco_linked_postings SELECT * FROM batch_esco_linked")
            con.execute("INSERT INTO dedup_keys SELECT key FROM batch_keys")
            con.execute("INSERT INTO rejections SELECT * FROM batch_rejections")
            f = batch.file
            con.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                [f.file_hash, f.path, f.source, f.records_done, f.complete],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise BackendError(f"Writing to the market store {self.path} failed: {exc}") from exc
        finally:
            for name in (
                "batch_postings",
                "batch_skills",
                "batch_esco_skills",
                "batch_esco_linked",
                "batch_keys",
                "batch_rejections",
            ):
                con.unregister(name)

    # --- reading -------------------------------------------------------------------------------
    def _rows(self, query: str) -> list[dict[str, object]]:
        cursor = self.con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def count_postings(self, flt: PostingFilter = ALL_POSTINGS) -> int:
        return int(self._rows(self.sql.count_postings(flt))[0]["n"])  # type: ignore[call-overload]

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
        cursor = self.con.cursor()
        cursor.execute(self.sql.descriptions(flt, limit))
        while rows := cursor.fetchmany(1000):
            for (text,) in rows:
                yield str(text)

    def iter_postings(self, flt: PostingFilter = ALL_POSTINGS, limit: int | None = None) -> Iterator[JobPosting]:
        cursor = self.con.cursor()
        cursor.execute(self.sql.postings(flt, limit))
        names = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(1000):
            for row in rows:
                yield row_to_posting(dict(zip(names, row, strict=True)))

    def rejections(self) -> list[dict[str, object]]:
        return self._rows("SELECT file, line, reason FROM rejections ORDER BY file, line")

    def export_parquet(self, path: Path) -> Path:
        """Writes the distinct postings, each with its list of skill ids, to one Parquet file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        target = str(path).replace("'", "''")
        self.con.execute(
            "COPY (SELECT p.* EXCLUDE (content_key, is_duplicate), "
            "coalesce((SELECT list(s.skill_id ORDER BY s.skill_id) FROM posting_skills s "
            "WHERE s.posting_id = p.posting_id), []) AS skills "
            f"FROM postings p WHERE NOT p.is_duplicate ORDER BY p.seq) TO '{target}' (FORMAT parquet)"
        )
        return path

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBPostingStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
