"""The accounts database: an engine for a URL, and the Alembic upgrade that creates or updates its schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works; it only has to be the same in every worker that migrates at start.
_PG_MIGRATION_LOCK = 0x63617265


def default_url(home: Path) -> str:
    """Return the embedded SQLite database in ``home`` (the single-machine default)."""
    return f"sqlite:///{home / 'accounts.sqlite3'}"


def make_engine(url: str) -> Engine:
    """Return an engine for ``url``; SQLite gets foreign keys on (ON DELETE CASCADE relies on them)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer across workers
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe to run from several workers at once."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def erase_freed_pages(engine: Engine) -> None:
    """On SQLite, move the write-ahead log into the file (whose freed pages secure_delete zeroed) and empty it,
    so deleted rows leave no copy on disk; other databases reclaim space with their own VACUUM."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
