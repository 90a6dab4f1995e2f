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

from careerpath.budgets import DEFAULT_BUDGETS, Budgets
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
    # Linking design of that tier: "lexical" needs no model; "alt-max+desc+lex+rerank" is the most
    # accurate (the default recipe, its top 50 re-ordered by a learned model) but embeds ESCO once (tens of
    # CPU-minutes) on a cold cache; "alt-max+desc+lex+trained+rerank" is the fast one (trained 3-layer query
    # encoder, same ESCO vectors, re-ranked). Their bases and older fast designs stay selectable.
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
    # Bearer token that GET /metrics (and, on the multi-user service, GET /rollout) require; unset:
    # /metrics is open (single-user and local use), /rollout needs an administrator when multi-user.
    metrics_token: str | None = Field(default=None, min_length=16, repr=False)
    # Requests per minute per client address and per account on log-in, sign-up and assessments.
    auth_rate_per_minute: int = Field(default=10, ge=1)
    assess_rate_per_minute: int = Field(default=30, ge=1)

    # Budgets for untrusted input (careerpath.budgets, docs/budgets.md): past each, the input is
    # cut with a warning or refused with a stable code, so no file costs unbounded time or memory.
    max_text_chars: int = Field(default=DEFAULT_BUDGETS.max_text_chars, gt=0)
    max_docx_part_bytes: int = Field(default=DEFAULT_BUDGETS.max_docx_part_bytes, gt=0)
    max_docx_total_bytes: int = Field(default=DEFAULT_BUDGETS.max_docx_total_bytes, gt=0)
    max_pdf_pages: int = Field(default=DEFAULT_BUDGETS.max_pdf_pages, gt=0)
    max_pdf_stream_bytes: int = Field(default=DEFAULT_BUDGETS.max_pdf_stream_bytes, gt=0)
    max_table_cells: int = Field(default=DEFAULT_BUDGETS.max_table_cells, gt=0)
    max_json_depth: int = Field(default=DEFAULT_BUDGETS.max_json_depth, gt=0)
    max_evidence_per_skill: int = Field(default=DEFAULT_BUDGETS.max_evidence_per_skill, gt=0)
    max_listed_items: int = Field(default=DEFAULT_BUDGETS.max_listed_items, gt=0)
    assessment_seconds: float = Field(default=DEFAULT_BUDGETS.assessment_seconds, gt=0, allow_inf_nan=False)
    # The server's assessment pool: worker threads, requests allowed to wait for one (then 503
    # with Retry-After), the wall time of one request, and the sizes of query string and headers.
    server_workers: int = Field(default=4, gt=0)
    # Uploads larger than this run in a separate lane of server_heavy_workers threads.
    server_heavy_upload_bytes: int = Field(default=512 * 1024, ge=0)
    server_heavy_workers: int = Field(default=2, gt=0)
    server_queue_limit: int = Field(default=16, ge=0)
    server_request_seconds: float = Field(default=60.0, gt=0, allow_inf_nan=False)
    max_query_bytes: int = Field(default=4096, gt=0)
    max_header_bytes: int = Field(default=16 * 1024, gt=0)

    @property
    def budgets(self) -> Budgets:
        """The reading budgets these settings give (careerpath.budgets)."""
        return Budgets(
            max_text_chars=self.max_text_chars,
            max_docx_part_bytes=self.max_docx_part_bytes,
            max_docx_total_bytes=self.max_docx_total_bytes,
            max_pdf_pages=self.max_pdf_pages,
            max_pdf_stream_bytes=self.max_pdf_stream_bytes,
            max_table_cells=self.max_table_cells,
            max_json_depth=self.max_json_depth,
            max_evidence_per_skill=self.max_evidence_per_skill,
            max_listed_items=self.max_listed_items,
            assessment_seconds=self.assessment_seconds,
        )

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


# Never echoed in an error message (it ends up in logs and terminals).
SECRET_SETTINGS = frozenset({"secret_keys", "metrics_token", "database_url"})


def load_settings(**overrides: Any) -> Settings:
    """Return the settings from the environment (and ``overrides``); raise SettingsError for a bad value."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(part) for part in first["loc"])
        value = first.get("input")
        shown = f"={value!r}" if isinstance(value, str | int | float) and name not in SECRET_SETTINGS else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(
            f"Setting CAREERPATH_{name.upper()}{shown} is invalid: {message}.",
            details={"setting": f"CAREERPATH_{name.upper()}"},
        ) from None
