"""A posting read as a hiring manager: required vs nice-to-have, years, degree, gates, each with evidence."""

from __future__ import annotations

from careerpath.jobs import JobMatcher

POSTING = """About the role:
You will build deep learning models with PyTorch.

Requirements:
- 5+ years of experience in software engineering
- Bachelor's degree in Computer Science required; Master's preferred
- Strong Python and SQL
- Experience with Docker

Nice to have:
- Kubernetes
- Experience with MLflow is a plus

Benefits:
- Free Tableau training
Location: Boston, MA (on-site)
Salary: $150,000 - $180,000 per year
"""


def kinds(matcher: JobMatcher, title: str, text: str) -> dict[str, str]:
    return {s.skill_id: s.kind for s in matcher.requirements(title, text).skills}


def test_sections_and_wording_split_required_from_nice(matcher: JobMatcher) -> None:
    found = kinds(matcher, "Machine Learning Engineer", POSTING)
    assert {found[s] for s in ("python", "sql", "docker", "software_engineering")} == {"required"}
    assert found["kubernetes"] == "nice"  # under a "Nice to have" heading
    assert found["mlflow"] == "nice"  # "is a plus"
    assert found["pytorch"] == "required"  # the duties of the role
    assert "tableau" not in found  # the benefits are not requirements


def test_wording_beats_section(matcher: JobMatcher) -> None:
    found = kinds(matcher, "Data Scientist", "Requirements:\n- Python\n- PySpark experience preferred\n")
    assert found["python"] == "required" and found["pyspark"] == "nice"


def test_each_requirement_points_at_its_evidence(matcher: JobMatcher) -> None:
    req = matcher.requirements("Machine Learning Engineer", POSTING)
    for skill in req.skills:
        assert req.text[skill.evidence.start : skill.evidence.end] == skill.evidence.text
    assert req.min_years == 5
    assert req.degree == "bachelor" and req.degree_required  # the lowest required, not the preferred master's
    assert req.remote is False and req.location == "Boston, MA (on-site)"
    assert req.salary is not None and req.salary.min_yearly == 150_000
    years = next(g for g in req.gates if g.name == "years")
    assert years.evidence is not None and "5+ years" in years.evidence.text
    assert req.role_id == "ml_engineer"


def test_preferred_degree_and_clearance(matcher: JobMatcher) -> None:
    req = matcher.requirements(
        "Data Analyst",
        "Master's degree preferred.\nMust have an active Secret clearance.\n3 years experience with SQL preferred.",
    )
    assert req.degree == "master" and not req.degree_required
    assert req.clearance
    assert req.min_years is None  # only stated as a preference


def test_a_posting_without_description_keeps_title_facts(matcher: JobMatcher) -> None:
    req = matcher.requirements("Senior Data Engineer", "")
    assert req.role_id == "data_engineer" and req.seniority == "senior"


def test_html_posting_file(matcher: JobMatcher, tmp_path: object) -> None:
    from pathlib import Path

    from careerpath.jobs.posting_file import read_posting_file

    page = Path(str(tmp_path)) / "job.html"
    page.write_text(
        "<html><head><title>Data Engineer</title><style>p{color:red}</style></head><body>"
        "<h2>Requirements</h2><ul><li>Apache Spark and SQL</li><li>3+ years of experience</li></ul>"
        "<h2>Nice to have</h2><ul><li>Kafka</li></ul><script>var python = 1;</script></body></html>",
        encoding="utf-8",
    )
    title, description = read_posting_file(page)
    assert title == "Data Engineer" and "<li>" not in description and "var python" not in description
    found = kinds(matcher, title, description)
    assert found["sql"] == "required" and found["apache_kafka"] == "nice" and "python" not in found
