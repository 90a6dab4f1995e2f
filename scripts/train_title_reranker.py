"""Train the title re-ranker of ``titles.v6``/``titles.v7`` on licensed O*NET titles (and ESCO labels); score it.

    nice -n 10 python scripts/train_title_reranker.py --out src/careerpath/data/models/title-reranker-v6.json
    python scripts/train_title_reranker.py --model FILE --confirm    # half B: once, after RULE-S9.md is committed
    # titles.v7 (session 10): featurise v4's top 200 once, ESCO labels as extra queries, 26 features, top 50
    nice -n 10 python scripts/train_title_reranker.py --k 200 --esco-queries 15000 --features v7+priors \
        --shortlist 50 --train onet-train,esco-loo --name title-reranker-v7 \
        --out src/careerpath/data/models/title-reranker-v7.json
    python scripts/train_title_reranker.py --k 200 --esco-queries 15000 --model FILE --against V6_FILE --confirm

Training queries (licensed only): the O*NET 29.0 alternate, short and reported titles of every O*NET occupation
that scripts/train_title_encoder.py does NOT hold out (the same seeded 15% split), each mapped to the ESCO
occupation whose label equals its O*NET occupation's title (else the most frequent exact match among its
alternate titles), exactly as that script builds its held-out silver set. Titles whose cleaned text is in the
held-out silver set are dropped. For each title, ``titles.v4`` ranks all ESCO occupations; the top ``--k`` are
the candidates, labelled 1 for the gold occupation (titles whose gold is not in the top ``--k`` carry no signal
and are left out). A HistGradientBoostingClassifier (pointwise, settings fixed below) is fitted and exported
to the skill re-ranker's JSON format (``careerpath.linking.rerank``).

``--esco-queries N`` (titles.v7) adds N ESCO alternative labels as queries for their own occupation, each scored
with that label left out of the index (``OccupationLinker.score_terms(left_out=...)``), half of them with
train_title_encoder's vacancy-style edits; their golds span every ESCO occupation, not only those an O*NET title
names.

Checks (paired bootstrap over titles, 2,000 resamples, seed 0; MRR to depth 100 as ``careerpath eval titles``):
JobBERT validation half A (even rows; selection only, never trained on), the held-out O*NET silver set, and with
``--confirm`` half B (odd rows). Features are cached under ``--work`` so a second run only refits.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from train_title_encoder import _rows, heldout_examples, noisy, onet_titles, split_onet

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
from careerpath.evaluation.readers import TitleExample, read_title_examples
from careerpath.linking.rerank import RERANKER_FORMAT, sklearn_model_as_dict
from careerpath.linking.title_rerank import (
    ALL_TITLE_FEATURES,
    OCCUPATION_FEATURES,
    SHORTLIST_FEATURES,
    TITLE_RERANK_FEATURES,
    OccupationFacts,
    narrow_shortlist,
    rerank_inputs,
)
from careerpath.linking.titles import OccupationLinker, build_occupation_linker, clean_title

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
# Fixed before the first fit (not tuned on JobBERT): small trees, strong leaf minimum, early stopping off.
HGB_SETTINGS = {
    "max_iter": 200,
    "learning_rate": 0.1,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 100,
    "l2_regularization": 1.0,
    "early_stopping": False,
    "random_state": 0,
}
DEPTH = 100  # careerpath eval titles ranks to depth 100: a gold below it scores 0
FEATURE_SETS = {
    "v6": TITLE_RERANK_FEATURES,
    "v7": TITLE_RERANK_FEATURES + SHORTLIST_FEATURES,
    "v6+priors": TITLE_RERANK_FEATURES + OCCUPATION_FEATURES,
    "v7+priors": ALL_TITLE_FEATURES,
}
# The feature caches hold every column but the occupation priors, which are looked up from the candidates on load.
CACHED_COLUMNS = len(ALL_TITLE_FEATURES) - len(OCCUPATION_FEATURES)


def training_examples(
    titles: dict, alternates: dict, reported: dict, held_out: set[str], esco: Path
) -> list[TitleExample]:
    """Alternate + reported titles of the O*NET occupations NOT held out -> ESCO by exact label (silver)."""
    by_label: dict[str, str] = {}
    for row in _rows(esco / "occupations_en.csv.gz"):
        for label in [row["preferredLabel"], *(row.get("altLabels") or "").split("\n")]:
            if label.strip():
                by_label.setdefault(clean_title(label), row["conceptUri"])
    examples = []
    for code in sorted(set(titles) - held_out):
        gold = by_label.get(clean_title(titles[code]))
        if gold is None:
            votes = Counter(by_label[c] for c in map(clean_title, alternates.get(code, [])) if c in by_label)
            gold = votes.most_common(1)[0][0] if votes else None
        if gold:
            examples += [
                TitleExample(t, gold) for t in dict.fromkeys(alternates.get(code, []) + reported.get(code, []))
            ]
    return examples


def esco_label_queries(
    linker: OccupationLinker, n: int, noisy_share: float, seed: int, exclude: set[str]
) -> tuple[list[TitleExample], list[int]]:
    """ESCO alternative labels as training titles for their own occupation, each with its label index to leave out.

    A label equal (cleaned) to another label of its occupation is skipped (leaving one copy out would leave the
    other in), and so is one whose cleaned text is in ``exclude`` (the held-out O*NET silver titles). ``n`` are
    drawn (seeded); ``noisy_share`` of them get train_title_encoder's vacancy-style edits.
    """
    rng = random.Random(seed)
    picked: list[tuple[TitleExample, int]] = []
    for owner, occupation in enumerate(linker.taxonomy.occupations):
        start = int(linker.offsets_[owner])
        cleaned = [clean_title(label) for label in occupation.all_labels]
        counts = Counter(cleaned)
        for j, label in enumerate(occupation.all_labels[1:], start=1):
            if counts[cleaned[j]] == 1 and cleaned[j] not in exclude:
                picked.append((TitleExample(label, occupation.uri), start + j))
    picked = rng.sample(picked, min(n, len(picked)))
    examples = [
        TitleExample(noisy(e.title, rng), e.occupation_uri) if rng.random() < noisy_share else e for e, _ in picked
    ]
    return examples, [entry for _, entry in picked]


def featurise(
    linker: OccupationLinker,
    facts: OccupationFacts,
    examples,
    k: int,
    cache: Path,
    left_out: list[int] | None = None,
) -> dict[str, np.ndarray]:
    """Base scores' gold ranks, candidates, features and gold positions for ``examples`` (cached as npz).

    ``left_out``: per example, a label index its scores leave out (ESCO labels as their own occupation's queries).
    """
    if cache.is_file():
        with np.load(cache) as data:
            out = {key: data[key] for key in data.files}
        priors = facts.occupation_features(out["candidates"])
        return {**out, "features": np.concatenate([out["features"], priors], axis=2)}
    index = {uri: i for i, uri in enumerate(linker.uris_)}
    parts: dict[str, list[np.ndarray]] = {"features": [], "candidates": [], "base_rank": [], "gold_at": []}
    began = time.process_time()
    for start in range(0, len(examples), 512):
        batch = examples[start : start + 512]
        own = left_out[start : start + 512] if left_out is not None else None
        texts = [linker.prepare_title(e.title) for e in batch]
        inputs = rerank_inputs(linker, facts, texts, k, own, names=ALL_TITLE_FEATURES[:CACHED_COLUMNS])
        gold = np.asarray([index.get(e.occupation_uri, -1) for e in batch])
        gold_score = inputs.base[np.arange(len(batch)), gold]
        # rank among all occupations as eval titles sorts them (ties: stable order by index)
        ahead = (inputs.base > gold_score[:, None]).sum(axis=1)
        ties = (inputs.base[:, :] == gold_score[:, None]) & (np.arange(inputs.base.shape[1]) < gold[:, None])
        parts["base_rank"].append(np.where(gold >= 0, ahead + ties.sum(axis=1), 10**6))
        parts["gold_at"].append(
            np.asarray(
                [int(np.flatnonzero(c == g)[0]) if g in c else -1 for c, g in zip(inputs.candidates, gold, strict=True)]
            )
        )
        parts["features"].append(inputs.features.astype(np.float32))
        parts["candidates"].append(inputs.candidates)
    out = {key: np.concatenate(value) for key, value in parts.items()}
    print(f"featurised {len(examples)} titles in {time.process_time() - began:.0f} CPU-s -> {cache}", flush=True)
    np.savez(cache, **out)
    return {**out, "features": np.concatenate([out["features"], facts.occupation_features(out["candidates"])], axis=2)}


def narrow(data: dict[str, np.ndarray], facts: OccupationFacts, k: int, columns: list[int]) -> dict[str, np.ndarray]:
    """Featurised data of a longer shortlist cut to its first ``k`` candidates and to the model's ``columns``."""
    if k > data["candidates"].shape[1]:
        raise SystemExit(f"--shortlist {k} is longer than the featurised shortlist ({data['candidates'].shape[1]})")
    features = narrow_shortlist(data["features"], facts.groups[data["candidates"]], k)[:, :, columns]
    gold_at = np.where(data["gold_at"] < k, data["gold_at"], -1)
    return {**data, "features": features, "candidates": data["candidates"][:, :k], "gold_at": gold_at}


def recall_at(data: dict[str, np.ndarray], ks: tuple[int, ...] = (10, 50, 100, 200)) -> dict[str, float]:
    """Share of titles whose gold is in v4's top k (the re-ranker's ceiling)."""
    return {f"recall@{k}": round(float((data["base_rank"] < k).mean()), 4) for k in ks}


def reciprocal_ranks(rank: np.ndarray) -> np.ndarray:
    return np.where(rank < DEPTH, 1.0 / (rank + 1.0), 0.0)


def reranked_ranks(data: dict[str, np.ndarray], probability: np.ndarray) -> np.ndarray:
    """0-based rank of each gold after re-ranking: its place among the candidates, else v4's (below them)."""
    order = np.argsort(np.argsort(-probability, axis=1, kind="stable"), axis=1)
    in_top = data["gold_at"] >= 0
    at = np.where(in_top, data["gold_at"], 0)
    return np.where(in_top, order[np.arange(len(at)), at], data["base_rank"])


def fit(train: dict[str, np.ndarray], settings: dict) -> object:
    """The classifier on the titles whose gold is in the shortlist; ``train["weight"]``, when present, per title."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    keep = train["gold_at"] >= 0
    x = train["features"][keep]
    n, k, f = x.shape
    y = np.zeros((n, k), dtype=np.int8)
    y[np.arange(n), train["gold_at"][keep]] = 1
    model = HistGradientBoostingClassifier(**settings)
    weight = np.repeat(train["weight"][keep], k) if "weight" in train else None
    model.fit(x.reshape(n * k, f), y.reshape(-1), sample_weight=weight)
    return model


def model_reciprocal_ranks(data: dict[str, np.ndarray], model) -> np.ndarray:
    """Reciprocal ranks of the golds after ``model`` re-ranks ``data`` (narrowed to its shortlist and features)."""
    n, k, f = data["features"].shape
    probability = model.predict_proba(data["features"].reshape(n * k, f))[:, 1].reshape(n, k)
    return reciprocal_ranks(reranked_ranks(data, probability))


def report(name: str, data: dict[str, np.ndarray], model, against: np.ndarray | None = None) -> dict[str, object]:
    """One JSON line: v4 and the re-ranked MRR, the paired difference, recall@k; with ``against`` (another re-ranker's
    reciprocal ranks on the same titles), also the paired difference to it."""
    n = len(data["base_rank"])
    base = reciprocal_ranks(data["base_rank"])
    new = model_reciprocal_ranks(data, model)
    row = {
        "set": name,
        "n": n,
        "v4": str(bootstrap_mean(base.tolist()).scaled(100)),
        "reranked": str(bootstrap_mean(new.tolist()).scaled(100)),
        "delta": str(paired_difference(base.tolist(), new.tolist()).scaled(100)),
        "delta_point": round(100 * float(new.mean() - base.mean()), 3),
        "gold_in_top_k": round(float((data["gold_at"] >= 0).mean()), 4),
        **recall_at(data),
    }
    if against is not None:
        row["against"] = str(bootstrap_mean(against.tolist()).scaled(100))
        row["delta_against"] = str(paired_difference(against.tolist(), new.tolist()).scaled(100))
        row["delta_against_point"] = round(100 * float(new.mean() - against.mean()), 3)
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--onet", type=Path, default=SHARED / "onet_29_0")
    parser.add_argument(
        "--file", type=Path, default=SHARED / "jobbert_title_normalization" / "titles_validation.csv.gz"
    )
    home = Path(os.environ.get("CAREERPATH_HOME", Path.home() / ".cache" / "careerpath"))
    parser.add_argument("--cache", type=Path, default=home / "cache" / "embeddings")
    parser.add_argument("--work", type=Path, default=Path("/tmp/title-reranker"), help="feature cache folder")
    parser.add_argument("--k", type=int, default=50, help="featurise v4's top k (cached per k)")
    parser.add_argument("--shortlist", type=int, help="re-rank the first this many of them (default: --k)")
    parser.add_argument("--features", default="v6", help=f"feature set: {', '.join(FEATURE_SETS)}")
    parser.add_argument("--name", default="title-reranker-v6", help="the model's name (written into --out)")
    parser.add_argument("--out", type=Path, help="write the fitted model here (JSON)")
    parser.add_argument("--model", type=Path, help="score this saved model instead of fitting one")
    parser.add_argument("--against", type=Path, help="also the paired difference to this saved re-ranker")
    parser.add_argument("--confirm", action="store_true", help="also score JobBERT validation half B (once)")
    parser.add_argument("--heldout-fraction", type=float, default=0.15)
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--drop", default="", help="comma-separated features to zero (development on half A)")
    parser.add_argument("--esco-queries", type=int, default=0, help="also train on this many ESCO labels (left out)")
    parser.add_argument("--train", default="onet-train", help="training sets: onet-train and/or esco-loo")
    parser.add_argument("--esco-weight", type=float, default=1.0, help="sample weight of an ESCO label query")
    parser.add_argument("--noisy-share", type=float, default=0.5, help="share of ESCO label queries made noisy")
    args = parser.parse_args()
    if args.drop and args.out:  # zeroed in training but computed at run time: such a model must not be shipped
        parser.error("--drop is for ablations on half A; it cannot be combined with --out")
    args.work.mkdir(parents=True, exist_ok=True)

    taxonomy = load_esco(args.esco)
    linker = build_occupation_linker(taxonomy, None, "titles.v4", cache_dir=args.cache)
    facts = OccupationFacts.of(linker)
    titles, alternates, reported = onet_titles(args.onet)
    held_out = split_onet(list(titles), args.heldout_fraction, args.split_seed)
    silver = heldout_examples(titles, alternates, reported, held_out, args.esco)
    silver_texts = {clean_title(e.title) for e in silver}
    train_examples = [e for e in training_examples(titles, alternates, reported, held_out, args.esco)
                      if clean_title(e.title) not in silver_texts]  # fmt: skip
    validation = read_title_examples(args.file)
    sets = {"onet-train": train_examples, "A": validation[0::2], "onet-heldout": silver}
    left_out: dict[str, list[int]] = {}
    if args.esco_queries:
        sets["esco-loo"], left_out["esco-loo"] = esco_label_queries(
            linker, args.esco_queries, args.noisy_share, args.split_seed, silver_texts
        )
    if args.confirm:
        sets["B"] = validation[1::2]
    print({name: len(items) for name, items in sets.items()}, flush=True)
    tag = f"k{args.k}-f{CACHED_COLUMNS}"
    files = {name: f"{name}-{tag}.npz" for name in sets}
    files["esco-loo"] = f"esco-loo-{args.esco_queries}-{args.noisy_share:g}-{tag}.npz"
    data = {
        name: featurise(linker, facts, items, args.k, args.work / files[name], left_out.get(name))
        for name, items in sets.items()
    }

    from careerpath.linking.rerank import load_reranker

    against: dict[str, np.ndarray] = {}
    if args.against:  # another re-ranker on the same titles (paired differences to it)
        other = load_reranker(args.against)
        columns = [ALL_TITLE_FEATURES.index(f) for f in other.feature_names]
        for name in ("A", "onet-heldout", "B"):
            if name in data:
                against[name] = model_reciprocal_ranks(narrow(data[name], facts, other.k, columns), other)
    if args.model:
        model = load_reranker(args.model)
        names, shortlist = tuple(model.feature_names), model.k
    else:
        names, shortlist = FEATURE_SETS[args.features], args.shortlist or args.k
    data = {name: narrow(part, facts, shortlist, [ALL_TITLE_FEATURES.index(f) for f in names])
            for name, part in data.items()}  # fmt: skip
    if not args.model:
        began = time.process_time()
        parts = [data[name] for name in args.train.split(",")]
        train = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
        if args.esco_weight != 1.0:
            weights = [
                np.full(len(data[n]["gold_at"]), args.esco_weight if n == "esco-loo" else 1.0)
                for n in args.train.split(",")
            ]
            train["weight"] = np.concatenate(weights)
        for name in filter(None, args.drop.split(",")):
            for part in data.values():
                part["features"][:, :, names.index(name)] = 0.0
        fitted = fit(train, HGB_SETTINGS)
        cost = time.process_time() - began
        print(f"fitted in {cost:.0f} CPU-s on {(train['gold_at'] >= 0).sum()} titles", flush=True)
        document = {
            "format": RERANKER_FORMAT,
            "version": 1,
            "name": args.name,
            "base_design": "titles.v4",
            "k": shortlist,
            "feature_names": list(names),
            "model": sklearn_model_as_dict(fitted, "hgb"),
            "provenance": {
                "script": "scripts/train_title_reranker.py",
                "training_data": "O*NET 29.0 Alternate_Titles + Sample_of_Reported_Titles of the O*NET occupations "
                f"not held out (split seed {args.split_seed}, fraction {args.heldout_fraction:g}), "
                "mapped to ESCO 1.1.1 by exact label"
                + (
                    f"; {args.esco_queries} ESCO 1.1.1 alternative labels (seed {args.split_seed}, "
                    f"{args.noisy_share:g} with vacancy-style edits) as queries for their own occupation, "
                    "that label left out of the index"
                    if "esco-loo" in args.train
                    else ""
                ),
                "training_sets": args.train,
                "esco_query_weight": args.esco_weight,
                "features_featurised_at_k": args.k,
                "training_titles": int((train["gold_at"] >= 0).sum()),
                "jobbert_used_for_training": False,
                "settings": HGB_SETTINGS,
                "dropped_features": args.drop,
            },
        }
        from careerpath.linking.rerank import reranker_from_dict

        model = reranker_from_dict(document)
        if args.out:
            args.out.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
            print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)", flush=True)
    for name in ("A", "onet-heldout", "B"):
        if name in data:
            report(name, data[name], model, against.get(name))
    if "B" in data:  # the whole validation file, paired (A and B joined)
        joined = {key: np.concatenate([data["A"][key], data["B"][key]]) for key in data["A"]}
        both = np.concatenate([against["A"], against["B"]]) if against else None
        report("A+B", joined, model, both)


if __name__ == "__main__":
    main()
