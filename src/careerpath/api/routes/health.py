from __future__ import annotations

from fastapi import APIRouter

from careerpath import __version__
from careerpath.api.schemas import HealthResponse
from careerpath.server.deps import NavigatorDep

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthResponse)
def read_health(navigator: NavigatorDep) -> HealthResponse:
    """Return ok and what the server has loaded."""
    return HealthResponse(
        version=__version__,
        taxonomy_version=navigator.taxonomy.version,
        roles_version=navigator.roles.version,
        skills=len(navigator.taxonomy),
        roles=len(navigator.roles),
        market_snapshot=bool(navigator.market or navigator.demand),
    )
