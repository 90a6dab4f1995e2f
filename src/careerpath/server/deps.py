"""What routes get injected: the app's one Navigator, its Settings and the finished skills."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from careerpath.app import Careerpath
from careerpath.navigator import Navigator
from careerpath.settings import Settings


def build_navigator(settings: Settings) -> Navigator:
    """Return the composition root's navigator (bundled data, the user's files, market snapshot), as the CLI's."""
    return Careerpath(settings).navigator


def get_careerpath(request: Request) -> Careerpath:
    careerpath: Careerpath = request.app.state.careerpath
    return careerpath


def get_navigator(request: Request) -> Navigator:
    navigator: Navigator = request.app.state.navigator
    return navigator


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_done(request: Request, careerpath: Annotated[Careerpath, Depends(get_careerpath)]) -> list[str]:
    """Return the skill ids marked done; plans leave them out, as in the CLI.

    Single-user: the CLI's progress file. Multi-user: the signed-in person's own progress (none when
    anonymous): one person's progress never shapes another's plan.
    """
    if getattr(request.app.state, "store", None) is not None:
        from careerpath.server.auth import get_store, optional_account

        account = optional_account(request)
        return get_store(request).done_skills(account.id) if account else []
    return careerpath.done()


NavigatorDep = Annotated[Navigator, Depends(get_navigator)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
CareerpathDep = Annotated[Careerpath, Depends(get_careerpath)]
DoneDep = Annotated[list[str], Depends(get_done)]
