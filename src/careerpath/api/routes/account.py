"""Accounts and each person's own data (multi-user service): sign-up, log-in, tokens, history, progress,
export and deletion. Every data route takes the signed-in account and reads only its rows."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from careerpath.api.account_schemas import (
    AccountResponse,
    Credentials,
    HistoryResponse,
    LoginResponse,
    NewTokenResponse,
    PasswordConfirmation,
    ProgressResponse,
    TokenRequest,
    TokensResponse,
)
from careerpath.api.schemas import ERROR_RESPONSES
from careerpath.api.views import AssessmentView
from careerpath.errors import AccountError
from careerpath.server.auth import ApiAccount, StoreDep, client_ip, rate_limit
from careerpath.server.deps import NavigatorDep
from careerpath.server.security import SESSION_COOKIE, cookie_header

router = APIRouter(
    tags=["account"],
    responses={**ERROR_RESPONSES, 409: {**ERROR_RESPONSES[422], "description": "E-mail taken (email_taken)"}},
)


def _start_session(request: Request, response: Response, store: Any, account: Any) -> dict[str, Any]:
    token = store.start_session(account, replaces=request.cookies.get(SESSION_COOKIE))
    secure = request.url.scheme == "https"
    response.headers.append(
        "set-cookie", cookie_header(SESSION_COOKIE, token, secure=secure, same_site="Lax", max_age=7 * 24 * 3600)
    )
    return {
        "id": account.id,
        "email": account.email,
        "is_admin": account.is_admin,
        "csrf_token": request.state.csrf_token,
    }


@router.post("/auth/signup", response_model=LoginResponse, status_code=201)
def sign_up(body: Credentials, request: Request, response: Response, store: StoreDep) -> dict[str, Any]:
    """Create an account and log in (a session cookie); the password needs 12 characters or more."""
    rate_limit(request, "auth_limiter", f"ip:{client_ip(request)}")
    account = store.create_user(body.email, body.password)
    store.audit("signup", account.id, client_ip(request))
    return _start_session(request, response, store, account)


@router.post("/auth/login", response_model=LoginResponse)
def log_in(body: Credentials, request: Request, response: Response, store: StoreDep) -> dict[str, Any]:
    """Log in: sets an HttpOnly session cookie; scripts should rather create an API token."""
    ip = client_ip(request)
    rate_limit(request, "auth_limiter", f"ip:{ip}", f"account:{body.email.strip().lower()}")
    account = store.authenticate(body.email, body.password, ip)
    return _start_session(request, response, store, account)


@router.post("/auth/logout", status_code=204)
def log_out(request: Request, account: ApiAccount, store: StoreDep) -> Response:
    """End this browser session."""
    if session := request.cookies.get(SESSION_COOKIE):
        store.end_session(session)
    response = Response(status_code=204)
    response.headers.append("set-cookie", f"{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    return response


@router.get("/me", response_model=AccountResponse)
def read_me(account: ApiAccount) -> dict[str, Any]:
    return {"id": account.id, "email": account.email, "is_admin": account.is_admin}


@router.get("/me/tokens", response_model=TokensResponse)
def list_tokens(account: ApiAccount, store: StoreDep) -> dict[str, Any]:
    return {"tokens": store.list_tokens(account.id)}


@router.post("/me/tokens", response_model=NewTokenResponse, status_code=201)
def create_token(body: TokenRequest, account: ApiAccount, store: StoreDep) -> dict[str, Any]:
    """Create an API token for scripts (``Authorization: Bearer <token>``); the secret is shown once."""
    view, secret = store.create_token(account.id, body.name)
    return {**view, "token": secret}


@router.delete("/me/tokens/{token_id}", status_code=204)
def revoke_token(token_id: int, account: ApiAccount, store: StoreDep) -> Response:
    store.revoke_token(account.id, token_id)
    return Response(status_code=204)


@router.get("/me/assessments", response_model=HistoryResponse)
def list_saved_assessments(account: ApiAccount, store: StoreDep) -> dict[str, Any]:
    """Your assessment history, oldest first, with the best role and fit of each."""
    return {"assessments": store.list_assessments(account.id)}


@router.get("/me/assessments/{assessment_id}", response_model=AssessmentView)
def read_saved_assessment(assessment_id: int, account: ApiAccount, store: StoreDep) -> dict[str, Any]:
    """One saved assessment (the JSON of POST /assessments)."""
    return store.get_assessment(account.id, assessment_id)


@router.get("/me/assessments/{assessment_id}/resume", response_class=Response)
def read_saved_resume(assessment_id: int, account: ApiAccount, store: StoreDep) -> Response:
    """The resume file kept with an assessment (only when you asked to keep it)."""
    name, data = store.get_resume(account.id, assessment_id)
    safe = "".join(c for c in name if c.isalnum() or c in "._-")[:100] or "resume"
    return Response(
        data, media_type="application/octet-stream", headers={"content-disposition": f'attachment; filename="{safe}"'}
    )


@router.delete("/me/assessments/{assessment_id}", status_code=204)
def delete_saved_assessment(assessment_id: int, account: ApiAccount, store: StoreDep) -> Response:
    store.delete_assessment(account.id, assessment_id)
    return Response(status_code=204)


@router.get("/me/progress", response_model=ProgressResponse)
def read_progress(account: ApiAccount, store: StoreDep) -> dict[str, Any]:
    return {"done": store.done_skills(account.id)}


@router.put("/me/progress/{skill}", response_model=ProgressResponse)
def mark_done(skill: str, account: ApiAccount, store: StoreDep, navigator: NavigatorDep) -> dict[str, Any]:
    """Mark a skill done (`careerpath progress done`); your plans then leave it out."""
    return {"done": store.mark(account.id, navigator.taxonomy.resolve(skill).id, True)}


@router.delete("/me/progress/{skill}", response_model=ProgressResponse)
def mark_not_done(skill: str, account: ApiAccount, store: StoreDep, navigator: NavigatorDep) -> dict[str, Any]:
    return {"done": store.mark(account.id, navigator.taxonomy.resolve(skill).id, False)}


@router.get("/me/export")
def export_my_data(account: ApiAccount, store: StoreDep) -> JSONResponse:
    """Everything stored about you, as one JSON file."""
    return JSONResponse(
        store.export(account.id), headers={"content-disposition": 'attachment; filename="careerpath-export.json"'}
    )


@router.post("/me/delete", status_code=204)
def delete_my_account(body: PasswordConfirmation, request: Request, account: ApiAccount, store: StoreDep) -> Response:
    """Delete your account and everything stored with it, for good; confirm with your password."""
    rate_limit(request, "auth_limiter", f"ip:{client_ip(request)}", f"account:{account.email}")
    try:
        store.authenticate(account.email, body.password, client_ip(request))
    except AccountError:
        raise AccountError("Wrong password; the account was not deleted.", code="forbidden") from None
    store.delete_account(account.id)
    response = Response(status_code=204)
    response.headers.append("set-cookie", f"{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    return response
