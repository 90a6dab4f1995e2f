"""The linker's score terms as separate matrices, so fusion weights can be learned instead of hand-set.

``component_scores`` returns, per sentence and ESCO skill, every term ``SkillLinker`` can add
(``FEATURES``); ``fuse`` adds them with weights. A ``LinkerConfig`` reproduces any fused ranking:
``config_from_weights`` maps learned weights back to one (scripts/train_linking_fusion.py learns them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from careerpath.linking.linker import LinkerConfig, SkillLinker

# Skill-kind indicators (a constant per skill); "skill/competence" and "sector-specific" are the references.
KINDS = ("knowledge", "transversal", "cross-sector", "occupation-specific")
FEATURES = ("label", "preferred", "description", "lexical", "prior", *KINDS)


def kind_indicators(linker: SkillLinker) -> dict[str, np.ndarray]:
    """Per kind, 1.0 for the skills of that type or reuse level."""
    skills = linker.taxonomy.skills
    return {
        kind: np.asarray([kind in (s.skill_type, s.reuse_level) for s in skills], dtype=np.float32) for kind in KINDS
    }


def component_scores(
    linker: SkillLinker,
    sentences: Sequence[str],
    vectors: np.ndarray,
    *,
    lexical_power: float = 1.0,
    batch_size: int = 64,
) -> dict[str, np.ndarray]:
    """(n_sentences, n_skills) per feature of ``FEATURES``; ``vectors`` are the sentences' encodings.

    ``linker`` must use alternative labels and have a description weight, so its cache holds both matrices.
    """
    if not linker.config.encode_alt_labels:
        raise ValueError("component_scores needs a linker that embeds every label (encode_alt_labels=True)")
    _, descriptions = linker._embeddings()
    if descriptions is None:
        raise ValueError("component_scores needs a linker whose design uses descriptions")
    blocks = [linker.dense_terms(vectors[start : start + batch_size]) for start in range(0, len(sentences), batch_size)]
    shape = (len(sentences), len(linker.labels_))
    components = {
        name: np.concatenate([block[name] for block in blocks]) if blocks else np.zeros(shape, np.float32)
        for name in ("label", "preferred", "description")
    }
    components["lexical"] = linker.lexical_.coverage_matrix(sentences) ** lexical_power
    assert linker.priors is not None
    constants = {"prior": linker.priors, **kind_indicators(linker)}
    for name, row in constants.items():
        components[name] = np.broadcast_to(np.asarray(row, dtype=np.float32), shape)
    return components


def fuse(components: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """The weighted sum of the component matrices (features missing from ``weights`` count 0)."""
    first = next(iter(components.values()))
    total = np.zeros(first.shape, dtype=np.float32)
    for name, weight in weights.items():
        if weight:
            total += np.float32(weight) * components[name]
    return total


def config_from_weights(
    name: str, weights: Mapping[str, float], *, lexical_power: float, base: LinkerConfig | None = None
) -> LinkerConfig:
    """A ``LinkerConfig`` whose ranking equals ``fuse`` with these weights (up to the shortlist of ``base``)."""
    return replace(
        base or LinkerConfig(),
        name=name,
        label_weight=float(weights.get("label", 0.0)),
        preferred_weight=float(weights.get("preferred", 0.0)),
        description_weight=float(weights.get("description", 0.0)),
        lexical_weight=float(weights.get("lexical", 0.0)),
        lexical_power=lexical_power,
        prior_weight=float(weights.get("prior", 0.0)),
        kind_weights=tuple((kind, round(float(weights[kind]), 4)) for kind in KINDS if weights.get(kind)),
    )
