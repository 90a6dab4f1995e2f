"""The market report: one self-contained HTML file with inline SVG charts (no JavaScript, no network).

Charts are drawn as plain SVG by this module, so the file opens offline in any browser and the
default install needs no charting library.
"""

from __future__ import annotations

import html
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any

from careerpath.market.analytics import salary_bands
from careerpath.market.demand import role_demand, skill_cooccurrence, skill_demand
from careerpath.market.emerging import emerging_skills, store_candidate_skills
from careerpath.market.postings import PostingFilter, PostingStore
from careerpath.market.trends import market_trends

_COLORS = ["#3b6ea8", "#e07b39", "#4f9d69", "#c9453f", "#8c6bb1", "#b08d57", "#5aa9b3", "#d06ea8"]


def market_report_data(
    store: PostingStore, role_id: str | None = None, known_terms: list[str] | None = None
) -> dict[str, Any]:
    """Returns everything the report shows, as plain JSON-ready data."""
    flt = PostingFilter(role_id=role_id)
    return {
        "generated_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "role_id": role_id,
        "postings": store.count_postings(flt),
        "postings_with_description": store.count_postings(PostingFilter(role_id=role_id, with_description=True)),
        "roles": [asdict(r) for r in role_demand(store)[:15]],
        "skills": [asdict(s) for s in skill_demand(store, role_id, top=25)],
        "pairs": [asdict(p) for p in skill_cooccurrence(store, flt, min_postings=5, top=15)],
        "salaries": [asdict(b) for b in salary_bands(store, ["role_id", "seniority"], flt)[:20]],
        "trends": [
            asdict(t) for t in market_trends(store, "year", by=None if role_id else "role_id", flt=flt, top_groups=6)
        ],
        "emerging": [asdict(e) for e in emerging_skills(store, "year", flt=flt)[:15]],
        "candidates": [asdict(c) for c in store_candidate_skills(store, known_terms or [], flt, top=15)],
    }


def _bars(items: list[tuple[str, float]], *, fmt: str = "{:.0%}", width: int = 640) -> str:
    if not items:
        return "<p class=muted>No data.</p>"
    row, label_w = 22, 190
    top = max(v for _, v in items) or 1.0
    height = row * len(items) + 10
    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for i, (label, value) in enumerate(items):
        y = i * row + 5
        w = (width - label_w - 70) * value / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{html.escape(label[:28])}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{_COLORS[0]}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{html.escape(fmt.format(value))}</text>'
        )
    return "".join(parts) + "</svg>"


def _ranges(items: list[tuple[str, float, float, float]], width: int = 640) -> str:
    if not items:
        return "<p class=muted>No salary groups with enough data.</p>"
    row, label_w = 22, 190
    hi = max(i[3] for i in items)
    lo = min(i[1] for i in items)
    span = (hi - lo) or 1.0
    plot_w = width - label_w - 80
    height = row * len(items) + 24

    def x(v: float) -> float:
        return label_w + plot_w * (v - lo) / span

    parts = [f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">']
    for i, (label, q25, q50, q75) in enumerate(items):
        y = i * row + 5
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{html.escape(label[:28])}</text>'
            f'<rect x="{x(q25):.1f}" y="{y + 3}" width="{max(x(q75) - x(q25), 1):.1f}" height="{row - 8}" '
            f'fill="{_COLORS[1]}" opacity="0.5"/>'
            f'<line x1="{x(q50):.1f}" x2="{x(q50):.1f}" y1="{y + 1}" y2="{y + row - 3}" stroke="#333" '
            f'stroke-width="2"/><text x="{x(q75) + 4:.1f}" y="{y + 14}">${q50 / 1000:.0f}k</text>'
        )
    parts.append(
        f'<text x="{label_w}" y="{height - 4}" class=muted>${lo / 1000:.0f}k</text>'
        f'<text x="{label_w + plot_w}" y="{height - 4}" text-anchor="end" class=muted>${hi / 1000:.0f}k</text>'
    )
    return "".join(parts) + "</svg>"


def _lines(series: dict[str, list[tuple[str, float]]], *, fmt: str = "{:,.0f}", width: int = 640) -> str:
    periods = sorted({p for points in series.values() for p, _ in points})
    values = [v for points in series.values() for _, v in points]
    if len(periods) < 2 or not values:
        return "<p class=muted>Not enough periods for a trend.</p>"
    height, left, bottom = 240, 60, 30
    top_v = max(values) or 1.0
    plot_w, plot_h = width - left - 150, height - bottom - 10

    def xy(period: str, value: float) -> tuple[float, float]:
        return left + plot_w * periods.index(period) / (len(periods) - 1), 10 + plot_h * (1 - value / top_v)

    parts = [
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img">',
        f'<text x="{left - 4}" y="16" text-anchor="end" class=muted>{html.escape(fmt.format(top_v))}</text>',
    ]
    for p in periods:
        px, _ = xy(p, 0)
        parts.append(f'<text x="{px:.1f}" y="{height - 8}" text-anchor="middle">{html.escape(p)}</text>')
    for i, (name, points) in enumerate(series.items()):
        color = _COLORS[i % len(_COLORS)]
        coords = " ".join(f"{xy(p, v)[0]:.1f},{xy(p, v)[1]:.1f}" for p, v in sorted(points))
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts.append(f'<text x="{left + plot_w + 8}" y="{20 + 16 * i}" fill="{color}">{html.escape(name[:22])}</text>')
    return "".join(parts) + "</svg>"


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]]) -> str:
    if not rows:
        return "<p class=muted>None.</p>"
    head = "".join(f"<th>{html.escape(title)}</th>" for _, title in columns)
    body = []
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            text = f"{value:.3g}" if isinstance(value, float) else ("" if value is None else str(value))
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_report_html(data: dict[str, Any], role_names: dict[str, str] | None = None) -> str:
    """Returns the self-contained HTML of a report built by ``market_report_data``."""
    names = role_names or {}

    def role_label(role_id: object) -> str:
        return names.get(str(role_id), str(role_id)) if role_id else "(other titles)"

    title = f"Job market: {role_label(data['role_id'])}" if data["role_id"] else "Job market report"
    salaries = [b for b in data["salaries"] if not b["suppressed"]][:14]
    trend_counts: dict[str, list[tuple[str, float]]] = {}
    trend_pay: dict[str, list[tuple[str, float]]] = {}
    for t in data["trends"]:
        name = "all postings" if t["group"] is None else role_label(t["group"])
        trend_counts.setdefault(name, []).append((t["period"], t["postings"]))
        if t["median_salary_usd"] is not None:
            trend_pay.setdefault(name, []).append((t["period"], t["median_salary_usd"]))
    sections = [
        ("Demand by role", _bars([(role_label(r["role_id"]), r["share"]) for r in data["roles"]])),
        (
            "Top skills" + (f" for {role_label(data['role_id'])}" if data["role_id"] else ""),
            _bars([(s["skill_id"], s["share"]) for s in data["skills"]])
            + _table(
                data["skills"],
                [
                    ("skill_id", "skill"),
                    ("postings", "postings"),
                    ("share", "share"),
                    ("overall_share", "share, all postings"),
                    ("lift", "lift"),
                ],
            ),
        ),
        (
            "Salary (annual USD, 25th–75th percentile, line = median)",
            _ranges(
                [
                    (
                        f"{role_label(b['group'].get('role_id'))} · {b['group'].get('seniority')}",
                        b["quantiles"]["q25"],
                        b["quantiles"]["q50"],
                        b["quantiles"]["q75"],
                    )
                    for b in salaries
                ]
            ),
        ),
        ("Postings per year", _lines(trend_counts)),
        ("Median salary per year (USD)", _lines(trend_pay, fmt="${:,.0f}")),
        (
            "Emerging skills (two-proportion z-test, BH-adjusted)",
            _table(
                data["emerging"],
                [
                    ("skill_id", "skill"),
                    ("before", "from"),
                    ("after", "to"),
                    ("share_before", "share before"),
                    ("share_after", "share after"),
                    ("z", "z"),
                    ("q_value", "q"),
                    ("significant", "significant"),
                ],
            ),
        ),
        (
            "Skills asked for together",
            _table(
                data["pairs"], [("skill_a", "skill"), ("skill_b", "skill"), ("postings", "postings"), ("lift", "lift")]
            ),
        ),
        (
            "Candidate new skills (frequent phrases the taxonomy lacks)",
            _table(
                data["candidates"],
                [("phrase", "phrase"), ("postings", "postings"), ("share", "share"), ("companies", "employers")],
            ),
        ),
    ]
    body = "".join(f"<section><h2>{html.escape(h)}</h2>{content}</section>" for h, content in sections)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#222;padding:0 1em}}
svg text{{font-size:12px;fill:#222}} .muted{{color:#777;fill:#777}}
table{{border-collapse:collapse;margin:.5em 0;font-size:13px}} td,th{{border-bottom:1px solid #ddd;padding:3px 8px;
text-align:left}} section{{margin-bottom:2em}}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{data["postings"]:,} distinct postings ({data["postings_with_description"]:,} with a description);
generated {html.escape(data["generated_at"])} by careerpath. Shares are of postings with a description.</p>
{body}
</body></html>
"""
