from __future__ import annotations

import pytest

from careerpath.market.salaries import find_salary_in_text, parse_salary, salary_from_fields


@pytest.mark.parametrize(
    ("text", "low", "high", "currency", "period", "estimated_by"),
    [
        ("$53K-$91K (Glassdoor est.)", 53_000, 91_000, "USD", "year", "glassdoor"),
        ("$17-$24 Per Hour(Glassdoor est.)", 17, 24, "USD", "hour", "glassdoor"),
        ("Employer Provided Salary:$120K-$150K", 120_000, 150_000, "USD", "year", None),
        ("$79K-$131K(Employer est.)", 79_000, 131_000, "USD", "year", "employer"),
        ("€4,000 - €5,000 per month", 4_000, 5_000, "EUR", "month", None),
        ("USD 100,000–120,000", 100_000, 120_000, "USD", "year", None),
        ("£40k", 40_000, 40_000, "GBP", "year", None),
        ("$60/hr", 60, 60, "USD", "hour", None),
        ("120-150K", 120_000, 150_000, None, "year", None),
    ],
)
def test_parse_salary_reads_ranges_units_and_flags(text, low, high, currency, period, estimated_by):
    salary = parse_salary(text)
    assert salary is not None
    assert (salary.min_amount, salary.max_amount, salary.currency, salary.period, salary.estimated_by) == (
        low,
        high,
        currency,
        period,
        estimated_by,
    )


def test_parse_salary_annualises_hourly_and_monthly():
    assert parse_salary("$25-$35 Per Hour").min_yearly == 25 * 2080  # type: ignore[union-attr]
    assert parse_salary("€4,000 - €5,000 per month").max_yearly == 60_000  # type: ignore[union-attr]
    assert parse_salary("$100K-$120K").usd_yearly == 110_000  # type: ignore[union-attr]
    assert parse_salary("€100K-€120K").usd_yearly is None  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["-1", "", None, "N/A", "$1-$2 million"])
def test_parse_salary_returns_none_for_missing_or_implausible(text):
    assert parse_salary(text) is None


def test_find_salary_in_text_needs_pay_context_and_skips_revenue():
    text = "Revenue $50 to $100 million. The salary range is $120,000 - $150,000 per year plus bonus."
    salary = find_salary_in_text(text)
    assert salary is not None and (salary.min_amount, salary.max_amount) == (120_000, 150_000)
    assert find_salary_in_text("We raised $5 to $10 million last year.") is None


def test_salary_from_fields_uses_interval():
    salary = salary_from_fields(50, 70, "usd", "hourly")
    assert salary is not None and salary.period == "hour" and salary.currency == "USD"
    assert salary_from_fields(None, None, "USD", "yearly") is None
