"""The tables. Every row that belongs to a person references users.id with ON DELETE CASCADE."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _user_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class WebSession(Base):
    """A browser log-in: the cookie carries a random token, the table only its SHA-256."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = _user_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A bearer token for scripts; shown once at creation, stored as its SHA-256."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SavedAssessment(Base):
    """One assessment in a person's history; the JSON and the optional resume are encrypted (Fernet)."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Enough to draw the history without decrypting: the best role and its fit.
    top_role: Mapped[str | None] = mapped_column(String(200), nullable=True)
    top_fit: Mapped[float | None] = mapped_column(Float, nullable=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    resume_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    resume: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class ProgressItem(Base):
    """A skill the person marked done: the CLI's progress model, one row per (user, skill)."""

    __tablename__ = "progress"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    skill_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    done_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Log-ins, failures, token use, exports and deletions; never resume text or passwords."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    event: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class SavedSearch(Base):
    """A saved job search: its name, filters and profile (a saved assessment or typed skills), encrypted."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)


class RateCounter(Base):
    """Requests counted in one fixed window for one key (a SHA-256: keys hold addresses and e-mails).

    Shared by every worker process and every server on the database, so ``--workers N`` does not
    multiply a limit; rows older than the previous window are deleted as the counting goes on.
    """

    __tablename__ = "rate_limits"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # epoch seconds
    count: Mapped[int] = mapped_column(Integer)
    expires: Mapped[int] = mapped_column(BigInteger, index=True)  # epoch seconds: no longer read after this


# Tables holding a user's rows, for the deletion check and the export.
PER_USER_TABLES = ("sessions", "api_tokens", "assessments", "saved_searches", "progress", "audit_log")
