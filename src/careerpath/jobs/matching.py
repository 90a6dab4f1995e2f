"""Rank the postings of a match index for one person, and explain each result.

Score parts (``score_columns``), each per candidate posting:

    requirement fit   the posting's skills and gates as ``fit_posting`` scores them, pulled towards 0.5
                      when the posting states little (``shrunk_fit``, k = 8)
    similarity        cosine of the person's and the posting's summary embeddings (>= 0)
    role fit          the person's fit to the posting's catalogue role, relative to their best role
    seniority fit     1 same level, 0.6 one apart, 0.2 two apart, else 0
    lexical / okapi   BM25 of the resume text against the posting, relative to the best candidate
                      (match-score.v2's formulation / rank-bm25's, the BM25 baseline's)

match-score.v2 (MATCHER_NAME, the default) is a weighted mean of the parts, weights 0.3 : 0.4 : 0.1 :
0.2 : 0.6 (fit, similarity, role, seniority, lexical). match-fusion.v1 (opt-in) ranks by a linear
fusion of per-query features of the parts (``careerpath.jobs.fusion``: raw parts, z-scores and
reciprocal ranks within the query) whose weights were chosen by leave-one-resume-out cross-validation
on the development set; on held-out resumes it ranked below v2. docs/evaluation.md has both against
the baselines.

A query is index look-ups plus re-ranking a short list: the filters become a mask over the index
columns; the nearest postings by embedding (ANN), the postings sharing the person's skills (inverted
index) and, while a scan is cheap, the best by BM25 form the candidates, which get the full score.
Postings with the same normalised title and company collapse into the best one. The final results
are read again from the store to explain them with evidence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from careerpath.errors import InputError
from careerpath.jobs.csr import csr_gather
from careerpath.jobs.fit import PostingFit, RequirementScorer
from careerpath.jobs.fusion import FUSION_NAME, bundled_fusion
from careerpath.jobs.index import EXACT_BELOW, KIND_REQUIRED, MatchIndex
from careerpath.jobs.lexical import K1, OKAPI_EPSILON, OKAPI_K1, bm25_scores, mean_idf, query_weights
from careerpath.market.postings import JobPosting
from careerpath.plans.learning import known_skills
from careerpath.roles.candidate import DEGREE_RANK, Candidate
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.fit import REQUIRED_SHARE, FitScore
from careerpath.skills.taxonomy import Taxonomy

V2_NAME = "match-score.v2"
MATCHER_NAME = V2_NAME  # the default score (match-fusion.v1 did not beat it on held-out resumes)
MATCHERS = (MATCHER_NAME, FUSION_NAME)
# match-score.v2: chosen on the judged development set (benchmarks/matching_dev/tune.py; v1 was
# 0.55/0.25/0.10/0.10 with no lexical part and no shrinkage, fixed before judging). docs/evaluation.md
# gives both, and the cross-validated figure of choosing weights this way.
W_FIT, W_SIMILARITY, W_ROLE, W_SENIORITY, W_LEXICAL = 0.3, 0.4, 0.1, 0.2, 0.6
EVIDENCE_K = 8.0
UNKNOWN_ROLE_FIT = 0.3  # a posting whose title names no catalogue role
UNKNOWN_SENIORITY_FIT = 0.6  # the resume gives no dates
SENIORITY_FIT_BY_STEPS = (1.0, 0.6, 0.2)
ANN_CANDIDATES = 300
SKILL_CANDIDATES = 300
LEXICAL_CANDIDATES = 300
COLLAPSE_SCAN = 10  # results looked at per result shown, to gather near-duplicates
SHORT_LIST = 2_000  # candidates scored in full at most (ANN + skills + BM25 give ~300-900)


@dataclass(frozen=True)
class Person:
    """A person as the matcher sees them: the fit model's candidate, role fits and a summary embedding."""

    candidate: Candidate
    label: str
    summary: str
    vector: np.ndarray
    role_fits: Mapping[str, float]  # role id -> fit relative to the person's best role, in [0, 1]
    resume_text: str = ""
    location: str | None = None


@dataclass(frozen=True)
class MatchFilters:
    role_id: str | None = None
    location: str | None = None
    remote: bool = False
    min_salary: float | None = None
    posted_since: date | None = None


NO_FILTERS = MatchFilters()


@dataclass(frozen=True)
class ScoreWeights:
    """The weights of the match score; ``evidence_k`` is how much requirement weight a posting must
    state before its requirement fit counts fully (see ``shrunk_fit``)."""

    fit: float = W_FIT
    similarity: float = W_SIMILARITY
    role: float = W_ROLE
    seniority: float = W_SENIORITY
    evidence_k: float = EVIDENCE_K
    lexical: float = W_LEXICAL

    def combine(self, columns: Mapping[str, np.ndarray]) -> np.ndarray:
        """The weighted mean of the part columns (``fit`` as given: shrink it first)."""
        total = self.fit + self.similarity + self.role + self.seniority + self.lexical
        return (
            self.fit * columns["fit"]
            + self.similarity * columns["similarity"]
            + self.role * columns["role"]
            + self.seniority * columns["seniority"]
            + self.lexical * columns["lexical"]
        ) / max(total, 1e-9)


DEFAULT_WEIGHTS = ScoreWeights()


def shrunk_fit(fit: float, requirement_weight: float, k: float) -> float:
    """The requirement fit pulled towards 0.5 when the posting states little: a posting asking for one
    skill the person has is weak evidence of a match, not a perfect one."""
    if k <= 0:
        return fit
    return (requirement_weight * fit + k * 0.5) / (requirement_weight + k)


@dataclass(frozen=True)
class ScoreParts:
    requirement_fit: float  # already shrunk (see ``shrunk_fit``)
    similarity: float
    role_fit: float
    seniority_fit: float
    requirement_weight: float = 0.0  # the summed weight of the requirements the fit is over
    lexical: float = 0.0  # BM25 of the resume text against the posting, relative to the best candidate

    def weighted(self, weights: ScoreWeights = DEFAULT_WEIGHTS) -> float:
        total = weights.fit + weights.similarity + weights.role + weights.seniority + weights.lexical
        return (
            weights.fit * self.requirement_fit
            + weights.similarity * self.similarity
            + weights.role * self.role_fit
            + weights.seniority * self.seniority_fit
            + weights.lexical * self.lexical
        ) / max(total, 1e-9)

    @property
    def total(self) -> float:
        return self.weighted(DEFAULT_WEIGHTS)


@dataclass(frozen=True)
class MatchResult:
    posting_id: str
    score: float
    parts: ScoreParts
    fit: PostingFit | None = None
    duplicates: tuple[str, ...] = ()
    posting: JobPosting | None = None  # the stored posting, once read for explanation


@dataclass(frozen=True)
class MatchRun:
    results: tuple[MatchResult, ...]
    considered: int  # postings left after the filters
    candidates: int  # postings scored in full
    similarity: str  # the encoder name
    semantic: bool
    notes: tuple[str, ...] = field(default_factory=tuple)
    matcher: str = MATCHER_NAME  # the score the results are ranked by


def relative_role_fits(fits: Sequence[FitScore]) -> dict[str, float]:
    best = max((f.score for f in fits), default=0.0)
    return {f.role_id: (f.score / best if best > 0 else 0.0) for f in fits}


def seniority_of_years(years: float | None) -> int | None:
    """The seniority level (index into SENIORITY_ORDER) a number of years suggests."""
    if years is None:
        return None
    for level, upto in ((1, 2.0), (2, 5.0), (3, 9.0), (4, 14.0)):
        if years < upto:
            return level
    return 5


def seniority_fit(person_level: int | None, posting_level: int) -> float:
    if person_level is None:
        return UNKNOWN_SENIORITY_FIT
    steps = abs(person_level - posting_level)
    return SENIORITY_FIT_BY_STEPS[steps] if steps < len(SENIORITY_FIT_BY_STEPS) else 0.0


def filter_mask(index: MatchIndex, filters: MatchFilters) -> np.ndarray:
    mask = np.ones(len(index), dtype=bool)
    if filters.role_id:
        mask &= index.role == filters.role_id
    if filters.remote:
        mask &= index.remote == 1
    if filters.location:
        # A remote posting is open from anywhere, so --location keeps it unless --remote narrows further.
        mask &= index.location_mask(filters.location) | (index.remote == 1)
    if filters.min_salary is not None:
        mask &= np.nan_to_num(index.salary, nan=-1.0) >= filters.min_salary
    if filters.posted_since is not None:
        mask &= index.posted >= filters.posted_since.toordinal()
    return mask


def requirement_fits(index: MatchIndex, rows: np.ndarray, scorer: RequirementScorer) -> tuple[np.ndarray, np.ndarray]:
    """``RequirementScorer.score`` of each posting in ``rows`` at once, and the requirement weight it is over.

    Each skill's credit is looked up once; coverages are sums over the index's skill arrays.
    """
    if len(rows) == 0:
        return np.zeros(0), np.zeros(0)
    owner, flat = csr_gather(index.indptr, rows)
    skill = index.skill_idx[flat]
    used = np.unique(skill)
    credit_of = np.zeros(len(index.skill_vocab), dtype=np.float64)
    known = np.zeros(len(index.skill_vocab), dtype=bool)
    for i in used.tolist():
        skill_id = index.skill_vocab[i]
        if skill_id in scorer.taxonomy:
            known[i] = True
            credit_of[i] = scorer.credit(skill_id)
    weight = index.skill_weight[flat].astype(np.float64) * known[skill]
    credit = credit_of[skill]
    required = index.skill_kind[flat] == KIND_REQUIRED
    n = len(rows)
    req_w = np.bincount(owner, weights=weight * required, minlength=n)
    nice_w = np.bincount(owner, weights=weight * ~required, minlength=n)
    req_cov = np.divide(np.bincount(owner, weights=weight * credit * required, minlength=n), req_w,
                        out=np.zeros(n), where=req_w > 0)  # fmt: skip
    nice_cov = np.divide(np.bincount(owner, weights=weight * credit * ~required, minlength=n), nice_w,
                         out=np.zeros(n), where=nice_w > 0)  # fmt: skip
    base = REQUIRED_SHARE * req_cov + (1 - REQUIRED_SHARE) * np.where(nice_w > 0, nice_cov, req_cov)
    degrees = {rank: name for name, rank in DEGREE_RANK.items()}
    gates = np.array(
        [
            scorer.gate_factor(None if math.isnan(y) else float(y), degrees.get(int(d)))
            for y, d in zip(index.min_years[rows].tolist(), index.degree[rows].tolist(), strict=True)
        ]
    )
    return np.clip(base * gates, 0.0, 1.0), req_w + nice_w


def _skill_candidates(index: MatchIndex, have: set[str], mask: np.ndarray, limit: int) -> np.ndarray:
    """Postings asking for most of the person's skills, rarer skills counting more (inverted index)."""
    votes = np.zeros(len(index), dtype=np.float32)
    n = max(len(index), 1)
    for skill_id in have:
        rows = index.postings_of(skill_id)
        if len(rows):
            votes[rows] += math.log(1 + n / len(rows))
    votes[~mask] = 0
    hit = np.flatnonzero(votes)
    if len(hit) > limit:
        hit = hit[np.argpartition(-votes[hit], limit - 1)[:limit]]
    return hit


def _quick_coverage(index: MatchIndex, row: int, have: set[str]) -> float:
    skills = index.skills_of(row)
    total = sum(w * (1.0 if k == KIND_REQUIRED else 0.25) for _, w, k in skills)
    if total == 0:
        return 0.0
    return sum(w * (1.0 if k == KIND_REQUIRED else 0.25) for s, w, k in skills if s in have) / total


def rank_index(
    person: Person,
    index: MatchIndex,
    taxonomy: Taxonomy,
    roles: RoleCatalogue,
    filters: MatchFilters = NO_FILTERS,
    *,
    top: int = 10,
    short_list: int = SHORT_LIST,
    weights: ScoreWeights = DEFAULT_WEIGHTS,
    matcher: str = MATCHER_NAME,
) -> MatchRun:
    """Return the best ``top`` postings for ``person`` by ``matcher`` (one of MATCHERS; ``weights`` are
    match-score.v2's) — scores only; ``JobMatcher.match`` explains them with evidence."""
    if matcher not in MATCHERS:
        raise InputError(f"Unknown matcher {matcher!r}; use one of: {', '.join(MATCHERS)}.")
    if len(index) == 0:
        raise InputError("The market store has no postings to match. Run `careerpath market ingest FILE` first.")
    mask = filter_mask(index, filters)
    considered = int(mask.sum())
    if considered == 0:
        raise InputError(
            "No postings are left after the filters; loosen --role, --location, --min-salary or --posted-since."
        )
    rows, sims = candidate_rows(person, index, taxonomy, mask)
    row_list = rows[:short_list]
    columns = score_columns(person, index, row_list, sims, taxonomy)
    shown = columns | {"fit": shrunk_fits(columns["fit"], columns["stated"], weights.evidence_k)}
    if matcher == V2_NAME:
        totals = weights.combine(shown)
        ranking = np.round(totals, 4)
    else:
        fusion = bundled_fusion()
        ranking = np.round(fusion.score(columns), 6)
        totals = fusion.squash(ranking)
    ids = [str(index.ids[r]) for r in row_list]
    order = sorted(range(len(row_list)), key=lambda i: (-float(ranking[i]), ids[i]))

    def result(i: int) -> MatchResult:
        parts = ScoreParts(
            round(float(shown["fit"][i]), 4),
            round(float(columns["similarity"][i]), 4),
            round(float(columns["role"][i]), 4),
            float(columns["seniority"][i]),
            round(float(columns["stated"][i]), 3),
            round(float(columns["lexical"][i]), 4),
        )
        return MatchResult(ids[i], round(float(totals[i]), 4), parts)

    # Explanations and duplicate lists only for the head of the ranking (a query needs ``top``).
    head = [result(i) for i in order[: max(top * COLLAPSE_SCAN, top)]]
    results = collapse_duplicates(head, index)[:top]
    return MatchRun(
        tuple(results),
        considered,
        len(row_list),
        index.encoder_name,
        not index.encoder_name.startswith("hashing-"),
        matcher=matcher,
    )


def candidate_rows(
    person: Person, index: MatchIndex, taxonomy: Taxonomy, mask: np.ndarray
) -> tuple[list[int], dict[int, float]]:
    """The rows worth scoring in full (ANN ∪ inverted skill index ∪ BM25), and each one's cosine to the person."""
    have = known_skills(person.candidate, taxonomy)
    ann_rows, ann_sims = index.search(person.vector, ANN_CANDIDATES, mask)
    sims = dict(zip(ann_rows.tolist(), ann_sims.tolist(), strict=True))
    skill_rows = _skill_candidates(index, have, mask, SKILL_CANDIDATES)
    rows = sorted(set(sims) | set(skill_rows.tolist()) | set(_lexical_candidates(index, person, mask)))
    missing_sims = [r for r in rows if r not in sims]
    if missing_sims:
        extra = np.asarray(index.vectors[missing_sims], dtype=np.float32) @ person.vector
        sims.update(zip(missing_sims, extra.tolist(), strict=True))
    return rows, sims


def score_columns(
    person: Person, index: MatchIndex, rows: Sequence[int], sims: Mapping[int, float], taxonomy: Taxonomy
) -> dict[str, np.ndarray]:
    """The score parts of each candidate row, as columns: ``fit`` (requirement fit, not shrunk), ``stated``
    (the requirement weight the fit is over), ``similarity``, ``role``, ``seniority``, ``lexical`` (BM25 as
    match-score.v2 has it) and ``okapi`` (BM25 as rank-bm25 and the baseline compute it)."""
    row_list = list(rows)
    fits, stated = requirement_fits(
        index, np.asarray(row_list, dtype=np.int64), RequirementScorer(person.candidate, taxonomy)
    )
    person_level = seniority_of_years(person.candidate.years_experience)
    lexical = _lexical(index, person, row_list)
    okapi = _lexical(index, person, row_list, okapi=True)
    return {
        "fit": fits,
        "stated": stated,
        "similarity": np.array([max(0.0, sims[r]) for r in row_list], dtype=np.float64),
        "role": np.array([_role_fit(person, str(index.role[r])) for r in row_list], dtype=np.float64),
        "seniority": np.array(
            [seniority_fit(person_level, int(index.seniority[r])) for r in row_list], dtype=np.float64
        ),
        "lexical": np.array([lexical[r] for r in row_list], dtype=np.float64),
        "okapi": np.array([okapi[r] for r in row_list], dtype=np.float64),
    }


def shrunk_fits(fits: np.ndarray, stated: np.ndarray, k: float) -> np.ndarray:
    """``shrunk_fit`` over columns."""
    return fits if k <= 0 else (stated * fits + k * 0.5) / (stated + k)


def _lexical_candidates(index: MatchIndex, person: Person, mask: np.ndarray) -> list[int]:
    """The best postings by BM25, scanning them all while that is cheap (no term index is kept)."""
    allowed = np.flatnonzero(mask)
    if len(allowed) > EXACT_BELOW:
        return []
    weights = query_weights(person.resume_text or person.summary, index.df, len(index))
    scores = bm25_scores(allowed, index.lex_indptr, index.lex_term, index.lex_tf, index.doc_len, weights)
    keep = min(LEXICAL_CANDIDATES, len(allowed))
    if keep == 0:
        return []
    return allowed[np.argpartition(-scores, keep - 1)[:keep]].tolist()


def _lexical(index: MatchIndex, person: Person, rows: list[int], *, okapi: bool = False) -> dict[int, float]:
    """BM25 of the person's text against each candidate, divided by the best candidate's; ``okapi``: in
    rank-bm25's formulation (k1 1.5, common terms at a share of the mean idf), the BM25 baseline's."""
    text = person.resume_text or person.summary
    common = mean_idf(index.df, len(index)) * OKAPI_EPSILON if okapi else None
    weights = query_weights(text, index.df, len(index), common_idf=common)
    array = np.asarray(rows, dtype=np.int64)
    scores = bm25_scores(
        array, index.lex_indptr, index.lex_term, index.lex_tf, index.doc_len, weights, OKAPI_K1 if okapi else K1
    )
    top = float(scores.max()) if len(scores) else 0.0
    return {row: (float(v) / top if top > 0 else 0.0) for row, v in zip(rows, scores.tolist(), strict=True)}


def _role_fit(person: Person, role_id: str) -> float:
    return person.role_fits.get(role_id, UNKNOWN_ROLE_FIT) if role_id else UNKNOWN_ROLE_FIT


def collapse_duplicates(results: Sequence[MatchResult], index: MatchIndex) -> list[MatchResult]:
    """Keep the best result per near-duplicate key; the others are listed under it."""
    kept: dict[int, int] = {}
    out: list[MatchResult] = []
    for result in results:
        row = index.row_of(result.posting_id)
        key = int(index.dup[row]) if row is not None else hash(result.posting_id)
        if key in kept:
            first = out[kept[key]]
            out[kept[key]] = MatchResult(
                first.posting_id, first.score, first.parts, first.fit, (*first.duplicates, result.posting_id)
            )
            continue
        kept[key] = len(out)
        out.append(result)
    return out
