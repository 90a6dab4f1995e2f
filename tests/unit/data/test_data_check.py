"""`careerpath data check`: every ESCO/O*NET link of the bundled and user knowledge resolves in the releases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from careerpath.cli.app import app
from careerpath.cli.common import navigator

runner = CliRunner()


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CAREERPATH_ESCO_DIR", raising=False)
    navigator.cache_clear()
    yield tmp_path / "home"
    navigator.cache_clear()


def _check(shared_data: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    args = ["data", "check", "--esco", str(shared_data / "esco_v1_1_1"), "--onet", str(shared_data / "onet_29_0")]
    result = runner.invoke(app, [*args, "--format", "json", *extra])
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_every_bundled_link_resolves_in_the_releases(shared_data: Path, home: Path) -> None:
    code, report, _ = _check(shared_data)
    assert code == 0 and report["problems"] == []
    checked = report["checked"]
    assert isinstance(checked, dict)
    assert checked["esco_skills"] >= 80 and checked["esco_occupations"] >= 21
    assert checked["onet_skills"] >= 100 and checked["onet_soc_codes"] >= 21


def test_a_user_files_wrong_esco_label_and_onet_element_are_reported(shared_data: Path, home: Path) -> None:
    home.mkdir(parents=True)
    uri = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"  # Python (computer programming)
    entry = {"id": "python", "esco": {"uri": uri, "label": "Python"}, "onet": {"element_id": "9.Z.9"}}
    (home / "taxonomy.yaml").write_text(yaml.safe_dump({"version": "u", "skills": [entry]}), encoding="utf-8")
    code, report, stderr = _check(shared_data)
    assert code == 1
    assert report["problems"] == [
        f"skill 'python': ESCO {uri} is labelled 'Python (computer programming)', the file says 'Python'",
        "skill 'python': O*NET element 9.Z.9 does not exist",
    ]
    assert stderr.count("\n") == 1 and "2 link(s) do not resolve" in stderr


def test_a_missing_release_folder_is_one_line_exit_2(tmp_path: Path, home: Path) -> None:
    result = runner.invoke(app, ["data", "check", "--onet", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "nowhere does not exist" in result.stderr
