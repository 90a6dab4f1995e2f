"""End-to-end advice checks on annotated resumes: roles, skills found, traps, plan and profile.

A folder holds resumes and ``expected.json``: a list of objects
``{"file", "top3_any", "top1_any", "not_top3", "must_find", "must_not_claim",
"plan_must_not_include", "years_experience_range", "name"}`` (every key but ``file`` optional).
Skill groups are lists of alternatives (skill ids or names): a group passes when any one does.
Each resume is assessed exactly as ``careerpath assess --format json`` does, and the checks read
that JSON, so what is measured is what a user sees.

A skill counts as claimed when it is in the top-level ``skills`` (negated skills never are) or
matched by some role with ``via: "direct"``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.errors import InputError
from careerpath.navigator import Navigator
from careerpath.skills.normalize import normalize_name

CATEGORIES = ("roles", "skills found", "traps", "plan", "profile")
EXPECTED_FILE = "expected.json"
_KEYS = {
    "file",
    "top3_any",
    "top1_any",
    "not_top3",
    "must_find",
    "must_not_claim",
    "plan_must_not_include",
    "years_experience_range",
    "name",
    "note",
}


@dataclass(frozen=True)
class Check:
    file: str
    category: str
    what: str
    passed: bool
    detail: str = ""


@dataclass
class ResumeEvaluation:
    checks: list[Check] = field(default_factory=list)

    def rates(self) -> dict[str, dict[str, float]]:
        """Per category (and "all"): checks, passed and the pass rate."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for check in self.checks:
            for key in (check.category, "all"):
                counts[key][0] += 1
                counts[key][1] += check.passed
        return {
            key: {"n": n, "passed": p, "rate": round(p / n, 4) if n else 0.0}
            for key, (n, p) in sorted(counts.items(), key=lambda kv: (kv[0] == "all", kv[0]))
        }

    @property
    def misses(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


def read_expectations(folder: Path) -> list[dict[str, Any]]:
    """Return the annotated entries of ``folder/expected.json``; a malformed file is an InputError."""
    path = folder / EXPECTED_FILE
    if not path.is_file():
        raise InputError(f"{folder} has no {EXPECTED_FILE}; see docs/evaluation.md for its format.")
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(entries, list):
        raise InputError(f"{path} must hold a list of objects.")
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise InputError(f"{path}: entry {index} must be an object with a 'file'.")
        unknown = set(entry) - _KEYS
        if unknown:
            raise InputError(f"{path}: entry {index} has unknown keys {sorted(unknown)}.")
        if not (folder / entry["file"]).is_file():
            raise InputError(f"{path}: entry {index} names {entry['file']!r}, which is not in {folder}.")
    return entries


def _keys(items: Iterable[dict[str, Any]], id_key: str) -> set[str]:
    out: set[str] = set()
    for item in items:
        out.add(str(item[id_key]))
        out.add(normalize_name(str(item["name"])))
    return out


def _in(group: list[str], keys: set[str]) -> str | None:
    for alternative in group:
        if alternative in keys or normalize_name(alternative) in keys:
            return alternative
    return None


def check_assessment(entry: dict[str, Any], data: dict[str, Any]) -> list[Check]:
    """Return the checks of one annotated resume against its assessment JSON."""
    file = entry["file"]
    checks: list[Check] = []
    ranked = [fit["role"] for fit in data["fits"]]
    top3 = ranked[:3]
    if entry.get("top3_any"):
        ok = bool(set(entry["top3_any"]) & set(top3))
        checks.append(Check(file, "roles", "top3 has one of " + "/".join(entry["top3_any"]), ok, f"top3={top3}"))
    if entry.get("top1_any"):
        ok = bool(ranked) and ranked[0] in entry["top1_any"]
        checks.append(Check(file, "roles", "top1 is one of " + "/".join(entry["top1_any"]), ok, f"top1={ranked[:1]}"))
    for role in entry.get("not_top3", []):
        checks.append(Check(file, "roles", f"{role} not in top3", role not in top3, f"top3={top3}"))

    claimed = _keys(data["skills"], "id")
    for fit in data["fits"]:
        claimed |= _keys((m for m in fit["matched"] if m["via"] == "direct"), "skill")
    for group in entry.get("must_find", []):
        checks.append(Check(file, "skills found", "finds " + "/".join(group), _in(group, claimed) is not None))
    for group in entry.get("must_not_claim", []):
        hit = _in(group, claimed)
        checks.append(Check(file, "traps", "does not claim " + "/".join(group), hit is None, hit or ""))
    planned = _keys(data["plan"]["steps"], "skill")
    for group in entry.get("plan_must_not_include", []):
        hit = _in(group, planned)
        checks.append(Check(file, "plan", "plan leaves out " + "/".join(group), hit is None, hit or ""))

    profile = data.get("profile") or {}
    if "years_experience_range" in entry:
        low, high = entry["years_experience_range"]
        years = profile.get("years_experience")
        ok = years is not None and low <= years <= high
        checks.append(Check(file, "profile", f"years in [{low}, {high}]", ok, f"years={years}"))
    if entry.get("name"):
        name = profile.get("name") or ""
        ok = " ".join(name.casefold().split()) == " ".join(entry["name"].casefold().split())
        checks.append(Check(file, "profile", f"name is {entry['name']!r}", ok, f"name={name!r}"))
    return checks


def evaluate_resumes(folder: Path, navigator: Navigator) -> ResumeEvaluation:
    """Assess every annotated resume of ``folder`` and return all checks."""
    from careerpath.reports.serialize import assessment_dict

    result = ResumeEvaluation()
    for entry in read_expectations(folder):
        assessment = navigator.assess(folder / entry["file"])
        result.checks.extend(check_assessment(entry, assessment_dict(assessment)))
    return result
