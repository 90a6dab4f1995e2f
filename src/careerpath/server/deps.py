"""What routes get injected: the app's one Navigator, its Settings and the finished skills."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from careerpath.navigator import Navigator, load_default_market
from careerpath.plans.progress import load_progress
from careerpath.settings import Settings


def build_navigator(settings: Settings) -> Navigator:
    """Return a navigator on the bundled data, the user's taxonomy/roles files and the market snapshot.

    Built the same way as the CLI's (careerpath.cli.common.navigator), so both answer alike.
    """
    extra_taxonomy = [settings.user_taxonomy_file] if settings.user_taxonomy_file.exists() else []
    extra_roles = [settings.user_roles_file] if settings.user_roles_file.exists() else []
    demand, market = load_default_market()
    return Navigator(
        extra_taxonomy_files=extra_taxonomy,
        extra_role_files=extra_roles,
        demand=demand,
        market=market,
        budgets=settings.budgets,
    )


def get_navigator(request: Request) -> Navigator:
    navigator: Navigator = request.app.state.navigator
    return navigator


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_done(settings: Annotated[Settings, Depends(get_settings)]) -> list[str]:
    """Return the skill ids recorded with `careerpath progress done`; plans leave them out, as in the CLI."""
    return list(load_progress(settings.progress_file).done)


NavigatorDep = Annotated[Navigator, Depends(get_navigator)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DoneDep = Annotated[list[str], Depends(get_done)]
