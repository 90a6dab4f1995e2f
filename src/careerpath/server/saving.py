"""Keep an assessment in its owner's history (multi-user service), with the resume only when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Request, UploadFile

from careerpath.server.auth import get_store
from careerpath.server.uploads import read_upload

if TYPE_CHECKING:
    from careerpath.accounts.store import Account


def save_result(
    request: Request,
    account: Account | None,
    view: dict[str, Any],
    keep: UploadFile | None = None,
    max_bytes: int = 0,
) -> int | None:
    """Return the saved assessment's id, or None on the single-user server (nothing is stored)."""
    if account is None:
        return None
    resume = None
    if keep is not None:
        keep.file.seek(0)  # the assessment read it once already
        resume = read_upload(keep, max_bytes)
    return get_store(request).save_assessment(account.id, view, resume, keep.filename if keep else None)
