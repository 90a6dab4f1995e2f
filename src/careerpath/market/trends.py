"""Trends: postings, role mix and pay by month, quarter or year, with period-over-period growth."""

from __future__ import annotations

from dataclasses import dataclass

from careerpath.market.postings import ALL_POSTINGS, PostingFilter, PostingStore


@dataclass(frozen=True)
class TrendPoint:
    """One period of one group (``group`` None = all postings).

    ``share`` is the group's share of the period's postings in [0, 1]; ``growth`` the relative
    change of ``postings`` from the previous period (None for the first); ``median_salary_usd``
    and ``salary_growth`` likewise for pay (None without salaries).
    """

    period: str
    group: str | None
    postings: int
    share: float
    growth: float | None
    median_salary_usd: float | None
    salary_growth: float | None


def _growth(now: float | None, before: float | None) -> float | None:
    if now is None or before is None or before == 0:
        return None
    return round(now / before - 1, 4)


def market_trends(
    store: PostingStore,
    period: str = "year",
    by: str | None = "role_id",
    flt: PostingFilter = ALL_POSTINGS,
    *,
    top_groups: int | None = 8,
) -> list[TrendPoint]:
    """Returns per-period counts, shares, growth and median pay, for all postings and per ``by`` group.

    ``top_groups`` keeps the largest groups overall (e.g. the 8 biggest roles).
    """
    totals = {str(r[period]): int(r["n"]) for r in store.count_by([period], flt)}  # type: ignore[call-overload]
    medians = {str(r[period]): r["q50"] for r in store.salary_quantiles([period], [0.5], flt)}
    points: list[TrendPoint] = []
    previous: tuple[int, float | None] | None = None
    for key in sorted(totals):
        median = float(medians[key]) if medians.get(key) is not None else None  # type: ignore[arg-type]
        points.append(
            TrendPoint(
                key,
                None,
                totals[key],
                1.0,
                _growth(totals[key], previous[0]) if previous else None,
                median,
                _growth(median, previous[1]) if previous else None,
            )
        )
        previous = (totals[key], median)
    if by is None:
        return points
    rows = store.count_by([period, by], flt)
    salaries = {(str(r[period]), r[by]): r["q50"] for r in store.salary_quantiles([period, by], [0.5], flt)}
    size: dict[object, int] = {}
    for r in rows:
        size[r[by]] = size.get(r[by], 0) + int(r["n"])  # type: ignore[call-overload]
    keep = sorted(size, key=lambda g: (-size[g], str(g)))[: top_groups or None]
    counts = {(str(r[period]), r[by]): int(r["n"]) for r in rows}  # type: ignore[call-overload]
    for group in keep:
        prev: tuple[int, float | None] | None = None
        for key in sorted(totals):
            n = counts.get((key, group), 0)
            raw = salaries.get((key, group))
            median = float(raw) if raw is not None else None  # type: ignore[arg-type]
            points.append(
                TrendPoint(
                    key,
                    None if group is None else str(group),
                    n,
                    n / totals[key],
                    _growth(n, prev[0]) if prev else None,
                    median,
                    _growth(median, prev[1]) if prev else None,
                )
            )
            prev = (n, median)
    return points
