"""Ranking quality of job matching on graded judgments: nDCG@10, P@5 and MRR, with bootstrap CIs.

A judgments file is JSON Lines of ``{"resume": path, "posting_id": id, "grade": 0-3}`` (paths
relative to the file). Grades: 3 would interview, 2 plausible stretch, 1 weakly related,
0 irrelevant (benchmarks/matching_dev/RUBRIC.md). Unjudged postings count as grade 0.
P@5 and MRR count a posting as relevant at grade >= 2. nDCG uses gain 2^grade - 1 and the ideal
ordering of the resume's judged postings.

Rankers: "careerpath" (the matcher's default score), "match-score.v2" / "match-fusion.v1" (one
versioned score by name) and three baselines: "bm25" (Okapi BM25 of the
resume text over title + description, rank-bm25), "embedding" (cosine of the summary embeddings
only) and "skills" (the share of a posting's weighted skills the person has, only).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.errors import InputError

RELEVANT_FROM = 2
RANKERS = ("careerpath", "bm25", "embedding", "skills")  # the default set; a versioned matcher may be asked for too
DEPTH = 50
_TOKEN = re.compile(r"[a-z0-9+#]+")


@dataclass(frozen=True)
class RankingScores:
    ranker: str
    n: int
    ndcg_at_10: float
    p_at_5: float
    mrr: float
    ci: Mapping[str, tuple[float, float]]
    per_resume: Mapping[str, Mapping[str, float]]


def read_judgments(path: Path) -> dict[Path, dict[str, int]]:
    """Resume path -> {posting id -> grade}; InputError naming the line for a malformed one."""
    if not path.is_file():
        raise InputError(f"Judgments file {path} does not exist.")
    out: dict[Path, dict[str, int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            resume, posting, grade = str(row["resume"]), str(row["posting_id"]), int(row["grade"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: expected {{resume, posting_id, grade}}: {exc}") from None
        if not 0 <= grade <= 3:
            raise InputError(f"{path}:{number}: grade must be 0-3, not {grade}.")
        resume_path = Path(resume) if Path(resume).is_absolute() else path.parent / resume
        out.setdefault(resume_path, {})[posting] = grade
    if not out:
        raise InputError(f"Judgments file {path} has no judgments.")
    return out


def dcg(gains: Sequence[float]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(p, 0) for p in ranked[:k]]) / ideal if ideal > 0 else 0.0


def precision_at(ranked: Sequence[str], grades: Mapping[str, int], k: int = 5) -> float:
    return sum(1 for p in ranked[:k] if grades.get(p, 0) >= RELEVANT_FROM) / k


def reciprocal_rank(ranked: Sequence[str], grades: Mapping[str, int]) -> float:
    for i, posting in enumerate(ranked, 1):
        if grades.get(posting, 0) >= RELEVANT_FROM:
            return 1.0 / i
    return 0.0


def bootstrap_ci(values: Sequence[float], *, rounds: int = 2000, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean, resampling resumes."""
    data = np.asarray(values, dtype=float)
    if len(data) == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(rounds, len(data)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def score_rankings(
    ranker: str, rankings: Mapping[Path, Sequence[str]], judged: Mapping[Path, Mapping[str, int]]
) -> RankingScores:
    per: dict[str, dict[str, float]] = {}
    for resume, grades in judged.items():
        ranked = rankings.get(resume, [])
        per[resume.name] = {
            "ndcg@10": ndcg_at(ranked, grades),
            "p@5": precision_at(ranked, grades),
            "mrr": reciprocal_rank(ranked, grades),
        }

    def column(name: str) -> list[float]:
        return [row[name] for row in per.values()]

    return RankingScores(
        ranker,
        len(per),
        float(np.mean(column("ndcg@10"))),
        float(np.mean(column("p@5"))),
        float(np.mean(column("mrr"))),
        {name: bootstrap_ci(column(name)) for name in ("ndcg@10", "p@5", "mrr")},
        per,
    )


class Rankers:
    """The final ranking and the baselines over one store, for one resume at a time."""

    def __init__(self, matcher: Any, store: Any, store_path: Path) -> None:
        from careerpath.jobs.store_adapter import iter_store_postings

        self.matcher, self.store, self.store_path = matcher, store, store_path
        self.index, _, _ = matcher.index(store, store_path)
        self._texts: dict[str, str] | None = None
        self._bm25: Any = None
        self._iter = iter_store_postings

    def collapse(self, ranked: Sequence[str]) -> list[str]:
        """Keep the first posting of each near-duplicate group (same normalised title and company), as
        ``careerpath match`` shows them, so that no ranker is rewarded or punished for repeats."""
        seen: set[int] = set()
        out: list[str] = []
        for posting in ranked:
            row = self.index.row_of(posting)
            key = int(self.index.dup[row]) if row is not None else hash(posting)
            if key not in seen:
                seen.add(key)
                out.append(posting)
        return out

    def rank(self, ranker: str, resume: Path) -> list[str]:
        from careerpath.jobs.matching import MATCHERS

        method: dict[str, Callable[[Path], list[str]]] = {
            "careerpath": self.careerpath,
            "bm25": self.bm25,
            "embedding": self.embedding,
            "skills": self.skills,
        }
        for name in MATCHERS:
            method[name] = functools.partial(self.careerpath, matcher=name)
        if ranker not in method:
            raise InputError(f"Unknown ranker {ranker!r}; use one of: {', '.join(method)}.")
        return self.collapse(method[ranker](resume))[:DEPTH]

    def careerpath(self, resume: Path, matcher: str | None = None) -> list[str]:
        from careerpath.jobs.matching import MATCHER_NAME

        run = self.matcher.match(resume, self.store, self.store_path, top=DEPTH, matcher=matcher or MATCHER_NAME)
        out: list[str] = []
        for result in run.results:
            out += [result.posting_id, *result.duplicates]
        return out

    def _person(self, resume: Path) -> Any:
        return self.matcher.person(resume, encoder=self.matcher.encoder(self.index.encoder_name))

    def embedding(self, resume: Path) -> list[str]:
        rows, _ = self.index.exact_search(self._person(resume).vector, DEPTH * 20)
        return [str(self.index.ids[r]) for r in rows]

    def skills(self, resume: Path) -> list[str]:
        from careerpath.jobs.matching import _quick_coverage
        from careerpath.plans.learning import known_skills

        have = known_skills(self._person(resume).candidate, self.matcher.nav.taxonomy)
        scores = [(_quick_coverage(self.index, row, have), str(self.index.ids[row])) for row in range(len(self.index))]
        scores.sort(key=lambda pair: (-pair[0], pair[1]))
        return [pid for _, pid in scores[: DEPTH * 20]]

    def bm25(self, resume: Path) -> list[str]:
        try:
            from rank_bm25 import BM25Okapi
        except ImportError as error:
            from careerpath.errors import BackendUnavailable

            raise BackendUnavailable("The BM25 baseline needs rank-bm25: pip install 'careerpath[match]'.") from error

        if self._bm25 is None:
            self._texts = {p.posting_id: f"{p.title}\n{p.description}" for p in self._iter(self.store)}
            self._ids = list(self._texts)
            self._bm25 = BM25Okapi([_TOKEN.findall(t.lower()) for t in self._texts.values()])
        query = _TOKEN.findall(self.matcher.nav.read_profile(resume).document.text.lower())
        scores = self._bm25.get_scores(query)
        order = np.argsort(-scores, kind="stable")[: DEPTH * 20]
        return [self._ids[i] for i in order]


def paired_bootstrap_ci(
    values: Sequence[float], others: Sequence[float], *, rounds: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """95% percentile bootstrap interval of mean(values - others), resampling resumes (paired: the same
    resumes for both rankers in every round)."""
    diff = np.asarray(values, dtype=float) - np.asarray(others, dtype=float)
    return bootstrap_ci(diff.tolist(), rounds=rounds, seed=seed)
