"""The market snapshot: aggregate figures (never raw rows) that ship in the package.

``careerpath assess`` reads it on a fresh install to rank missing skills by demand and show pay
per role. ``build_snapshot`` recomputes it from any ``PostingStore`` (e.g. the user's own store).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from careerpath.errors import DataError
from careerpath.market.analytics import salary_bands
from careerpath.market.demand import role_demand, skill_demand
from careerpath.market.postings import PostingFilter, PostingStore
from careerpath.market.trends import market_trends

SNAPSHOT_FILE = "market_snapshot.json"
SNAPSHOT_FORMAT = 1
MIN_SALARIES = 10  # pay figures of a role are shipped only from at least this many salaries


@dataclass(frozen=True)
class MarketSnapshot:
    """Demand shares in [0, 1] and pay quantiles (annual USD) per role, with where they come from."""

    format: int
    built_at: str
    sources: list[dict[str, str]]
    postings: int
    postings_with_description: int
    skill_demand: dict[str, float]
    role_skill_demand: dict[str, dict[str, float]]
    role_demand: dict[str, float]
    role_salaries: dict[str, dict[str, Any]]
    salary_by_year: list[dict[str, Any]] = field(default_factory=list)


def build_snapshot(
    store: PostingStore,
    *,
    sources: list[dict[str, str]] | None = None,
    top_skills: int = 200,
    min_salaries: int = MIN_SALARIES,
) -> MarketSnapshot:
    """Returns the snapshot of a store's postings: skill demand overall and per role, pay per role."""
    described = PostingFilter(with_description=True)
    skills = skill_demand(store, top=top_skills)
    per_role: dict[str, dict[str, float]] = {}
    for role in role_demand(store, described):
        if role.role_id is None or role.postings < 5:
            continue
        per_role[role.role_id] = {d.skill_id: round(d.share, 4) for d in skill_demand(store, role.role_id, top=40)}
    salaries: dict[str, dict[str, Any]] = {}
    for band in salary_bands(store, ["role_id"], quantiles=(0.25, 0.5, 0.75), min_count=min_salaries):
        role_id = band.group["role_id"]
        if role_id is None or band.suppressed:
            continue
        salaries[str(role_id)] = {
            "p25": band.quantiles["q25"],
            "median": band.quantiles["q50"],
            "p75": band.quantiles["q75"],
            "count": band.count,
            "currency": "USD",
            "period": "year",
            "source": ", ".join(s["name"] for s in sources or []) or "user store",
        }
    trends = market_trends(store, "year", by="role_id", top_groups=12)
    return MarketSnapshot(
        format=SNAPSHOT_FORMAT,
        built_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        sources=sources or [{"name": "user store", "license": "user data"}],
        postings=store.count_postings(),
        postings_with_description=store.count_postings(described),
        skill_demand={d.skill_id: round(d.share, 4) for d in skills},
        role_skill_demand=per_role,
        role_demand={str(r.role_id): round(r.share, 4) for r in role_demand(store) if r.role_id},
        role_salaries=salaries,
        salary_by_year=[
            {"year": t.period, "role_id": t.group, "postings": t.postings, "median_usd": t.median_salary_usd}
            for t in trends
        ],
    )


def save_snapshot(snapshot: MarketSnapshot, path: Path) -> Path:
    """Writes a snapshot as JSON and returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(snapshot), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load_market_snapshot(path: Path | None = None) -> MarketSnapshot:
    """Returns the snapshot at ``path``, or the one bundled with careerpath."""
    if path is None:
        from careerpath.data_files import bundled_path

        path = bundled_path(SNAPSHOT_FILE)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        snapshot = MarketSnapshot(**raw)
    except FileNotFoundError as exc:
        raise DataError(f"Market snapshot {path} does not exist. Run `careerpath market snapshot`.") from exc
    except (json.JSONDecodeError, TypeError) as exc:
        raise DataError(f"Market snapshot {path} is not a careerpath snapshot: {exc}") from exc
    if snapshot.format != SNAPSHOT_FORMAT:
        raise DataError(f"Market snapshot {path} has format {snapshot.format}; expected {SNAPSHOT_FORMAT}.")
    return replace(snapshot)
