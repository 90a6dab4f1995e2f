"""Role-ranking quality on labelled resumes (the Kaggle UpdatedResumeDataSet format).

Input: a CSV (optionally gzipped) with columns ``Category`` and ``Resume``. Exact duplicate
resumes are dropped first (the public file repeats 166 resumes to make 962 rows). For each
category with an expectation below, hit@3 is the share of resumes whose top three roles include
an expected role. Categories without an expectation (HR, Advocate, Arts…) report the mean best
score, which should stay low: careerpath is for AI/ML and adjacent roles.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from careerpath.errors import InputError
from careerpath.navigator import Navigator
from careerpath.resumes import parse_profile, read_resume_bytes

DATA_ML_FAMILIES = frozenset({"data", "ml", "research", "platform"})
# Roles a resume of each category should see in its top three.
EXPECTED_ROLES: dict[str, frozenset[str]] = {
    "Python Developer": frozenset({"software_engineer", "data_engineer", "ml_engineer", "ai_engineer"}),
    "Java Developer": frozenset({"software_engineer"}),
    "DotNet Developer": frozenset({"software_engineer"}),
    "Hadoop": frozenset({"data_engineer"}),
    "ETL Developer": frozenset({"data_engineer", "data_analyst"}),
    "Database": frozenset({"data_engineer", "data_analyst", "software_engineer"}),
    "DevOps Engineer": frozenset({"mlops_engineer", "ai_platform_engineer", "software_engineer"}),
    "Business Analyst": frozenset({"data_analyst", "ai_product_manager"}),
}
TOP_K = 3


@dataclass
class CategoryResult:
    category: str
    n: int = 0
    hits: int = 0
    best_scores: list[float] = field(default_factory=list)
    misses: list[dict[str, object]] = field(default_factory=list)
    expected: tuple[str, ...] = ()

    @property
    def hit_at_3(self) -> float | None:
        return self.hits / self.n if self.n and self.expected else None

    @property
    def mean_best_score(self) -> float:
        return sum(self.best_scores) / len(self.best_scores) if self.best_scores else 0.0


def read_labelled_resumes(path: Path) -> list[tuple[str, str]]:
    """Return unique (category, resume text) pairs from a Category/Resume CSV."""
    if not path.is_file():
        raise InputError(f"Labelled resume file {path} does not exist.")
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8", errors="replace")))
    if not reader.fieldnames or not {"Category", "Resume"} <= set(reader.fieldnames):
        raise InputError(f"{path} needs columns Category and Resume; it has {reader.fieldnames}.")
    seen: dict[str, str] = {}
    for row in reader:
        text = (row["Resume"] or "").strip()
        if text and text not in seen:
            seen[text] = row["Category"].strip()
    return [(category, text) for text, category in seen.items()]


def expected_roles(category: str, navigator: Navigator) -> frozenset[str]:
    if category == "Data Science":
        return frozenset(r.id for r in navigator.roles if r.family in DATA_ML_FAMILIES)
    return EXPECTED_ROLES.get(category, frozenset())


def evaluate_role_ranking(
    pairs: Iterable[tuple[str, str]], navigator: Navigator, limit: int | None = None
) -> dict[str, CategoryResult]:
    """Return per-category hit@3 and best scores for labelled resumes."""
    results: dict[str, CategoryResult] = defaultdict(lambda: CategoryResult(""))
    for index, (category, text) in enumerate(pairs):
        if limit is not None and index >= limit:
            break
        profile = parse_profile(read_resume_bytes(text.encode("utf-8"), f"resume-{index}.txt"))
        skills = navigator.profile_skills(profile)
        fits = navigator.rank(navigator.candidate_from_profile(profile, skills))
        result = results[category]
        result.category = category
        result.expected = tuple(sorted(expected_roles(category, navigator)))
        result.n += 1
        result.best_scores.append(fits[0].score)
        top = [f.role_id for f in fits[:TOP_K]]
        if result.expected and set(top) & set(result.expected):
            result.hits += 1
        elif result.expected:
            result.misses.append(
                {
                    "resume": index,
                    "top3": top,
                    "skills_found": len(skills),
                    "first_words": " ".join(text.split()[:12]),
                }
            )
    return dict(results)
