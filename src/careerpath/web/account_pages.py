"""The multi-user service's pages: sign-up, log-in, log-out, history, progress ticks, export, deletion.

Plain HTML forms (no script), each with the CSRF field; changes answer with a 303 redirect.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from careerpath.errors import AccountError
from careerpath.server.auth import PageAccount, StoreDep, check_csrf, client_ip, rate_limit
from careerpath.server.deps import NavigatorDep
from careerpath.server.security import SESSION_COOKIE, cookie_header
from careerpath.web.templating import relative_url, render

router = APIRouter(include_in_schema=False)


def form_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    check_csrf(request, csrf_token)


CsrfForm = Annotated[None, Depends(form_csrf)]
EmailField = Annotated[str, Form(max_length=320)]
PasswordField = Annotated[str, Form(max_length=1024)]


def _signed_in_redirect(request: Request, store: Any, account: Any, to: str = "index") -> Response:
    response = RedirectResponse(relative_url(request, to), status_code=303)
    token = store.start_session(account, replaces=request.cookies.get(SESSION_COOKIE))
    response.headers.append(
        "set-cookie",
        cookie_header(
            SESSION_COOKIE, token, secure=request.url.scheme == "https", same_site="Lax", max_age=7 * 24 * 3600
        ),
    )
    return response


def _signed_out_redirect(request: Request) -> Response:
    response = RedirectResponse(relative_url(request, "index"), status_code=303)
    response.headers.append("set-cookie", f"{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    return response


@router.get("/ui/signup", name="signup_page")
def signup_form(request: Request) -> Response:
    return render(request, "auth.html", mode="signup", error=None, email="")


@router.post("/ui/signup", name="signup_submit")
def signup_submit(
    request: Request,
    store: StoreDep,
    _csrf: CsrfForm,
    email: EmailField,
    password: PasswordField,
) -> Response:
    rate_limit(request, "auth_limiter", f"ip:{client_ip(request)}")
    try:
        account = store.create_user(email, password)
    except AccountError as exc:
        if exc.code == "rate_limited":
            raise
        return render(
            request,
            "auth.html",
            status_code=400 if exc.code != "email_taken" else 409,
            mode="signup",
            error=exc.message,
            email=email,
        )
    store.audit("signup", account.id, client_ip(request))
    return _signed_in_redirect(request, store, account)


@router.get("/ui/login", name="login_page")
def login_form(request: Request) -> Response:
    return render(request, "auth.html", mode="login", error=None, email="")


@router.post("/ui/login", name="login_submit")
def login_submit(
    request: Request,
    store: StoreDep,
    _csrf: CsrfForm,
    email: EmailField,
    password: PasswordField,
) -> Response:
    ip = client_ip(request)
    rate_limit(request, "auth_limiter", f"ip:{ip}", f"account:{email.strip().lower()}")
    try:
        account = store.authenticate(email, password, ip)
    except AccountError as exc:
        return render(request, "auth.html", status_code=401, mode="login", error=exc.message, email=email)
    return _signed_in_redirect(request, store, account)


@router.post("/ui/logout", name="logout_page")
def logout_submit(request: Request, store: StoreDep, _csrf: CsrfForm) -> Response:
    if session := request.cookies.get(SESSION_COOKIE):
        store.end_session(session)
    return _signed_out_redirect(request)


@router.get("/ui/history", name="history_page")
def history_page(request: Request, account: PageAccount, store: StoreDep) -> Response:
    """Every saved assessment, oldest first, so the fit's change over time shows; and the saved job searches."""
    return render(
        request, "history.html", items=store.list_assessments(account.id), searches=store.list_searches(account.id)
    )


@router.get("/ui/history/{assessment_id}", name="saved_page")
def saved_page(request: Request, assessment_id: int, account: PageAccount, store: StoreDep) -> Response:
    view = store.get_assessment(account.id, assessment_id)
    return render(
        request,
        "result.html",
        a=view,
        warnings=view.get("warnings", []),
        saved_id=assessment_id,
        done=store.done_skills(account.id),
    )


@router.post("/ui/progress", name="progress_page")
def progress_submit(
    request: Request,
    account: PageAccount,
    store: StoreDep,
    navigator: NavigatorDep,
    _csrf: CsrfForm,
    skill: Annotated[str, Form(max_length=200)],
    saved_id: Annotated[int, Form()],
    done: Annotated[bool, Form()] = True,
) -> Response:
    """Tick (or untick) a plan step; the saved plan then shows the hours left."""
    store.get_assessment(account.id, saved_id)  # the assessment must be the caller's own
    store.mark(account.id, navigator.taxonomy.resolve(skill).id, done)
    return RedirectResponse(relative_url(request, "saved_page", assessment_id=saved_id), status_code=303)


@router.get("/ui/account", name="account_page")
def account_page(request: Request, account: PageAccount, store: StoreDep) -> Response:
    return render(request, "account.html", account=account, tokens=store.list_tokens(account.id), error=None)


@router.get("/ui/account/export", name="export_page")
def export_download(account: PageAccount, store: StoreDep) -> Response:
    return JSONResponse(
        store.export(account.id), headers={"content-disposition": 'attachment; filename="careerpath-export.json"'}
    )


@router.post("/ui/account/delete", name="delete_account_page")
def delete_account_submit(
    request: Request,
    account: PageAccount,
    store: StoreDep,
    _csrf: CsrfForm,
    password: PasswordField,
) -> Response:
    rate_limit(request, "auth_limiter", f"ip:{client_ip(request)}", f"account:{account.email}")
    try:
        store.authenticate(account.email, password, client_ip(request))
    except AccountError:
        return render(
            request,
            "account.html",
            status_code=403,
            account=account,
            tokens=store.list_tokens(account.id),
            error="Wrong password; nothing was deleted.",
        )
    store.delete_account(account.id)
    return _signed_out_redirect(request)
