"""Learn the linker's fusion weights (a listwise re-ranker over its frozen features), selected by cross-validation.

    python scripts/train_linking_fusion.py DEV_DIR [--esco DIR] [--cache DIR] [--folds 5]

DEV_DIR holds the silver development files of scripts/build_linking_devset.py. Features per (sentence, skill):
max cosine over the skill's labels, preferred-label cosine, description cosine, lexical coverage (power 1 or 2),
the ESCO occupation prior and skill-kind indicators (careerpath.linking.fusion). The model is linear, trained
with a listwise softmax loss over each sentence's top 100 skills by the default design (plus its gold skills),
so what it learns is a ``LinkerConfig`` and the shipped design needs no new runtime code.

Protocol (no test split is read):
1. Pool = silver train + silver dev (SkillSpan, licensed) + Decorte TECH/HOUSE validation (human labels).
2. k-fold cross-validation over the pool, folds stratified by source, for each setting (lexical power,
   L2 strength, pool with or without Decorte validation in training); out-of-fold RP@5 per source.
3. The setting with the best out-of-fold macro RP@5 (mean over the four sources) is refit on the whole pool
   and printed as a ``LinkerConfig``; each row prints the default design on the same sentences and the paired
   bootstrap difference (95% interval over sentences).
4. Ship rule: a learned design replaces the baseline only when its out-of-fold difference on the Decorte
   validation sentences (human labels, TECH + HOUSE pooled) is positive with an interval that excludes zero;
   the silver sources reward exact label matches and cannot decide alone.

``--encoder hashing`` runs the same protocol on character-trigram features (no model; baseline: the
``lexical`` design), which needs no embedding cache and runs in minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
from careerpath.evaluation.metrics import r_precision_at_k
from careerpath.evaluation.readers import read_linking_examples
from careerpath.linking.cache import EmbeddingCache
from careerpath.linking.designs import DEFAULT_DESIGN, build_skill_linker
from careerpath.linking.encoders import HashingEncoder, SentenceTransformerEncoder
from careerpath.linking.fusion import FEATURES, component_scores, config_from_weights, fuse, kind_indicators
from careerpath.linking.linker import LinkerConfig, SkillLinker

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
DECORTE = SHARED / "decorte_skill_extraction_benchmark"
# The design each encoder's learned fusion is compared with: (weights, lexical power).
BASELINES = {
    "minilm": ({"label": 1.0, "description": 0.5, "lexical": 0.45}, 1.0),  # alt-max+desc+lex, the default
    "hashing": ({"lexical": 1.0, "prior": 0.05}, 2.0),  # lexical, the design without a model
    # MiniLM vectors of the 13,896 preferred labels only (a cold cache 8x cheaper than the default's 113k texts)
    "minilm-preferred": ({"label": 1.0, "lexical": 0.45}, 2.0),  # zeroshot + alt-max+lex's lexical term
}


def preferred_components(
    linker: SkillLinker, sentences: Sequence[str], vectors: np.ndarray, preferred: np.ndarray, power: float
) -> dict[str, np.ndarray]:
    """FEATURES with the dense label term from preferred labels alone (no alternative labels, no descriptions)."""
    shape = (len(sentences), len(linker.labels_))
    zeros = np.broadcast_to(np.float32(0.0), shape)
    lexical_only = kind_indicators(linker)
    assert linker.priors is not None
    components = {
        "label": vectors @ preferred.T,
        "preferred": zeros,
        "description": zeros,
        "lexical": linker.lexical_.coverage_matrix(sentences) ** power,
        "prior": np.broadcast_to(linker.priors, shape),
    }
    components.update({k: np.broadcast_to(v, shape) for k, v in lexical_only.items()})
    return components


CANDIDATES = 100


@dataclass
class Source:
    name: str
    sentences: list[str]
    gold: list[np.ndarray]  # skill indices per sentence
    components: dict[float, dict[str, np.ndarray]]  # lexical power -> feature -> (n, skills)


def load_sources(dev_dir: Path, labels: Sequence[str]) -> dict[str, list]:
    index = {label: i for i, label in enumerate(labels)}
    files = {
        "silver-tech": [dev_dir / "silver_tech_train.csv", dev_dir / "silver_tech_dev.csv"],
        "silver-house": [dev_dir / "silver_house_train.csv", dev_dir / "silver_house_dev.csv"],
        "decorte-tech-val": [DECORTE / "tech_validation_annotations.csv"],
        "decorte-house-val": [DECORTE / "house_validation_annotations.csv"],
    }
    sources = {}
    for name, paths in files.items():
        examples = [e for path in paths for e in read_linking_examples(path)]
        kept = [(e.sentence, np.asarray([index[g] for g in e.gold_labels if g in index])) for e in examples]
        kept = [(s, g) for s, g in kept if len(g)]
        sources[name] = kept
    return sources


def rp5_rows(scores: np.ndarray, gold: Sequence[np.ndarray]) -> np.ndarray:
    top = np.argsort(-scores, axis=1)[:, :5]
    return np.asarray([r_precision_at_k(list(row), set(g.tolist()), 5) for row, g in zip(top, gold, strict=True)])


def fit(
    features: np.ndarray, mask: np.ndarray, targets: np.ndarray, l2: float, init: np.ndarray, epochs: int = 300
) -> np.ndarray:
    """Listwise softmax over candidates: features (n, c, f), mask (n, c) valid, targets (n, c) gold."""
    x = torch.tensor(features)
    valid = torch.tensor(mask)
    gold = torch.tensor(targets)
    anchor = torch.tensor(init)
    weights = torch.tensor(init, requires_grad=True)
    scale = torch.tensor(20.0, requires_grad=True)  # softmax temperature, not part of the ranking
    optimiser = torch.optim.LBFGS([weights, scale], max_iter=epochs, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimiser.zero_grad()
        logits = scale * (x @ weights)
        logits = logits.masked_fill(~valid, -1e9)
        log_p = torch.log_softmax(logits, dim=1)
        # every gold skill of a sentence is a target, weighted 1/|gold|
        loss = -((log_p * gold).sum(1) / gold.sum(1)).mean() + l2 * ((weights - anchor) ** 2).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    return weights.detach().numpy()


def candidate_tensors(
    components: dict[str, np.ndarray], gold: Sequence[np.ndarray], names: Sequence[str], shortlist: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each sentence's top ``CANDIDATES`` skills by the ``shortlist`` weights, plus its gold skills."""
    base = fuse(components, shortlist)
    n = len(gold)
    width = CANDIDATES + max(len(g) for g in gold)
    features = np.zeros((n, width, len(names)), dtype=np.float32)
    mask = np.zeros((n, width), dtype=bool)
    targets = np.zeros((n, width), dtype=np.float32)
    top = np.argpartition(-base, CANDIDATES, axis=1)[:, :CANDIDATES]
    for row in range(n):
        skills = list(dict.fromkeys([*top[row].tolist(), *gold[row].tolist()]))
        for column, name in enumerate(names):
            features[row, : len(skills), column] = components[name][row, skills]
        mask[row, : len(skills)] = True
        targets[row, : len(skills)] = np.isin(skills, gold[row])
    return features, mask, targets


def stack_blocks(
    blocks: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate tensors of several sources, padded to one candidate width and stacked."""
    width = max(b[0].shape[1] for b in blocks)

    def pad(array: np.ndarray) -> np.ndarray:
        return np.pad(array, [(0, 0), (0, width - array.shape[1])] + [(0, 0)] * (array.ndim - 2))

    features, mask, targets = (np.concatenate([pad(b[i]) for b in blocks]) for i in range(3))
    return features, mask, targets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev_dir", type=Path)
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=Path(os.path.expanduser("~/.cache/careerpath/embeddings")))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--powers", default="1,2")
    parser.add_argument("--l2", default="0.001,0.01,0.1")
    parser.add_argument(
        "--encoder",
        choices=tuple(BASELINES),
        default="minilm",
        help="minilm: all-MiniLM-L6-v2 features (semantic extra); hashing: character trigrams, no model",
    )
    args = parser.parse_args()
    torch.manual_seed(0)
    began = time.perf_counter()
    taxonomy = load_esco(args.esco)
    preferred = None
    if args.encoder == "minilm":
        linker = build_skill_linker(taxonomy, DEFAULT_DESIGN, cache_dir=args.cache).prepare()
    elif args.encoder == "minilm-preferred":
        linker = SkillLinker(taxonomy, SentenceTransformerEncoder(), LinkerConfig(label_weight=0.0, lexical_weight=1.0))
        preferred = EmbeddingCache(args.cache).get_or_compute(
            linker.encoder.name, linker.taxonomy_key, "skill_preferred_labels", linker.labels_, linker.encoder.encode
        )
    else:
        linker = SkillLinker(taxonomy, HashingEncoder(), LinkerConfig(description_weight=0.5), cache_dir=args.cache)
    base_weights, base_power = BASELINES[args.encoder]
    raw = load_sources(args.dev_dir, linker.labels_)
    powers = sorted({float(p) for p in args.powers.split(",")} | {base_power})
    sources: dict[str, Source] = {}
    for name, items in raw.items():
        sentences = [s for s, _ in items]
        vectors = EmbeddingCache(args.cache).get_or_compute(
            linker.encoder.name, "dev-sentences", name, sentences, linker.encoder.encode
        )
        if preferred is not None:
            components = {p: preferred_components(linker, sentences, vectors, preferred, p) for p in powers}
        else:
            components = {p: component_scores(linker, sentences, vectors, lexical_power=p) for p in powers}
        sources[name] = Source(name, sentences, [g for _, g in items], components)
        print(f"{name}: {len(sentences)} sentences ({time.perf_counter() - began:.0f}s)", flush=True)

    rng = np.random.default_rng(0)
    folds = {name: rng.permutation(len(src.sentences)) % args.folds for name, src in sources.items()}
    names = list(FEATURES)
    init = np.asarray([base_weights.get(n, 0.0) for n in names], dtype=np.float32)
    baseline = {
        name: rp5_rows(fuse(src.components[base_power], base_weights), src.gold) for name, src in sources.items()
    }
    print(
        f"baseline design ({args.encoder}), per source: "
        + ", ".join(f"{n} {bootstrap_mean(v).scaled(100)}" for n, v in baseline.items())
    )
    results = []
    settings = [
        (power, l2, with_decorte)
        for power in powers
        for l2 in [float(v) for v in args.l2.split(",")]
        for with_decorte in (False, True)
    ]
    for power, l2, with_decorte in settings:
        out_of_fold = {name: np.zeros(len(src.sentences)) for name, src in sources.items()}
        for fold in range(args.folds):
            train = [
                (src, folds[name] != fold) for name, src in sources.items() if with_decorte or name.startswith("silver")
            ]
            blocks = [
                candidate_tensors(
                    {k: v[keep] for k, v in src.components[power].items()},
                    [g for g, k in zip(src.gold, keep, strict=True) if k],
                    names,
                    base_weights,
                )
                for src, keep in train
            ]
            weights = fit(*stack_blocks(blocks), l2, init)
            named = dict(zip(names, weights.tolist(), strict=True))
            for name, src in sources.items():
                held = folds[name] == fold
                scores = fuse({k: v[held] for k, v in src.components[power].items()}, named)
                out_of_fold[name][held] = rp5_rows(scores, [g for g, h in zip(src.gold, held, strict=True) if h])
        macro = float(np.mean([v.mean() for v in out_of_fold.values()]))
        results.append((macro, power, l2, with_decorte, out_of_fold))
        human = [n for n in sources if n.startswith("decorte")]
        pooled = paired_difference(
            np.concatenate([baseline[n] for n in human]), np.concatenate([out_of_fold[n] for n in human])
        ).scaled(100)
        cells = ", ".join(
            f"{n} {100 * v.mean():.1f} (Δ {paired_difference(baseline[n], v).scaled(100)})"
            for n, v in out_of_fold.items()
        )
        print(
            f"power {power:g} l2 {l2:g} decorte-in-train {with_decorte}: macro {100 * macro:.1f}; {cells}; "
            f"Decorte pooled Δ {pooled} ({'ships' if pooled.low > 0 else 'does not ship'})",
            flush=True,
        )

    macro, power, l2, with_decorte, _ = max(results, key=lambda r: r[0])
    blocks = [
        candidate_tensors(src.components[power], src.gold, names, base_weights)
        for name, src in sources.items()
        if with_decorte or name.startswith("silver")
    ]
    weights = fit(*stack_blocks(blocks), l2, init)
    # Only the ranking matters: scale so the largest weight is 1.
    named = {n: round(float(w / np.abs(weights).max()), 4) for n, w in zip(names, weights, strict=True)}
    config = config_from_weights("learned-fusion.vN", named, lexical_power=power)
    print(
        json.dumps(
            {
                "selected": {"power": power, "l2": l2, "decorte_in_train": with_decorte},
                "cv_macro_rp@5": round(100 * macro, 2),
                "weights": named,
            }
        )
    )
    print(config)
    print(f"done in {time.perf_counter() - began:.0f}s")


if __name__ == "__main__":
    main()
