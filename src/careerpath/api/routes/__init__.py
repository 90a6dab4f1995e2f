"""The JSON API routers; each route makes one core call and maps the result."""

from fastapi import APIRouter

from careerpath.api.routes import account, admin, assessments, health, matches, roles, searches, skills

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(roles.router)
api_router.include_router(skills.router)
api_router.include_router(assessments.router)
api_router.include_router(matches.router)

# The multi-user service only: accounts, each person's data, and the admin's routes.
account_router = APIRouter()
account_router.include_router(account.router)
account_router.include_router(searches.router)
account_router.include_router(admin.router)

__all__ = ["account_router", "api_router"]
