"""Run a core call and keep the CareerpathWarnings it raises, to show them to the client.

Per call, without a lock: ``warnings.catch_warnings`` swaps process-wide state, so it cannot
tell overlapping assessments apart. Instead one ``showwarning`` hook (installed once, re-installed
if something replaced it) hands each CareerpathWarning to the list of the call running in the
current thread, found through a context variable; every other warning goes on as before.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TextIO, TypeVar

from careerpath.errors import CareerpathWarning

T = TypeVar("T")

_NOTICES: ContextVar[list[str] | None] = ContextVar("careerpath_notices", default=None)
_INSTALL_LOCK = threading.Lock()
_previous_show: Callable[..., Any] = warnings.showwarning


def _show(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    notices = _NOTICES.get()
    if notices is not None and issubclass(category, CareerpathWarning):
        notices.append(str(message))
        return
    _previous_show(message, category, filename, lineno, file, line)


def _install() -> None:
    """Make sure our hook shows warnings and CareerpathWarnings are never deduplicated."""
    global _previous_show
    with _INSTALL_LOCK:
        if warnings.showwarning is not _show:
            _previous_show = warnings.showwarning
            warnings.showwarning = _show
        # "always": the default action shows a warning once per code location, which would hide
        # the second client's "no skills found".
        if not warnings.filters or warnings.filters[0][:3] != ("always", None, CareerpathWarning):
            warnings.filterwarnings("always", category=CareerpathWarning)


def call_with_notices(func: Callable[[], T]) -> tuple[T, list[str]]:
    """Return ``func()`` and the messages of the CareerpathWarnings it raised; other warnings pass on."""
    _install()
    notices: list[str] = []
    token = _NOTICES.set(notices)
    try:
        result = func()
    finally:
        _NOTICES.reset(token)
    return result, notices
