"""Every `careerpath eval …` command with `--format json`: stdout is exactly one JSON object with the keys
docs/json.md documents, and it is the same line text mode ends with (scripts that read the last line of the
default output keep working). Small fixture files; the lexical design and the hashing encoder need no model.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app

DEV_RESUMES = Path(__file__).resolve().parents[1] / "data" / "dev_resumes"
SAMPLE = str(Path(__file__).parents[2] / "src" / "careerpath" / "data" / "sample_resume.md")
POSTINGS = (
    "title,company,location,posted_on,salary,description\n"
    'Machine Learning Engineer,Acme,"Boston, MA",2024-03-01,$150K-$180K,"Requirements: Python, SQL and Docker."\n'
    'Data Analyst,Shop,Remote,2023-01-10,$60K-$70K,"You have SQL, Excel and Tableau. Fully remote."\n'
)


def one_json_object(stdout: str) -> dict[str, Any]:
    """stdout is one JSON object and nothing else (json.loads refuses trailing text)."""
    data = json.loads(stdout)
    assert isinstance(data, dict)
    return data


def run_both(runner: CliRunner, args: list[str]) -> dict[str, Any]:
    """Run ``args`` with --format json and in the default text mode; both must agree on the payload."""
    as_json = runner.invoke(app, [*args, "--format", "json"])
    assert as_json.exit_code == 0, (as_json.output, as_json.exception)
    data = one_json_object(as_json.stdout)
    as_text = runner.invoke(app, args)
    assert as_text.exit_code == 0, as_text.output
    lines = as_text.stdout.strip().splitlines()
    assert len(lines) > 1  # a table, then the trailing JSON line
    assert _without_speed(json.loads(lines[-1])) == _without_speed(data)
    return data


def is_count(value: Any) -> bool:
    """A count is written as an integer (``20``, not ``20.0``; docs/json.md)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _without_speed(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload less its throughput figures (sentences_per_s, titles_per_s), which vary run to run."""
    return {key: value for key, value in payload.items() if not key.endswith("_per_s")}


def _skill_linking(tmp_path: Path, shared_data: Path, mini_esco: Path) -> list[str]:
    house = shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv"
    options = ["--esco", str(mini_esco), "--design", "lexical", "--limit", "5", "--cache-dir", str(tmp_path)]
    return ["eval", "skill-linking", str(house), *options]


def _titles(tmp_path: Path, shared_data: Path, mini_esco: Path) -> list[str]:
    titles = shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz"
    options = ["--esco", str(mini_esco), "--encoder", "hashing", "--limit", "5", "--cache-dir", str(tmp_path)]
    return ["eval", "titles", str(titles), *options]


def test_eval_skill_linking_json(
    home: Path, runner: CliRunner, tmp_path: Path, shared_data: Path, mini_esco: Path
) -> None:
    data = run_both(runner, _skill_linking(tmp_path, shared_data, mini_esco))
    assert data["task"] == "skill-linking" and data["design"] == "lexical"
    assert data["file"] == "house_validation_annotations.csv" and data["n"] == 5
    for metric in ("rp@5", "rp@10", "mrr"):
        low, high = data[f"{metric}_ci95"]
        assert 0 <= low <= data[metric] <= high <= 100
    assert isinstance(data["sentences_per_s"], float)
    assert is_count(data["n"]) and is_count(data["gold_not_in_taxonomy"]) and '"n": 5,' in json.dumps(data)


def test_eval_titles_json(home: Path, runner: CliRunner, tmp_path: Path, shared_data: Path, mini_esco: Path) -> None:
    data = run_both(runner, _titles(tmp_path, shared_data, mini_esco))
    assert data["task"] == "titles" and data["design"] == "titles.v1" and data["encoder"].startswith("hashing")
    assert data["n"] == 5 and {"titles_per_s", "gold_not_in_taxonomy"} <= set(data)
    assert is_count(data["n"]) and is_count(data["gold_not_in_taxonomy"])
    for metric in ("mrr", "acc@1", "acc@5", "acc@10"):
        low, high = data[f"{metric}_ci95"]
        assert 0 <= low <= data[metric] <= high <= 100


def test_eval_spans_json(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    conll = tmp_path / "tiny.conll"
    conll.write_text(
        "Experience\tO\nwith\tO\nPython\tB-Knowledge\nand\tO\nSQL\tB-Knowledge\n\n"
        "Strong\tO\ncommunication\tB-Skill\nskills\tI-Skill\n\n",
        encoding="utf-8",
    )
    data = run_both(runner, ["eval", "spans", str(conll), "--tagger", "careerpath"])
    assert data["task"] == "spans" and data["file"] == "tiny.conll" and data["tagger"].startswith("careerpath")
    assert data["n"] == 2 and is_count(data["n"])
    for kind in ("ALL", "Knowledge", "Skill"):
        assert {f"{kind}.{side}_{m}" for side in ("strict", "partial") for m in ("p", "r", "f1")} <= set(data)
        low, high = data[f"{kind}.strict_f1_ci95"]
        assert low <= data[f"{kind}.strict_f1"] <= high
    assert data["Knowledge.strict_r"] > 0  # the lexical extractor finds Python and SQL


def test_eval_roles_json(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    labelled = tmp_path / "labelled.csv"
    resume = (DEV_RESUMES / "r02_genai.md").read_text(encoding="utf-8").replace('"', "'")
    labelled.write_text(f'Category,Resume\nData Science,"{resume}"\nHR,"Recruiting and payroll."\n', encoding="utf-8")
    data = run_both(runner, ["eval", "roles", str(labelled)])
    assert data["metric"] == "hit@3" and set(data["categories"]) == {"Data Science", "HR"}
    science = data["categories"]["Data Science"]
    assert science["n"] == 1 and is_count(science["n"]) and science["hit@3"] == 1.0
    assert isinstance(science["mean_best_score"], float) and isinstance(science["misses"], list)


def test_eval_resumes_json(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    entries = json.loads((DEV_RESUMES / "expected.json").read_text(encoding="utf-8"))[:2]
    for entry in entries:
        shutil.copy(DEV_RESUMES / entry["file"], tmp_path / entry["file"])
    (tmp_path / "expected.json").write_text(json.dumps(entries), encoding="utf-8")
    data = run_both(runner, ["eval", "resumes", str(tmp_path)])
    assert data["task"] == "resumes" and data["folder"] == tmp_path.name
    assert {"n", "passed", "rate"} <= set(data["rates"]["all"]) and data["rates"]["all"]["n"] > 10
    assert all(is_count(rate["n"]) and is_count(rate["passed"]) for rate in data["rates"].values())
    assert all(set(miss) == {"file", "category", "check", "seen"} for miss in data["misses"])


def test_eval_role_titles_json(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    labelled = tmp_path / "titles.tsv"
    labelled.write_text(
        "source\ttitle\texpected\nx\tStaff Machine Learning Engineer\tml_engineer\nx\tPastry Chef\t-\n",
        encoding="utf-8",
    )
    data = run_both(runner, ["eval", "role-titles", str(labelled)])
    assert data["task"] == "role-titles" and data["file"] == "titles.tsv" and data["n"] == 2 and is_count(data["n"])
    low, high = data["ci95"]
    assert low <= data["accuracy"] <= high
    assert all(set(miss) == {"title", "expected", "predicted"} for miss in data["misses"])


def test_eval_matching_json(home: Path, runner: CliRunner, tmp_path: Path) -> None:
    postings = tmp_path / "postings.csv"
    postings.write_text(POSTINGS, encoding="utf-8")
    store = tmp_path / "market.duckdb"
    assert runner.invoke(app, ["market", "ingest", str(postings), "--store", str(store)]).exit_code == 0
    matched = runner.invoke(app, ["match", SAMPLE, "--store", str(store), "--similarity", "lexical", "-f", "json"])
    ids = [m["posting_id"] for m in json.loads(matched.stdout)["results"]]
    grades = [{"resume": SAMPLE, "posting_id": i, "grade": g} for i, g in zip(ids, (3, 0), strict=True)]
    judgments = tmp_path / "judgments.jsonl"
    judgments.write_text("".join(json.dumps(grade) + "\n" for grade in grades), encoding="utf-8")
    options = ["--store", str(store), "--similarity", "lexical", "--ranker", "careerpath", "--ranker", "bm25"]
    data = run_both(runner, ["eval", "matching", str(judgments), *options])
    assert data["metric"] == "ndcg@10" and data["resumes"] == 1 and is_count(data["resumes"])
    assert isinstance(data["similarity"], str)
    assert set(data["rankers"]) == {"careerpath", "bm25"}
    for figures in data["rankers"].values():
        assert {"ndcg@10", "p@5", "mrr"} <= set(figures) and set(figures["ci95"]) == {"ndcg@10", "p@5", "mrr"}


ARGS: dict[str, Callable[[Path], list[str]]] = {
    "skill-linking": lambda p: ["eval", "skill-linking", str(p), "--esco", str(p)],
    "spans": lambda p: ["eval", "spans", str(p)],
    "titles": lambda p: ["eval", "titles", str(p), "--esco", str(p)],
    "roles": lambda p: ["eval", "roles", str(p)],
    "resumes": lambda p: ["eval", "resumes", str(p)],
    "role-titles": lambda p: ["eval", "role-titles", str(p)],
    "matching": lambda p: ["eval", "matching", str(p)],
    "data import-esco": lambda p: ["data", "import-esco", str(p)],
}


@pytest.mark.parametrize("command", sorted(ARGS))
def test_a_bad_format_is_one_line_and_exit_2(command: str, home: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, [*ARGS[command](tmp_path), "--format", "yaml"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error [invalid_input]"), result.stderr
    assert "'yaml'" in result.stderr and "--format" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["eval", "spans"], ["eval", "spans", "x.conll", "--limit", "-1"], ["roles", "--format", "xml"]],
    ids=["missing argument", "value out of range", "another command's --format"],
)
def test_any_bad_option_value_or_missing_argument_is_one_line(args: list[str], home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("error [invalid_input]") and "--help`)" in result.stderr
