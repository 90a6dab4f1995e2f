"""Wording shared by every output format, so text, Markdown, HTML, web and JSON say the same."""

from __future__ import annotations


def demand_note(share: float | None, period: str) -> str | None:
    """How many postings ask for a skill, naming the data's period; None without market data.

    A skill absent from the data (often because it postdates it: MLOps in 2020 postings) is
    "not in the data", never "0%".
    """
    if not period:
        return None
    if not share:
        return f"not in the data ({period})"
    if share < 0.005:
        return f"in under 1% of {period}"
    return f"in {100 * share:.0f}% of {period}"
