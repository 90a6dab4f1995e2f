"""Drift of the ingested market: how far the latest window's mix of roles and skills moved.

Population stability index between the latest period with enough postings and the one before:
PSI = sum over categories of (now - before) * ln(now / before), on shares floored at 1e-4 so a
category new in one window counts instead of dividing by zero. The usual reading: below 0.1
stable, 0.1-0.25 a moderate shift, above 0.25 a major one (Siddiqi, *Credit Risk Scorecards*).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from careerpath.market.postings import ALL_POSTINGS, Period, PostingFilter, PostingStore

SHARE_FLOOR = 1e-4
MODERATE, MAJOR = 0.1, 0.25
MIN_POSTINGS = 20  # a window with fewer postings is too noisy to compare


@dataclass(frozen=True)
class Mover:
    key: str
    before: float
    now: float


@dataclass(frozen=True)
class Drift:
    """The shift of one distribution (``dimension``: roles or skills) between two periods."""

    dimension: str
    previous: str
    current: str
    psi: float
    movers: tuple[Mover, ...]  # the categories that moved most, largest change first

    @property
    def level(self) -> str:
        return "major" if self.psi > MAJOR else "moderate" if self.psi > MODERATE else "stable"

    def as_dict(self) -> dict[str, object]:
        return {
            "dimension": self.dimension,
            "previous": self.previous,
            "current": self.current,
            "psi": round(self.psi, 4),
            "level": self.level,
            "movers": [{"key": m.key, "before": round(m.before, 4), "now": round(m.now, 4)} for m in self.movers],
        }


def shares(counts: Mapping[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {key: value / total for key, value in counts.items()} if total else {}


def population_stability_index(before: Mapping[str, float], now: Mapping[str, float]) -> float:
    """PSI between two share distributions over the union of their categories."""
    psi = 0.0
    for key in set(before) | set(now):
        b, n = max(before.get(key, 0.0), SHARE_FLOOR), max(now.get(key, 0.0), SHARE_FLOOR)
        psi += (n - b) * math.log(n / b)
    return psi


def _drift(dimension: str, by_period: Mapping[str, Mapping[str, float]], previous: str, current: str) -> Drift:
    before, now = shares(by_period[previous]), shares(by_period[current])
    keys = sorted(set(before) | set(now), key=lambda k: -abs(now.get(k, 0.0) - before.get(k, 0.0)))
    movers = tuple(Mover(k, before.get(k, 0.0), now.get(k, 0.0)) for k in keys[:5])
    return Drift(dimension, previous, current, population_stability_index(before, now), movers)


def market_drift(
    store: PostingStore,
    period: Period = "month",
    flt: PostingFilter = ALL_POSTINGS,
    *,
    min_postings: int = MIN_POSTINGS,
) -> list[Drift]:
    """Return the drift of roles and skills from the previous to the latest period (empty: too little data)."""
    totals = {str(r[period]): int(r["n"]) for r in store.count_by([period], flt)}  # type: ignore[call-overload]
    periods = sorted(p for p, n in totals.items() if n >= min_postings)
    if len(periods) < 2:
        return []
    previous, current = periods[-2], periods[-1]
    roles: dict[str, dict[str, float]] = defaultdict(dict)
    for row in store.count_by([period, "role_id"], flt):
        roles[str(row[period])][str(row["role_id"] or "unclassified")] = float(row["n"])  # type: ignore[arg-type]
    skills: dict[str, dict[str, float]] = defaultdict(dict)
    for row in store.count_skills([period], flt):
        skills[str(row[period])][str(row["skill_id"])] = float(row["n"])  # type: ignore[arg-type]
    return [_drift("roles", roles, previous, current), _drift("skills", skills, previous, current)]
