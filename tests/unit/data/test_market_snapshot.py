"""The bundled market snapshot is what the committed script builds from the shared data with today's code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from careerpath.data_files import bundled_path
from careerpath.market.snapshot import MIN_SALARIES, load_market_snapshot
from careerpath.roles.catalogue import load_roles
from careerpath.skills.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parents[3]


def test_the_bundled_snapshot_names_only_known_roles_and_skills_and_enough_salaries() -> None:
    snapshot = load_market_snapshot()
    taxonomy = load_taxonomy()
    roles = {role.id for role in load_roles(taxonomy)}
    skills = {skill.id for skill in taxonomy}
    assert set(snapshot.role_salaries) <= roles and set(snapshot.role_demand) <= roles
    assert set(snapshot.skill_demand) <= skills
    assert all(set(demand) <= skills for demand in snapshot.role_skill_demand.values())
    for role, pay in snapshot.role_salaries.items():
        assert pay["count"] >= MIN_SALARIES, role  # pay from a handful of salaries is not shipped
        assert pay["p25"] <= pay["median"] <= pay["p75"], role
    assert {s["name"] for s in snapshot.sources} >= {"aijobs.net salaries 2025-01-19"}


@pytest.mark.slow
def test_the_bundled_snapshot_is_current(shared_data: Path, tmp_path: Path) -> None:
    """A change of the title → role mapping, the taxonomy or the extractor must come with a rebuilt snapshot."""
    rebuilt = tmp_path / "snapshot.json"
    env = {"CAREERPATH_SHARED_DATA": str(shared_data), "PYTHONPATH": str(ROOT / "src"), "PATH": ""}
    script = ROOT / "scripts" / "build_market_snapshot.py"
    done = subprocess.run(
        [sys.executable, str(script), "--output", str(rebuilt)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    fresh = json.loads(rebuilt.read_text(encoding="utf-8"))
    bundled = json.loads(bundled_path("market_snapshot.json").read_text(encoding="utf-8"))
    fresh.pop("built_at"), bundled.pop("built_at")
    assert fresh == bundled, "rebuild it: python scripts/build_market_snapshot.py (see data/SOURCES.md)"
