"""Choose how to fuse the match-score parts, by leave-one-resume-out cross-validation (nested).

Every judged resume's candidates (the matcher's own retrieval: ANN ∪ skills ∪ BM25) are scored once into
part columns (``careerpath.jobs.matching.score_columns``). Each fusion *configuration* (a model family and
its hyper-parameters) is a function from the other resumes' judgments to a scorer. Nested LORO:
for each held-out resume, every configuration is scored by an inner leave-one-out over the remaining
resumes, the best is retrained on all of them and ranks the held-out resume. The mean of those held-out
nDCG@10 is the figure a new resume can expect from *the whole procedure*, selection included.
It is compared with the baselines of ``careerpath eval matching`` on the same resumes (paired bootstrap).

    python benchmarks/matching_dev/fusion_cv.py /tmp/match_dev/market.duckdb [judgments.jsonl ...]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
Scorer = Callable[["Query"], np.ndarray]  # a query's candidates -> their scores
MAX_PAIRS = 4000  # preference pairs sampled per resume for the pairwise models


@dataclass
class Query:
    resume: Path
    ids: list[str]
    x: np.ndarray  # candidates x features
    grades: dict[str, int]
    keyed: list[int]  # near-duplicate key per candidate
    columns: dict[str, np.ndarray]  # the score parts the features come from

    def judged(self, unjudged: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The judged candidates' features and grades; with ``unjudged``, every candidate, the unjudged ones
        at grade 0 (as the evaluation counts them)."""
        rows = [i for i, pid in enumerate(self.ids) if unjudged or pid in self.grades]
        return self.x[rows], np.array([self.grades.get(self.ids[i], 0) for i in rows], dtype=float)


def ranked_ids(query: Query, scores: np.ndarray) -> list[str]:
    order = sorted(range(len(query.ids)), key=lambda i: (-round(float(scores[i]), 6), query.ids[i]))
    seen: set[int] = set()
    ranked: list[str] = []
    for i in order:
        if query.keyed[i] not in seen:
            seen.add(query.keyed[i])
            ranked.append(query.ids[i])
    return ranked


def ndcg_of(query: Query, scores: np.ndarray) -> float:
    from careerpath.evaluation.matching import ndcg_at

    return ndcg_at(ranked_ids(query, scores), query.grades)


def condensed_ndcg_of(query: Query, scores: np.ndarray) -> float:
    """nDCG@10 of the ranking with the unjudged postings left out (Sakai's condensed list): no ranker is
    punished for postings nobody judged."""
    from careerpath.evaluation.matching import ndcg_at

    return ndcg_at([pid for pid in ranked_ids(query, scores) if pid in query.grades], query.grades)


def judged_at_10(query: Query, scores: np.ndarray) -> float:
    """The share of the top 10 that is judged: below 1, unjudged postings count as 0 (pool bias)."""
    return sum(pid in query.grades for pid in ranked_ids(query, scores)[:10]) / 10


def cv_judged(queries: list[Query], train: Callable[[list[Query]], Scorer]) -> tuple[float, float]:
    """LORO judged@10 and condensed nDCG@10."""
    held = [(q, train([o for o in queries if o is not q])(q)) for q in queries]
    return (
        float(np.mean([judged_at_10(q, s) for q, s in held])),
        float(np.mean([condensed_ndcg_of(q, s) for q, s in held])),
    )


# --- model families -------------------------------------------------------------------------------
class Linear:
    """A linear scorer: what match-score.v3 ships (its weights are data, no learning library at run time)."""

    def __init__(self, weights: Sequence[float], bias: float = 0.0) -> None:
        self.weights = np.asarray(weights, dtype=float)
        self.bias = bias  # centres the shown score, squash(w . f + bias); the ranking ignores it

    def __call__(self, query: Query) -> np.ndarray:
        return query.x @ self.weights


Trainer = Callable[[list[Query]], Scorer]


def fixed(weights: Sequence[float]) -> Trainer:
    return lambda _train: Linear(weights)


def logistic(c: float, pairwise: bool, unjudged: bool = False) -> Trainer:
    from sklearn.linear_model import LogisticRegression

    def train(queries: list[Query]) -> Scorer:
        xs, ys = [], []
        rng = np.random.default_rng(0)
        for q in queries:
            x, y = q.judged(unjudged)
            if pairwise:
                i, j = np.nonzero(y[:, None] > y[None, :])
                if len(i) > MAX_PAIRS:
                    keep = rng.choice(len(i), MAX_PAIRS, replace=False)
                    i, j = i[keep], j[keep]
                if len(i) == 0:
                    continue
                diff = x[i] - x[j]
                xs += [diff, -diff]
                ys += [np.ones(len(i)), np.zeros(len(i))]
            else:
                xs.append(x)
                ys.append((y >= 2).astype(float))
        model = LogisticRegression(C=c, fit_intercept=not pairwise, max_iter=2000)
        model.fit(np.vstack(xs), np.concatenate(ys))
        return Linear(model.coef_[0], float(model.intercept_[0]) if not pairwise else 0.0)

    return train


def ridge(alpha: float, unjudged: bool = False) -> Trainer:
    from sklearn.linear_model import Ridge

    def train(queries: list[Query]) -> Scorer:
        pairs = [q.judged(unjudged) for q in queries]
        model = Ridge(alpha=alpha).fit(np.vstack([x for x, _ in pairs]), np.concatenate([y for _, y in pairs]))
        return Linear(model.coef_, float(model.intercept_) - 1.5)  # grade 1.5 (between 1 and 2) shows as 0.5

    return train


def boosted(depth: int, rounds: int, unjudged: bool = False) -> Trainer:
    from sklearn.ensemble import HistGradientBoostingRegressor

    def train(queries: list[Query]) -> Scorer:
        pairs = [q.judged(unjudged) for q in queries]
        model = HistGradientBoostingRegressor(max_depth=depth, max_iter=rounds, learning_rate=0.1, random_state=0)
        model.fit(np.vstack([x for x, _ in pairs]), np.concatenate([y for _, y in pairs]))
        return lambda query: model.predict(query.x)

    return train


V2_GRID = {  # the grid match-score.v2's weights were chosen from (tune.py)
    "fit": (0.2, 0.3, 0.4, 0.55),
    "similarity": (0.25, 0.4, 0.55, 0.7),
    "role": (0.0, 0.1, 0.2),
    "seniority": (0.0, 0.1, 0.2),
    "evidence_k": (0.0, 2.0, 4.0, 8.0),
    "lexical": (0.0, 0.2, 0.4, 0.6),
}


def v2_grid() -> Trainer:
    """match-score.v2's procedure: the weighted mean of its five parts, the weights picked from V2_GRID
    as the best mean nDCG@10 on the training resumes (each setting's nDCG per resume is computed once)."""
    import itertools

    from careerpath.jobs.matching import ScoreWeights, shrunk_fits

    settings = [ScoreWeights(*values) for values in itertools.product(*V2_GRID.values())]
    memo: dict[tuple[int, str], float] = {}

    def ndcg(i: int, q: Query) -> float:
        key = (i, q.resume.name)
        if key not in memo:
            w = settings[i]
            c = q.columns | {"fit": shrunk_fits(q.columns["fit"], q.columns["stated"], w.evidence_k)}
            memo[key] = ndcg_of(q, w.combine(c))
        return memo[key]

    def train(queries: list[Query]) -> Scorer:
        best = max(range(len(settings)), key=lambda i: (float(np.mean([ndcg(i, q) for q in queries])), -i))
        w = settings[best]
        return lambda query: w.combine(
            query.columns | {"fit": shrunk_fits(query.columns["fit"], query.columns["stated"], w.evidence_k)}
        )

    return train


def configurations(names: Sequence[str], *, shippable: bool = True) -> dict[str, Trainer]:
    """The fusions the nested selection chooses from (linear: their weights ship as data); with
    ``shippable=False`` also those reported only (boosted trees)."""
    one = lambda name: [1.0 if n == name else 0.0 for n in names]  # noqa: E731
    out: dict[str, Trainer] = {
        "BM25 (v2 formulation) only": fixed(one("lexical")),
        "BM25 (Okapi, as the baseline) only": fixed(one("okapi")),
        "similarity only": fixed(one("similarity")),
        "RRF Okapi+similarity (k=60, no learning)": fixed(
            [1.0 if n in ("rr_okapi", "rr_similarity") else 0.0 for n in names]
        ),
        "match-score.v2 weighted mean, weights from its grid": v2_grid(),
    }
    for unjudged in (False, True):
        tag = "judged + unjudged as 0" if unjudged else "judged only"
        for c in (0.01, 0.1, 1.0):
            out[f"logistic pointwise C={c}, {tag}"] = logistic(c, False, unjudged)
            out[f"logistic pairwise C={c}, {tag}"] = logistic(c, True, unjudged)
        out[f"ridge on grade alpha=10, {tag}"] = ridge(10.0, unjudged)
        if not shippable:
            out[f"boosted trees depth=2 x60, {tag}"] = boosted(2, 60, unjudged)
    return out


def cv(queries: list[Query], train: Callable[[list[Query]], Scorer]) -> list[float]:
    return [ndcg_of(q, train([o for o in queries if o is not q])(q)) for q in queries]


def nested(queries: list[Query], configs: dict[str, Callable[[list[Query]], Scorer]]) -> tuple[list[float], list[str]]:
    scores, chosen = [], []
    for q in queries:
        rest = [o for o in queries if o is not q]
        best = max(configs, key=lambda name: float(np.mean(cv(rest, configs[name]))))
        chosen.append(best)
        scores.append(ndcg_of(q, configs[best](rest)(q)))
    return scores, chosen


BASELINES = ("careerpath", "bm25", "embedding", "skills")


def collect(
    store_path: Path, judged: dict[Path, dict[str, int]]
) -> tuple[list[Query], dict[str, dict[Path, list[str]]]]:
    """Every judged resume's candidates as a Query, and each shipped ranker's ranking of the store (``eval
    matching``'s rankers: the matcher's default score and the three baselines)."""
    from careerpath.evaluation.matching import Rankers
    from careerpath.jobs import JobMatcher
    from careerpath.jobs.fusion import feature_matrix
    from careerpath.jobs.matching import NO_FILTERS, candidate_rows, filter_mask, score_columns
    from careerpath.navigator import Navigator
    from careerpath.settings import Settings
    from careerpath.storage.duckdb_store import DuckDBPostingStore

    nav = Navigator()
    queries: list[Query] = []
    rankings: dict[str, dict[Path, list[str]]] = {name: {} for name in BASELINES}
    with DuckDBPostingStore(store_path) as store:
        matcher = JobMatcher(nav, Settings().cache_dir / "models")
        rankers = Rankers(matcher, store, store_path)
        index = rankers.index
        mask = filter_mask(index, NO_FILTERS)
        for resume in sorted(judged):
            person = matcher.person(resume, encoder=matcher.encoder(index.encoder_name))
            rows, sims = candidate_rows(person, index, nav.taxonomy, mask)
            columns = score_columns(person, index, rows, sims, nav.taxonomy)
            ids = [str(index.ids[r]) for r in rows]
            keys = [int(index.dup[r]) for r in rows]
            queries.append(Query(resume, ids, feature_matrix(columns), judged[resume], keys, columns))
            for name in BASELINES:
                rankings[name][resume] = rankers.rank(name, resume)
    return queries, rankings


def main() -> None:
    from careerpath.evaluation.matching import bootstrap_ci, ndcg_at, paired_bootstrap_ci, read_judgments
    from careerpath.jobs.fusion import FEATURES

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    explore = "--explore" in sys.argv  # every configuration's LORO figure only, no nested selection
    ship = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--ship=")), None)  # train NAME, write it
    store_path = Path(args[0])
    files = [Path(a) for a in args[1:]] or [HERE / "judgments.jsonl"]
    judged = {k: v for f in files for k, v in read_judgments(f).items()}
    queries, rankings = collect(store_path, judged)
    write = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--write=")), None)
    if ship:
        scorer = configurations(FEATURES)[ship](queries)
        assert isinstance(scorer, Linear) and write, "--ship=NAME needs a linear configuration and --write=PATH"
        write_fusion(Path(write), scorer, ship, len(queries), None)
        print(f"wrote {write}")
        return
    baselines = {name: [ndcg_at(rankings[name][q.resume], q.grades) for q in queries] for name in BASELINES}
    condensed_base = {
        name: [ndcg_at([p for p in rankings[name][q.resume] if p in q.grades], q.grades) for q in queries]
        for name in BASELINES
    }
    print(f"{len(queries)} resumes, features {FEATURES}")
    for name, values in baselines.items():
        lo, hi = bootstrap_ci(values)
        print(
            f"baseline {name:11s} nDCG@10 {np.mean(values):.3f} [{lo:.3f}, {hi:.3f}]"
            f"  condensed {np.mean(condensed_base[name]):.3f}"
        )
    for name, train in configurations(FEATURES, shippable=False).items():
        values = cv(queries, train)
        judged_share, condensed = cv_judged(queries, train)
        print(f"LORO {name:55s} {np.mean(values):.3f}  judged@10 {judged_share:.2f}  condensed {condensed:.3f}",
              flush=True)  # fmt: skip
    if explore:
        return
    configs = configurations(FEATURES)
    scores, chosen = nested(queries, configs)
    lo, hi = bootstrap_ci(scores)
    print(f"NESTED LORO (the choice made inside each fold) nDCG@10 {np.mean(scores):.3f} [{lo:.3f}, {hi:.3f}]")
    print("chosen per held-out resume:", json.dumps(dict(zip([q.resume.name for q in queries], chosen, strict=True))))
    differences = {}
    for name in BASELINES:
        d_lo, d_hi = paired_bootstrap_ci(scores, baselines[name])
        differences[name] = [
            round(float(np.mean(scores) - np.mean(baselines[name])), 4),
            round(d_lo, 4),
            round(d_hi, 4),
        ]
        print(f"  minus {name:10s}: {differences[name][0]:+.3f} [{d_lo:+.3f}, {d_hi:+.3f}] (paired bootstrap)")
    # What ships: the same choice made on every resume, trained on all of them.
    final = max(configs, key=lambda name: float(np.mean(cv(queries, configs[name]))))
    scorer = configs[final](queries)
    in_sample = float(np.mean([ndcg_of(q, scorer(q)) for q in queries]))
    print(f"shipped: {final}, trained on all {len(queries)} resumes (in-sample nDCG@10 {in_sample:.3f}: optimistic)")
    if write and isinstance(scorer, Linear):
        write_fusion(Path(write), scorer, final, len(queries), float(np.mean(scores)))
        print(f"wrote {write}")
    print(json.dumps({
        "nested_loro_ndcg@10": round(float(np.mean(scores)), 4), "ci95": [round(lo, 4), round(hi, 4)],
        "minus_baseline": differences, "shipped": final, "in_sample_ndcg@10": round(in_sample, 4),
        "per_resume": {q.resume.name: round(s, 4) for q, s in zip(queries, scores, strict=True)},
    }))  # fmt: skip


def write_fusion(path: Path, scorer: Linear, chosen: str, resumes: int, nested_ndcg: float | None) -> None:
    """The shipped fusion as data (``careerpath.jobs.fusion.read_fusion`` reads and validates it)."""
    import yaml

    from careerpath.jobs.fusion import FEATURES

    nested = f"; nested LORO nDCG@10 of the procedure {nested_ndcg:.3f}" if nested_ndcg is not None else ""
    document = {
        "name": "match-fusion.v1",
        "chosen_by": f"benchmarks/matching_dev/fusion_cv.py: {chosen}, trained on all {resumes} judged resumes, "
        f"the best of its configurations by leave-one-resume-out nDCG@10{nested} (docs/evaluation.md)",
        "bias": round(scorer.bias, 6),
        "features": {name: round(float(w), 6) for name, w in zip(FEATURES, scorer.weights.tolist(), strict=True)},
    }
    path.write_text(yaml.safe_dump(document, sort_keys=False, width=100), encoding="utf-8")


if __name__ == "__main__":
    main()
