"""The administrator's routes: list accounts, disable and enable them. No route here reads anyone's data."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from careerpath.api.account_schemas import UsersResponse
from careerpath.api.schemas import ERROR_RESPONSES
from careerpath.server.auth import AdminAccount, StoreDep

router = APIRouter(prefix="/admin", tags=["admin"], responses=ERROR_RESPONSES)


@router.get("/users", response_model=UsersResponse)
def list_users(admin: AdminAccount, store: StoreDep) -> dict[str, Any]:
    return {"users": store.list_users()}


@router.post("/users/{user_id}/disable", status_code=204)
def disable_user(user_id: int, admin: AdminAccount, store: StoreDep) -> Response:
    """Disable an account: it can no longer log in and its sessions end; its data stays untouched."""
    store.set_disabled(user_id, True, by=admin.id)
    return Response(status_code=204)


@router.post("/users/{user_id}/enable", status_code=204)
def enable_user(user_id: int, admin: AdminAccount, store: StoreDep) -> Response:
    store.set_disabled(user_id, False, by=admin.id)
    return Response(status_code=204)
