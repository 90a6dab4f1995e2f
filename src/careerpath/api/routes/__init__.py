"""The JSON API routers; each route makes one core call and maps the result."""

from fastapi import APIRouter

from careerpath.api.routes import assessments, health, matches, roles, skills

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(roles.router)
api_router.include_router(skills.router)
api_router.include_router(assessments.router)
api_router.include_router(matches.router)

__all__ = ["api_router"]
