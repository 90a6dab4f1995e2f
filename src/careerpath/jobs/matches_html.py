"""HTML of matched postings with their explanations (`match -f html`).

It renders reports/templates/match_results.html, which the web's /ui/matches page includes too.
"""

from __future__ import annotations

from typing import Any

from careerpath.reports.rendering import render_report


def matches_page_html(data: dict[str, Any]) -> str:
    """One standalone page from the ``careerpath.matches/1`` JSON shape."""
    return render_report("matches_page.html", data=data)
