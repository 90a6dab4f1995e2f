"""The Spark ``PostingStore``: partitioned Parquet tables queried with Spark SQL; needs ``careerpath[spark]``.

Layout of a store folder (layout 2): ``postings/source=S/batch=B/``, and ``posting_skills/``,
``posting_esco_skills/``, ``esco_linked_postings/``, ``dedup_keys/``, ``rejections/`` each
``batch=B/`` (Parquet parts). A batch ``B`` is ``<file hash>-<first record>``: a file ingest run
(written by the executors, ``storage.spark_pipeline``) or one micro-batch of ``write_batch`` (the
Kafka consumer). ``store.json`` holds the files' progress, the next sequence number and the committed
batches, replaced atomically after each batch's parts: the commit point. The aggregates are the DuckDB
engine's queries in the Spark dialect (``AggregateSQL("spark")``), so both engines return the same figures.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from careerpath.errors import BackendUnavailable, InputError
from careerpath.market.ingest import DEFAULT_BATCH_SIZE, IngestSummary, ProgressEvent
from careerpath.market.parsing import PostingParser
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
LAYOUT = 2
# The tables kept as Parquet folders and read as SQL views.
VIEWS: dict[str, pa.Schema] = {
    "postings": POSTINGS_SCHEMA,
    "posting_skills": SKILLS_SCHEMA,
    "posting_esco_skills": ESCO_SKILLS_SCHEMA,
    "esco_linked_postings": ESCO_POSTINGS_SCHEMA,
}
KEYS_SCHEMA = pa.schema([("key", pa.int64())])
UNKEPT_SCHEMA = pa.schema([("posting_id", pa.string())])  # stored postings a later ingest ranked after
REJECTIONS_SCHEMA = pa.schema(
    [("file_hash", pa.string()), ("file", pa.string()), ("line", pa.int64()), ("reason", pa.string())]
)
TABLES: dict[str, pa.Schema] = {
    **VIEWS,
    "dedup_signatures": SIGNATURES_SCHEMA,
    "unkept": UNKEPT_SCHEMA,
    "dedup_keys": KEYS_SCHEMA,
    "rejections": REJECTIONS_SCHEMA,
}
# Partition columns per table, outermost first (all tables by batch; postings also by source).
PARTITIONS: dict[str, tuple[str, ...]] = {name: ("batch",) for name in TABLES}
PARTITIONS["postings"] = ("source", "batch")


def _spark_session(master: str | None, conf: dict[str, str] | None = None) -> Any:
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
        # Partition values are read as written ("2024" stays a string source name).
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .config("spark.driver.memory", os.environ.get("CAREERPATH_SPARK_DRIVER_MEMORY", "2g"))
        # Executors (own JVMs on a cluster) with the parallel collector: G1 never moves the large
        # byte arrays of cached column batches, and on a 1 GB executor the free space between them
        # became too fragmented for Spark's 16 MB sort pages: at 100k postings the self-join tasks
        # failed each page allocation (OutOfMemoryError caught, 64 KiB spilled, retried) for
        # minutes. The parallel collector compacts everything. (``conf`` below overrides it.)
        .config("spark.executor.extraJavaOptions", "-XX:+UseParallelGC")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkPostingStore(SQLPostingStore):
    """A ``PostingStore`` in a folder of partitioned Parquet tables, aggregated with Spark SQL.

    ``conf`` adds Spark settings when this call starts the session (e.g. ``spark.driver.maxResultSize``).
    """

    engine = "spark"

    def __init__(self, path: str | Path, *, master: str | None = None, conf: dict[str, str] | None = None) -> None:
        self.path = Path(path)
        if (self.path / "files.json").exists() and not (self.path / "store.json").exists():
            raise InputError(
                f"{self.path} is a Spark store of the old flat layout; ingest its files into a new --store folder."
            )
        self.spark = _spark_session(master, conf)
        self.sql = AggregateSQL("spark")
        for name in TABLES:
            (self.path / name).mkdir(parents=True, exist_ok=True)

    # --- metadata: store.json is the commit point -------------------------------------------------
    def _meta(self) -> dict[str, Any]:
        target = self.path / "store.json"
        if target.exists():
            return dict(json.loads(target.read_text(encoding="utf-8")))
        return {"layout": LAYOUT, "files": {}, "next_seq": 0, "batches": []}

    def file_state(self, file_hash: str) -> FileState | None:
        raw = self._meta()["files"].get(file_hash)
        return FileState(**raw) if raw else None

    def next_seq(self) -> int:
        return int(self._meta()["next_seq"])

    def commit(self, state: FileState, *, next_seq: int, batch: str | None) -> None:
        """Records a batch as stored: the file's progress, the next sequence number, the batch name."""
        meta = self._meta()
        meta["files"][state.file_hash] = asdict(state)
        meta["next_seq"] = max(int(meta["next_seq"]), next_seq)
        if batch is not None and batch not in meta["batches"]:
            meta["batches"].append(batch)
        tmp = self.path / ".store.json.tmp"
        tmp.write_text(json.dumps(meta, indent=1), encoding="utf-8")
        tmp.replace(self.path / "store.json")

    def _batch_dirs(self, table: str) -> list[Path]:
        pattern = "source=*/batch=*" if PARTITIONS[table][0] == "source" else "batch=*"
        return sorted((self.path / table).glob(pattern))

    def remove_uncommitted(self) -> None:
        """Deletes batches written but never committed (a run killed before ``store.json``), and
        Spark's leftovers, so that a re-run neither sees nor keeps them. Call only when writing."""
        committed = set(self._meta()["batches"])
        for table in TABLES:
            for folder in self._batch_dirs(table):
                if folder.name.removeprefix("batch=") not in committed:
                    shutil.rmtree(folder, ignore_errors=True)
            for leftover in (self.path / table).glob("[._]*"):
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)

    def dedup_keys(self) -> np.ndarray:
        """Returns every stored dedup key (the Kafka consumer's index; file ingest joins them on the executors)."""
        parts = [pq.read_table(p, columns=["key"])["key"].to_numpy() for p in self._parts("dedup_keys")]
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def stored_signatures(self, keys: np.ndarray, exclude_files: Sequence[str] = ()) -> list[StoredSignature]:
        """Returns the stored signatures sharing a key with ``keys`` (the Kafka consumer's dedup)."""
        parts = [pq.read_table(p, schema=SIGNATURES_SCHEMA) for p in self._parts("dedup_signatures")]
        table = pa.concat_tables(parts) if parts else SIGNATURES_SCHEMA.empty_table()
        return matching_signatures(table, keys, exclude_files)

    def _parts(self, table: str) -> list[Path]:
        return sorted(p for p in (self.path / table).rglob("*.parquet") if not _hidden(p, self.path / table))

    # --- writing ----------------------------------------------------------------------------------
    def write_batch(self, batch: IngestBatch) -> None:
        """Writes one batch from this process (the Kafka consumer's micro-batches) in the same layout."""
        previous = self._meta()["files"].get(batch.file.file_hash, {}).get("records_done", 0)
        name = f"{batch.file.file_hash[:16]}-{previous:010d}"
        if batch.postings or batch.dedup_keys or batch.rejections or batch.unkept:
            tables = dict(batch_tables(batch)._asdict())
            tables["dedup_keys"] = pa.table({"key": pa.array(batch.dedup_keys, type=pa.int64())})
            tables["dedup_signatures"] = signatures_table(batch)
            tables["unkept"] = pa.table({"posting_id": pa.array(batch.unkept, type=pa.string())})
            tables["rejections"] = pa.table(
                {
                    "file_hash": [batch.file.file_hash] * len(batch.rejections),
                    "file": [r.file for r in batch.rejections],
                    "line": pa.array([r.line for r in batch.rejections], type=pa.int64()),
                    "reason": [r.reason for r in batch.rejections],
                },
                schema=REJECTIONS_SCHEMA,
            )
            for table, data in tables.items():
                self._write_local(table, name, data)
        seq = max((p.seq for p in batch.postings), default=-1) + 1
        self.commit(batch.file, next_seq=seq, batch=name)

    def _write_local(self, table: str, batch: str, data: pa.Table) -> None:
        folder = self.path / table
        if PARTITIONS[table][0] == "source":
            targets = {
                folder / f"source={_escape(s)}" / f"batch={batch}": data.filter(pc.equal(data["source"], s)).drop(
                    ["source"]
                )
                for s in set(data["source"].to_pylist())
            }
        else:
            targets = {folder / f"batch={batch}": data}
        for target, part in targets.items():
            if not part.num_rows:
                continue
            target.mkdir(parents=True, exist_ok=True)
            tmp = target / ".part-0.parquet.tmp"
            pq.write_table(part, tmp)
            tmp.replace(target / "part-0.parquet")  # a resumed batch overwrites its own part

    def write_frames(self, final: Any, unkept: Any, batch: str, path: str) -> None:
        """Writes a file run's tables from the executors (``DataFrame.write``, dynamic partition
        overwrite: a batch written again replaces only itself)."""
        from pyspark.sql import functions as F

        kept = final.where(F.col("reject").isNull()).withColumn("batch", F.lit(batch))
        new = kept.where(~F.col("is_duplicate"))
        frames = {
            "postings": kept.select(*POSTINGS_SCHEMA.names, "batch"),
            "posting_skills": new.select("posting_id", F.explode("skills").alias("s"), "batch").select(
                "posting_id", "s.skill_id", "s.confidence", "s.evidence", "batch"
            ),
            "posting_esco_skills": new.select("posting_id", F.explode("esco").alias("e"), "batch").select(
                "posting_id", "e.esco_uri", "e.label", "e.score", "e.sentence", "batch"
            ),
            "esco_linked_postings": new.where(F.col("esco_design").isNotNull()).select(
                "posting_id", F.col("esco_design").alias("design"), "batch"
            ),
            "dedup_signatures": kept.where(F.col("dedup_key").isNotNull()).select(*SIGNATURES_SCHEMA.names, "batch"),
            "unkept": unkept.withColumn("batch", F.lit(batch)),
            # The keys the Kafka consumer's index reads (``dedup_keys()``): content key and bands.
            "dedup_keys": kept.where(F.col("dedup_key").isNotNull()).select(
                F.explode(F.concat(F.array("dedup_key"), "band_keys")).alias("key"), "batch"
            ),
            "rejections": final.where(F.col("reject").isNotNull()).select(
                "file_hash",
                F.lit(path).alias("file"),
                F.col("record_no").alias("line"),
                F.col("reject").alias("reason"),
                F.lit(batch).alias("batch"),
            ),
        }
        for table, frame in frames.items():
            frame.write.mode("overwrite").option("partitionOverwriteMode", "dynamic").partitionBy(
                *PARTITIONS[table]
            ).parquet(str(self.path / table))

    def ingest_paths(self, paths: Sequence[Path], **options: Any) -> IngestSummary:
        """Ingests files with every step on the executors (``storage.spark_pipeline``); what
        ``market.ingest.ingest_files`` calls for this store."""
        from careerpath.storage.spark_pipeline import ingest_paths

        return ingest_paths(self, paths, **options)

    # --- reading ----------------------------------------------------------------------------------
    def table(self, name: str) -> Any:
        """Returns a table as a DataFrame (empty, with its columns, before anything was written)."""
        if self._parts(name):
            return self.spark.read.parquet(str(self.path / name))
        return self.spark.createDataFrame([], _spark_schema(TABLES[name]))

    def kept_ids(self) -> Any:
        """The ids of the stored postings that are kept (un-kept overlay applied), as a DataFrame."""
        self._register()
        return self.spark.sql("SELECT posting_id FROM postings WHERE NOT is_duplicate")

    def _register(self) -> None:
        for table in VIEWS:
            frame = self.table(table)
            if table == "postings" and self._parts("unkept"):
                frame = _with_unkept(frame, self.table("unkept"))
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
        ).drop("content_key", "is_duplicate", "batch")
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


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


# Characters Spark escapes in a partition folder name (``ExternalCatalogUtils.escapePathName``).
_ESCAPED = set("\"#%'*/:=?\\\x7f{[]^")


def _escape(value: str) -> str:
    """Returns a partition value as Spark writes it in a folder name (hive-style escaping)."""
    return "".join(f"%{ord(c):02X}" if c in _ESCAPED or ord(c) < 0x20 else c for c in value)


def spark_type(arrow: pa.DataType) -> Any:
    """Returns the Spark SQL type of a store column's Arrow type."""
    from pyspark.sql import types as T

    if pa.types.is_list(arrow):
        return T.ArrayType(spark_type(arrow.value_type))
    mapping = {
        pa.string(): T.StringType(),
        pa.int64(): T.LongType(),
        pa.bool_(): T.BooleanType(),
        pa.float64(): T.DoubleType(),
        pa.date32(): T.DateType(),
        pa.binary(): T.BinaryType(),
        # Naive timestamps, as pyarrow writes them from the Kafka consumer: one type in every part.
        pa.timestamp("us"): T.TimestampNTZType(),
    }
    return mapping[arrow]


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, spark_type(f.type), True) for f in schema])


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


def ingest_with_spark(
    paths: Sequence[Path],
    store: SparkPostingStore,
    *,
    source: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    parser_factory: Callable[[], PostingParser] | None = None,
    max_records: int | None = None,
    on_progress: Callable[[ProgressEvent], None] | None = None,
) -> IngestSummary:
    """Returns the counts of ingesting ``paths`` with every step on Spark executors (reading,
    parsing, dedup, skills, writing; ``storage.spark_pipeline``). ``batch_size`` is accepted for
    ``ingest_files`` compatibility: a Spark run commits each file (or its ``max_records`` slice) as one batch."""
    del batch_size
    return store.ingest_paths(
        paths, parser_factory=parser_factory, source=source, max_records=max_records, on_progress=on_progress
    )
