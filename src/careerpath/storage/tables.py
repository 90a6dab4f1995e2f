"""The store tables both engines share: their columns (Arrow and SQL types), the Arrow tables one
ingest batch adds, and the row → ``JobPosting`` mapping used when reading postings back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa

from careerpath.market.postings import IngestBatch, JobPosting, StoredSignature

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
JOBPOSTING_FIELDS = [name for name, _, _ in POSTING_COLUMNS[6:]]


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
        for name in JOBPOSTING_FIELDS:
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


SIGNATURES_SCHEMA = pa.schema(
    [
        ("posting_id", pa.string()),
        ("file_hash", pa.string()),
        ("posted_on", pa.date32()),
        ("dedup_key", pa.int64()),
        ("band_keys", pa.list_(pa.int64())),
        ("minhash", pa.binary()),
    ]
)


def signatures_table(batch: IngestBatch) -> pa.Table:
    """Returns the ``dedup_signatures`` rows of a batch (every posting with a description)."""
    return signature_rows_table(batch.signatures)


def signature_rows_table(rows: Sequence[StoredSignature]) -> pa.Table:
    """Returns signatures as a ``dedup_signatures`` table."""
    columns = {name: [row[i] for row in rows] for i, name in enumerate(SIGNATURES_SCHEMA.names)}
    return pa.table(columns, schema=SIGNATURES_SCHEMA)


def matching_signatures(table: pa.Table, keys: np.ndarray, exclude_files: Sequence[str]) -> list[StoredSignature]:
    """Returns the rows of a ``dedup_signatures`` table sharing a content or band key with ``keys``."""
    if not table.num_rows or not keys.size:
        return []
    wanted = np.unique(keys.astype(np.int64))
    own = np.isin(table["dedup_key"].to_numpy(zero_copy_only=False), wanted)
    bands = table["band_keys"].combine_chunks()
    hit = np.isin(bands.flatten().to_numpy(zero_copy_only=False), wanted)
    rows_of_bands = np.repeat(np.arange(table.num_rows), np.diff(bands.offsets.to_numpy()))
    own[np.unique(rows_of_bands[hit])] = True
    if exclude_files:
        own &= ~np.isin(table["file_hash"].to_numpy(zero_copy_only=False), list(exclude_files))
    picked = table.filter(pa.array(own))
    return [
        StoredSignature(
            r["posting_id"], r["file_hash"], r["posted_on"], r["dedup_key"], tuple(r["band_keys"]), r["minhash"]
        )
        for r in picked.to_pylist()
    ]


def row_to_posting(row: dict[str, Any]) -> JobPosting:
    """Returns a ``JobPosting`` (without skills) from a ``postings`` row."""
    return JobPosting(**{k: v for k, v in row.items() if k in {"posting_id", *JOBPOSTING_FIELDS}})
