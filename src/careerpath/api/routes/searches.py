"""Saved job searches (multi-user service): save the filters and profile of POST /matches, list them,
run one again on the market store as it is now, delete it. Every route reads only the caller's rows."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from careerpath.api.account_schemas import SavedSearchResponse, SearchesResponse, SearchRunResponse
from careerpath.api.schemas import ERROR_RESPONSES
from careerpath.server.auth import ApiAccount, StoreDep, client_ip, rate_limit
from careerpath.server.deps import NavigatorDep, SettingsDep
from careerpath.server.searches import SearchSpec, clean_spec, run_saved_search

router = APIRouter(prefix="/me/searches", tags=["saved searches"], responses=ERROR_RESPONSES)


@router.post("", response_model=SavedSearchResponse, status_code=201)
def save_search(body: SearchSpec, account: ApiAccount, store: StoreDep, navigator: NavigatorDep) -> dict[str, Any]:
    """Save a job search: the filters of POST /matches and who it is for (a saved assessment or typed skills)."""
    return store.save_search(account.id, clean_spec(body, navigator, store, account.id))


@router.get("", response_model=SearchesResponse)
def list_searches(account: ApiAccount, store: StoreDep) -> dict[str, Any]:
    """Your saved job searches, oldest first."""
    return {"searches": store.list_searches(account.id)}


@router.get("/{search_id}", response_model=SavedSearchResponse)
def read_search(search_id: int, account: ApiAccount, store: StoreDep) -> dict[str, Any]:
    return store.get_search(account.id, search_id)


@router.post("/{search_id}/run", response_model=SearchRunResponse)
def run_search(
    search_id: int, request: Request, account: ApiAccount, store: StoreDep, settings: SettingsDep
) -> dict[str, Any]:
    """Run a saved search again: the postings of the market store as it is now (`careerpath match`'s JSON)."""
    rate_limit(request, "assess_limiter", f"ip:{client_ip(request)}", f"account:{account.id}")
    search, matches = run_saved_search(request, settings, store, account.id, search_id)
    return {"search": search, "matches": matches}


@router.delete("/{search_id}", status_code=204)
def delete_search(search_id: int, account: ApiAccount, store: StoreDep) -> Response:
    store.delete_search(account.id, search_id)
    return Response(status_code=204)
