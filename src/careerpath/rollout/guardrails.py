"""Live per-arm statistics and the automatic rollback rule.

The candidate is rolled back when, after enough of its requests to judge, its error rate passes
``max_error_rate`` or its 95th-percentile latency passes ``max_latency_ratio`` times the
control's (judged only once the control has as many requests).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

LATENCY_WINDOW = 1000  # the last N request times per arm, for the percentile


class Guardrails(BaseModel):
    max_error_rate: float = Field(default=0.05, ge=0, le=1)
    max_latency_ratio: float = Field(default=2.0, gt=1)
    min_requests: int = Field(default=50, ge=1)


@dataclass
class ArmStats:
    """Counts of one arm since it started serving; thread-safe."""

    requests: int = 0
    errors: int = 0
    without_skills: int = 0
    sentences: int = 0
    unexplained: int = 0
    feedback_up: int = 0
    feedback_down: int = 0
    latencies: deque[float] = field(default_factory=lambda: deque(maxlen=LATENCY_WINDOW))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, seconds: float, *, error: bool) -> None:
        with self._lock:
            self.requests += 1
            self.errors += int(error)
            self.latencies.append(seconds)

    def record_resume(self, *, skills: int, sentences: int, unexplained: int) -> None:
        with self._lock:
            self.without_skills += int(skills == 0)
            self.sentences += sentences
            self.unexplained += unexplained

    def record_feedback(self, helpful: bool) -> None:
        with self._lock:
            if helpful:
                self.feedback_up += 1
            else:
                self.feedback_down += 1

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0

    def latency_p95(self) -> float | None:
        with self._lock:
            ordered = sorted(self.latencies)
        if not ordered:
            return None
        return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]

    def summary(self) -> dict[str, float | int | None]:
        p95 = self.latency_p95()
        return {
            "requests": self.requests,
            "errors": self.errors,
            "error_rate": round(self.error_rate, 4),
            "latency_p95_s": None if p95 is None else round(p95, 4),
            "without_skills": self.without_skills,
            "unexplained_sentence_share": round(self.unexplained / self.sentences, 4) if self.sentences else None,
            "feedback_up": self.feedback_up,
            "feedback_down": self.feedback_down,
        }


def rollback_reason(control: ArmStats, candidate: ArmStats, guardrails: Guardrails) -> str | None:
    """Return why the candidate must be rolled back ("error_rate", "latency"), or None."""
    if candidate.requests < guardrails.min_requests:
        return None
    if candidate.error_rate > guardrails.max_error_rate:
        return "error_rate"
    if control.requests >= guardrails.min_requests:
        mine, theirs = candidate.latency_p95(), control.latency_p95()
        if mine is not None and theirs and mine > guardrails.max_latency_ratio * theirs:
            return "latency"
    return None
