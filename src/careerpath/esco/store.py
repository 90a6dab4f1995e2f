"""Import ESCO and O*NET releases into the local DuckDB store, recording each release's version.

Tables written (each import replaces its own tables):

- ``esco_skills(uri, label, alt_labels[], description, skill_type, reuse_level)``
- ``esco_occupations(uri, label, alt_labels[], description, isco_group, code)``
- ``esco_occupation_skills(occupation_uri, skill_uri, relation_type)``
- ``esco_skill_broader`` / ``esco_occupation_broader(uri, broader_uri, concept_type)``
- ``onet_*``: one table per O*NET file found, all columns as text (see onet.ONET_TABLES)
- ``taxonomy_releases(source, version, fingerprint, source_dir, imported_at, row_counts)``
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from careerpath.esco.onet import load_onet
from careerpath.esco.tables import load_esco


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote: the release, its version and the rows per table."""

    source: str  # "esco" or "onet"
    version: str
    store_path: str
    row_counts: dict[str, int]


def _connect(store_path: str | Path) -> duckdb.DuckDBPyConnection:
    path = Path(store_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    connection.execute(
        "CREATE TABLE IF NOT EXISTS taxonomy_releases (source VARCHAR PRIMARY KEY, version VARCHAR, "
        "fingerprint VARCHAR, source_dir VARCHAR, imported_at TIMESTAMP, row_counts VARCHAR)"
    )
    return connection


def _replace_table(connection: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> int:
    connection.register("_incoming", table)
    try:
        connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM _incoming')
    finally:
        connection.unregister("_incoming")
    return table.num_rows


def _record(
    connection: duckdb.DuckDBPyConnection,
    source: str,
    version: str,
    fingerprint: str,
    source_dir: Path,
    counts: dict[str, int],
) -> None:
    connection.execute(
        "INSERT OR REPLACE INTO taxonomy_releases VALUES (?, ?, ?, ?, ?, ?)",
        [
            source,
            version,
            fingerprint,
            str(source_dir.resolve()),
            datetime.now(timezone.utc).replace(tzinfo=None),
            json.dumps(counts, sort_keys=True),
        ],
    )


def import_esco(directory: str | Path, store_path: str | Path, *, version: str | None = None) -> ImportSummary:
    """Load the ESCO CSV release in ``directory`` into the DuckDB file ``store_path``."""
    taxonomy = load_esco(directory, version=version)
    columns: dict[str, pa.Table] = {
        "esco_skills": pa.table(
            {
                "uri": [s.uri for s in taxonomy.skills],
                "label": [s.label for s in taxonomy.skills],
                "alt_labels": [list(s.alt_labels) for s in taxonomy.skills],
                "description": [s.description for s in taxonomy.skills],
                "skill_type": [s.skill_type for s in taxonomy.skills],
                "reuse_level": [s.reuse_level for s in taxonomy.skills],
            }
        ),
        "esco_occupations": pa.table(
            {
                "uri": [o.uri for o in taxonomy.occupations],
                "label": [o.label for o in taxonomy.occupations],
                "alt_labels": [list(o.alt_labels) for o in taxonomy.occupations],
                "description": [o.description for o in taxonomy.occupations],
                "isco_group": [o.isco_group for o in taxonomy.occupations],
                "code": [o.code for o in taxonomy.occupations],
            }
        ),
        "esco_occupation_skills": pa.table(
            {
                "occupation_uri": [r.occupation_uri for r in taxonomy.relations],
                "skill_uri": [r.skill_uri for r in taxonomy.relations],
                "relation_type": [r.relation_type for r in taxonomy.relations],
            }
        ),
    }
    for name, rows in (
        ("esco_skill_broader", taxonomy.skill_broader),
        ("esco_occupation_broader", taxonomy.occupation_broader),
    ):
        columns[name] = pa.table(
            {
                "uri": pa.array([r.uri for r in rows], pa.string()),
                "broader_uri": pa.array([r.broader_uri for r in rows], pa.string()),
                "concept_type": pa.array([r.concept_type for r in rows], pa.string()),
            }
        )
    connection = _connect(store_path)
    try:
        connection.execute("BEGIN")
        counts = {name: _replace_table(connection, name, table) for name, table in columns.items()}
        _record(connection, "esco", taxonomy.version, taxonomy.fingerprint, Path(directory), counts)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return ImportSummary("esco", taxonomy.version, str(store_path), counts)


def import_onet(directory: str | Path, store_path: str | Path) -> ImportSummary:
    """Load the O*NET text release in ``directory`` into the DuckDB file ``store_path``."""
    release = load_onet(directory)
    connection = _connect(store_path)
    counts: dict[str, int] = {}
    try:
        connection.execute("BEGIN")
        for name, rows in release.tables.items():
            header = list(rows[0]) if rows else []
            table = pa.table({_column_name(c): pa.array([r.get(c) or "" for r in rows], pa.string()) for c in header})
            counts[name] = _replace_table(connection, name, table)
        _record(connection, "onet", release.version, "", Path(directory), counts)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return ImportSummary("onet", release.version, str(store_path), counts)


def _column_name(header: str) -> str:
    """``O*NET-SOC Code`` → ``onet_soc_code``: plain snake_case column names for SQL."""
    cleaned = header.replace("O*NET", "onet").replace("(s)", "s")
    return "_".join("".join(ch if ch.isalnum() else " " for ch in cleaned).lower().split())


def read_releases(store_path: str | Path) -> list[dict[str, Any]]:
    """The imported releases recorded in the store, one dict per source."""
    connection = _connect(store_path)
    try:
        rows = connection.execute(
            "SELECT source, version, fingerprint, source_dir, imported_at, row_counts FROM taxonomy_releases"
        ).fetchall()
    finally:
        connection.close()
    keys = ("source", "version", "fingerprint", "source_dir", "imported_at", "row_counts")
    return [dict(zip(keys, row, strict=True)) for row in rows]
