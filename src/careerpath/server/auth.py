"""Who is asking: an API token (``Authorization: Bearer cpt_…``) or a browser session cookie.

Only the multi-user service has accounts; these dependencies read the AccountStore the app holds in
``app.state.store``. Nothing here imports the database layer, so the single-user server runs with
the ``api`` extra alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Protocol

from fastapi import Depends, Request

from careerpath.errors import AccountError
from careerpath.server.security import CSRF_HEADER, SESSION_COOKIE, same_token

if TYPE_CHECKING:
    from careerpath.accounts.store import Account, AccountStore

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def get_store(request: Request) -> AccountStore:
    store: AccountStore | None = getattr(request.app.state, "store", None)
    if store is None:  # routes needing it are only mounted in multi-user mode
        raise AccountError("Accounts are off; start the server with --multi-user.", code="record_not_found")
    return store


def client_ip(request: Request) -> str:
    # Behind a reverse proxy, uvicorn --proxy-headers --forwarded-allow-ips puts the real address here.
    return request.client.host if request.client else "unknown"


def _resolve(request: Request) -> tuple[Account | None, str | None]:
    """Return (account, how) once per request; how is "token", "session" or None."""
    cached = getattr(request.state, "auth", None)
    if cached is not None:
        return cached
    store = get_store(request)
    result: tuple[Account | None, str | None] = (None, None)
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        account = store.account_for_token(authorization[7:].strip(), client_ip(request))
        if account is None:
            raise AccountError("That API token is unknown or revoked.", code="unauthenticated")
        result = (account, "token")
    elif session := request.cookies.get(SESSION_COOKIE):
        account = store.account_for_session(session)
        result = (account, "session") if account else (None, None)
    request.state.auth = result
    return result


def optional_account(request: Request) -> Account | None:
    if getattr(request.app.state, "store", None) is None:
        return None
    return _resolve(request)[0]


def _signed_in(request: Request) -> Account:
    account = optional_account(request)
    if account is None:
        raise AccountError("Log in first (a session cookie or an API token).", code="unauthenticated")
    return account


def api_account(request: Request) -> Account:
    """The signed-in account; a cookie-authenticated change must repeat the CSRF cookie in X-CSRF-Token."""
    account = _signed_in(request)
    if request.method in UNSAFE_METHODS and _resolve(request)[1] == "session":
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return account


def page_account(request: Request) -> Account:
    """The signed-in account for a web page; its forms check their own CSRF field."""
    return _signed_in(request)


def admin_account(account: Annotated[Any, Depends(api_account)]) -> Account:
    if not account.is_admin:
        raise AccountError("Only an administrator may do this.", code="forbidden")
    return account


def check_csrf(request: Request, given: str | None) -> None:
    if not same_token(getattr(request.state, "csrf_token", None), given):
        raise AccountError(
            "The form expired or came from another site (CSRF check failed); reload the page and try again.",
            code="csrf_failed",
        )


class Limiter(Protocol):
    def hit(self, *keys: str) -> None: ...


def rate_limit(request: Request, limiter_name: str, *keys: str) -> None:
    """Count the request for each key (careerpath.accounts.limits: shared by every worker); 429 when over."""
    limiter: Limiter | None = getattr(request.app.state, limiter_name, None)
    if limiter is not None:
        limiter.hit(*keys)


if TYPE_CHECKING:
    StoreDep = Annotated[AccountStore, Depends(get_store)]
    OptionalAccount = Annotated[Account | None, Depends(optional_account)]
    ApiAccount = Annotated[Account, Depends(api_account)]
    PageAccount = Annotated[Account, Depends(page_account)]
    AdminAccount = Annotated[Account, Depends(admin_account)]
else:  # FastAPI evaluates these at run time, where the database layer may not be installed
    StoreDep = Annotated[Any, Depends(get_store)]
    OptionalAccount = Annotated[Any, Depends(optional_account)]
    ApiAccount = Annotated[Any, Depends(api_account)]
    PageAccount = Annotated[Any, Depends(page_account)]
    AdminAccount = Annotated[Any, Depends(admin_account)]


def assessing_account(request: Request, *, page: bool = False) -> Account | None:
    """None on the single-user server; on the multi-user one, the signed-in account, rate-limited.

    ``page``: a web form, which checked its CSRF field itself (API calls by cookie need the header).
    """
    if getattr(request.app.state, "store", None) is None:
        return None
    account = page_account(request) if page else api_account(request)
    rate_limit(request, "assess_limiter", f"ip:{client_ip(request)}", f"account:{account.id}")
    return account


if TYPE_CHECKING:
    AssessingAccount = Annotated[Account | None, Depends(assessing_account)]
else:
    AssessingAccount = Annotated[Any, Depends(assessing_account)]
