from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from careerpath.errors import TaxonomyError, UnknownSkillError
from careerpath.skills.normalize import normalize_name
from careerpath.skills.taxonomy import Taxonomy, load_taxonomy


def _write(path: Path, skills: list[dict[str, object]], version: str = "t1") -> Path:
    path.write_text(yaml.safe_dump({"version": version, "skills": skills}), encoding="utf-8")
    return path


BASE = [
    {"id": "python", "name": "Python", "category": "programming_languages", "hours": 80},
    {"id": "pandas", "name": "pandas", "category": "ml_techniques", "hours": 30, "prerequisites": ["python"]},
]


def test_taxonomy_resolve_by_alias_and_suggest(taxonomy: Taxonomy) -> None:
    assert taxonomy.resolve("SKLearn").id == "scikit_learn"
    with pytest.raises(UnknownSkillError) as info:
        taxonomy.resolve("pytorhc")
    assert "PyTorch" in info.value.suggestions
    assert info.value.code == "unknown_skill"


def test_taxonomy_user_file_merges_over_bundled(tmp_path: Path) -> None:
    bundled = _write(tmp_path / "base.yaml", BASE)
    user = _write(
        tmp_path / "user.yaml",
        [
            {"id": "python", "aliases": ["py3"]},  # known id: only what it sets changes
            {
                "id": "polars",
                "name": "Polars",
                "category": "ml_techniques",
                "hours": 20,
                "prerequisites": ["python"],
            },
        ],
        version="mine",
    )
    merged = load_taxonomy([user], bundled=bundled)
    assert merged.resolve("py3").id == "python"
    assert merged.get("python").hours == 80
    assert merged.resolve("polars").prerequisites == ["python"]
    assert merged.version == "t1+mine"


def test_taxonomy_rejects_a_prerequisite_cycle(tmp_path: Path) -> None:
    bundled = _write(tmp_path / "base.yaml", BASE)
    user = _write(tmp_path / "user.yaml", [{"id": "python", "prerequisites": ["pandas"]}])
    with pytest.raises(TaxonomyError, match="cycle"):
        load_taxonomy([user], bundled=bundled)


def test_taxonomy_rejects_unknown_reference_and_names_the_file(tmp_path: Path) -> None:
    bundled = _write(tmp_path / "base.yaml", BASE)
    user = _write(tmp_path / "user.yaml", [{"id": "pandas", "prerequisites": ["numpyy"]}])
    with pytest.raises(TaxonomyError, match="numpyy"):
        load_taxonomy([user], bundled=bundled)
    bad = _write(tmp_path / "bad.yaml", [{"id": "x", "name": "X", "category": "nope", "hours": 1}])
    with pytest.raises(TaxonomyError, match=r"bad\.yaml"):
        load_taxonomy([bad], bundled=bundled)


@given(st.text(max_size=40))
def test_normalize_name_is_idempotent(name: str) -> None:
    once = normalize_name(name)
    assert normalize_name(once) == once


@given(st.sampled_from(["scikit-learn", "Scikit Learn", "SCIKIT_LEARN", " scikit  learn "]))
def test_normalize_name_ignores_case_and_separators(name: str) -> None:
    assert normalize_name(name) == "scikit learn"
