"""The fit of a person to one posting: statuses, gates, score parts and the plan for this job."""

from __future__ import annotations

from careerpath.jobs import JobMatcher
from careerpath.navigator import TypedProfile

POSTING = """Requirements:
- 4+ years of experience
- Master's degree required
- Python, PyTorch and SQL
Nice to have:
- Kubernetes is a plus
"""


def test_statuses_per_requirement(matcher: JobMatcher) -> None:
    person = matcher.person(TypedProfile(skills=("python", "tensorflow"), years_experience=2, degree="bachelor"))
    fit = matcher.fit(person, matcher.requirements("Machine Learning Engineer", POSTING))
    status = {i.skill_id: i.status for i in fit.items if i.skill_id}
    assert status["python"] == "met"
    assert status["pytorch"] == "transferable"  # from TensorFlow
    assert status["sql"] == "missing" and status["kubernetes"] == "missing"
    gates = {i.kind for i in fit.items if i.status == "hard_gate"}
    assert gates == {"years", "degree"}
    missing_sql = next(i for i in fit.items if i.skill_id == "sql")
    assert missing_sql.hours and missing_sql.hours > 0
    assert fit.plan is not None and {s.skill_id for s in fit.plan.steps} >= {"sql"}


def test_meeting_the_gates_raises_the_score(matcher: JobMatcher) -> None:
    req = matcher.requirements("Machine Learning Engineer", POSTING)
    junior = matcher.person(TypedProfile(skills=("python", "pytorch", "sql"), years_experience=1, degree="bachelor"))
    senior = matcher.person(TypedProfile(skills=("python", "pytorch", "sql"), years_experience=6, degree="master"))
    low, high = matcher.fit(junior, req), matcher.fit(senior, req)
    assert high.score > low.score
    assert not high.hard_gates and {g.name for g in low.hard_gates} == {"years", "degree"}
    assert high.required_coverage == low.required_coverage


def test_proof_gap_for_a_hedged_claim(matcher: JobMatcher, tmp_path: object) -> None:
    from pathlib import Path

    resume = Path(str(tmp_path)) / "resume.md"
    resume.write_text(
        "# Ana\n## Experience\nData Analyst, Acme (2019 - 2024)\n- Built SQL reports and Python scripts daily.\n"
        "- Some exposure to Kubernetes.\n",
        encoding="utf-8",
    )
    person = matcher.person(resume)
    req = matcher.requirements("Platform Engineer", "Requirements:\n- Kubernetes at an advanced level\n- SQL\n")
    fit = matcher.fit(person, req)
    status = {i.skill_id: i.status for i in fit.items if i.skill_id}
    assert status["sql"] == "met"
    assert status["kubernetes"] in ("proof_gap", "met")
    assert status["kubernetes"] == "proof_gap", "a hedged mention is plausible, not evidenced"


def test_ranking_scorer_gives_the_explained_score(matcher: JobMatcher) -> None:
    from careerpath.jobs.fit import RequirementScorer

    postings = [
        ("Machine Learning Engineer", POSTING),
        ("Data Analyst", "Requirements:\n- SQL and Excel\n- Bachelor's degree required\nTableau is a plus."),
        ("Data Engineer", "Must have Apache Spark, Airflow and Python. 6+ years of experience."),
    ]
    people = [
        TypedProfile(skills=("python", "tensorflow", "sql"), years_experience=2, degree="bachelor"),
        TypedProfile(skills=("excel",), years_experience=None, degree=None),
        TypedProfile(skills=("pyspark", "Apache Airflow", "python"), years_experience=8, degree="master"),
    ]
    for typed in people:
        person = matcher.person(typed)
        scorer = RequirementScorer(person.candidate, matcher.nav.taxonomy)
        for title, text in postings:
            req = matcher.requirements(title, text)
            explained = matcher.fit(person, req, with_plan=False).score
            skills = [(s.skill_id, s.weight, s.kind == "required") for s in req.skills]
            degree = req.degree if req.degree_required else None
            assert abs(scorer.score(skills, req.min_years, degree) - explained) < 1e-3, (typed, title)
