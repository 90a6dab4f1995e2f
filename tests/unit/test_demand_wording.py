"""Demand figures name their period and never show 0% for a skill the data does not name."""

from __future__ import annotations

from careerpath.navigator import bundled_demand_period
from careerpath.reports.wording import demand_note


def test_demand_note_names_the_period_and_says_not_in_the_data() -> None:
    period = "Glassdoor DS jobs 2020 postings"
    assert demand_note(0.31, period) == "in 31% of Glassdoor DS jobs 2020 postings"
    assert demand_note(None, period) == "not in the data (Glassdoor DS jobs 2020 postings)"
    assert demand_note(0.0, period) == "not in the data (Glassdoor DS jobs 2020 postings)"
    assert demand_note(0.001, period) == "in under 1% of Glassdoor DS jobs 2020 postings"
    assert demand_note(0.3, "") is None  # no market data: say nothing


def test_the_bundled_snapshot_names_its_postings() -> None:
    assert "2020" in bundled_demand_period()
