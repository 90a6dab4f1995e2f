"""HTML of matched postings with their explanations (CLI --format html and the /ui/matches page)."""

from __future__ import annotations

from html import escape
from typing import Any

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}"
    "article{border-bottom:1px solid #ddd;padding:.6rem 0}.muted{color:#666}.have{color:#166534}.need{color:#991b1b}"
    "mark{background:#fff3b0}"
)


def _items(items: list[dict[str, Any]]) -> str:
    out = []
    for item in items:
        if item["status"] == "hard_gate":
            out.append(f"{escape(item['name'])} (gate: {escape(item['detail'])})")
        elif item["status"] in ("missing", "proof_gap"):
            hours = f", {item['hours']:g} h" if item.get("hours") else ""
            out.append(f"{escape(item['name'])} ({escape(item['status'].replace('_', ' '))}{hours})")
        else:
            quote = item["resume_evidence"][0]["text"] if item["resume_evidence"] else ""
            via = f" via {escape(item['from_skill'])}" if item["status"] == "transferable" else ""
            out.append(f"{escape(item['name'])}{via}" + (f" <mark>{escape(quote)}</mark>" if quote and not via else ""))
    return "; ".join(out)


def matches_body(data: dict[str, Any]) -> str:
    """The list of results (without the page around it), from the ``careerpath.matches/1`` JSON shape."""
    parts = [
        f"<p class=muted>{len(data['results'])} best of {data['considered']} postings for "
        f"{escape(data['source'])} · similarity: {escape(data['similarity'])}</p>"
    ]
    parts += [f"<p class=muted>{escape(note)}</p>" for note in data.get("notes", [])]
    for row in data["results"]:
        p = row["parts"]
        pay = f" · ${row['salary_usd_yearly']:,.0f}/year" if row.get("salary_usd_yearly") else ""
        parts.append(
            f"<article><h2>{row['rank']}. {escape(row['title'] or '')} — {escape(row['company'] or '?')}</h2>"
            f"<p class=muted>{escape(row['location'] or '')}{' (remote)' if row['remote'] else ''}{pay} · score "
            f"{row['score']:.2f} (fit {p['requirement_fit']:.2f}, similarity {p['similarity']:.2f}, role "
            f"{p['role_fit']:.2f}, seniority {p['seniority_fit']:.2f}) · <code>{escape(row['posting_id'])}</code></p>"
        )
        if row["matched"]:
            parts.append(f"<p class=have>Have: {_items(row['matched'])}</p>")
        if row["missing"]:
            parts.append(f"<p class=need>Need: {_items(row['missing'])}</p>")
        if row["duplicates"]:
            parts.append(f"<p class=muted>Also posted as {escape(', '.join(row['duplicates']))}</p>")
        parts.append("</article>")
    return "".join(parts)


def matches_page_html(data: dict[str, Any]) -> str:
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>Matches: {escape(data['source'])}</title>"
        f"<style>{_STYLE}</style><h1>Postings to apply to</h1>{matches_body(data)}</html>\n"
    )
