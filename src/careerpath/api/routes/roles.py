from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from careerpath.api.schemas import ERROR_RESPONSES, PlanRequest, PlanResponse, RoleResponse, RolesResponse
from careerpath.reports.serialize import plan_dict, role_dict
from careerpath.server.deps import CareerpathDep, DoneDep, NavigatorDep
from careerpath.server.uploads import LimitedBodyRoute
from careerpath.server.workers import run_in_pool

router = APIRouter(prefix="/roles", tags=["roles"], route_class=LimitedBodyRoute, responses=ERROR_RESPONSES)


@router.get("", response_model=RolesResponse)
def list_roles(navigator: NavigatorDep) -> dict[str, Any]:
    """List the AI/ML roles (`careerpath roles --format json`)."""
    roles = [role_dict(role, navigator.market.get(role.id)) for role in navigator.roles]
    return {"version": navigator.roles.version, "roles": roles}


@router.get("/{role_id}", response_model=RoleResponse)
def read_role(role_id: str, navigator: NavigatorDep) -> dict[str, Any]:
    """Return one role by id, name or job title (`careerpath role ROLE --format json`)."""
    role = navigator.roles.resolve(role_id)
    return role_dict(role, navigator.market.get(role.id))


@router.post("/{role_id}/plan", response_model=PlanResponse)
async def create_plan(
    request: Request, role_id: str, body: PlanRequest, navigator: NavigatorDep, careerpath: CareerpathDep, done: DoneDep
) -> dict[str, Any]:
    """Return the learning plan from a typed profile to this role (`careerpath plan … --format json`)."""
    hours = careerpath.hours_per_week(body.hours_per_week)
    result, notices = await run_in_pool(
        request, lambda: navigator.assess(body.to_profile(), role_id, hours_per_week=hours, done=done)
    )
    return {**plan_dict(result.plan), "warnings": notices}
