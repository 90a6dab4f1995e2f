"""The default ``PostingStore``: one DuckDB file (or ``:memory:``).

Tables: ``postings`` (one row per ingested record, duplicates flagged, with provenance: source,
source_file, file_hash, record_no, ingested_at), ``posting_skills`` (skills of non-duplicate
postings), ``posting_esco_skills`` and ``esco_linked_postings`` (the ESCO second tier, written only
by ``ingest --esco``: the links, and which postings the tier ran on with which design),
``dedup_signatures`` (each posting's keep-rule signature, ``market.dedup``), ``files`` (ingest
progress per file hash) and ``rejections``.

Stores written before the keep rule v2 (session 5) have postings but no signatures; the first
ingest or consumer batch that needs them computes them from the stored postings
(``_backfill_signatures``). Their ``dedup_keys`` table (every key, no posting ids; nothing reads
it any more) is left as it is and no longer written.

The aggregates come from ``SQLPostingStore`` (``storage.sql``) in the DuckDB dialect; the Spark
engine runs the very same queries in its dialect.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from careerpath.errors import BackendError, StoreBusy
from careerpath.market.postings import FileState, IngestBatch, StoredSignature
from careerpath.storage.sql import AggregateSQL, SQLPostingStore
from careerpath.storage.tables import (
    POSTING_COLUMNS,
    SIGNATURES_SCHEMA,
    batch_tables,
    matching_signatures,
    signature_rows_table,
    signatures_table,
)


def _busy(path: str, exc: duckdb.Error) -> StoreBusy | None:
    """The lock error DuckDB raises while another process has the file open (an ingest writing it).

    Readers cannot go ahead meanwhile: DuckDB allows one writing process or several read-only ones, not both."""
    text = str(exc)
    if "Could not set lock" not in text:
        return None
    holder = re.search(r"\(PID (\d+)\)", text)
    by = f" (PID {holder.group(1)})" if holder else ""
    return StoreBusy(
        f"The market store {path} is in use by another process{by}, such as a running `careerpath market ingest` "
        "(DuckDB lets one process at a time open it); try again when it finishes."
    )


class DuckDBPostingStore(SQLPostingStore):
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
            raise _busy(self.path, exc) or BackendError(f"Cannot open the market store {self.path}: {exc}") from exc
        self.sql = AggregateSQL("duckdb")
        self._signatures_checked = read_only  # a read-only store is never backfilled
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
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS dedup_signatures (posting_id VARCHAR, file_hash VARCHAR, posted_on DATE, "
            "dedup_key BIGINT, band_keys BIGINT[], minhash BLOB)"
        )
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS files (file_hash VARCHAR PRIMARY KEY, path VARCHAR, "
            "source VARCHAR, records_done BIGINT, complete BOOLEAN)"
        )
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS rejections (file_hash VARCHAR, file VARCHAR, line BIGINT, reason VARCHAR)"
        )

    # --- stores written before the keep rule v2 -------------------------------------------------
    def _ensure_signatures(self) -> None:
        """Backfills ``dedup_signatures`` (once per opened store) when the store holds postings with
        dedup keys but not one signature: a store written before the keep rule v2, whose postings a
        later ingest would otherwise never match."""
        if self._signatures_checked:
            return
        row = self.con.execute(
            "SELECT EXISTS (SELECT 1 FROM postings WHERE content_key <> '') "
            "AND NOT EXISTS (SELECT 1 FROM dedup_signatures)"
        ).fetchone()
        if row and row[0]:
            self._backfill_signatures()
        self._signatures_checked = True

    def _backfill_signatures(self, chunk: int = 4000) -> None:
        """Stores the signature of every stored posting with dedup keys, in one transaction.

        A kept posting's comes from its stored title, company, location and description, the very
        values its keys were computed from at ingest. A duplicate's description was emptied when it
        was stored, so it gets its exact content key only: it still matches identical copies, not
        near-duplicates. The flags stay as the rule of the time set them.
        """
        from careerpath.market.dedup import signature  # the keep rule's signature, as at ingest

        con = self.con
        row = con.execute("SELECT coalesce(max(seq), -1) FROM postings").fetchone()
        last = int(row[0]) if row else -1
        con.execute("BEGIN TRANSACTION")
        try:
            for start in range(0, last + 1, chunk):
                rows = con.execute(
                    "SELECT posting_id, file_hash, posted_on, content_key, is_duplicate, title, company, location, "
                    "description FROM postings WHERE content_key <> '' AND seq >= ? AND seq < ? ORDER BY seq",
                    [start, start + chunk],
                ).fetchall()
                signatures = []
                for posting_id, fhash, posted_on, key, duplicate, title, company, location, description in rows:
                    computed = None if duplicate else signature(title, company, location, description)
                    if computed is None:
                        signatures.append(StoredSignature(posting_id, fhash, posted_on, int(key), (), b""))
                    else:
                        signatures.append(
                            StoredSignature(
                                posting_id, fhash, posted_on, computed.dedup_key, computed.band_keys, computed.minhash
                            )
                        )
                if signatures:
                    con.register("backfill_signatures", signature_rows_table(signatures))
                    con.execute("INSERT INTO dedup_signatures SELECT * FROM backfill_signatures")
                    con.unregister("backfill_signatures")
            con.execute("COMMIT")
        except BaseException as exc:  # interrupted too: nothing of a partial backfill stays
            con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error):
                raise BackendError(f"Computing the dedup signatures of the store {self.path} failed: {exc}") from exc
            raise

    # --- writing -------------------------------------------------------------------------------
    def file_state(self, file_hash: str) -> FileState | None:
        row = self.con.execute(
            "SELECT file_hash, path, source, records_done, complete FROM files WHERE file_hash = ?", [file_hash]
        ).fetchone()
        return FileState(row[0], row[1], row[2], int(row[3]), bool(row[4])) if row else None

    def next_seq(self) -> int:
        row = self.con.execute("SELECT coalesce(max(seq) + 1, 0) FROM postings").fetchone()
        return int(row[0]) if row else 0

    def stored_signatures(self, keys: np.ndarray, exclude_files: Sequence[str] = ()) -> list[StoredSignature]:
        self._ensure_signatures()
        if not keys.size:
            return []
        wanted = pa.table({"key": pa.array(np.unique(keys.astype(np.int64)), type=pa.int64())})
        excluded = pa.table({"file_hash": pa.array(list(exclude_files), type=pa.string())})
        con = self.con.cursor()  # its own result state: an unread result on self.con does not block it
        try:
            con.register("wanted_keys", wanted)
            con.register("excluded_files", excluded)
            table = con.sql(
                "WITH keyed AS (SELECT posting_id, unnest(list_prepend(dedup_key, band_keys)) AS key "
                "FROM dedup_signatures WHERE file_hash NOT IN (SELECT file_hash FROM excluded_files)), "
                "hits AS (SELECT DISTINCT posting_id FROM keyed JOIN wanted_keys USING (key)) "
                "SELECT s.* FROM dedup_signatures s JOIN hits USING (posting_id)"
            ).to_arrow_table()
        finally:
            con.close()
        return matching_signatures(table.cast(SIGNATURES_SCHEMA), keys, exclude_files)

    def write_batch(self, batch: IngestBatch) -> None:
        self._ensure_signatures()  # before this batch's signatures make the table non-empty
        tables = batch_tables(batch)
        signatures = signatures_table(batch)
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
            con.register("batch_rejections", rejections)
            con.register("batch_signatures", signatures)
            con.execute("INSERT INTO dedup_signatures SELECT * FROM batch_signatures")
            if batch.unkept:  # now duplicates: stored as if they had been duplicates when written
                con.register("batch_unkept", pa.table({"posting_id": pa.array(batch.unkept, type=pa.string())}))
                unkept = "posting_id IN (SELECT posting_id FROM batch_unkept)"
                con.execute(f"UPDATE postings SET is_duplicate = TRUE, description = '' WHERE {unkept}")
                for table in ("posting_skills", "posting_esco_skills", "esco_linked_postings"):
                    con.execute(f"DELETE FROM {table} WHERE {unkept}")
            con.execute("INSERT INTO postings SELECT * FROM batch_postings")
            con.execute("INSERT INTO posting_skills SELECT * FROM batch_skills")
            con.execute("INSERT INTO posting_esco_skills SELECT * FROM batch_esco_skills")
            con.execute("INSERT INTO esco_linked_postings SELECT * FROM batch_esco_linked")
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
                "batch_rejections",
                "batch_signatures",
                "batch_unkept",
            ):
                with contextlib.suppress(duckdb.Error):  # batch_unkept exists only with un-keeps
                    con.unregister(name)

    # --- reading -------------------------------------------------------------------------------
    def _rows(self, query: str) -> list[dict[str, object]]:
        cursor = self.con.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _stream(self, query: str) -> Iterator[tuple[object, ...]]:
        cursor = self.con.cursor()
        cursor.execute(query)
        while rows := cursor.fetchmany(1000):
            yield from rows

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
