"""Saved job searches in the web UI (multi-user service): save one from the matches page, run it again or
delete it from the history page. Plain forms with the CSRF field; changes answer with a 303 redirect."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from careerpath.server.auth import PageAccount, StoreDep, client_ip, rate_limit
from careerpath.server.deps import NavigatorDep, SettingsDep
from careerpath.server.searches import clean_spec, run_saved_search, spec_from_form
from careerpath.web.account_pages import CsrfForm
from careerpath.web.matches_page import FiltersForm, ProfileForm, match_page_context
from careerpath.web.templating import relative_url, render

router = APIRouter(include_in_schema=False)


@router.post("/ui/searches", name="save_search_page")
def save_search_submit(
    request: Request,
    account: PageAccount,
    store: StoreDep,
    navigator: NavigatorDep,
    _csrf: CsrfForm,
    filters: FiltersForm,
    profile_form: ProfileForm,
    name: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Keep the search just shown (filters and profile) under a name; then the history page lists it."""
    spec = spec_from_form(name=name, filters=filters, profile=profile_form.profile())
    store.save_search(account.id, clean_spec(spec, navigator, store, account.id))
    return RedirectResponse(relative_url(request, "history_page") + "#searches", status_code=303)


@router.post("/ui/searches/{search_id}/run", name="run_search_page")
def run_search_submit(
    request: Request,
    search_id: int,
    account: PageAccount,
    store: StoreDep,
    navigator: NavigatorDep,
    settings: SettingsDep,
    _csrf: CsrfForm,
) -> Response:
    """The saved search's postings in the market store as it is now."""
    rate_limit(request, "assess_limiter", f"ip:{client_ip(request)}", f"account:{account.id}")
    search, data = run_saved_search(request, settings, store, account.id, search_id)
    context = match_page_context(request, navigator, data=data, heading=search["name"])
    return render(request, "matches.html", **context)


@router.post("/ui/searches/{search_id}/delete", name="delete_search_page")
def delete_search_submit(
    request: Request, search_id: int, account: PageAccount, store: StoreDep, _csrf: CsrfForm
) -> Response:
    store.delete_search(account.id, search_id)
    return RedirectResponse(relative_url(request, "history_page") + "#searches", status_code=303)
