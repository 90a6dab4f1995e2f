"""Job title → careerpath role (roles/titles.py) on the cases of issue 9 and the labelled set."""

from __future__ import annotations


def test_issue_9_title_cases_map_to_the_right_role() -> None:
    """Bare "Scientist" titles are no role; a data scientist is not a manager; sales is no role."""
    from careerpath.roles.catalogue import load_roles
    from careerpath.roles.titles import TitleNormalizer
    from careerpath.skills.taxonomy import load_taxonomy

    normalizer = TitleNormalizer(list(load_roles(load_taxonomy())))
    expected = {
        "Scientist": None,
        "Associate Scientist": None,
        "Senior Scientist (Neuroscience)": None,
        "Senior Data Scientist / Machine Learning": "data_scientist",
        "Sr. Enterprise Account Exec - Data Science / ML": None,
        "Head of Machine Learning": "ai_engineering_manager",
        "Data Scientist Manager": "ai_engineering_manager",
        "Machine Learning Quality Engineer": "ml_engineer",
        "Machne Learning Engineer": "ml_engineer",  # a typo still maps
        "Food Scientist - Developer": None,
    }
    assert {title: normalizer.normalize(title).role_id for title in expected} == expected


def test_eval_role_titles_on_the_labelled_set(tmp_path) -> None:
    from pathlib import Path

    from typer.testing import CliRunner

    from careerpath.cli.app import app

    labelled = Path(__file__).resolve().parents[2] / "data" / "role_titles" / "labelled_titles.tsv"
    result = CliRunner().invoke(app, ["eval", "role-titles", str(labelled)])
    assert result.exit_code == 0, result.output
    import json

    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    assert metrics["n"] >= 300 and metrics["accuracy"] >= 0.95
