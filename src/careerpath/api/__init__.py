"""The JSON API as one router (mounted by careerpath.server.app.create_app).

It never imports careerpath.web; shared request plumbing lives in careerpath.server.
"""

from __future__ import annotations

from typing import Any

from careerpath.api.routes import api_router


def __getattr__(name: str) -> Any:
    # Kept for callers of the old location (`from careerpath.api import create_app`); imported
    # lazily so this package never depends on the composition root at import time.
    if name == "create_app":
        from careerpath.server.app import create_app

        return create_app
    raise AttributeError(f"module 'careerpath.api' has no attribute {name!r}")


__all__ = ["api_router"]
