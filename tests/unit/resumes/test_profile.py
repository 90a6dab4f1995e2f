"""parse_profile on small hand-written resumes."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.resumes import Profile, parse_profile, read_resume_bytes
from careerpath.resumes.dates import find_date_ranges
from careerpath.resumes.education import degree_level, field_of_study

TODAY = date(2024, 6, 30)


def _profile(text: str) -> Profile:
    return parse_profile(read_resume_bytes(text.encode(), "r.txt"), today=TODAY)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Jan 2019 – Present", date(2019, 1, 1), None),
        ("2018-2020", date(2018, 1, 1), date(2020, 1, 1)),
        ("03/2017 - 06/2019", date(2017, 3, 1), date(2019, 6, 30)),
        ("May 2015 to Dec 2016", date(2015, 5, 1), date(2016, 12, 31)),
        ("2019 – now", date(2019, 1, 1), None),
        ("2019-01 – 2020-03", date(2019, 1, 1), date(2020, 3, 31)),
        ("Sept. 2014 - Till Date", date(2014, 9, 1), None),
    ],
)
def test_find_date_ranges_common_formats(text: str, start: date, end: date | None) -> None:
    [found] = find_date_ranges(f"Engineer, Acme ({text})", today=TODAY)
    assert (found.start, found.end) == (start, end)


def test_find_date_ranges_ignores_reversed_and_future() -> None:
    assert find_date_ranges("2020 - 2018, 2031 - present, call 555-2019-2020x", today=TODAY) == []


@pytest.mark.parametrize(
    ("line", "level", "field"),
    [
        ("B.Sc. Computer Science, University of Leeds", "bachelor", "Computer Science"),
        ("BE in Electronics and Communication", "bachelor", "Electronics and Communication"),
        ("B.Tech Electrical Engineering", "bachelor", "Electrical Engineering"),
        ("MBA, IIM Ahmedabad", "master", "Business Administration"),
        ("M.Tech Data Science", "master", "Data Science"),
        ("Master of Science in Statistics", "master", "Statistics"),
        ("Ph.D. in Physics", "phd", "Physics"),
        ("Doctorate, Applied Mathematics", "phd", "Applied Mathematics"),
        ("Diploma in Mechanical Engineering", "certificate", "Mechanical Engineering"),
        ("HSC, Pune Board, 2010", "none", None),
        ("12th Standard", "none", None),
    ],
)
def test_education_degree_level_and_field(line: str, level: str, field: str | None) -> None:
    assert degree_level(line) == level
    assert field_of_study(line) == field


def test_education_ignores_ms_office() -> None:
    assert degree_level("Skilled in MS Office and MS Excel") is None


def test_parse_profile_years_count_overlaps_once() -> None:
    profile = _profile(
        "Experience\nEngineer at A\nJan 2018 - Dec 2019\nConsultant at B\nJan 2019 - Dec 2020\n"
        "Lead at C\nJan 2022 - Dec 2022\n"
    )
    assert len(profile.experience) == 3
    assert profile.years_experience == pytest.approx(4.0, abs=0.05)


def test_parse_profile_title_and_company_on_two_lines() -> None:
    profile = _profile("Experience\nData Scientist\nInitech | 2019 - 2021\nBuilt models.\n")
    [job] = profile.experience
    assert (job.title, job.company, job.description) == ("Data Scientist", "Initech", "Built models.")


def test_parse_profile_stated_years_without_dates() -> None:
    profile = _profile("Python developer with 7+ years of experience in backend work.\n\nSkills\nPython")
    assert profile.experience == ()
    assert profile.years_experience == 7.0


def test_parse_profile_states_nothing_it_cannot_find() -> None:
    profile = _profile("python sql docker")
    assert profile.name is None
    assert profile.email is None
    assert profile.years_experience is None
    assert profile.highest_degree is None
    assert profile.experience == profile.education == ()


def test_parse_profile_declared_skills_split_lists() -> None:
    profile = _profile(
        "Technical Skills\n• Languages: Python (pandas, NumPy), SQL; Bash\nDocker | AWS\n"
        "Keras- Experience - 12 months\n"
    )
    assert profile.declared_skills == ("Python", "pandas", "NumPy", "SQL", "Bash", "Docker", "AWS", "Keras")


def test_parse_profile_education_institution_on_next_line() -> None:
    profile = _profile("Education\nBachelor of Engineering in Civil Engineering\nAnna University, 2016\n")
    [entry] = profile.education
    assert (entry.degree_level, entry.field, entry.institution, entry.year) == (
        "bachelor",
        "Civil Engineering",
        "Anna University",
        2016,
    )


def test_parse_profile_certifications_and_projects() -> None:
    profile = _profile(
        "Projects\n- Churn model: scikit-learn\n  - detail line\n- Chatbot\nCertifications\n"
        "* AWS Certified Cloud Practitioner\n"
    )
    assert profile.projects == ("Churn model: scikit-learn", "Chatbot")
    assert profile.certifications == ("AWS Certified Cloud Practitioner",)


@pytest.mark.parametrize(
    ("first_line", "name"),
    [
        ("Priya Raman, PhD", "Priya Raman"),
        ("Maria Lopez, CPA", "Maria Lopez"),
        ("Anna Schmidt, LL.M., CIPP/E", "Anna Schmidt"),
        ("Dr. Amara Nwosu, Ph.D.", "Amara Nwosu"),
        ("# Jonas Lindqvist", "Jonas Lindqvist"),
    ],
)
def test_names_lose_credentials_and_honorifics(first_line: str, name: str) -> None:
    text = f"{first_line}\nData person\n\nExperience\nAnalyst, Acme, Jan 2020 - Dec 2022\n"
    assert parse_profile(read_resume_bytes(text.encode(), "r.txt")).name == name


def test_a_heading_is_never_a_name() -> None:
    text = "RESEARCH INTERESTS\nFairness in ranking.\n\nExperience\nAnalyst, Acme, 2019 - 2021\n"
    assert parse_profile(read_resume_bytes(text.encode(), "r.txt")).name is None


def test_seasonal_dates_and_any_experience_section_count() -> None:
    text = (
        "Pedro Alves\n\nEngineering experience\nData Engineer, Lusa, Jan 2020 - Dec 2021\n"
        "Intern, Koala, Summer 2019\n\nEducation\nBSc Informatics, Porto, 2019\n"
    )
    profile = parse_profile(read_resume_bytes(text.encode(), "r.txt"))
    assert profile.years_experience is not None and 2.1 <= profile.years_experience <= 2.4
    assert any(e.start is not None and e.start.month == 6 and e.start.year == 2019 for e in profile.experience)


@pytest.mark.parametrize(
    "line", ["LL.M. in Information Technology Law, University of Edinburgh, 2017", "BCL, University of Oxford, 2020"]
)
def test_law_degrees_are_postgraduate(line: str) -> None:
    text = f"Oluwaseun Adeyemi\n\nEducation\n{line}\n"
    assert parse_profile(read_resume_bytes(text.encode(), "r.txt")).highest_degree == "master"
