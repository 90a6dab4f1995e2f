"""The eval and data sub-apps on the shared development splits, with a small --limit."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.data_cmd import data_app
from careerpath.cli.eval_cmd import eval_app
from careerpath.linking.encoders import semantic_available

runner = CliRunner()
needs_semantic = pytest.mark.skipif(
    not semantic_available(), reason="the semantic extra is not installed: pip install 'careerpath[semantic]'"
)


def last_json(output: str) -> dict[str, object]:
    return json.loads(output.strip().splitlines()[-1])


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def mini_esco(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real ESCO subset: every gold skill and occupation the limited runs need, plus distractors.

    Embedding all 13,896 skills takes tens of CPU-minutes on a cold cache; this subset keeps the
    model-backed path under test in seconds.
    """
    esco = shared_data / "esco_v1_1_1"
    out = tmp_path_factory.mktemp("mini_esco")
    gold_labels = {
        row["label"]
        for row in _rows(shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv")[1][
            :60
        ]
    }
    gold_occupations = {
        row["conceptUri"]
        for row in _rows(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz")[1][:40]
    }
    fields, skills = _rows(esco / "skills_en.csv.gz")
    kept = [r for i, r in enumerate(skills) if i < 400 or r["preferredLabel"] in gold_labels]
    _write(out / "skills_en.csv", fields, kept)
    fields, occupations = _rows(esco / "occupations_en.csv.gz")
    kept_occ = [r for i, r in enumerate(occupations) if i < 150 or r["conceptUri"] in gold_occupations]
    _write(out / "occupations_en.csv", fields, kept_occ)
    skill_uris = {r["conceptUri"] for r in kept}
    occ_uris = {r["conceptUri"] for r in kept_occ}
    fields, relations = _rows(esco / "occupationSkillRelations.csv.gz")
    _write(
        out / "occupationSkillRelations.csv",
        fields,
        [r for r in relations if r["skillUri"] in skill_uris and r["occupationUri"] in occ_uris],
    )
    return out


def test_eval_skill_linking_lexical_design_on_tech_validation(shared_data, tmp_path):
    result = runner.invoke(
        eval_app,
        [
            "skill-linking",
            str(shared_data / "decorte_skill_extraction_benchmark" / "tech_validation_annotations.csv"),
            "--esco",
            str(shared_data / "esco_v1_1_1"),
            "--design",
            "lexical",
            "--limit",
            "10",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["n"] == 10
    assert {"rp@5", "rp@10", "mrr"} <= set(metrics)


@pytest.mark.slow
@needs_semantic
def test_eval_skill_linking_default_design_with_model(shared_data, mini_esco, tmp_path):
    # The real model on a real ESCO subset (see mini_esco), so the cold cache costs seconds.
    result = runner.invoke(
        eval_app,
        [
            "skill-linking",
            str(shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv"),
            "--esco",
            str(mini_esco),
            "--limit",
            "5",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert last_json(result.output)["n"] == 5


@pytest.mark.parametrize(
    "relative",
    [
        "skillspan/conll/skillspan_tech_dev.conll",
        "sayfullina_soft_skills/conll_zhang2022/sayfullina_dev.conll",
        "green_job_entity_benchmark/green_dev.csv",
    ],
)
def test_eval_spans_on_dev_files(shared_data, relative):
    result = runner.invoke(
        eval_app, ["spans", str(shared_data / relative), "--limit", "20", "--esco", str(shared_data / "esco_v1_1_1")]
    )
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["n"] == 20
    assert "ALL.strict_f1" in metrics


@pytest.mark.slow
@needs_semantic
def test_eval_titles_on_jobbert_validation(shared_data, mini_esco, tmp_path):
    result = runner.invoke(
        eval_app,
        [
            "titles",
            str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz"),
            "--esco",
            str(mini_esco),
            "--limit",
            "20",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert {"mrr", "acc@1", "acc@5", "acc@10"} <= set(last_json(result.output))


def test_eval_titles_without_model_on_jobbert_validation(shared_data, tmp_path):
    result = runner.invoke(
        eval_app,
        [
            "titles",
            str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz"),
            "--esco",
            str(shared_data / "esco_v1_1_1"),
            "--encoder",
            "hashing",
            "--limit",
            "20",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["n"] == 20
    assert {"mrr", "acc@1", "acc@5", "acc@10"} <= set(metrics)


def test_eval_missing_file_exits_2(tmp_path):
    result = runner.invoke(eval_app, ["titles", str(tmp_path / "nope.csv"), "--esco", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_eval_unknown_design_exits_2(shared_data):
    result = runner.invoke(
        eval_app,
        [
            "skill-linking",
            str(shared_data / "decorte_skill_extraction_benchmark" / "tech_validation_annotations.csv"),
            "--esco",
            str(shared_data / "esco_v1_1_1"),
            "--design",
            "nope",
        ],
    )
    assert result.exit_code == 2
    assert "Unknown design" in result.output


@pytest.mark.slow
def test_data_import_esco_and_onet(shared_data, tmp_path):
    store = tmp_path / "careerpath.duckdb"
    result = runner.invoke(data_app, ["import-esco", str(shared_data / "esco_v1_1_1"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1.1.1" in result.output
    result = runner.invoke(data_app, ["import-onet", str(shared_data / "onet_29_0"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "29.0" in result.output


def test_data_import_esco_from_wrong_folder_exits_2(tmp_path):
    result = runner.invoke(data_app, ["import-esco", str(tmp_path), "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "skills_en" in result.output
