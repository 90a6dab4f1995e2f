"""The Spark ``PostingStore``: Parquet folders queried with Spark SQL; needs ``careerpath[spark]``.

Layout of a store folder: ``postings/``, ``posting_skills/``, ``posting_esco_skills/``,
``esco_linked_postings/``, ``dedup_keys/``, ``dedup_signatures/`` (Parquet parts, one per ingest batch, named by file
hash and first record so a resumed batch overwrites its own part) and ``files.json`` (ingest
progress, replaced atomically after each batch's parts). The aggregates are the DuckDB engine's
queries in the Spark dialect (``AggregateSQL("spark")``), so both engines return the same figures.
``ingest_with_spark`` parses records on Spark executors.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from careerpath.errors import BackendUnavailable
from careerpath.market.ingest import DEFAULT_BATCH_SIZE, ChunkMapper, IngestSummary, MarkFn, ingest_files
from careerpath.market.parsing import (
    ChunkArgs,
    ParsedItem,
    PostingParser,
    SkillResult,
    attach_skills,
    extract_chunk_skills,
    parse_chunk,
    skill_requests,
)
from careerpath.market.postings import FileState, IngestBatch, StoredSignature
from careerpath.storage.sql import AggregateSQL, SQLPostingStore
from careerpath.storage.tables import (
    ESCO_POSTINGS_SCHEMA,
    ESCO_SKILLS_SCHEMA,
    POSTINGS_SCHEMA,
    SIGNATURES_SCHEMA,
    SKILLS_SCHEMA,
    batch_tables,
    matching_signatures,
    signatures_table,
)

INSTALL_HINT = "pip install 'careerpath[spark]'"
CHUNKS_PER_JOB = 8  # chunks sent to executors per Spark job: enough to keep local cores busy
# The tables kept as Parquet folders and read as SQL views; dedup_keys is read directly.
VIEWS: dict[str, pa.Schema] = {
    "postings": POSTINGS_SCHEMA,
    "posting_skills": SKILLS_SCHEMA,
    "posting_esco_skills": ESCO_SKILLS_SCHEMA,
    "esco_linked_postings": ESCO_POSTINGS_SCHEMA,
}


def _spark_session(master: str | None) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise BackendUnavailable(
            f"The Spark engine needs pyspark and Java 17+. Install it with: {INSTALL_HINT}"
        ) from exc
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master or "local[*]")
        .appName("careerpath-market")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", os.environ.get("CAREERPATH_SPARK_DRIVER_MEMORY", "2g"))
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkPostingStore(SQLPostingStore):
    """A ``PostingStore`` in a folder of Parquet files, aggregated with Spark SQL."""

    engine = "spark"

    def __init__(self, path: str | Path, *, master: str | None = None) -> None:
        self.path = Path(path)
        self.spark = _spark_session(master)
        self.sql = AggregateSQL("spark")
        for name in (*VIEWS, "dedup_keys", "dedup_signatures", "unkept"):
            (self.path / name).mkdir(parents=True, exist_ok=True)

    # --- writing -------------------------------------------------------------------------------
    def _files(self) -> dict[str, dict[str, Any]]:
        target = self.path / "files.json"
        return json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}

    def file_state(self, file_hash: str) -> FileState | None:
        raw = self._files().get(file_hash)
        return FileState(**raw) if raw else None

    def next_seq(self) -> int:
        best = -1
        for part in self._parts("postings"):
            column = pq.read_table(part, columns=["seq"])["seq"]
            if len(column):
                best = max(best, int(max(column.to_pylist())))
        return best + 1

    def dedup_keys(self) -> np.ndarray:
        parts = [pq.read_table(p)["key"].to_numpy() for p in self._parts("dedup_keys")]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def stored_signatures(self, keys: np.ndarray, exclude_files: Sequence[str] = ()) -> list[StoredSignature]:
        parts = [pq.read_table(p, schema=SIGNATURES_SCHEMA) for p in self._parts("dedup_signatures")]
        table = pa.concat_tables(parts) if parts else SIGNATURES_SCHEMA.empty_table()
        return matching_signatures(table, keys, exclude_files)

    def _parts(self, table: str) -> list[Path]:
        return sorted((self.path / table).glob("*.parquet"))

    def write_batch(self, batch: IngestBatch) -> None:
        files = self._files()
        previous = files.get(batch.file.file_hash, {}).get("records_done", 0)
        name = f"{batch.file.file_hash[:16]}-{previous:010d}.parquet"
        if batch.postings or batch.dedup_keys or batch.rejections or batch.unkept:
            keys = pa.table({"key": pa.array(batch.dedup_keys, type=pa.int64())})
            tables = (*batch_tables(batch)._asdict().items(), ("dedup_keys", keys))
            unkept = pa.table({"posting_id": pa.array(batch.unkept, type=pa.string())})
            for table, data in (*tables, ("dedup_signatures", signatures_table(batch)), ("unkept", unkept)):
                tmp = self.path / table / f".{name}.tmp"
                pq.write_table(data, tmp)
                tmp.replace(self.path / table / name)
            if batch.rejections:
                with (self.path / "rejections.jsonl").open("a", encoding="utf-8") as handle:
                    for r in batch.rejections:
                        handle.write(json.dumps({"file": r.file, "line": r.line, "reason": r.reason}) + "\n")
        files[batch.file.file_hash] = asdict(batch.file)
        tmp = self.path / ".files.json.tmp"
        tmp.write_text(json.dumps(files, indent=1), encoding="utf-8")
        tmp.replace(self.path / "files.json")

    def chunk_mapper(self) -> ChunkMapper:
        """Returns the mapper ``ingest_files`` parses with: both parse stages on this session's executors."""
        return spark_chunk_mapper(self.spark)

    # --- reading -------------------------------------------------------------------------------
    def _register(self) -> None:
        for table, schema in VIEWS.items():
            if self._parts(table):
                frame = self.spark.read.parquet(str(self.path / table))
            else:
                frame = self.spark.createDataFrame([], _spark_schema(schema))
            if table == "postings" and self._parts("unkept"):
                frame = _with_unkept(frame, self.spark.read.parquet(str(self.path / "unkept")))
            frame.createOrReplaceTempView(table)

    def _rows(self, query: str) -> list[dict[str, object]]:
        self._register()
        return [row.asDict() for row in self.spark.sql(query).collect()]

    def _stream(self, query: str) -> Iterator[tuple[object, ...]]:
        self._register()
        for row in self.spark.sql(query).toLocalIterator():
            yield tuple(row)

    def export_parquet(self, path: Path) -> Path:
        """Writes the distinct postings with their skill ids as a Parquet folder (Spark's layout)."""
        self._register()
        frame = self.spark.sql(
            "SELECT p.*, coalesce(s.skills, array()) AS skills FROM postings p LEFT JOIN "
            "(SELECT posting_id, sort_array(collect_list(skill_id)) AS skills FROM posting_skills "
            "GROUP BY posting_id) s "
            "ON s.posting_id = p.posting_id WHERE NOT p.is_duplicate"
        ).drop("content_key", "is_duplicate")
        frame.write.mode("overwrite").parquet(str(path))
        return Path(path)

    def close(self) -> None:
        """Leaves the Spark session running: other stores in this process may share it."""


def _with_unkept(postings: Any, unkept: Any) -> Any:
    """Returns ``postings`` with the un-kept ones (``unkept/`` parts: Parquet parts are never
    rewritten) read as duplicates, description emptied as for a duplicate written so."""
    from pyspark.sql import functions as F

    gone = unkept.select(F.col("posting_id").alias("_unkept_id")).distinct()
    joined = postings.join(gone, postings.posting_id == gone._unkept_id, "left")
    flagged = F.col("_unkept_id").isNotNull()
    return (
        joined.withColumn("is_duplicate", F.col("is_duplicate") | flagged)
        .withColumn("description", F.when(flagged, F.lit("")).otherwise(F.col("description")))
        .select(*postings.columns)
    )


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql import types as T

    mapping = {
        pa.string(): T.StringType(),
        pa.int64(): T.LongType(),
        pa.bool_(): T.BooleanType(),
        pa.float64(): T.DoubleType(),
        pa.date32(): T.DateType(),
        pa.timestamp("us"): T.TimestampType(),
    }
    return T.StructType([T.StructField(f.name, mapping[f.type], True) for f in schema])


def spark_chunk_mapper(spark: Any) -> ChunkMapper:
    """Returns a chunk mapper that runs both parse stages on Spark executors, results in input order.

    Each group of chunks is one Spark job for titles, salaries and dedup keys, then (once the
    driver has marked the duplicates) one job extracting the skills of the new postings. The jobs
    are pipelined: while the executors extract one group's skills and parse the next group, the
    driver reads ahead and writes the previous group, so neither side waits for the other.
    """

    def mapper(
        chunks: Iterator[ChunkArgs], factory: Callable[[], PostingParser], mark: MarkFn
    ) -> Iterator[tuple[list[ParsedItem], list[bool]]]:
        context = spark.sparkContext
        key = factory_key(factory)
        parse = partial(_parse_on_executor, key, factory)
        extract = partial(_skills_on_executor, key, factory)

        def parse_job(group: list[ChunkArgs]) -> list[list[ParsedItem]]:
            return context.parallelize(group, len(group)).map(parse).collect()

        def skills_job(requests: list[list[tuple[int, str]]]) -> list[list[SkillResult]]:
            return context.parallelize(requests, len(requests)).map(extract).collect()

        def finish(
            marked: list[tuple[list[ParsedItem], list[bool]]], found: Future[list[list[SkillResult]]]
        ) -> Iterator[tuple[list[ParsedItem], list[bool]]]:
            for (items, duplicates), results in zip(marked, found.result(), strict=True):
                yield attach_skills(items, results), duplicates

        # Two threads: Spark runs jobs submitted from different threads concurrently.
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="careerpath-spark") as jobs:
            group = list(islice(chunks, CHUNKS_PER_JOB))
            parsing = jobs.submit(parse_job, group) if group else None
            previous: tuple[list[tuple[list[ParsedItem], list[bool]]], Future[list[list[SkillResult]]]] | None = None
            try:
                while parsing is not None:
                    parsed = parsing.result()
                    group = list(islice(chunks, CHUNKS_PER_JOB))
                    parsing = jobs.submit(parse_job, group) if group else None
                    marked = [(items, mark(items)) for items in parsed]  # in input order, as the definition needs
                    extracting = jobs.submit(skills_job, [skill_requests(items, dups) for items, dups in marked])
                    if previous is not None:
                        yield from finish(*previous)
                    previous = (marked, extracting)
                if previous is not None:
                    yield from finish(*previous)
            finally:
                if parsing is not None:
                    parsing.cancel()

    return mapper


# Parsers built on an executor's Python worker. A task brings its own unpickled copy of the
# factory (a new object, so ``id`` would miss every time, and could even hit a dead copy's reused
# id), hence the key is a digest of the factory's pickle, computed once on the driver. Bounded: a
# worker process serving several ingests keeps only the most recent parsers.
_EXECUTOR_PARSERS: OrderedDict[str, PostingParser] = OrderedDict()
EXECUTOR_PARSERS_KEPT = 2


def factory_key(factory: Callable[[], PostingParser]) -> str:
    """Returns a key equal for equal factories across pickling (a digest of their pickle)."""
    from pyspark import cloudpickle  # pickles what the standard pickle cannot (closures)

    return hashlib.sha256(cloudpickle.dumps(factory)).hexdigest()


def executor_parser(key: str, factory: Callable[[], PostingParser]) -> PostingParser:
    """Returns this worker process's parser for ``key``, built by ``factory`` on first use."""
    parser = _EXECUTOR_PARSERS.get(key)
    if parser is None:
        parser = _EXECUTOR_PARSERS[key] = factory()
        while len(_EXECUTOR_PARSERS) > EXECUTOR_PARSERS_KEPT:
            _EXECUTOR_PARSERS.popitem(last=False)
    else:
        _EXECUTOR_PARSERS.move_to_end(key)
    return parser


def _parse_on_executor(key: str, factory: Callable[[], PostingParser], args: ChunkArgs) -> list[ParsedItem]:
    chunk, fhash, source, source_file = args
    return parse_chunk(
        executor_parser(key, factory), chunk, fhash=fhash, source=source, source_file=source_file, with_skills=False
    )


def _skills_on_executor(
    key: str, factory: Callable[[], PostingParser], requests: list[tuple[int, str]]
) -> list[SkillResult]:
    return extract_chunk_skills(executor_parser(key, factory), requests)


def ingest_with_spark(
    paths: Sequence[Path],
    store: SparkPostingStore,
    *,
    source: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    parser_factory: Callable[[], PostingParser] | None = None,
    max_records: int | None = None,
) -> IngestSummary:
    """Returns the counts of ingesting ``paths`` with parsing (titles, salaries, skills, MinHash) on
    Spark executors: ``ingest_files``, which takes the store's executors as its chunk mapper."""
    return ingest_files(
        paths, store, parser_factory=parser_factory, source=source, batch_size=batch_size, max_records=max_records
    )
