"""`careerpath eval resumes` on the project's development set (tests/data/dev_resumes), in CI.

The 32 resumes were written and annotated for this project before careerpath ran on them; the
floors below sit under the measured rates (docs/evaluation.md) so a regression in any category
fails the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.evaluation.resume_checks import CATEGORIES, check_assessment

DEV_SET = Path(__file__).resolve().parents[1] / "data" / "dev_resumes"
OVERALL_FLOOR = 0.97
CATEGORY_FLOOR = 0.95


def test_dev_set_passes_every_category(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["eval", "resumes", str(DEV_SET)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    rates = metrics["rates"]
    assert set(CATEGORIES) <= set(rates)
    assert rates["all"]["n"] >= 500
    assert rates["all"]["rate"] >= OVERALL_FLOOR, metrics["misses"]
    for category in CATEGORIES:
        assert rates[category]["rate"] >= CATEGORY_FLOOR, (category, metrics["misses"])


def test_dev_set_covers_every_role_and_format() -> None:
    from careerpath.roles.catalogue import load_roles
    from careerpath.skills.taxonomy import load_taxonomy

    entries = json.loads((DEV_SET / "expected.json").read_text(encoding="utf-8"))
    assert len(entries) >= 30
    assert {Path(e["file"]).suffix for e in entries} >= {".md", ".txt", ".pdf", ".docx", ".json"}
    assert {r.id for r in load_roles(load_taxonomy())} <= {role for e in entries for role in e["top1_any"]}


def test_checks_read_the_json_a_user_sees() -> None:
    entry = {
        "file": "x.md",
        "top1_any": ["data_analyst"],
        "must_find": [["sql"], ["Tableau", "power_bi"]],
        "must_not_claim": [["scala"]],
        "plan_must_not_include": [["excel"]],
        "years_experience_range": [1, 3],
        "name": "Ada Lovelace",
    }
    data = {
        "fits": [{"role": "data_analyst", "matched": [{"skill": "scala", "name": "Scala", "via": "implied"}]}],
        "skills": [{"id": "sql", "name": "SQL"}, {"id": "tableau", "name": "Tableau"}],
        "plan": {"steps": [{"skill": "excel", "name": "Microsoft Excel"}]},
        "profile": {"years_experience": 2.0, "name": "ada  lovelace"},
    }
    passed = {c.what: c.passed for c in check_assessment(entry, data)}
    assert passed == {
        "top1 is one of data_analyst": True,
        "finds sql": True,
        "finds Tableau/power_bi": True,  # a name works as well as an id
        "does not claim scala": True,  # matched only by implication: not a claim
        "plan leaves out excel": False,
        "years in [1, 3]": True,
        "name is 'Ada Lovelace'": True,
    }


def test_a_folder_without_expected_json_is_a_user_error(tmp_path: Path, home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["eval", "resumes", str(tmp_path)])
    assert result.exit_code == 2 and "expected.json" in result.stderr
