"""Settings read from the environment (prefix ``CAREERPATH_``). Only adapters read them."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir("careerpath", appauthor=False))


class Settings(BaseSettings):
    """Where the user's data lives and the defaults every adapter shares."""

    model_config = SettingsConfigDict(env_prefix="CAREERPATH_", extra="ignore")

    # One directory for everything a user owns: progress, stores, caches, user taxonomy.
    home: Path = Field(default_factory=_default_home)
    # Resumes above this size are refused before parsing (a 200 MB upload is a mistake).
    max_resume_bytes: int = 10 * 1024 * 1024
    # Weekly study budget used by plans when the user gives none.
    hours_per_week: float = 10.0
    # An ESCO CSV release folder; when set, assess adds ESCO skills for sentences the curated
    # taxonomy does not explain (the second extraction tier).
    esco_dir: Path | None = None
    # Linking design of that tier: "lexical" needs no model; "alt-max+desc+lex" is the best on the
    # Decorte validation splits but embeds ESCO once (tens of CPU-minutes) on a cold cache;
    # "alt-max+desc+lex+distilled" is the fast one (distilled query encoder, same ESCO vectors).
    esco_design: str = "lexical"
    # A folder from scripts/export_onnx_encoder.py: dense designs then encode sentences with ONNX
    # Runtime int8 (~9x faster than PyTorch per core; docs/benchmarks.md), taxonomy vectors unchanged.
    onnx_dir: Path | None = None
    # The multi-user service (`careerpath serve --multi-user`): accounts, per-user data in a database.
    multi_user: bool = False
    # SQLAlchemy URL of that database; default SQLite file accounts.sqlite3 in home. PostgreSQL:
    # postgresql+psycopg://user:password@host/dbname
    database_url: str | None = None
    # Fernet keys (comma-separated, newest first) encrypting stored resumes and assessments;
    # unset: home/secret.key, created with mode 0600 on first start.
    secret_keys: str | None = None
    # Origins allowed to call the API from a browser (comma-separated); empty: CORS off.
    cors_origins: str = ""
    # Requests per minute per client address and per account on log-in, sign-up and assessments.
    auth_rate_per_minute: int = Field(default=10, ge=1)
    assess_rate_per_minute: int = Field(default=30, ge=1)

    @property
    def progress_file(self) -> Path:
        return self.home / "progress.json"

    @property
    def user_taxonomy_file(self) -> Path:
        """An optional YAML file with extra skills/aliases merged over the bundled taxonomy."""
        return self.home / "taxonomy.yaml"

    @property
    def user_roles_file(self) -> Path:
        return self.home / "roles.yaml"

    @property
    def market_store(self) -> Path:
        return self.home / "market.duckdb"

    @property
    def esco_store(self) -> Path:
        return self.home / "careerpath.duckdb"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"
