"""Calibrate and measure an encoder tier of title -> role (``role-titles.v2``-``.v4``) against the rules (``.v1``).

    python scripts/calibrate_title_tier.py [--esco DIR] [--layers FILE.safetensors]
        [--design titles.v5|titles.v6|titles.v7] [--half-a-only]

``--design titles.v4`` (default) is ``role-titles.v2``: the confidence is the best candidate's score.
``--design titles.v6`` is ``role-titles.v3`` and ``--design titles.v7`` is ``role-titles.v4``: the confidence is
the title re-ranker's probability for its top candidate. ``--half-a-only`` stops after the half-A cross-validation
and pick (what may be seen before a rule that half B decides is committed).

Data (labelled by hand before the tier was run on them, tests/data/role_titles/README.md):
- ``unmapped_titles.tsv``: 126 Glassdoor/aijobs titles the rules leave without a role. Half A (even rows)
  picks the threshold: 5-fold cross-validation reports how well a threshold picked on 4/5 does on the
  last 1/5, then the threshold is picked on all of half A (the highest of equals: fewer roles guessed).
  Half B (odd rows) confirms it once.
- ``labelled_titles.tsv``: the 320 titles of ``eval role-titles``: the tier must not lower its accuracy.
Accuracy counts a title right when the role given (or none) is one of its acceptable answers; differences
are paired bootstrap intervals over titles (2,000 resamples). The tier only sees titles the rules leave
undecided (``TitleMatch.undecided``), so on every other title v1 and v2 agree by construction.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))
DATA = ROOT / "tests" / "data" / "role_titles"


def predictions(items, normalizer, guesses, threshold: float) -> list[str]:
    out = []
    for item in items:
        match = normalizer.normalize(item.title)
        guess = guesses.get(item.title)
        if match.undecided and guess is not None and guess.candidate_role and guess.score >= threshold:
            out.append(guess.candidate_role)
        else:
            out.append(match.role_id or "-")
    return out


def correct(items, predicted) -> np.ndarray:
    return np.array([p in item.expected for item, p in zip(items, predicted, strict=True)], dtype=float)


def pick_threshold(items, normalizer, guesses, grid) -> float:
    """The threshold with the best accuracy on ``items``; the highest of equals."""
    scores = [correct(items, predictions(items, normalizer, guesses, t)).mean() for t in grid]
    best = max(scores)
    return max(t for t, s in zip(grid, scores, strict=True) if s == best)


def report(name: str, items, normalizer, guesses, threshold: float) -> None:
    from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference

    rules = predictions(items, normalizer, guesses, float("inf"))
    tiered = predictions(items, normalizer, guesses, threshold)
    before, after = correct(items, rules), correct(items, tiered)
    triples = list(zip(items, rules, tiered, strict=True))
    changed = [(i.title, "|".join(sorted(i.expected)), t) for i, r, t in triples if r != t]
    gained = sum(1 for i, r, t in triples if r != t and t in i.expected)
    print(
        f"{name} (n={len(items)}): rules {bootstrap_mean(before).scaled(100)}, "
        f"with tier {bootstrap_mean(after).scaled(100)}, paired Δ {paired_difference(before, after).scaled(100)}; "
        f"tier gave {len(changed)} roles, {gained} right"
    )
    for title, expected, role in changed:
        print(f"    {title!r}: {role} (expected {expected}; {guesses[title].candidate!r} {guesses[title].score:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--layers", type=Path, help="title encoder weights (default: the design's own)")
    parser.add_argument(
        "--design",
        choices=("titles.v4", "titles.v5", "titles.v6", "titles.v7"),
        default="titles.v4",
        help="titles.v5: the title encoder blended with all-mpnet-base-v2 (mpnet.v1), noise stripped; "
        "titles.v6/v7: v4's top 50 re-ranked, confidence = the re-ranker's probability",
    )
    parser.add_argument("--half-a-only", action="store_true", help="stop after half A (no half B, no 320 titles)")
    home = Path(os.environ.get("CAREERPATH_HOME", Path.home() / ".cache" / "careerpath"))
    parser.add_argument("--cache", type=Path, default=home / "cache" / "embeddings")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()

    from careerpath.data_files import bundled_path
    from careerpath.esco import load_esco
    from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
    from careerpath.evaluation.role_titles import read_labelled_titles
    from careerpath.linking.title_roles import build_encoder_role_tier, crosswalk_problems, load_crosswalk
    from careerpath.linking.titles import TITLE_DESIGNS, title_encoder
    from careerpath.roles.catalogue import load_roles
    from careerpath.roles.titles import TitleNormalizer
    from careerpath.skills.taxonomy import load_taxonomy

    roles = list(load_roles(load_taxonomy()))
    normalizer = TitleNormalizer(roles)
    # The design's own weights unless --layers: a later default title encoder must not change what is calibrated.
    layers = args.layers or Path(bundled_path(f"models/{TITLE_DESIGNS[args.design]['own_encoder']}"))
    encoder = title_encoder(args.cache.parent / "models", layers)
    esco = load_esco(args.esco)
    problems = crosswalk_problems(load_crosswalk(), [r.id for r in roles], esco)
    if problems:
        raise SystemExit("title crosswalk: " + "; ".join(problems))
    options = {}
    if args.design == "titles.v5":
        from careerpath.linking.sentence_encoders import QUERY_ENCODERS

        v5 = TITLE_DESIGNS["titles.v5"]
        options = {
            "partner": QUERY_ENCODERS[v5["partner"]][0](args.cache.parent / "models"),
            "partner_weight": v5["partner_weight"],
            "strip_noise": v5["strip_noise"],
        }
    elif TITLE_DESIGNS[args.design].get("reranker"):
        from careerpath.linking.rerank import load_reranker, shipped_reranker_path

        options = {"reranker": load_reranker(shipped_reranker_path(TITLE_DESIGNS[args.design]["reranker"]))}
    tier = build_encoder_role_tier(
        roles, esco, threshold=float("inf"), encoder=encoder, cache_dir=args.cache, **options
    )
    print(f"encoder {tier.linker.scoring_encoder.name}; crosswalk checked against ESCO {esco.version}")
    unmapped = read_labelled_titles(DATA / "unmapped_titles.tsv")
    labelled = read_labelled_titles(DATA / "labelled_titles.tsv")
    undecided = sorted({i.title for i in unmapped + labelled if normalizer.normalize(i.title).undecided})
    guesses = dict(zip(undecided, tier.guess(undecided), strict=True))
    half_a, half_b = unmapped[0::2], unmapped[1::2]

    grid = sorted({g.score for g in guesses.values() if g.candidate_role} | {float("inf")})
    rng = np.random.default_rng(0)
    folds = np.array_split(rng.permutation(len(half_a)), args.folds)
    cv_rules, cv_tier, picked = [], [], []
    for fold in folds:
        held = set(fold.tolist())
        train = [x for i, x in enumerate(half_a) if i not in held]
        test = [x for i, x in enumerate(half_a) if i in held]
        threshold = pick_threshold(train, normalizer, guesses, grid)
        picked.append(threshold)
        cv_rules += list(correct(test, predictions(test, normalizer, guesses, float("inf"))))
        cv_tier += list(correct(test, predictions(test, normalizer, guesses, threshold)))
    print(f"half A {args.folds}-fold CV: thresholds {[round(t, 3) for t in picked]}")
    print(
        f"  rules {bootstrap_mean(cv_rules).scaled(100)}, with tier {bootstrap_mean(cv_tier).scaled(100)}, "
        f"paired Δ {paired_difference(cv_rules, cv_tier).scaled(100)} (n={len(cv_rules)})"
    )
    threshold = pick_threshold(half_a, normalizer, guesses, grid)
    print(f"threshold picked on all of half A: {threshold}")
    if args.half_a_only:
        report("half A", half_a, normalizer, guesses, threshold)
        for value in sorted(set(picked) - {threshold, float("inf")}):
            print(f"-- threshold {value} (a fold's pick, for information)")
            report("half A", half_a, normalizer, guesses, value)
        return
    finite = sorted(t for t in picked if t != float("inf"))
    shown = [(threshold, "picked")]
    if threshold == float("inf") and finite:  # what the tier would have done, for the record only
        shown.append((finite[0], "lowest threshold any fold picked, for information"))
    for value, why in shown:
        print(f"-- threshold {value} ({why})")
        for name, items in (("half A", half_a), ("half B", half_b), ("320 labelled", labelled)):
            report(name, items, normalizer, guesses, value)
    print("best candidate of every undecided unmapped title (score, candidate, its role):")
    for item in unmapped:
        guess = guesses.get(item.title)
        if guess is not None:
            print(f"    {guess.score:.3f} {item.title!r} -> {guess.candidate!r} ({guess.candidate_role})")


if __name__ == "__main__":
    main()
