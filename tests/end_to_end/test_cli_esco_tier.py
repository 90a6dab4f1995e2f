"""assess --esco: ESCO skills for the sentences the curated taxonomy does not explain."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerpath.cli.app import app


@pytest.fixture(scope="module")
def small_esco(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The first 300 real ESCO skills and 50 occupations, and one multi-word skill label among them."""
    esco = shared_data / "esco_v1_1_1"
    out = tmp_path_factory.mktemp("esco")
    label = ""
    for name, keep in (("skills_en", 300), ("occupations_en", 50), ("occupationSkillRelations", 2000)):
        with gzip.open(esco / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [row for _, row in zip(range(keep), reader, strict=False)]
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(reader.fieldnames or []))
            writer.writeheader()
            writer.writerows(rows)
        if name == "skills_en":
            label = next(
                r["preferredLabel"]
                for r in rows
                if len(r["preferredLabel"].split()) == 3 and r["preferredLabel"].replace(" ", "").isalpha()
            )
    return out, label


@pytest.mark.parametrize("given_by", ["option", "environment"])
def test_assess_with_esco_links_unexplained_sentences(
    small_esco: tuple[Path, str],
    tmp_path: Path,
    home: Path,
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    given_by: str,
) -> None:
    esco, label = small_esco
    if given_by == "environment":  # README: CAREERPATH_ESCO_DIR alone makes assess add ESCO skills
        monkeypatch.setenv("CAREERPATH_ESCO_DIR", str(esco))
    resume = tmp_path / "resume.txt"
    sentence = f"In my last two jobs I had to {label} every single week for clients."
    resume.write_text(f"Experience\nBuilt dashboards in Python and SQL.\n{sentence}\n", encoding="utf-8")
    option = ["--esco", str(esco)] if given_by == "option" else []
    result = runner.invoke(app, ["assess", str(resume), *option, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    links = data["esco_skills"]
    assert any(link["label"] == label for link in links), links
    text = resume.read_text(encoding="utf-8")
    for link in links:
        assert text[link["start"] : link["end"]] == link["sentence"]
        assert "Python" not in link["sentence"]  # explained by the curated taxonomy already
    assert data["skills"] and all(s["id"] != label for s in data["skills"])


def test_assess_without_esco_has_no_links(home: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["assess", "--format", "json"])
    assert json.loads(result.stdout)["esco_skills"] == []


def test_assess_esco_design_unknown_is_a_user_error(
    small_esco: tuple[Path, str], home: Path, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["assess", "--esco", str(small_esco[0]), "--esco-design", "nope"])
    assert result.exit_code == 2 and "Unknown ESCO linking design" in result.stderr


def test_the_api_honours_careerpath_esco_dir_like_the_cli(
    small_esco: tuple[Path, str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from careerpath.server.app import create_app

    esco, label = small_esco
    monkeypatch.setenv("CAREERPATH_ESCO_DIR", str(esco))
    text = f"Experience\nBuilt dashboards in Python and SQL.\nIn my last two jobs I had to {label} every week.\n"
    client = TestClient(create_app())
    upload = {"file": ("resume.txt", text.encode(), "text/plain")}
    links = client.post("/assessments", files=upload).json()["esco_skills"]
    assert any(link["label"] == label for link in links), links
    # The web result page does not show ESCO skills yet (reports, issue 9); its assessment has them.


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_esco_skills_show_in_every_format(
    small_esco: tuple[Path, str], tmp_path: Path, home: Path, runner: CliRunner, fmt: str
) -> None:
    esco, label = small_esco
    resume = tmp_path / "resume.txt"
    resume.write_text(f"Experience\nBuilt dashboards in Python.\nEvery week I had to {label} for clients.\n")
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["assess", str(resume), "--esco", str(esco), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    shown = out.read_text(encoding="utf-8")
    assert "ESCO skills" in shown and label in shown
