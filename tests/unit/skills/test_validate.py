"""The taxonomy validator: each kind of mistake in a bundled or user file is one precise error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from careerpath.errors import TaxonomyError
from careerpath.skills.taxonomy import load_taxonomy

BASE = [
    {"id": "python", "name": "Python", "category": "programming_languages", "hours": 80, "aliases": ["Python 3"]},
    {"id": "r_lang", "name": "R programming", "category": "programming_languages", "hours": 80,
     "ambiguous_aliases": ["R"]},
    {"id": "pytorch", "name": "PyTorch", "category": "deep_learning", "hours": 40, "prerequisites": ["python"]},
    {"id": "deep_learning", "name": "Deep learning", "category": "deep_learning", "hours": 100,
     "prerequisites": ["pytorch"]},
]  # fmt: skip


def _write(path: Path, skills: list[dict[str, object]], version: str = "t1") -> Path:
    path.write_text(yaml.safe_dump({"version": version, "skills": skills}), encoding="utf-8")
    return path


def _load_user(tmp_path: Path, entries: list[dict[str, object]]) -> None:
    load_taxonomy([_write(tmp_path / "user.yaml", entries)], bundled=_write(tmp_path / "base.yaml", BASE))


def _error(tmp_path: Path, entries: list[dict[str, object]]) -> str:
    with pytest.raises(TaxonomyError) as info:
        _load_user(tmp_path, entries)
    return info.value.message


def test_the_sound_base_loads(tmp_path: Path) -> None:
    _load_user(tmp_path, [{"id": "python", "aliases": ["py3"]}])


def test_a_user_alias_taken_by_another_skill_is_an_error_naming_both(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "r_lang", "aliases": ["PyTorch"]}])
    assert message == (
        f"{tmp_path / 'user.yaml'}: alias 'PyTorch' of skill 'r_lang' is already the name 'PyTorch' of skill 'pytorch'"
    )


def test_a_spelling_that_normalises_to_another_skills_alias_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "r_lang", "aliases": ["python-3"]}])
    assert "alias 'python-3' of skill 'r_lang' is already the alias 'Python 3' of skill 'python'" in message


def test_a_new_skill_reusing_a_name_is_an_error(tmp_path: Path) -> None:
    entry = {"id": "torch", "name": "pytorch", "category": "deep_learning", "hours": 5}
    assert "name 'pytorch' of skill 'torch' is already the name 'PyTorch' of skill 'pytorch'" in _error(
        tmp_path, [entry]
    )


def test_an_alias_equal_to_another_skills_ambiguous_alias_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "python", "aliases": ["R"]}])
    assert "alias 'R' of skill 'python' is an ambiguous alias of skill 'r_lang'" in message


def test_an_ambiguous_alias_claimed_twice_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "python", "ambiguous_aliases": ["R"]}])
    assert "ambiguous alias 'R' of skill 'python' is already one of skill 'r_lang'" in message


def test_an_alias_that_is_also_ambiguous_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "python", "aliases": ["Py"], "ambiguous_aliases": ["Py"]}])
    assert "skill 'python' lists 'Py' both as an alias and as an ambiguous alias" in message


def test_an_unknown_prerequisite_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "pytorch", "prerequisites": ["numpyy"]}])
    assert message == f"{tmp_path / 'user.yaml'}: skill 'pytorch' lists unknown prerequisite 'numpyy'"


def test_an_unknown_related_skill_is_an_error(tmp_path: Path) -> None:
    assert "skill 'python' lists unknown related skill 'jax'" in _error(
        tmp_path, [{"id": "python", "related": ["jax"]}]
    )


def test_a_self_reference_and_a_prerequisite_also_related_are_errors(tmp_path: Path) -> None:
    assert "skill 'python' lists itself as a prerequisite" in _error(
        tmp_path, [{"id": "python", "prerequisites": ["python"]}]
    )
    both = {"id": "deep_learning", "related": ["pytorch"]}
    assert "skill 'deep_learning' lists 'pytorch' both as a prerequisite and as related" in _error(tmp_path, [both])


def test_a_prerequisite_cycle_is_an_error_showing_the_cycle(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "python", "prerequisites": ["deep_learning"]}])
    assert "prerequisites form a cycle:" in message
    cycle = message.split("cycle: ")[1].split(" needs ")
    assert cycle[0] == cycle[-1] and set(cycle) == {"python", "pytorch", "deep_learning"}


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"id": "python", "hours": 0}, "invalid skill 'python' at hours: Input should be greater than or equal to 1"),
        (
            {"id": "python", "hours": 5000},
            "invalid skill 'python' at hours: Input should be less than or equal to 2000",
        ),
        ({"id": "python", "category": "cooking"}, "invalid skill 'python' at category: Input should be"),
        ({"id": "Bad-Id", "name": "B", "category": "nlp", "hours": 3}, "skill id 'Bad-Id' must be lower_snake_case"),
        ({"id": "jax", "name": "JAX", "category": "deep_learning"}, "invalid skill 'jax' at hours: Field required"),
        ({"id": "python", "esco": {"uri": "http://x"}}, "'http://x' is not an ESCO skill URI"),
    ],
)
def test_a_bad_field_is_an_error_naming_the_skill_and_field(
    tmp_path: Path, entry: dict[str, object], expected: str
) -> None:
    message = _error(tmp_path, [entry])
    assert message.startswith(f"{tmp_path / 'user.yaml'}: ") and expected in message


def test_several_problems_say_how_many_more(tmp_path: Path) -> None:
    message = _error(tmp_path, [{"id": "python", "prerequisites": ["a1", "a2", "a3"]}])
    assert message.endswith("lists unknown prerequisite 'a1' (and 2 more)")


def test_the_bundled_file_is_checked_too(tmp_path: Path) -> None:
    twice = _write(
        tmp_path / "base.yaml", [*BASE, {"id": "python2", "name": "Python 3", "category": "nlp", "hours": 1}]
    )
    with pytest.raises(TaxonomyError, match=r"base\.yaml: name 'Python 3' of skill 'python2' is already the alias"):
        load_taxonomy(bundled=twice)
    duplicate = _write(tmp_path / "dup.yaml", [*BASE, BASE[0]])
    with pytest.raises(TaxonomyError, match=r"dup\.yaml: skill id 'python' is defined twice"):
        load_taxonomy(bundled=duplicate)


def test_a_legacy_esco_uri_field_still_reads(tmp_path: Path) -> None:
    uri = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    taxonomy = load_taxonomy(
        [_write(tmp_path / "user.yaml", [{"id": "python", "esco_uri": uri}])], bundled=_write(tmp_path / "b.yaml", BASE)
    )
    assert taxonomy.get("python").esco_uri == uri
