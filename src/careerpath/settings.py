"""Settings read from the environment (prefix ``CAREERPATH_``). Only adapters read them.

``load_settings()`` turns a bad value into one SettingsError naming the variable, so every
interface reports it the same way (CLI: one line, exit 2; API: the shared 4xx error shape).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from careerpath.errors import SettingsError
from careerpath.registry import DEFAULT_DESIGN

MIN_HOURS_PER_WEEK = 1.0
MAX_HOURS_PER_WEEK = 100.0


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir("careerpath", appauthor=False))


class Settings(BaseSettings):
    """Where the user's data lives and the defaults every adapter shares."""

    model_config = SettingsConfigDict(env_prefix="CAREERPATH_", extra="ignore")

    # One directory for everything a user owns: progress, stores, caches, user taxonomy.
    home: Path = Field(default_factory=_default_home)
    # Resumes above this size are refused before parsing (a 200 MB upload is a mistake).
    max_resume_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    # Weekly study budget used by plans when the user gives none.
    hours_per_week: float = Field(default=10.0, ge=MIN_HOURS_PER_WEEK, le=MAX_HOURS_PER_WEEK, allow_inf_nan=False)
    # An ESCO CSV release folder; when set, assess adds ESCO skills for sentences the curated
    # taxonomy does not explain (the second extraction tier).
    esco_dir: Path | None = None
    # Linking design of that tier: "lexical" needs no model; "alt-max+desc+lex" is the best on the
    # Decorte validation splits but embeds ESCO once (tens of CPU-minutes) on a cold cache;
    # "alt-max+desc+lex+distilled" is the fast one (distilled query encoder, same ESCO vectors).
    esco_design: str = DEFAULT_DESIGN
    # A folder from scripts/export_onnx_encoder.py: dense designs then encode sentences with ONNX
    # Runtime int8 (~9x faster than PyTorch per core; docs/benchmarks.md), taxonomy vectors unchanged.
    onnx_dir: Path | None = None
    # Service logs: "json" (one object per line, request ids, no personal data) or "text".
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # The model rollout plan `careerpath models` edits and `serve` reads (default: $CAREERPATH_HOME/rollout.json).
    rollout_file: Path | None = None

    @property
    def rollout_path(self) -> Path:
        return self.rollout_file or self.home / "rollout.json"

    @field_validator("home")
    @classmethod
    def _home_is_a_folder(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file; it must be a folder (it holds progress, stores and user files)")
        return value

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


def load_settings(**overrides: Any) -> Settings:
    """Return the settings from the environment (and ``overrides``); raise SettingsError for a bad value."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        value = first.get("input")
        shown = f"={value!r}" if isinstance(value, str | int | float) else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(
            f"Setting CAREERPATH_{name.upper()}{shown} is invalid: {message}.",
            details={"setting": f"CAREERPATH_{name.upper()}"},
        ) from None
