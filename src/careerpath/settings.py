"""Settings read from the environment (prefix ``CAREERPATH_``). Only adapters read them."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from careerpath.budgets import DEFAULT_BUDGETS, Budgets


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
