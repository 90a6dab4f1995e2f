"""What the service is still loading: /ready answers 503 until nothing is, /health stays 200."""

from __future__ import annotations

import threading


class Readiness:
    """Names of the parts still loading, and of those that failed to load (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loading: set[str] = set()
        self._failed: dict[str, str] = {}

    def loading(self, name: str) -> None:
        with self._lock:
            self._loading.add(name)

    def loaded(self, name: str) -> None:
        with self._lock:
            self._loading.discard(name)

    def failed(self, name: str, reason: str) -> None:
        with self._lock:
            self._loading.discard(name)
            self._failed[name] = reason

    def report(self) -> tuple[bool, dict[str, object]]:
        """Return (ready, details): ready when nothing is loading and nothing failed."""
        with self._lock:
            details: dict[str, object] = {"loading": sorted(self._loading), "failed": dict(self._failed)}
            return not self._loading and not self._failed, details
