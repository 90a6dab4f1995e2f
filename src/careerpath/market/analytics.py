"""Salary analytics: quantiles of annual USD pay by role x seniority x location/remote."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from careerpath.market.postings import ALL_POSTINGS, PostingFilter, PostingStore, quantile_key

DEFAULT_QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)
# Groups with fewer salaries than this are reported with their count but no figures: a median of
# three people is noise, and small cells could identify individuals in survey data.
MIN_COUNT = 10


@dataclass(frozen=True)
class SalaryBand:
    """Annual salary quantiles in USD for one group; ``quantiles`` is empty when ``suppressed``."""

    group: dict[str, object]
    count: int
    quantiles: dict[str, float] = field(default_factory=dict)
    suppressed: bool = False


def salary_bands(
    store: PostingStore,
    by: Sequence[str] = ("role_id", "seniority"),
    flt: PostingFilter = ALL_POSTINGS,
    *,
    quantiles: Sequence[float] = DEFAULT_QUANTILES,
    min_count: int = MIN_COUNT,
) -> list[SalaryBand]:
    """Returns salary quantiles per group of ``by`` (dimensions such as role_id, seniority, location,
    remote), largest groups first; groups under ``min_count`` salaries are suppressed."""
    bands = []
    for row in store.salary_quantiles(list(by), list(quantiles), flt):
        count = int(row["n"])  # type: ignore[call-overload]
        group = {d: row[d] for d in by}
        if count < min_count:
            bands.append(SalaryBand(group, count, {}, True))
            continue
        values = {quantile_key(q): round(float(row[quantile_key(q)]), 2) for q in quantiles}  # type: ignore[arg-type]
        bands.append(SalaryBand(group, count, values))
    bands.sort(key=lambda b: (-b.count, tuple(str(v) for v in b.group.values())))
    return bands
