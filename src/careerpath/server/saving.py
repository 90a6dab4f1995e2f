"""Keep an assessment in its owner's history (multi-user service), with the resume only when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Request, UploadFile

from careerpath.server.auth import get_store
from careerpath.server.uploads import read_upload

if TYPE_CHECKING:
    from careerpath.accounts.store import Account
    from careerpath.app import Careerpath
    from careerpath.navigator import Navigator


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


async def assess_upload_and_save(
    request: Request,
    careerpath: Careerpath,
    navigator: Navigator,
    account: Account | None,
    upload: UploadFile,
    role: str | None,
    *,
    hours_per_week: float | None,
    done: list[str],
    keep_resume: bool,
) -> tuple[dict[str, Any], list[str], int | None]:
    """Assess an uploaded resume in the worker pool and keep it in its owner's history: the one flow
    behind POST /assessments and the web form. Returns the JSON view, its notices and the saved id."""
    from careerpath.server.workers import assess_upload_in_pool

    view, notices = await assess_upload_in_pool(
        request,
        navigator,
        upload,
        role,
        hours_per_week=careerpath.hours_per_week(hours_per_week),
        done=done,
        max_bytes=careerpath.max_resume_bytes,
    )
    saved = save_result(request, account, view, upload if keep_resume else None, careerpath.max_resume_bytes)
    return view, notices, saved
