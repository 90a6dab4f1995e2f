"""Experiment: a linear sentence adapter for ``pref+lex+distilled``, trained on ESCO descriptions (licensed).

    python scripts/train_skill_adapter.py DEV_DIR [--esco DIR] [--cache DIR] [--l2 0.0001]

Training: each ESCO skill's description (without its label), encoded by the distilled student, is a query
for its skill, scored against MiniLM's preferred-label vectors of all 13,896 skills (softmax, temperature
20, 3 epochs, W = I + A, L2 on A). Evaluation: ``pref+lex`` scoring (preferred-label cosine + 0.45 x
coverage^2) of the Decorte validation and silver sentences with and without W, paired bootstrap.
No Decorte or SkillSpan sentence is used for training.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import torch

from careerpath.esco import load_esco
from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference
from careerpath.linking.cache import EmbeddingCache
from careerpath.linking.designs import build_skill_linker
from careerpath.linking.encoders import normalise_rows

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev_dir", type=Path)
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--cache", type=Path, default=Path(os.path.expanduser("~/.cache/careerpath/embeddings")))
    parser.add_argument("--l2", type=float, default=0.0001)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(0)
    sys.path.insert(0, str(Path(__file__).parent))
    from train_linking_fusion import load_sources, rp5_rows

    taxonomy = load_esco(args.esco)
    linker = build_skill_linker(taxonomy, "pref+lex+distilled", cache_dir=args.cache)
    preferred, _ = linker._embeddings()
    student = linker.encoder
    skills = taxonomy.skills
    has_text = np.asarray([bool(s.description) for s in skills])
    texts = [s.description for s, keep in zip(skills, has_text, strict=True) if keep]
    queries = EmbeddingCache(args.cache).get_or_compute(
        student.name, linker.taxonomy_key, "skill_description_only", texts, student.encode
    )
    targets = torch.tensor(np.flatnonzero(has_text))
    q_all, p = torch.tensor(queries), torch.tensor(preferred)
    adapter = torch.zeros(q_all.shape[1], q_all.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([adapter], lr=1e-3)
    generator = torch.Generator().manual_seed(0)
    for epoch in range(args.epochs):
        order, total = torch.randperm(len(q_all), generator=generator), 0.0
        for start in range(0, len(order), 256):
            batch = order[start : start + 256]
            q = q_all[batch]
            mapped = torch.nn.functional.normalize(q + q @ adapter.T, dim=1)
            loss = torch.nn.functional.cross_entropy(20 * mapped @ p.T, targets[batch])
            loss = loss + args.l2 * (adapter**2).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += float(loss.detach()) * len(batch)
        print(f"epoch {epoch + 1}: loss {total / len(order):.4f}", flush=True)
    weights = np.eye(q_all.shape[1], dtype=np.float32) + adapter.detach().numpy()

    for name, items in load_sources(args.dev_dir, linker.labels_).items():
        sentences, gold = [s for s, _ in items], [g for _, g in items]
        vectors = student.encode(sentences)
        lexical = 0.45 * linker.lexical_.coverage_matrix(sentences) ** 2
        base = rp5_rows(vectors @ preferred.T + lexical, gold)
        adapted = rp5_rows(normalise_rows(vectors @ weights.T) @ preferred.T + lexical, gold)
        print(
            f"{name}: {bootstrap_mean(base).scaled(100)} -> {bootstrap_mean(adapted).scaled(100)}; "
            f"paired Δ {paired_difference(base, adapted).scaled(100)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
