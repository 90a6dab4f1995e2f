"""Re-rank a design's top 50 ESCO skills with a learned model, judged by cross-validation grouped by sentence.

    python scripts/train_linking_reranker.py --silver DIR [--base alt-max+desc+lex] [--human NAME=FILE ...] [--json OUT]

Pool (no test split is read): every human-labelled file — Decorte TECH/HOUSE validation and every
``*_annotations.csv`` of benchmarks/linking_dev (dev, confirmation, dev2), plus any ``--human NAME=FILE`` (e.g. the
jobs split built by scripts/jobs_linking_devset.py) — and the silver set of scripts/build_linking_devset.py
(exact-label matches, so it can only enter training down-weighted, and never counts in a figure that decides).
Features: careerpath.linking.rerank over the base design's own score terms. Session 7's rule:
benchmarks/linking_dev/CONFIRMATION-S7.md.

Protocol, fixed before the first run:
1. Outer 5-fold cross-validation, folds grouped by sentence text (a sentence never sits in training and test).
2. Inside each outer training part, an inner 3-fold grouped CV picks one setting from {logistic regression,
   gradient-boosted trees (scikit-learn HistGradientBoosting)} x {silver weight 0, 0.25} by mean RP@5 over the
   human sentences; the pick is refit on the outer training part and scores the outer test fold (nested CV, so
   the selection never sees the sentences it is judged on).
3. Reported: out-of-fold RP@5 per source and the paired difference re-ranked - base on the same sentences, with
   95% bootstrap intervals.
4. Ship rule: a re-ranked design ships only if the pooled paired difference over the human sentences is above
   zero with an interval that excludes zero (and, for a fast base, the re-ranked design keeps >= 200
   sentences/s per core; benchmarks/bench_linking.py).

``--feature-set v2`` adds the candidates' skill-intrinsic ESCO features (careerpath.linking.rerank.SKILL_FEATURES);
``--compare-feature-sets`` runs the nested CV with v1's and with v2's features on the same pool and folds and pairs
them sentence by sentence (session 8's development evidence). ``--fresh NAME=FILE ...`` is session 8's confirmation
(benchmarks/linking_dev/CONFIRMATION-S8.md): fit --setting with v2 features on the --train-only sources, score the
fresh files once against the shipped v1 model and the base (``--save-model``: also write that fitted model).

``--compare-capacity PREFIXES`` (session 9 round 2, CONFIRMATION-S9B.md) scores v3's recipe against 400-tree depth-4
trees (``hgb-large``) on the --train-only + PREFIXES sources: with feature set v2, with v3, and with HOUSE sentences
weighted ``--house-weight`` (which, given alone, also weights the model that --fresh / --save-model fit).

``--against-shipped MODEL_FILE`` (session 10, RULE-S10-FAST.md) scores --setting fitted per grouped fold on the
training part's --train-only sources against that shipped model on the sentences it never trained on, and the recipe
fitted on all --train-only sentences (``--save-model``) where neither trained; ``--gap-to OTHER.json`` pairs it with
another such run over the same files (the fast design against the default).

``--confirm MODEL:SILVER`` (e.g. ``hgb:0.25``) instead fits that one setting on the whole pool and scores the
confirmation files of benchmarks/linking_dev (CONFIRMATION.md: pre-registered, annotated before any run), which
never enter training: the paired difference pooled over both files must exclude zero to confirm.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
from careerpath.evaluation.metrics import r_precision_at_k
from careerpath.evaluation.readers import read_linking_examples
from careerpath.linking.designs import build_skill_linker
from careerpath.linking.linker import SkillLinker
from careerpath.linking.rerank import (
    CANDIDATE_SET_FEATURES,
    RERANKER_FORMAT,
    SKILL_FEATURES,
    broader_groups,
    candidate_features,
    feature_names,
    load_reranker,
    reranker_from_dict,
    score_terms,
    sentence_words,
    shipped_reranker_path,
    skill_features,
    sklearn_model_as_dict,
    top_candidates,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))
DECORTE = SHARED / "decorte_skill_extraction_benchmark"
ANNOTATED = ROOT / "benchmarks" / "linking_dev"
K = 50
SETTINGS = [(model, silver) for model in ("logistic", "hgb") for silver in (0.0, 0.25)]


@dataclass
class Pool:
    source: np.ndarray  # (n,) source name per sentence
    human: np.ndarray  # (n,) bool: human-labelled (every source but silver)
    group: np.ndarray  # (n,) sentence id (normalised text)
    features: np.ndarray  # (n, K, f)
    targets: np.ndarray  # (n, K) candidate is gold
    candidates: np.ndarray  # (n, K) skill indices
    gold: list[set[int]]
    base_rp5: np.ndarray  # (n,) RP@5 of the base design
    weight: np.ndarray | None = None  # (n,) per-sentence training weight (None: 1 each); see house_weighted


SILVER = "silver-"
PREFIX = {"dev": "ann", "confirm": "confirm", "dev2": "dev2"}  # linking_dev file kind -> source prefix


def human_files(extra: Sequence[str] = (), *, with_confirm: bool = True) -> dict[str, list[Path]]:
    """Decorte validation, every linking_dev annotation file, then ``NAME=FILE`` extras, in that order."""
    files = {f"val-{s}": [DECORTE / f"{s}_validation_annotations.csv"] for s in ("tech", "house")}
    for kind, prefix in PREFIX.items():
        if kind == "confirm" and not with_confirm:
            continue
        for subset in ("tech", "house"):
            path = ANNOTATED / f"{subset}_{kind}_annotations.csv"
            if path.exists():
                files[f"{prefix}-{subset}"] = [path]
    for item in extra:
        name, _, given = item.partition("=")
        if not given or name.startswith(SILVER):
            raise SystemExit(f"--human takes NAME=FILE with a name not starting with {SILVER!r}: {item!r}")
        files[name] = [Path(given)]
    return files


def source_files(silver: Path, extra: Sequence[str] = (), *, with_confirm: bool = True) -> dict[str, list[Path]]:
    return {
        **human_files(extra, with_confirm=with_confirm),
        "silver-tech": [silver / "silver_tech_train.csv", silver / "silver_tech_dev.csv"],
        "silver-house": [silver / "silver_house_train.csv", silver / "silver_house_dev.csv"],
    }


def fresh_run_files(files: dict[str, list[Path]], fresh: Sequence[str], train_only: str) -> dict[str, list[Path]]:
    """--fresh's files: the training sources named by ``train_only`` prefixes as given (a ``--human`` override such
    as ``ann-tech=OTHER`` kept), then the ``fresh-`` items."""
    prefixes = tuple(p for p in train_only.split(",") if p)
    kept = {name: paths for name, paths in files.items() if name.startswith(prefixes)}
    return kept | {name: paths for name, paths in human_files(fresh).items() if name.startswith(FRESH)}


def components_for(linker: SkillLinker, sentences: Sequence[str]) -> dict[str, np.ndarray]:
    """The base design's separate score terms (the shipped re-ranked linker computes the same)."""
    return score_terms(linker, sentences, linker.encoder.encode(list(sentences)))


def rp5(ranked: np.ndarray, gold: set[int]) -> float:
    return r_precision_at_k([int(i) for i in ranked[:5]], gold, 5)


def confirmation_files() -> dict[str, list[Path]]:
    return {f"confirm-{name}": [ANNOTATED / f"{name}_confirm_annotations.csv"] for name in ("tech", "house")}


def build_pool(
    linker: SkillLinker, files: dict[str, list[Path]], groups: np.ndarray, feature_set: str = "v1"
) -> tuple[Pool, list[str]]:
    index = {label: i for i, label in enumerate(linker.labels_)}
    parts: dict[str, list] = {k: [] for k in ("source", "group", "features", "targets", "candidates", "base")}
    gold_all: list[set[int]] = []
    names: list[str] = []
    skills = skill_features(linker.taxonomy) if feature_set in ("v2", "v3") else None
    for source, paths in files.items():
        examples = [e for path in paths for e in read_linking_examples(path)]
        sentences = [e.sentence for e in examples]
        gold = [{index[g] for g in e.gold_labels if g in index} for e in examples]
        for start in range(0, len(sentences), 128):  # bounded memory: 128 x 13,896 per score term
            block = sentences[start : start + 128]
            components = components_for(linker, block)
            base = linker.score_matrix(block)
            candidates = top_candidates(base, K)
            names = feature_names(list(components), feature_set)
            words = sentence_words(block) if feature_set == "v3" else None
            parts["features"].append(candidate_features(components, base, candidates, groups, skills, words))
            parts["candidates"].append(candidates)
            for row, sentence in enumerate(block):
                g = gold[start + row]
                parts["targets"].append(np.isin(candidates[row], list(g)))
                parts["base"].append(rp5(candidates[row], g))
                parts["source"].append(source)
                parts["group"].append(" ".join(sentence.lower().split()))
                gold_all.append(g)
        print(f"{source}: {len(sentences)} sentences", flush=True)
    _, group_ids = np.unique(np.asarray(parts["group"]), return_inverse=True)
    sources = np.asarray(parts["source"]).astype(str)
    pool = Pool(
        source=sources,
        human=~np.char.startswith(sources, SILVER),
        group=group_ids,
        features=np.concatenate(parts["features"]),
        targets=np.stack(parts["targets"]),
        candidates=np.concatenate(parts["candidates"]),
        gold=gold_all,
        base_rp5=np.asarray(parts["base"], dtype=float),
    )
    return pool, names


def make_model(kind: str):  # type: ignore[no-untyped-def]
    if kind == "logistic":
        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
    if kind == "hgb-large":  # session 9's capacity diagnostic: twice the trees, one level deeper
        return HistGradientBoostingClassifier(
            max_depth=4, learning_rate=0.05, max_iter=400, l2_regularization=1.0, random_state=0
        )
    return HistGradientBoostingClassifier(
        max_depth=3, learning_rate=0.05, max_iter=200, l2_regularization=1.0, random_state=0
    )


def fit(pool: Pool, train: np.ndarray, kind: str, silver_weight: float):  # type: ignore[no-untyped-def]
    """``kind`` fitted on the ``train`` sentences' candidates, silver down-weighted (0: left out)."""
    weight = np.where(pool.human, 1.0, silver_weight)
    if pool.weight is not None:
        weight = weight * pool.weight
    train = train[weight[train] > 0]
    _, k, f = pool.features.shape
    x = pool.features[train].reshape(-1, f)
    y = pool.targets[train].reshape(-1)
    w = np.repeat(weight[train], k)
    model = make_model(kind)
    if kind == "logistic":
        model.fit(x, y, logisticregression__sample_weight=w)
    else:
        model.fit(x, y, sample_weight=w)
    return model


def fit_predict(pool: Pool, train: np.ndarray, test: np.ndarray, kind: str, silver_weight: float) -> np.ndarray:
    """Re-ranked RP@5 of the ``test`` sentences for a model fitted on the ``train`` sentences."""
    return model_rp5(pool, fit(pool, train, kind, silver_weight), test)


def model_rp5(pool: Pool, model: object, rows: np.ndarray, width: int | None = None) -> np.ndarray:
    """RP@5 of the ``rows`` sentences with their top k ordered by ``model``'s probability (``width``: the model reads
    only the first ``width`` feature columns, as a shipped model of an older feature set does)."""
    f = pool.features.shape[2]
    x = pool.features[rows].reshape(-1, f)[:, : width or f]
    probability = model.predict_proba(x)[:, 1].reshape(len(rows), -1)  # type: ignore[attr-defined]
    ranked = np.take_along_axis(pool.candidates[rows], np.argsort(-probability, axis=1, kind="stable"), axis=1)
    return np.asarray([rp5(ranked[i], pool.gold[j]) for i, j in enumerate(rows)])


def nested_cv(pool: Pool, folds: int = 5, inner: int = 3) -> tuple[np.ndarray, list[tuple[str, float]]]:
    """Out-of-fold re-ranked RP@5 per sentence, and the setting each outer fold picked."""
    human = pool.human
    out = np.zeros(len(pool.source))
    picks = []
    for train, test in GroupKFold(n_splits=folds).split(pool.source, groups=pool.group):
        means = []
        for kind, silver in SETTINGS:
            scores = []
            for inner_train, inner_test in GroupKFold(n_splits=inner).split(train, groups=pool.group[train]):
                held = train[inner_test]
                held = held[human[held]]
                scores.append(fit_predict(pool, train[inner_train], held, kind, silver))
            means.append(float(np.concatenate(scores).mean()))
        kind, silver = SETTINGS[int(np.argmax(means))]
        picks.append((kind, silver))
        out[test] = fit_predict(pool, train, test, kind, silver)
        print(
            f"outer fold: picked {kind} silver {silver} (inner human RP@5 {[round(m, 3) for m in means]})", flush=True
        )
    return out, picks


def fixed_cv(pool: Pool, kind: str, silver: float, folds: int = 5) -> np.ndarray:
    out = np.zeros(len(pool.source))
    for train, test in GroupKFold(n_splits=folds).split(pool.source, groups=pool.group):
        out[test] = fit_predict(pool, train, test, kind, silver)
    return out


def summary(pool: Pool, reranked: np.ndarray) -> dict[str, dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    for source in [*dict.fromkeys(pool.source.tolist()), "pooled-human"]:
        mask = pool.human if source == "pooled-human" else pool.source == source
        base, new = pool.base_rp5[mask], reranked[mask]
        delta = paired_difference(base, new).scaled(100)
        rows[source] = {
            "n": int(mask.sum()),
            "base": str(bootstrap_mean(base).scaled(100)),
            "reranked": str(bootstrap_mean(new).scaled(100)),
            "delta": str(delta),
            "delta_low": round(delta.low, 2),
        }
    return rows


def confirm(pool: Pool, setting: str, out: Path | None) -> None:
    """Fit ``setting`` on every pool sentence, score the confirmation sentences (never trained on) once."""
    kind, silver = setting.split(":")
    held = np.flatnonzero(np.char.startswith(pool.source.astype(str), "confirm-"))
    train = np.flatnonzero(~np.char.startswith(pool.source.astype(str), "confirm-"))
    assert not set(pool.group[held].tolist()) & set(pool.group[train].tolist()), (
        "a confirmation sentence is in the pool"
    )
    reranked = np.zeros(len(pool.source))
    reranked[held] = fit_predict(pool, train, held, kind, float(silver))
    rows = {}
    for source in ["confirm-tech", "confirm-house", "pooled"]:
        mask = np.zeros(len(pool.source), dtype=bool)
        mask[held] = True
        if source != "pooled":
            mask &= pool.source == source
        base, new = pool.base_rp5[mask], reranked[mask]
        delta = paired_difference(base, new).scaled(100)
        rows[source] = {
            "n": int(mask.sum()),
            "base": str(bootstrap_mean(base).scaled(100)),
            "reranked": str(bootstrap_mean(new).scaled(100)),
            "delta": str(delta),
            "delta_low": round(delta.low, 2),
        }
        print(
            f"[confirm {setting}] {source:13} n={mask.sum():3} base {rows[source]['base']}  "
            f"re-ranked {rows[source]['reranked']}  Δ {delta}"
        )
    confirmed = rows["pooled"]["delta_low"] > 0
    print(f"confirmation rule (pooled Δ interval above zero): {'CONFIRMED' if confirmed else 'not confirmed'}")
    if out:
        out.write_text(json.dumps({"setting": setting, "rows": rows, "confirmed": confirmed}, indent=1))


def save_model(pool: Pool, names: list[str], args: argparse.Namespace, base_design: str) -> None:
    """Fit the rule's setting on the pool (``--train-only``: those sources); store it as JSON, check it scores as
    scikit-learn does, and score the human sentences it was not trained on (a held-out check of the shipped file)."""
    kind, silver = args.setting.split(":")
    prefixes = tuple(p for p in args.train_only.split(",") if p) or ("",)
    trained = np.char.startswith(pool.source[:, None], np.asarray(prefixes)[None, :]).any(axis=1)
    trained &= pool.human | (float(silver) > 0)
    model = fit(pool, np.flatnonzero(trained), kind, float(silver))
    sources = {str(s): int((pool.source[trained] == s).sum()) for s in dict.fromkeys(pool.source[trained].tolist())}
    held = np.flatnonzero(pool.human & ~trained)
    if len(held):
        assert not set(pool.group[held].tolist()) & set(pool.group[trained].tolist()), "a sentence on both sides"
        new = model_rp5(pool, model, held)
        for source in [*dict.fromkeys(pool.source[held].tolist()), "pooled not trained on"]:
            mask = np.ones(len(held), dtype=bool) if source.startswith("pooled") else pool.source[held] == source
            base = pool.base_rp5[held][mask]
            print(
                f"[held out of the saved model] {source:22} n={mask.sum():3} base {bootstrap_mean(base).scaled(100)}  "
                f"re-ranked {bootstrap_mean(new[mask]).scaled(100)}  Δ {paired_difference(base, new[mask]).scaled(100)}"
            )
    write_model(model, kind, pool, names, args, base_design, sources)


def write_model(  # type: ignore[no-untyped-def]
    model, kind: str, pool: Pool, names: list[str], args: argparse.Namespace, base_design: str, sources: dict
) -> None:
    """Store a fitted model as JSON at ``args.save_model``, after checking it scores as scikit-learn does."""
    data = {
        "format": RERANKER_FORMAT,
        "version": 1,
        "name": args.name or f"{base_design}+rerank",
        "base_design": base_design,
        "k": K,
        **({"feature_set": args.feature_set} if args.feature_set != "v1" else {}),
        "feature_names": names,
        "model": sklearn_model_as_dict(model, kind),
        "provenance": {
            "script": "scripts/train_linking_reranker.py",
            "setting": args.setting,
            "rule": args.rule
            or (
                "benchmarks/linking_dev/CONFIRMATION-S8.md"
                if args.feature_set == "v2"
                else "benchmarks/linking_dev/CONFIRMATION-S7.md"
            ),
            "sentences_per_source": sources,
            "train_only": [p for p in args.train_only.split(",") if p],
            **({"house_weight": args.house_weight} if getattr(args, "house_weight", None) is not None else {}),
        },
    }
    stored = reranker_from_dict(json.loads(json.dumps(data)))
    f = pool.features.shape[2]
    x = pool.features.reshape(-1, f)
    gap = float(np.abs(stored.predict_proba(x)[:, 1] - model.predict_proba(x)[:, 1]).max())
    print(f"stored model vs scikit-learn on {len(x)} candidates: max |probability difference| {gap:.2e}")
    if gap > 1e-6:
        raise SystemExit("the stored model does not reproduce scikit-learn's probabilities")
    args.save_model.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.save_model} ({args.save_model.stat().st_size / 1024:.0f} KiB)")


def paired_rows(pool: Pool, rows_of: np.ndarray, scores: dict[str, np.ndarray], pairs: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """Per source of ``rows_of`` and pooled: RP@5 of each scored ranking and the paired differences ``pairs``."""
    table: dict[str, dict[str, object]] = {}
    for source in [*dict.fromkeys(pool.source[rows_of].tolist()), "pooled"]:
        mask = np.ones(len(rows_of), dtype=bool) if source == "pooled" else pool.source[rows_of] == source
        row: dict[str, object] = {"n": int(mask.sum())}
        for name, values in scores.items():
            row[name] = str(bootstrap_mean(values[mask]).scaled(100))
        for new, old in pairs:
            delta = paired_difference(scores[old][mask], scores[new][mask]).scaled(100)
            row[f"{new}-{old}"] = str(delta)
            row[f"{new}-{old}_low"] = round(delta.low, 2)
            row[f"{new}-{old}_point"] = round(delta.estimate, 2)
        table[source] = row
        print(f"{source:16} " + "  ".join(f"{k} {v}" for k, v in row.items() if not k.endswith(("_low", "_point"))))
    return table


def compare_feature_sets(pool: Pool, names: list[str], out: Path | None) -> None:
    """Session 8 development evidence: session 7's nested CV with v1's features and with v2's, same pool and folds."""
    width = len(names) - len(SKILL_FEATURES)
    assert tuple(names[width:]) == SKILL_FEATURES, "the pool must be built with --feature-set v2"
    scored: dict[str, np.ndarray] = {"base": pool.base_rp5}
    picks = {}
    for feature_set, columns in (("v1", width), ("v2", len(names))):
        print(f"nested CV, feature set {feature_set} ({columns} features)", flush=True)
        scored[feature_set], picks[feature_set] = nested_cv(replace(pool, features=pool.features[:, :, :columns]))
    human = np.flatnonzero(pool.human)
    rows = paired_rows(
        pool, human, {k: v[human] for k, v in scored.items()}, [("v1", "base"), ("v2", "base"), ("v2", "v1")]
    )
    if out:
        out.write_text(
            json.dumps(
                {
                    "features": names,
                    "picks": picks,
                    "rows": rows,
                    "per_sentence": {
                        "source": pool.source.tolist(),
                        **{k: np.asarray(v, dtype=float).tolist() for k, v in scored.items()},
                    },
                },
                indent=1,
            )
        )


FRESH = "fresh-"


def fresh_confirmation(pool: Pool, names: list[str], args: argparse.Namespace, base_design: str) -> None:
    """Session 8's confirmation (CONFIRMATION-S8.md; CONFIRMATION-S8B.md with ``--shipped linking-reranker.v2.json
    --labels v3,v2``), run once: the candidate fitted on the --train-only sources vs a shipped model (v1 by default)
    and the base, on the fresh files (never trained on; a fresh sentence also in training is dropped)."""
    new_name, old_name = args.labels.split(",")
    kind, silver = args.setting.split(":")
    prefixes = tuple(p for p in args.train_only.split(",") if p)
    trained = np.char.startswith(pool.source[:, None], np.asarray(prefixes)[None, :]).any(axis=1) & pool.human
    fresh = np.char.startswith(pool.source, FRESH)
    seen = set(pool.group[trained].tolist())
    overlap = fresh & np.isin(pool.group, list(seen))
    for source in dict.fromkeys(pool.source[fresh].tolist()):
        print(
            f"{source}: {int((pool.source == source).sum())} scored sentences, "
            f"{int((overlap & (pool.source == source)).sum())} dropped (also in training)"
        )
    held = np.flatnonzero(fresh & ~overlap)
    model = fit(pool, np.flatnonzero(trained), kind, float(silver))
    shipped = load_reranker(shipped_reranker_path(args.shipped))
    width = len(shipped.feature_names)
    assert tuple(names[:width]) == shipped.feature_names, "the shipped model's features must be a prefix of the pool's"
    scores = {
        "base": pool.base_rp5[held],
        old_name: model_rp5(pool, shipped, held, width),
        new_name: model_rp5(pool, model, held),
    }
    pairs = [(new_name, "base"), (new_name, old_name), (old_name, "base")]
    rows = paired_rows(pool, held, scores, pairs)
    pooled = rows["pooled"]
    fresh_ok = float(pooled[f"{new_name}-base_low"]) > 0 and float(pooled[f"{new_name}-{old_name}_point"]) > 0  # type: ignore[arg-type]
    print(
        f"confirmation part of the rule (pooled Δ({new_name} − base) lower bound > 0 and pooled "
        f"Δ({new_name} − {old_name}) > 0): " + ("HOLDS" if fresh_ok else "FAILS")
    )
    if args.json:
        per_sentence = {"source": pool.source[held].tolist(), **{k: v.tolist() for k, v in scores.items()}}
        args.json.write_text(
            json.dumps(
                {"setting": args.setting, "rows": rows, "fresh_part_holds": fresh_ok, "per_sentence": per_sentence},
                indent=1,
            )
        )
    if args.save_model:
        sources = {str(s): int((pool.source[trained] == s).sum()) for s in dict.fromkeys(pool.source[trained].tolist())}
        write_model(model, kind, pool, names, args, base_design, sources)


def from_sources(pool: Pool, prefixes: Sequence[str]) -> np.ndarray:
    """(n,) bool: human sentences whose source starts with one of ``prefixes``."""
    if not prefixes:
        return np.zeros(len(pool.source), dtype=bool)
    return np.char.startswith(pool.source[:, None], np.asarray(prefixes)[None, :]).any(axis=1) & pool.human


SHIPPED, OOF, FINAL = "shipped", "candidate-oof", "candidate"


def against_shipped(pool: Pool, names: list[str], args: argparse.Namespace, base_design: str) -> None:
    """RULE-S10-FAST.md's development comparison: the --setting recipe, fitted per grouped fold on the training part's
    --train-only sources, scores every human sentence out of fold; the shipped model (fixed) is paired with it on the
    sentences that model never trained on (its provenance). The recipe fitted once on all --train-only sentences
    (``candidate``, the file --save-model writes) is paired with the shipped model on the sentences neither trained on.
    Subsets: Decorte validation (``val-``), Glassdoor jobs (``jobs``)."""
    kind, silver = args.setting.split(":")
    shipped = load_reranker(shipped_reranker_path(args.against_shipped))
    width = len(shipped.feature_names)
    assert tuple(names[:width]) == shipped.feature_names, "the shipped model's features must be a prefix of the pool's"
    if shipped.base_design != base_design:
        raise SystemExit(f"{args.against_shipped} re-ranks {shipped.base_design}, not {base_design}")
    shipped_sources = shipped.provenance.get("train_only", [])
    licensed = from_sources(pool, tuple(p for p in args.train_only.split(",") if p))
    scored = {"base": pool.base_rp5, SHIPPED: np.full(len(pool.source), np.nan), OOF: np.zeros(len(pool.source))}
    human = np.flatnonzero(pool.human)
    scored[SHIPPED][human] = model_rp5(pool, shipped, human, width)
    for fold, (train, test) in enumerate(GroupKFold(n_splits=5).split(pool.source, groups=pool.group)):
        scored[OOF][test] = fit_predict(pool, train[licensed[train]], test, kind, float(silver))
        print(f"fold {fold}: fitted on {int(licensed[train].sum())} sentences", flush=True)
    model = fit(pool, np.flatnonzero(licensed), kind, float(silver))
    never_fitted = np.flatnonzero(pool.human & ~licensed)
    scored[FINAL] = np.full(len(pool.source), np.nan)
    scored[FINAL][never_fitted] = model_rp5(pool, model, never_fitted)
    unseen = pool.human & ~from_sources(pool, shipped_sources)
    tables = {}
    for label, rows, pairs in (
        (f"sentences {args.against_shipped} never trained on (out of fold)", np.flatnonzero(unseen), [(OOF, SHIPPED)]),
        ("sentences neither file trained on", np.flatnonzero(unseen & ~licensed), [(FINAL, SHIPPED), (OOF, SHIPPED)]),
        ("every human sentence (out of fold; the shipped model in-sample on its own files)", human, [(OOF, "base")]),
    ):
        print(f"--- {label}")
        pairs = [*pairs, (SHIPPED, "base")]
        for subset, prefix in (("", ""), (", Decorte validation", "val-"), (", jobs", "jobs")):
            picked = rows[np.char.startswith(pool.source[rows], prefix)]
            if subset and (len(picked) == 0 or len(picked) == len(rows)):
                continue
            columns = {k: v[picked] for k, v in scored.items() if not np.isnan(v[picked]).any()}
            if subset:
                print(f"  -- {subset[2:]}")
            table = paired_rows(pool, picked, columns, pairs)
            tables[label + subset] = table["pooled"] if subset else table
    if args.gap_to:
        tables.update(gap_to(pool, scored, licensed, args.gap_to))
    if args.save_model:
        trained = pool.source[licensed]
        write_model(
            model,
            kind,
            pool,
            names,
            args,
            base_design,
            {str(s): int((trained == s).sum()) for s in dict.fromkeys(trained.tolist())},
        )
    if args.json:
        per_sentence = {"source": pool.source.tolist(), "group": pool.group.tolist()}
        per_sentence.update({k: [None if np.isnan(x) else float(x) for x in v] for k, v in scored.items()})
        args.json.write_text(
            json.dumps(
                {
                    "setting": args.setting,
                    "base_design": base_design,
                    "shipped": args.against_shipped,
                    "shipped_trained_on": list(shipped_sources),
                    "train_only": args.train_only,
                    "rows": tables,
                    "per_sentence": per_sentence,
                },
                indent=1,
            )
        )


def gap_to(pool: Pool, scored: dict[str, np.ndarray], licensed: np.ndarray, other_json: Path) -> dict[str, object]:
    """Δ(this run − another --against-shipped run over the same files, e.g. the default's base): out of fold on every
    human sentence, and this run's ``candidate`` against the other's shipped model where neither file trained on."""
    report = json.loads(other_json.read_text())
    other = report["per_sentence"]
    if other["source"] != pool.source.tolist() or other["group"] != pool.group.tolist():
        raise SystemExit(f"{other_json} was not run over the same files in the same order")
    theirs = {k: np.asarray([np.nan if x is None else x for x in other[k]], dtype=float) for k in (OOF, SHIPPED)}
    tables: dict[str, object] = {}
    human = np.flatnonzero(pool.human)
    print(f"--- gap to {other_json} out of fold, every human sentence")
    columns = {"this-oof": scored[OOF][human], "other-oof": theirs[OOF][human]}
    tables["gap out of fold"] = paired_rows(pool, human, columns, [("this-oof", "other-oof")])
    clean = np.flatnonzero(pool.human & ~licensed & ~from_sources(pool, report["shipped_trained_on"]))
    print(f"--- gap to {other_json}'s shipped model where neither file trained on (this run's sources and the other's)")
    columns = {
        "this": scored[FINAL][clean],
        "this-shipped": scored[SHIPPED][clean],
        "other-shipped": theirs[SHIPPED][clean],
    }
    tables["gap shipped files"] = paired_rows(
        pool, clean, columns, [("this", "other-shipped"), ("this-shipped", "other-shipped")]
    )
    return tables


def learning_curve(pool: Pool, names: list[str], args: argparse.Namespace) -> None:
    """CONFIRMATION-S8B.md's development check for a more-data change: one recipe (--setting, the pool's feature
    set), fitted per outer fold on the training part's --train-only sources ("small") and on those plus the
    --learning-curve sources ("large"); both score the same held-out fold, so the paired Δ(large − small) is the
    gain from the added data (at 4/5 of each training set's size)."""
    kind, silver = args.setting.split(":")
    base_prefixes = tuple(p for p in args.train_only.split(",") if p)
    added = tuple(p for p in args.learning_curve.split(",") if p)
    small = np.char.startswith(pool.source[:, None], np.asarray(base_prefixes)[None, :]).any(axis=1) & pool.human
    large = small | np.char.startswith(pool.source[:, None], np.asarray(added)[None, :]).any(axis=1) & pool.human
    scored = {"base": pool.base_rp5, "small": np.zeros(len(pool.source)), "large": np.zeros(len(pool.source))}
    for train, test in GroupKFold(n_splits=5).split(pool.source, groups=pool.group):
        for arm, chosen in (("small", small), ("large", large)):
            fitted_on = train[chosen[train]]
            scored[arm][test] = fit_predict(pool, fitted_on, test, kind, float(silver))
        print(
            f"fold: small fitted on {int(small[train].sum())}, large on {int(large[train].sum())} sentences", flush=True
        )
    pairs = [("large", "small"), ("large", "base"), ("small", "base")]
    human = np.flatnonzero(pool.human)
    rows = paired_rows(pool, human, {k: v[human] for k, v in scored.items()}, pairs)
    others = np.flatnonzero(pool.human & ~large)  # files in neither arm's training (evaluation-only sources)
    print("pooled over the sources in neither arm's training:")
    rows_others = paired_rows(pool, others, {k: v[others] for k, v in scored.items()}, pairs)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "setting": args.setting,
                    "features": names,
                    "small": list(base_prefixes),
                    "added": list(added),
                    "rows": rows,
                    "pooled_not_trained_on": rows_others["pooled"],
                    "per_sentence": {
                        "source": pool.source.tolist(),
                        **{k: np.asarray(v, dtype=float).tolist() for k, v in scored.items()},
                    },
                },
                indent=1,
            )
        )


Arms = dict[str, tuple[Pool, np.ndarray, str]]  # name: (pool, training mask, model kind)


def compare_v4(pool: Pool, names: list[str], args: argparse.Namespace) -> None:
    """CONFIRMATION-S9.md's development comparison: on the same 5 grouped folds over every human sentence, the v3
    recipe (--setting, feature set v2, fitted on the training part's --train-only sources) against the levers one at a
    time and together: more data (+ the --compare-v4 sources), feature set v3 (CANDIDATE_SET_FEATURES), both, and
    (diagnostic) both with larger trees. Every arm scores the same held-out fold; pairs are per sentence."""

    def arms(v2_pool: Pool, small: np.ndarray, large: np.ndarray, kind: str) -> Arms:
        return {
            "v3recipe": (v2_pool, small, kind),
            "data": (v2_pool, large, kind),
            "features": (pool, small, kind),
            "both": (pool, large, kind),
            "both-large": (pool, large, "hgb-large"),
        }

    compare_arms(pool, names, args, args.compare_v4, arms, {})


def house_weighted(pool: Pool, house_weight: float) -> Pool:
    """The pool with every HOUSE-file sentence weighted ``house_weight`` in training (others 1): the HOUSE arm of
    CONFIRMATION-S9B.md. A sentence's weight applies to each of its k candidates."""
    house = np.char.find(pool.source.astype(str), "house") >= 0
    return replace(pool, weight=np.where(house, house_weight, 1.0))


def compare_capacity(pool: Pool, names: list[str], args: argparse.Namespace) -> None:
    """CONFIRMATION-S9B.md's development comparison: on the same 5 grouped folds over every human sentence, the v3
    recipe (--setting, feature set v2, fitted on the training part's --train-only sources) against three arms fitted
    on those plus the --compare-capacity sources, all with 400 trees of depth 4 (``hgb-large``): ``large`` (feature set
    v2), ``large-features`` (feature set v3) and ``large-house`` (feature set v2, HOUSE sentences weighted
    --house-weight). Each arm is a fixed recipe (nothing tuned inside a fold), so one grouped CV level scores it."""

    def arms(v2_pool: Pool, small: np.ndarray, large: np.ndarray, kind: str) -> Arms:
        return {
            "v3recipe": (v2_pool, small, kind),
            "large": (v2_pool, large, "hgb-large"),
            "large-features": (pool, large, "hgb-large"),
            "large-house": (house_weighted(v2_pool, args.house_weight), large, "hgb-large"),
        }

    compare_arms(pool, names, args, args.compare_capacity, arms, {"house_weight": args.house_weight})


def compare_arms(
    pool: Pool,
    names: list[str],
    args: argparse.Namespace,
    added_option: str,
    make_arms: Callable[[Pool, np.ndarray, np.ndarray, str], Arms],
    extra_json: dict[str, object],
) -> None:
    """The shared body of the session-9 development comparisons: every arm against the v3 recipe (``v3recipe``) and
    the base on the same grouped folds, pooled and per subset (HOUSE, TECH, jobs, never trained on by any arm)."""
    kind, silver = args.setting.split(":")
    width = len(names) - len(CANDIDATE_SET_FEATURES)
    assert tuple(names[width:]) == CANDIDATE_SET_FEATURES, "the pool must be built with --feature-set v3"
    small_prefixes = tuple(p for p in args.train_only.split(",") if p)
    added = tuple(p for p in added_option.split(",") if p)
    small = np.char.startswith(pool.source[:, None], np.asarray(small_prefixes)[None, :]).any(axis=1) & pool.human
    large = small | np.char.startswith(pool.source[:, None], np.asarray(added)[None, :]).any(axis=1) & pool.human
    arms = make_arms(replace(pool, features=pool.features[:, :, :width]), small, large, kind)
    scored: dict[str, np.ndarray] = {"base": pool.base_rp5, **{a: np.zeros(len(pool.source)) for a in arms}}
    for fold, (train, test) in enumerate(GroupKFold(n_splits=5).split(pool.source, groups=pool.group)):
        for arm, (arm_pool, chosen, arm_kind) in arms.items():
            scored[arm][test] = fit_predict(arm_pool, train[chosen[train]], test, arm_kind, float(silver))
        print(f"fold {fold}: small {int(small[train].sum())}, large {int(large[train].sum())} sentences", flush=True)
    pairs = [(a, "v3recipe") for a in arms if a != "v3recipe"] + [(a, "base") for a in arms]
    human = np.flatnonzero(pool.human)
    rows = paired_rows(pool, human, {k: v[human] for k, v in scored.items()}, pairs)
    subsets = {
        "pooled HOUSE": pool.human & (np.char.find(pool.source, "house") >= 0),
        "pooled TECH": pool.human & (np.char.find(pool.source, "tech") >= 0),
        "pooled jobs": pool.human & np.char.startswith(pool.source, "jobs"),
        "pooled never trained on": pool.human & ~large,
    }
    extra = {}
    for label, mask in subsets.items():
        print(f"--- {label}")
        picked = np.flatnonzero(mask)
        extra[label] = paired_rows(pool, picked, {k: v[picked] for k, v in scored.items()}, pairs)["pooled"]
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "setting": args.setting,
                    "features": names,
                    "small": list(small_prefixes),
                    "added": list(added),
                    **extra_json,
                    "rows": rows,
                    "subsets": extra,
                    "per_sentence": {
                        "source": pool.source.tolist(),
                        **{k: np.asarray(v, dtype=float).tolist() for k, v in scored.items()},
                    },
                },
                indent=1,
            )
        )


SESSION7 = ("dev2-", "jobs")  # files annotated in session 7 by one annotator (benchmarks/linking_dev/README.md)


def transfer(pool: Pool, setting: str, out: Path | None) -> None:
    """Diagnostic, not a decision: fit on one annotator group's sentences, score the other group's, both ways."""
    kind, silver = setting.split(":")
    late = np.char.startswith(pool.source, SESSION7[0]) | np.char.startswith(pool.source, SESSION7[1])
    groups = {"session-7 files": late & pool.human, "Decorte validation + session-6 files": ~late & pool.human}
    rows: dict[str, dict[str, object]] = {}
    for held_name, held_mask in groups.items():
        held = np.flatnonzero(held_mask)
        train = np.flatnonzero(~held_mask & (pool.human | (float(silver) > 0)))
        assert not set(pool.group[held].tolist()) & set(pool.group[train].tolist()), "a sentence is on both sides"
        reranked = fit_predict(pool, train, held, kind, float(silver))
        for source in [*dict.fromkeys(pool.source[held].tolist()), f"pooled {held_name}"]:
            mask = np.ones(len(held), dtype=bool) if source.startswith("pooled") else pool.source[held] == source
            base, new = pool.base_rp5[held][mask], reranked[mask]
            delta = paired_difference(base, new).scaled(100)
            rows[f"{source} (trained on the other group)"] = {"n": int(mask.sum()), "delta": str(delta)}
            print(
                f"[transfer {setting}] {source:40} n={mask.sum():3} base {bootstrap_mean(base).scaled(100)}  Δ {delta}"
            )
    if out:
        out.write_text(json.dumps({"setting": setting, "rows": rows}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silver", type=Path, required=True, help="folder of scripts/build_linking_devset.py")
    parser.add_argument("--base", default="alt-max+desc+lex")
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=None, help="embeddings cache (default: $CAREERPATH_HOME's)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--confirm", default="", help="MODEL:SILVER, e.g. hgb:0.25: score the confirmation set once")
    parser.add_argument("--human", nargs="*", default=[], metavar="NAME=FILE", help="more human-labelled files")
    parser.add_argument("--fixed", action="store_true", help="also score each setting by plain 5-fold CV (diagnostic)")
    parser.add_argument("--save-model", type=Path, default=None, help="fit --setting on the whole pool, write JSON")
    parser.add_argument("--setting", default="", help="MODEL:SILVER for --save-model (the rule's pick)")
    parser.add_argument("--name", default="", help="versioned name stored in the --save-model file")
    parser.add_argument("--train-only", default="", help="--save-model: comma-separated source prefixes to fit on")
    parser.add_argument("--transfer", default="", help="MODEL:SILVER: train on one annotator group, score the other")
    parser.add_argument(
        "--feature-set",
        default="v1",
        choices=("v1", "v2", "v3"),
        help="v2: + skill-intrinsic features; v3: + candidate-set features",
    )
    parser.add_argument(
        "--compare-feature-sets", action="store_true", help="nested CV with v1's and v2's features, paired"
    )
    parser.add_argument(
        "--fresh", nargs="*", default=[], metavar="fresh-NAME=FILE", help="session 8 confirmation files (run once)"
    )
    parser.add_argument(
        "--shipped", default="linking-reranker.v1.json", help="--fresh: the shipped model file the candidate must beat"
    )
    parser.add_argument("--labels", default="v2,v1", help="--fresh: CANDIDATE,SHIPPED names in the report")
    parser.add_argument("--rule", default="", help="rule file named in a --save-model file's provenance")
    parser.add_argument(
        "--learning-curve",
        default="",
        metavar="PREFIXES",
        help="--setting fitted on --train-only vs --train-only + these sources, same folds (more-data check)",
    )
    parser.add_argument(
        "--compare-v4",
        default="",
        metavar="PREFIXES",
        help="session 9: v3's recipe vs + these sources / + feature set v3 / both, same folds (CONFIRMATION-S9.md)",
    )
    parser.add_argument(
        "--compare-capacity",
        default="",
        metavar="PREFIXES",
        help="session 9B: v3's recipe vs hgb-large on + these sources (v2 / v3 features / HOUSE-weighted), same folds",
    )
    parser.add_argument(
        "--house-weight",
        type=float,
        default=None,
        help="training weight of each HOUSE-file sentence (others 1); --compare-capacity's HOUSE arm (default 2)",
    )
    parser.add_argument(
        "--against-shipped",
        default="",
        metavar="MODEL_FILE",
        help="session 10: --setting on --train-only, out of fold, vs this shipped model file (RULE-S10-FAST.md)",
    )
    parser.add_argument(
        "--gap-to", type=Path, default=None, help="--against-shipped: pair with another such run's --json (same files)"
    )
    args = parser.parse_args()
    began = time.perf_counter()
    cache = args.cache
    if cache is None:
        from careerpath.settings import load_settings

        cache = load_settings().cache_dir / "embeddings"
    taxonomy = load_esco(args.esco)
    linker = build_skill_linker(taxonomy, args.base, cache_dir=cache).prepare()
    if args.compare_v4 or args.compare_capacity:
        args.feature_set = "v3"
    if (args.compare_feature_sets or args.fresh or args.against_shipped) and args.feature_set == "v1":
        args.feature_set = "v2"
    files = source_files(args.silver, args.human, with_confirm=not args.confirm)
    if args.fresh:  # the training sources and the fresh files only
        if not all(item.startswith(FRESH) for item in args.fresh) or not args.setting or not args.train_only:
            raise SystemExit(f"--fresh takes {FRESH}NAME=FILE items, with --setting and --train-only")
        files = fresh_run_files(files, args.fresh, args.train_only)
    weight_of = (
        args.setting
        if args.save_model
        or args.fresh
        or args.learning_curve
        or args.compare_v4
        or args.compare_capacity
        or args.against_shipped
        else args.transfer
    )
    if weight_of and float(weight_of.split(":")[-1]) == 0:  # silver weight 0: silver is not read at all
        files = {name: paths for name, paths in files.items() if not name.startswith(SILVER)}
    if args.confirm:
        files.update(confirmation_files())
    pool, names = build_pool(linker, files, broader_groups(taxonomy), args.feature_set)
    if args.house_weight is not None and not args.compare_capacity:  # the candidate's own training weights
        pool = house_weighted(pool, args.house_weight)
    if args.compare_capacity:
        if not args.setting or not args.train_only:
            raise SystemExit("--compare-capacity takes --setting and --train-only")
        args.house_weight = 2.0 if args.house_weight is None else args.house_weight
        compare_capacity(pool, names, args)
        return
    if args.fresh:
        fresh_confirmation(pool, names, args, linker.config.name)
        return
    if args.against_shipped:
        if not args.setting or not args.train_only:
            raise SystemExit("--against-shipped takes --setting and --train-only")
        against_shipped(pool, names, args, linker.config.name)
        return
    if args.compare_v4:
        if not args.setting or not args.train_only:
            raise SystemExit("--compare-v4 takes --setting and --train-only")
        compare_v4(pool, names, args)
        return
    if args.learning_curve:
        if not args.setting or not args.train_only:
            raise SystemExit("--learning-curve takes --setting and --train-only")
        learning_curve(pool, names, args)
        return
    if args.compare_feature_sets:
        compare_feature_sets(pool, names, args.json)
        return
    if args.confirm:
        confirm(pool, args.confirm, args.json)
        return
    if args.save_model:
        save_model(pool, names, args, linker.config.name)
        return
    if args.transfer:
        transfer(pool, args.transfer, args.json)
        return
    recall = [len(set(c.tolist()) & g) / max(len(g), 1) for c, g in zip(pool.candidates, pool.gold, strict=True)]
    print(
        f"features {names}; gold within the top {K}: {100 * np.mean(recall):.1f}% ({time.perf_counter() - began:.0f}s)"
    )
    report: dict[str, object] = {"base": args.base, "k": K, "features": names}
    fixed = {}
    for kind, silver in SETTINGS if args.fixed else []:
        rows = summary(pool, fixed_cv(pool, kind, silver))
        fixed[f"{kind} silver={silver}"] = rows
        print(
            f"[fixed {kind} silver {silver}] " + "; ".join(f"{s}: Δ {r['delta']}" for s, r in rows.items()), flush=True
        )
    nested, picks = nested_cv(pool)
    rows = summary(pool, nested)
    ships = float(rows["pooled-human"]["delta_low"]) > 0  # type: ignore[arg-type]
    for source, row in rows.items():
        print(f"[nested] {source:13} n={row['n']:4} base {row['base']}  re-ranked {row['reranked']}  Δ {row['delta']}")
    print(f"ship rule (pooled human Δ interval above zero): {'SHIPS' if ships else 'does not ship'}")
    report.update({"fixed_settings": fixed, "nested": rows, "picks": picks, "ships": ships})
    # Per sentence (file order), so two bases' out-of-fold scores can be paired sentence by sentence.
    report["per_sentence"] = {
        "source": pool.source.tolist(),
        "group": pool.group.tolist(),
        "base_rp5": pool.base_rp5.tolist(),
        "reranked_rp5": np.asarray(nested, dtype=float).tolist(),
    }
    report["seconds"] = round(time.perf_counter() - began)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
