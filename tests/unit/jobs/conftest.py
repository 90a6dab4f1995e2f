from __future__ import annotations

import pytest

from careerpath.jobs import JobMatcher
from careerpath.navigator import Navigator


@pytest.fixture(scope="session")
def nav() -> Navigator:
    return Navigator()


@pytest.fixture(scope="session")
def matcher(nav: Navigator, tmp_path_factory: pytest.TempPathFactory) -> JobMatcher:
    return JobMatcher(nav, tmp_path_factory.mktemp("models"), encoder="lexical")
