from __future__ import annotations

import pytest
from fakes import ROLES
from hypothesis import given
from hypothesis import strategies as st

from careerpath.roles.titles import SENIORITY_ORDER, detect_seniority, normalize_title


@pytest.mark.parametrize(
    ("title", "role_id", "seniority"),
    [
        ("Sr. ML Engineer II", "ml_engineer", "senior"),
        ("Senior Data Scientist", "data_scientist", "senior"),
        ("Data Engineer 4 - Contract (Remote)", "data_engineer", "lead"),
        ("Lead Data Scientist", "data_scientist", "lead"),
        ("Chief Data Scientist", "data_scientist", "principal"),
        ("Staff Machine Learning Engineer", "ml_engineer", "lead"),
        ("Junior BI Analyst", "data_analyst", "junior"),
        ("Data Scientst", "data_scientist", "mid"),
        ("Data Science Intern", "data_scientist", "intern"),
        ("Food Scientist - Developer", None, "mid"),
    ],
)
def test_normalize_title_finds_role_and_seniority(title, role_id, seniority):
    match = normalize_title(title, ROLES)
    assert (match.role_id, match.seniority) == (role_id, seniority)


def test_normalize_title_prefers_the_longest_alias():
    assert normalize_title("Big Data Engineer", ROLES).matched_alias == "Big Data Engineer"


@given(st.text(max_size=60))
def test_normalize_title_never_fails(title):
    match = normalize_title(title, ROLES)
    assert match.seniority in SENIORITY_ORDER
    assert 0.0 <= match.score <= 1.0
    assert detect_seniority(title) in SENIORITY_ORDER
