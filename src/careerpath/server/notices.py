"""Run a core call and keep the CareerpathWarnings it raises, to show them to the client."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from typing import TypeVar

from careerpath.errors import CareerpathWarning

T = TypeVar("T")

# warnings.catch_warnings swaps process-wide state, and sync routes run in a thread pool, so
# two overlapping calls could steal or lose each other's warnings. Assessments are CPU-bound
# under the GIL anyway, so serialising them costs little.
_WARNINGS_LOCK = threading.Lock()


def call_with_notices(func: Callable[[], T]) -> tuple[T, list[str]]:
    """Return ``func()`` and the messages of the CareerpathWarnings it raised; other warnings pass on."""
    with _WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CareerpathWarning)
        result = func()
    notices: list[str] = []
    for item in caught:
        if issubclass(item.category, CareerpathWarning):
            notices.append(str(item.message))
        else:
            warnings.warn_explicit(item.message, item.category, item.filename, item.lineno)
    return result, notices
