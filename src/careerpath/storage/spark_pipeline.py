"""File ingest into a Spark store, distributed end to end: no step brings the postings to the driver.

Per file (the driver only hashes the file, reads its header or Parquet schema and keeps the store's
small metadata, ``store.json``):

1. **Read** with Spark's own readers on the executors (``spark.read.csv`` with multi-line records,
   ``.json`` for JSON Lines, ``.parquet``; gzip, bzip2 … by Spark's codecs), every value as read.
   Records are numbered in file order (``zipWithIndex``: one counting pass), which gives stable
   posting ids ``<file hash>:<record number>`` and lets an interrupted file resume by position.
2. **Parse** on the executors (``mapPartitions``): each row goes through the same column mapping
   as ``market ingest`` (``readers.map_row``) and ``parsing.parse_chunk`` (title, role, seniority,
   salary) and ``dedup.signature``, with the executor's cached parser (``spark_store.executor_parser``).
3. **Deduplicate** as a distributed stage (``market.spark_dedup.mark_duplicates``: the keep rule
   both engines share, by shuffles and joins over the LSH keys, against the signatures already in
   the store).
4. **Skills** of the new postings only, on the executors (``mapPartitions`` again).
5. **Write** the postings, skills, ESCO links, signatures, dedup keys and rejections from the executors as
   Parquet partitioned by ``batch`` (``<file hash>-<first record>``; postings also by ``source``),
   with dynamic partition overwrite, so a batch written again replaces itself. Then the driver
   commits the batch in ``store.json`` (file progress, next sequence number, committed batches):
   the commit point. A batch on disk but not committed (a run killed between the two) is removed
   before the next ingest, so re-running ends in the same store.

What reaches the driver: per file one row of counts, the first ``REPORTED_REJECTIONS`` rejections
(line and reason), the header. ``tests/contract`` runs an ingest under ``spark.driver.maxResultSize=1m``
on a corpus whose postings are several MB and counts the rows every collect brings back.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerpath.errors import PostingFileDamaged
from careerpath.market.dedup import signature
from careerpath.market.ingest import IngestSummary, ProgressEvent, file_hash
from careerpath.market.parsers import default_parser
from careerpath.market.parsing import PostingParser, parse_record, skills_text, stable_posting_id
from careerpath.market.postings import FileState, Rejection
from careerpath.market.readers import detect_encoding, detect_format, detect_schema, map_row, read_postings_file
from careerpath.storage.tables import POSTING_COLUMNS

if TYPE_CHECKING:
    from careerpath.storage.spark_store import SparkPostingStore

PARTITION_BYTES = 8 * 2**20  # input bytes per parse partition: a task's rows stay bounded as input grows
REPORTED_REJECTIONS = 1000  # rejections returned to the caller (all are in the store's table)
CORRUPT = "_corrupt_record"  # Spark's column for a record its reader could not split
POSTING_NAMES = [name for name, _, _ in POSTING_COLUMNS]


# --- executors ------------------------------------------------------------------------------------
def _posting_values(posting: Any, *, seq: int, fhash: str, content_key: str, run_at: datetime) -> list[Any]:
    values: list[Any] = [posting.posting_id, seq, fhash, content_key, False, run_at]
    values.extend(getattr(posting, name) for name in POSTING_NAMES[6:])
    return values


def parse_partition(
    parser_key: str,
    factory: Callable[[], PostingParser],
    schema: str,
    context: dict[str, Any],
    rows: Iterable[tuple[Any, int]],
) -> Iterator[tuple[Any, ...]]:
    """Runs on an executor: (row, record index) → stage-1 tuples: the posting columns, the record
    index, the dedup signature (``market.dedup.signature``) and a rejection reason."""
    from careerpath.storage.spark_store import executor_parser

    parser = executor_parser(parser_key, factory)
    fhash, source, source_file = context["file_hash"], context["source"], context["source_file"]
    for row, index in rows:
        line = index + 1
        data = row.asDict(recursive=True)
        seq = context["base_seq"] + index - context["start"]
        posting, reason = None, "malformed record (the reader could not split it into the header's columns)"
        if data.pop(CORRUPT, None) is None:
            record = map_row(schema, line, data)
            reason = record.error or "unparseable record"
            if record.fields is not None:  # without dedup keys: the signature below has them
                posting, error = parse_record(
                    parser, record.fields, fhash=fhash, line=line, source=source, source_file=source_file,
                    with_skills=False,
                )  # fmt: skip
                reason = error or reason
        if posting is None:
            pid = stable_posting_id(fhash, line)
            values: list[Any] = [pid, seq, fhash, "", False, context["run_at"], source, source_file]
            values.extend([line, *([None] * (len(POSTING_NAMES) - 9))])
            yield (*values, index, None, [], b"", reason)
            continue
        found = signature(posting.title, posting.company, posting.location, posting.description)
        key = str(found.dedup_key) if found else ""
        values = _posting_values(posting, seq=seq, fhash=fhash, content_key=key, run_at=context["run_at"])
        if found is None:
            yield (*values, index, None, [], b"", None)
        else:
            yield (*values, index, found.dedup_key, list(found.band_keys), found.minhash, None)


def skills_partition(
    parser_key: str, factory: Callable[[], PostingParser], rows: Iterable[Any]
) -> Iterator[tuple[Any, ...]]:
    """Runs on an executor: (posting id, title, description) of new postings → the posting id, its
    skills, ESCO links and design, or why extraction failed (the record is then rejected)."""
    from careerpath.storage.spark_store import executor_parser

    parser = executor_parser(parser_key, factory)
    for posting_id, title, description in rows:
        try:
            found = parser.extract_skills(skills_text(title, description))
        except (ValueError, TypeError, KeyError) as exc:
            yield (posting_id, [], [], None, f"{type(exc).__name__}: {exc}")
            continue
        esco = [tuple(e) for e in found.esco_skills]
        yield (posting_id, [tuple(s) for s in found.skills], esco, found.esco_design, None)


def with_skills(spark: Any, deduped: Any, parser_key: str, factory: Callable[[], PostingParser]) -> Any:
    """Returns ``deduped`` with skills, ESCO links and design for new postings, a duplicate's
    description blanked (as in every engine), and failed extractions rejected. Only the id, title
    and description of new postings go to the Python workers; the rest stays in the JVM (a join)."""
    from pyspark.sql import functions as F

    wanted = deduped.where(F.col("reject").isNull() & ~F.col("is_duplicate") & (F.col("description") != ""))
    extract = _bind(skills_partition, parser_key, factory)
    found = spark.createDataFrame(
        wanted.select("posting_id", "title", "description").rdd.mapPartitions(extract), skills_schema()
    )
    empty = F.array().cast("array<struct<skill_id:string,confidence:double,evidence:string>>")
    no_links = F.array().cast("array<struct<esco_uri:string,label:string,score:double,sentence:string>>")
    return (
        deduped.join(found.withColumnRenamed("reject", "skills_reject"), "posting_id", "left")
        .withColumn("skills", F.coalesce("skills", empty))
        .withColumn("esco", F.coalesce("esco", no_links))
        .withColumn("reject", F.coalesce("reject", "skills_reject"))
        .withColumn("description", F.when(F.col("is_duplicate"), F.lit("")).otherwise(F.col("description")))
        .drop("skills_reject")
    )


# --- schemas --------------------------------------------------------------------------------------
def _types() -> Any:
    from pyspark.sql import types as T

    return T


def posting_struct_fields() -> list[Any]:
    from careerpath.storage.spark_store import spark_type

    T = _types()
    return [T.StructField(name, spark_type(arrow), True) for name, arrow, _ in POSTING_COLUMNS]


def stage1_schema() -> Any:
    T = _types()
    return T.StructType(
        [
            *posting_struct_fields(),
            T.StructField("record_index", T.LongType(), False),
            # market.dedup.signature as stored: minhash is 64 little-endian int64 in 512 bytes
            T.StructField("dedup_key", T.LongType(), True),
            T.StructField("band_keys", T.ArrayType(T.LongType()), True),
            T.StructField("minhash", T.BinaryType(), True),
            T.StructField("reject", T.StringType(), True),
        ]
    )


def skills_schema() -> Any:
    T = _types()
    skill = T.StructType(
        [
            T.StructField("skill_id", T.StringType()),
            T.StructField("confidence", T.DoubleType()),
            T.StructField("evidence", T.StringType()),
        ]
    )
    link = T.StructType(
        [
            T.StructField("esco_uri", T.StringType()),
            T.StructField("label", T.StringType()),
            T.StructField("score", T.DoubleType()),
            T.StructField("sentence", T.StringType()),
        ]
    )
    return T.StructType(
        [
            T.StructField("posting_id", T.StringType(), False),
            T.StructField("skills", T.ArrayType(skill), False),
            T.StructField("esco", T.ArrayType(link), False),
            T.StructField("esco_design", T.StringType(), True),
            T.StructField("reject", T.StringType(), True),
        ]
    )


# --- dedup stage ----------------------------------------------------------------------------------
def mark_duplicates(parsed: Any, stored: Any) -> tuple[Any, Any]:
    """Returns ``parsed`` with ``is_duplicate`` set by the keep rule both engines share
    (``market.dedup``), computed with DataFrame operations on the executors
    (``market.spark_dedup.decide_duplicates``) against the signatures already in the store
    (``stored``), and the ids of stored postings that a new posting now ranks before (un-kept)."""
    from careerpath.market import spark_dedup

    values = _minhash_values  # the rule compares MinHash values; both sides get the same form
    marked, unkept = spark_dedup.decide_duplicates(
        values(parsed.drop("is_duplicate").withColumnRenamed("minhash", "minhash_bytes"), "minhash_bytes"),
        existing=values(stored, "minhash"),
    )
    return marked.drop("duplicate_of", "minhash").withColumnRenamed("minhash_bytes", "minhash"), unkept


def _minhash_values(frame: Any, column: str) -> Any:
    """Returns ``frame`` with ``minhash`` as an array of its 64 eight-byte values (as binary: the rule
    only tests them for equality), empty for a short description, from the stored bytes ``column``."""
    from pyspark.sql import functions as F

    chunks = F.expr(f"transform(sequence(0, 63), i -> substring(`{column}`, i * 8 + 1, 8))")
    return frame.withColumn("minhash", F.when(F.length(column) > 0, chunks).otherwise(F.array().cast("array<binary>")))


# --- reading --------------------------------------------------------------------------------------
def _spark_path(path: Path, fmt: str, scratch: Path) -> Path:
    """Returns a path whose name tells Spark the file's real compression: gzip is recognised by its
    bytes, whatever the name (a plain CSV named ``.csv.gz``), as the DuckDB engine reads it."""
    if fmt == "parquet":
        return path
    with path.open("rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
    if gzipped == path.name.lower().endswith(".gz"):
        return path
    scratch.mkdir(parents=True, exist_ok=True)
    name = path.name + ".gz" if gzipped else path.name[: -len(".gz")]
    link = Path(tempfile.mkdtemp(dir=scratch)) / name
    link.symlink_to(path.resolve())
    return link


def read_records(spark: Any, path: Path, fmt: str, encoding: str | None, scratch: Path) -> tuple[str, Any]:
    """Returns the file's schema name and a DataFrame of its rows, read by Spark's own readers."""
    T = _types()
    source = str(_spark_path(path, fmt, scratch))
    if fmt == "parquet":
        frame = spark.read.parquet(source)
        return detect_schema(frame.columns), frame
    if fmt == "jsonl":
        frame = spark.read.options(primitivesAsString=True, mode="PERMISSIVE", columnNameOfCorruptRecord=CORRUPT)
        frame = frame.json(source)
        columns = [c for c in frame.columns if c != CORRUPT]
        if CORRUPT not in frame.columns:
            from pyspark.sql import functions as F

            frame = frame.withColumn(CORRUPT, F.lit(None).cast("string"))
        return detect_schema(columns), frame
    chosen = encoding or detect_encoding(path)
    options = {
        "header": True,
        "multiLine": True,  # descriptions span lines
        "escape": '"',
        "sep": "\t" if fmt == "tsv" else ",",
        "encoding": chosen,
        "mode": "PERMISSIVE",
    }
    header = [c.lstrip("\ufeff") for c in spark.read.options(**options).csv(source).columns]
    schema_name = detect_schema(header)
    schema = T.StructType([T.StructField(c, T.StringType(), True) for c in header])
    schema.add(T.StructField(CORRUPT, T.StringType(), True))
    frame = spark.read.options(**options, columnNameOfCorruptRecord=CORRUPT).schema(schema).csv(source)
    return schema_name, frame


def _damaged(path: Path, exc: BaseException) -> PostingFileDamaged | None:
    """Returns the user error for a Spark job that failed on a truncated or corrupt input file."""
    text = str(exc)
    markers = ("Unexpected end of input stream", "EOFException", "ZipException", "not a Parquet file", "CRC")
    if not any(marker in text for marker in markers):
        return None
    reason = next((m for m in markers if m in text), "damaged")
    return PostingFileDamaged(
        f"Postings file {path.name!r} is truncated or damaged ({reason}). The Spark engine commits a file "
        "whole, so nothing of it was stored; fix or fetch the file again and re-run.",
        details={"path": str(path), "last_good_line": 0, "reason": reason},
    )


# --- the pipeline ---------------------------------------------------------------------------------
def ingest_paths(
    store: SparkPostingStore,
    paths: Sequence[Path],
    *,
    parser_factory: Callable[[], PostingParser] | None = None,
    source: str | None = None,
    max_records: int | None = None,
    encoding: str | None = None,
    on_progress: Callable[[ProgressEvent], None] | None = None,
) -> IngestSummary:
    """Returns the counts of ingesting ``paths`` into a Spark store, every step on the executors."""
    for path in paths:  # fail on a wrong path or format before any work
        if not Path(path).is_file():
            read_postings_file(Path(path))
        detect_format(Path(path))
    from careerpath.storage.spark_store import factory_key

    factory = parser_factory or default_parser
    parser_key = factory_key(factory)
    summary = IngestSummary()
    budget = max_records
    store.remove_uncommitted()
    for path in paths:
        path = Path(path)
        fhash = file_hash(path)
        state = store.file_state(fhash)
        if state is not None and state.complete:
            summary.files_skipped.append(str(path))
            continue
        fmt = detect_format(path)
        scratch = store.path / "_inputs"
        try:
            schema, frame = read_records(store.spark, path, fmt, encoding, scratch)
            label = source or schema
            done = state.records_done if state else 0
            state = FileState(fhash, str(path), label, done, False)
            counts, finished = _ingest_file(store, path, frame, schema, state, parser_key, factory, budget, summary)
        except Exception as exc:  # a Spark job failed: a damaged input file is the user's to fix
            damaged = _damaged(path, exc)
            if damaged is not None:
                raise damaged from None
            raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        summary.files.append(counts)
        if budget is not None:
            budget -= int(counts["read"])  # type: ignore[call-overload]
        if on_progress:
            on_progress(ProgressEvent(str(path), int(counts["read"]), 1.0))  # type: ignore[call-overload]
        if not finished:
            break
    return summary


def _ingest_file(
    store: SparkPostingStore,
    path: Path,
    frame: Any,
    schema: str,
    state: FileState,
    parser_key: str,
    factory: Callable[[], PostingParser],
    budget: int | None,
    summary: IngestSummary,
) -> tuple[dict[str, object], bool]:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = store.spark
    start = state.records_done
    base_seq = store.next_seq()
    run_at = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    context = {
        "file_hash": state.file_hash,
        "source": state.source,
        "source_file": path.name,
        "base_seq": base_seq,
        "start": start,
        "run_at": run_at,
    }
    indexed = frame.rdd.zipWithIndex()
    end = None if budget is None else start + budget
    finished = True
    if end is not None:
        finished = indexed.filter(lambda pair: pair[1] >= end).isEmpty()
    wanted = indexed.filter(lambda pair: pair[1] >= start and (end is None or pair[1] < end))
    # A gzip file is one split: spread the parsing over all cores, in partitions of bounded size
    # (a task's rows, and so its memory, must not grow with the file).
    partitions = max(spark.sparkContext.defaultParallelism, 2, -(-path.stat().st_size // PARTITION_BYTES))
    if wanted.getNumPartitions() < partitions:
        wanted = wanted.repartition(partitions)
    parse = _bind(parse_partition, parser_key, factory, schema, context)
    parsed = spark.createDataFrame(wanted.mapPartitions(parse), stage1_schema()).persist(StorageLevel.MEMORY_AND_DISK)
    # Cached now, by one job: the dedup's first job reads ``parsed`` in several stages that Spark
    # runs at once, and before the cache exists each of them would parse the file again.
    parsed.count()
    try:
        deduped, unkept = mark_duplicates(parsed, store.table("dedup_signatures"))
        final = with_skills(spark, deduped, parser_key, factory).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            (row,) = final.agg(
                F.count(F.lit(1)).alias("read"),
                F.count(F.when(F.col("reject").isNull() & ~F.col("is_duplicate"), 1)).alias("new"),
                F.count(F.when(F.col("reject").isNull() & F.col("is_duplicate"), 1)).alias("duplicates"),
                F.count(F.when(F.col("reject").isNotNull(), 1)).alias("rejected"),
            ).collect()
            rejections = [
                Rejection(str(path), int(r["record_no"]), str(r["reject"]))
                for r in final.where(F.col("reject").isNotNull())
                .select("record_no", "reject")
                .orderBy("record_no")
                .limit(REPORTED_REJECTIONS)
                .collect()
            ]
            # Stored postings this file turns into duplicates, counted before the write un-keeps them.
            unkept_count = unkept.join(store.kept_ids(), "posting_id").count()
            batch = f"{state.file_hash[:16]}-{start:010d}"
            store.write_frames(final, unkept, batch, str(path))
        finally:
            final.unpersist()
    finally:
        parsed.unpersist()
    read = int(row["read"])
    store.commit(replace(state, records_done=start + read, complete=finished), next_seq=base_seq + read, batch=batch)
    counts: dict[str, object] = {
        "path": str(path),
        "schema": schema,
        "source": state.source,
        "read": read,
        "new": int(row["new"]),
        "duplicates": int(row["duplicates"]),
        "rejected": int(row["rejected"]),
    }
    for key in ("read", "new", "duplicates", "rejected"):
        setattr(summary, key, getattr(summary, key) + int(counts[key]))  # type: ignore[call-overload]
    summary.unkept += unkept_count
    summary.rejections.extend(rejections)
    return counts, finished


def _bind(function: Callable[..., Iterator[Any]], *args: Any) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """Returns ``rows -> function(*args, rows)``: a closure over plain data that Spark pickles to executors."""

    def bound(rows: Iterable[Any]) -> Iterator[Any]:
        return function(*args, rows)

    return bound
