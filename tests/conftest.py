"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import csv
import gzip
import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# Helper modules next to this file (hostile_inputs.py) import by name under --import-mode=importlib.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of large public data sets: $CAREERPATH_SHARED_DATA, default ../shared/data."""
    path = Path(os.environ.get("CAREERPATH_SHARED_DATA") or REPO_ROOT.parent / "shared" / "data")
    if not path.is_dir():
        pytest.skip(f"shared data folder {path} not found; set CAREERPATH_SHARED_DATA to run this test")
    return path


def _csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="session")
def mini_esco(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real ESCO subset: every gold skill and occupation the limited runs need, plus distractors.

    Embedding all 13,896 skills takes tens of CPU-minutes on a cold cache; this subset keeps the
    model-backed path under test in seconds.
    """
    esco = shared_data / "esco_v1_1_1"
    out = tmp_path_factory.mktemp("mini_esco")
    house = shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv"
    gold_labels = {row["label"] for row in _csv_rows(house)[1][:60]}
    gold_occupations = {
        row["conceptUri"]
        for row in _csv_rows(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz")[1][:40]
    }
    fields, skills = _csv_rows(esco / "skills_en.csv.gz")
    kept = [r for i, r in enumerate(skills) if i < 400 or r["preferredLabel"] in gold_labels]
    _write_csv(out / "skills_en.csv", fields, kept)
    fields, occupations = _csv_rows(esco / "occupations_en.csv.gz")
    kept_occ = [r for i, r in enumerate(occupations) if i < 150 or r["conceptUri"] in gold_occupations]
    _write_csv(out / "occupations_en.csv", fields, kept_occ)
    skill_uris = {r["conceptUri"] for r in kept}
    occ_uris = {r["conceptUri"] for r in kept_occ}
    fields, relations = _csv_rows(esco / "occupationSkillRelations.csv.gz")
    _write_csv(
        out / "occupationSkillRelations.csv",
        fields,
        [r for r in relations if r["skillUri"] in skill_uris and r["occupationUri"] in occ_uris],
    )
    return out


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow",
        action="store_true",
        default=False,
        help="also run slow tests (Spark engine, model-backed evaluations); CI passes it",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or os.environ.get("CAREERPATH_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow test: run with --slow (or CAREERPATH_SLOW=1)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
