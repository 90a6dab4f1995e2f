"""Everything the service stores about people, behind one class: accounts, log-ins, tokens, data, audit.

Every read or write of personal data takes the owner's user id and filters on it, so one
person's rows are unreachable through another's id; the admin methods never touch data tables.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from careerpath.accounts.db import erase_freed_pages
from careerpath.accounts.models import (
    PER_USER_TABLES,
    ApiToken,
    AuditEvent,
    ProgressItem,
    SavedAssessment,
    SavedSearch,
    User,
    WebSession,
)
from careerpath.accounts.passwords import DUMMY_HASH, hash_password, needs_rehash, verify_password
from careerpath.accounts.vault import Vault
from careerpath.errors import AccountError

SESSION_LIFETIME = timedelta(days=7)
# No control characters anywhere (PostgreSQL text cannot hold NUL; nobody's address has one).
EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]{1,255}\.[^@\s\x00-\x1f\x7f]{1,63}$")
# Databases refuse some integers outside 32 bits; an id past this is simply not found.
MAX_ID = 2**31 - 1


def printable(text: str, limit: int) -> str:
    """Return ``text`` without control characters, cut to ``limit``: safe to store as a name."""
    return "".join(c for c in text if c.isprintable())[:limit]


TOKEN_PREFIX = "cpt_"


def now() -> datetime:
    return datetime.now(timezone.utc)


def digest(token: str) -> str:
    """Tokens are 256 random bits, so a plain SHA-256 is a safe lookup key (no salt or KDF needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    # SQLite hands datetimes back without their zone; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def not_found(what: str) -> AccountError:
    return AccountError(f"No {what} with that id in your account.", code="record_not_found")


@dataclass(frozen=True)
class Account:
    """The signed-in person, as the server sees them."""

    id: int
    email: str
    is_admin: bool


class AccountStore:
    def __init__(self, engine: Engine, vault: Vault) -> None:
        self.engine = engine
        self.vault = vault
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # --- accounts -------------------------------------------------------------------------
    def create_user(self, email: str, password: str, *, is_admin: bool = False) -> Account:
        email = email.strip().lower()
        if not EMAIL.match(email):
            raise AccountError(f"'{email[:80]}' is not an e-mail address.", code="invalid_email")
        password_hash = hash_password(password)
        with self._tx() as db:
            if db.scalar(select(User.id).where(User.email == email)) is not None:
                raise AccountError("An account with that e-mail already exists; log in instead.", code="email_taken")
            user = User(email=email, password_hash=password_hash, is_admin=is_admin, disabled=False, created_at=now())
            db.add(user)
            db.flush()
            return Account(user.id, user.email, user.is_admin)

    def authenticate(self, email: str, password: str, ip: str | None = None) -> Account:
        """Return the account for a correct e-mail and password; one vague error otherwise."""
        email = email.strip().lower()
        account: Account | None = None
        with self._tx() as db:  # the failure is audited in a transaction that commits
            user = db.scalar(select(User).where(User.email == email)) if EMAIL.match(email) else None
            ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
            if user and ok and not user.disabled:
                if needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                self._audit(db, "login", user.id, ip)
                account = Account(user.id, user.email, user.is_admin)
            else:
                self._audit(db, "login_failed", user.id if user else None, ip, "disabled" if ok and user else None)
        if account is None:
            raise AccountError("Wrong e-mail or password, or the account is disabled.", code="unauthenticated")
        return account

    def start_session(self, account: Account, replaces: str | None = None) -> str:
        """Return a new session token; ``replaces`` (the browser's previous token) ends, and so do expired ones."""
        token = secrets.token_urlsafe(32)
        with self._tx() as db:
            db.execute(delete(WebSession).where(WebSession.expires_at < now()))
            if replaces:
                db.execute(delete(WebSession).where(WebSession.token_hash == digest(replaces)))
            db.add(
                WebSession(
                    token_hash=digest(token), user_id=account.id, created_at=now(), expires_at=now() + SESSION_LIFETIME
                )
            )
        return token

    def end_session(self, token: str) -> None:
        with self._tx() as db:
            db.execute(delete(WebSession).where(WebSession.token_hash == digest(token)))

    def account_for_session(self, token: str) -> Account | None:
        with self._tx() as db:
            row = db.execute(
                select(User, WebSession.expires_at)
                .join(WebSession, WebSession.user_id == User.id)
                .where(WebSession.token_hash == digest(token))
            ).first()
            if row is None or row[0].disabled or _aware(row[1]) < now():
                return None
            return Account(row[0].id, row[0].email, row[0].is_admin)

    def account_for_token(self, token: str, ip: str | None = None) -> Account | None:
        with self._tx() as db:
            row = db.execute(
                select(User, ApiToken)
                .join(ApiToken, ApiToken.user_id == User.id)
                .where(ApiToken.token_hash == digest(token))
            ).first()
            if row is None or row[0].disabled:
                return None
            user, api_token = row
            api_token.last_used_at = now()
            self._audit(db, "token_used", user.id, ip, f"token {api_token.id}")
            return Account(user.id, user.email, user.is_admin)

    # --- API tokens ------------------------------------------------------------------------
    def create_token(self, user_id: int, name: str) -> tuple[dict[str, Any], str]:
        """Return the token's listing and its secret, which is shown this once and never stored."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self._tx() as db:
            token = ApiToken(
                user_id=user_id,
                name=printable(name.strip(), 100) or "token",
                token_hash=digest(secret),
                created_at=now(),
            )
            db.add(token)
            db.flush()
            self._audit(db, "token_created", user_id, None, f"token {token.id}")
            return _token_view(token), secret

    def list_tokens(self, user_id: int) -> list[dict[str, Any]]:
        with self._tx() as db:
            tokens = db.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id))
            return [_token_view(token) for token in tokens]

    def revoke_token(self, user_id: int, token_id: int) -> None:
        if not 0 < token_id <= MAX_ID:
            raise not_found("token")
        with self._tx() as db:
            done = db.execute(delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id))
            if not done.rowcount:  # type: ignore[attr-defined]
                raise not_found("token")
            self._audit(db, "token_revoked", user_id, None, f"token {token_id}")

    # --- saved assessments -----------------------------------------------------------------
    def save_assessment(
        self, user_id: int, view: dict[str, Any], resume: bytes | None = None, resume_name: str | None = None
    ) -> int:
        top = (view.get("fits") or [{}])[0]
        with self._tx() as db:
            row = SavedAssessment(
                user_id=user_id,
                created_at=now(),
                top_role=top.get("role"),
                top_fit=top.get("score") if isinstance(top.get("score"), (int, float)) else None,
                payload=self.vault.encrypt(json.dumps(view).encode()),
                resume_name=printable(resume_name or "resume", 255) if resume is not None else None,
                resume=self.vault.encrypt(resume) if resume is not None else None,
            )
            db.add(row)
            db.flush()
            return row.id

    def list_assessments(self, user_id: int) -> list[dict[str, Any]]:
        """The history, oldest first: when, which role fitted best and how well, whether a resume is kept."""
        with self._tx() as db:
            rows = db.execute(
                select(
                    SavedAssessment.id,
                    SavedAssessment.created_at,
                    SavedAssessment.top_role,
                    SavedAssessment.top_fit,
                    SavedAssessment.resume_name,
                )
                .where(SavedAssessment.user_id == user_id)
                .order_by(SavedAssessment.id)
            ).all()
            return [
                {
                    "id": r.id,
                    "created_at": _aware(r.created_at).isoformat(),
                    "top_role": r.top_role,
                    "top_fit": r.top_fit,
                    "resume_kept": r.resume_name is not None,
                }
                for r in rows
            ]

    def get_assessment(self, user_id: int, assessment_id: int) -> dict[str, Any]:
        with self._tx() as db:
            row = self._owned_assessment(db, user_id, assessment_id)
            view: dict[str, Any] = json.loads(self.vault.decrypt(row.payload))
            return view

    def get_resume(self, user_id: int, assessment_id: int) -> tuple[str, bytes]:
        with self._tx() as db:
            row = self._owned_assessment(db, user_id, assessment_id)
            if row.resume is None:
                raise not_found("kept resume")
            return row.resume_name or "resume", self.vault.decrypt(row.resume)

    def delete_assessment(self, user_id: int, assessment_id: int) -> None:
        with self._tx() as db:
            db.delete(self._owned_assessment(db, user_id, assessment_id))
        erase_freed_pages(self.engine)

    @staticmethod
    def _owned_assessment(db: Session, user_id: int, assessment_id: int) -> SavedAssessment:
        if not 0 < assessment_id <= MAX_ID:
            raise not_found("assessment")
        row = db.scalar(
            select(SavedAssessment).where(SavedAssessment.id == assessment_id, SavedAssessment.user_id == user_id)
        )
        if row is None:
            raise not_found("assessment")
        return row

    # --- saved job searches -----------------------------------------------------------------
    def save_search(self, user_id: int, spec: dict[str, Any]) -> dict[str, Any]:
        """Keep a job search (name, filters, profile: all encrypted); return its listing."""
        with self._tx() as db:
            row = SavedSearch(user_id=user_id, created_at=now(), payload=self.vault.encrypt(json.dumps(spec).encode()))
            db.add(row)
            db.flush()
            return self._search_view(row)

    def list_searches(self, user_id: int) -> list[dict[str, Any]]:
        with self._tx() as db:
            rows = db.scalars(select(SavedSearch).where(SavedSearch.user_id == user_id).order_by(SavedSearch.id))
            return [self._search_view(row) for row in rows]

    def get_search(self, user_id: int, search_id: int) -> dict[str, Any]:
        with self._tx() as db:
            return self._search_view(self._owned_search(db, user_id, search_id))

    def search_ran(self, user_id: int, search_id: int) -> dict[str, Any]:
        """Record that the search was run now; return its listing."""
        with self._tx() as db:
            row = self._owned_search(db, user_id, search_id)
            row.last_run_at = now()
            return self._search_view(row)

    def delete_search(self, user_id: int, search_id: int) -> None:
        with self._tx() as db:
            db.delete(self._owned_search(db, user_id, search_id))
        erase_freed_pages(self.engine)

    def _search_view(self, row: SavedSearch) -> dict[str, Any]:
        spec: dict[str, Any] = json.loads(self.vault.decrypt(row.payload))
        return {
            "id": row.id,
            "created_at": _aware(row.created_at).isoformat(),
            "last_run_at": _aware(row.last_run_at).isoformat() if row.last_run_at else None,
            **spec,
        }

    @staticmethod
    def _owned_search(db: Session, user_id: int, search_id: int) -> SavedSearch:
        if not 0 < search_id <= MAX_ID:
            raise not_found("saved search")
        row = db.scalar(select(SavedSearch).where(SavedSearch.id == search_id, SavedSearch.user_id == user_id))
        if row is None:
            raise not_found("saved search")
        return row

    # --- progress ----------------------------------------------------------------------------
    def done_skills(self, user_id: int) -> list[str]:
        with self._tx() as db:
            return list(
                db.scalars(
                    select(ProgressItem.skill_id).where(ProgressItem.user_id == user_id).order_by(ProgressItem.skill_id)
                )
            )

    def mark(self, user_id: int, skill_id: str, done: bool) -> list[str]:
        with self._tx() as db:
            exists = db.get(ProgressItem, (user_id, skill_id))
            if done and exists is None:
                db.add(ProgressItem(user_id=user_id, skill_id=skill_id, done_at=now()))
            elif not done and exists is not None:
                db.delete(exists)
        return self.done_skills(user_id)

    # --- export and deletion -----------------------------------------------------------------
    def export(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the person, decrypted, as one JSON document (resumes base64)."""
        import base64

        with self._tx() as db:
            user = db.get(User, user_id)
            if user is None:
                raise not_found("account")
            assessments = []
            for row in db.scalars(
                select(SavedAssessment).where(SavedAssessment.user_id == user_id).order_by(SavedAssessment.id)
            ):
                assessments.append(
                    {
                        "id": row.id,
                        "created_at": _aware(row.created_at).isoformat(),
                        "assessment": json.loads(self.vault.decrypt(row.payload)),
                        "resume_name": row.resume_name,
                        "resume_base64": base64.b64encode(self.vault.decrypt(row.resume)).decode()
                        if row.resume is not None
                        else None,
                    }
                )
            searches = [
                self._search_view(row)
                for row in db.scalars(
                    select(SavedSearch).where(SavedSearch.user_id == user_id).order_by(SavedSearch.id)
                )
            ]
            events = db.scalars(select(AuditEvent).where(AuditEvent.user_id == user_id).order_by(AuditEvent.id))
            self._audit(db, "export", user_id, None)
            return {
                "format": "careerpath-account-export/1",
                "account": {
                    "email": user.email,
                    "created_at": _aware(user.created_at).isoformat(),
                    "is_admin": user.is_admin,
                },
                "assessments": assessments,
                "searches": searches,
                "progress": {
                    "done": [
                        p.skill_id
                        for p in db.scalars(
                            select(ProgressItem).where(ProgressItem.user_id == user_id).order_by(ProgressItem.skill_id)
                        )
                    ]
                },
                "tokens": [_token_view(t) for t in db.scalars(select(ApiToken).where(ApiToken.user_id == user_id))],
                "audit_log": [{"at": _aware(e.at).isoformat(), "event": e.event, "ip": e.ip} for e in events],
            }

    def delete_account(self, user_id: int) -> None:
        """Remove the person and every row that references them; keep only an anonymous audit line."""
        with self._tx() as db:
            for model in (WebSession, ApiToken, SavedAssessment, SavedSearch, ProgressItem, AuditEvent):
                # Explicit deletes as well as ON DELETE CASCADE: no orphan even on a database without FKs.
                db.execute(delete(model).where(model.user_id == user_id))
            if not db.execute(delete(User).where(User.id == user_id)).rowcount:  # type: ignore[attr-defined]
                raise not_found("account")
            self._audit(db, "account_deleted", None, None)
        erase_freed_pages(self.engine)

    def rows_of(self, user_id: int) -> dict[str, int]:
        """Count the rows that reference ``user_id`` in every per-user table (for checks and tests)."""
        counts: dict[str, int] = {}
        with self._tx() as db:
            for model in (WebSession, ApiToken, SavedAssessment, SavedSearch, ProgressItem, AuditEvent):
                table = model.__tablename__
                assert table in PER_USER_TABLES
                counts[table] = db.scalar(select(func.count()).select_from(model).where(model.user_id == user_id)) or 0
            counts["users"] = db.scalar(select(func.count()).select_from(User).where(User.id == user_id)) or 0
        return counts

    # --- operator and admin --------------------------------------------------------------------
    def list_users(self) -> list[dict[str, Any]]:
        """Account facts only (no data): what an admin may see."""
        with self._tx() as db:
            return [
                {
                    "id": u.id,
                    "email": u.email,
                    "is_admin": u.is_admin,
                    "disabled": u.disabled,
                    "created_at": _aware(u.created_at).isoformat(),
                }
                for u in db.scalars(select(User).order_by(User.id))
            ]

    def set_disabled(self, user_id: int, disabled: bool, *, by: int | None = None) -> None:
        if not 0 < user_id <= MAX_ID:
            raise not_found("user")
        with self._tx() as db:
            user = db.get(User, user_id)
            if user is None:
                raise not_found("user")
            user.disabled = disabled
            if disabled:  # a disabled account is signed out everywhere
                db.execute(delete(WebSession).where(WebSession.user_id == user_id))
            self._audit(db, "user_disabled" if disabled else "user_enabled", by, None, f"user {user_id}")

    def set_password(self, email: str, password: str) -> None:
        password_hash = hash_password(password)
        with self._tx() as db:
            user = db.scalar(select(User).where(User.email == email.strip().lower()))
            if user is None:
                raise AccountError(f"No account '{email}'.", code="record_not_found")
            user.password_hash = password_hash
            db.execute(delete(WebSession).where(WebSession.user_id == user.id))
            self._audit(db, "password_reset", user.id, None)

    def make_admin(self, email: str, password: str) -> Account:
        """Create an admin, or promote an existing account and reset its password."""
        with self._tx() as db:
            user = db.scalar(select(User).where(User.email == email.strip().lower()))
            if user is not None:
                user.is_admin = True
                user.disabled = False
        if user is None:
            return self.create_user(email, password, is_admin=True)
        self.set_password(email, password)
        return Account(user.id, user.email, True)

    def rotate_keys(self) -> int:
        """Re-encrypt every stored payload and resume with the newest key; return the rows touched."""
        count = 0
        with self._tx() as db:
            for row in db.scalars(select(SavedAssessment)):
                row.payload = self.vault.rotate(row.payload)
                if row.resume is not None:
                    row.resume = self.vault.rotate(row.resume)
                count += 1
            for search in db.scalars(select(SavedSearch)):
                search.payload = self.vault.rotate(search.payload)
                count += 1
        return count

    def audit(self, event: str, user_id: int | None, ip: str | None = None, detail: str | None = None) -> None:
        with self._tx() as db:
            self._audit(db, event, user_id, ip, detail)

    @staticmethod
    def _audit(db: Session, event: str, user_id: int | None, ip: str | None, detail: str | None = None) -> None:
        db.add(AuditEvent(at=now(), event=event, user_id=user_id, ip=ip, detail=detail))


def _token_view(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "created_at": _aware(token.created_at).isoformat(),
        "last_used_at": _aware(token.last_used_at).isoformat() if token.last_used_at else None,
    }
