"""Re-ranking a linker's top candidates with a learned model over per-candidate features (issue 15, item 3).

A base design ranks all ESCO skills; only each sentence's top ``k`` are re-scored, so the model sees a few dozen
rows per sentence and a skill outside the top ``k`` keeps its base order below every candidate. Features per
(sentence, candidate), from the linker's separate score terms (``careerpath.linking.fusion.component_scores``):

- every score term (label max, preferred label, description cosines, lexical coverage, occupation prior, ESCO
  skill-kind indicators) as is, and the dense ones relative to the sentence's best candidate;
- the base score, its gap to the sentence's top score, and the base rank (log);
- ESCO hierarchy: the share of the other candidates under the same broader concept (a sentence about databases
  pulls several database skills into its top ``k``; an isolated candidate is more often a stray match).

The model is any scikit-learn classifier with ``predict_proba`` (scripts/train_linking_fusion.py selects one by
cross-validation grouped by sentence); its probability orders the candidates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from careerpath.esco.tables import EscoTaxonomy

RELATIVE = ("label", "preferred", "description", "lexical")  # terms that also enter relative to the sentence's best


class ProbabilisticClassifier(Protocol):
    def predict_proba(self, features: np.ndarray) -> np.ndarray: ...


def broader_groups(taxonomy: EscoTaxonomy) -> np.ndarray:
    """Per skill (taxonomy order), an integer id of its first broader concept; skills without one get unique ids."""
    first: dict[str, str] = {}
    for relation in taxonomy.skill_broader:
        first.setdefault(relation.uri, relation.broader_uri)
    ids: dict[str, int] = {}
    groups = np.empty(len(taxonomy.skills), dtype=np.int64)
    for row, skill in enumerate(taxonomy.skills):
        key = first.get(skill.uri, f"self:{skill.uri}")
        groups[row] = ids.setdefault(key, len(ids))
    return groups


def top_candidates(base: np.ndarray, k: int) -> np.ndarray:
    """(n, k) skill indices of each row's ``k`` best base scores, best first."""
    k = min(k, base.shape[1])
    top = np.argpartition(-base, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(base, top, axis=1), axis=1, kind="stable")
    return np.take_along_axis(top, order, axis=1)


def feature_names(components: Sequence[str]) -> list[str]:
    names = list(components)
    names += [f"{n}-gap" for n in RELATIVE if n in components]
    return [*names, "base", "base-gap", "log-rank", "siblings"]


def candidate_features(
    components: Mapping[str, np.ndarray], base: np.ndarray, candidates: np.ndarray, groups: np.ndarray
) -> np.ndarray:
    """(n, k, f) features of each sentence's candidates, in ``feature_names(components)`` order."""
    n, k = candidates.shape
    columns = [np.take_along_axis(np.asarray(m, dtype=np.float32), candidates, axis=1) for m in components.values()]
    named = dict(zip(components, columns, strict=True))
    columns += [named[name] - named[name].max(axis=1, keepdims=True) for name in RELATIVE if name in named]
    base_top = np.take_along_axis(base, candidates, axis=1).astype(np.float32)
    columns += [base_top, base_top - base_top[:, :1], np.broadcast_to(np.log1p(np.arange(k, dtype=np.float32)), (n, k))]
    group_of = groups[candidates]
    same = (group_of[:, :, None] == group_of[:, None, :]).sum(axis=2) - 1  # other candidates in the same group
    columns.append(same.astype(np.float32) / max(k - 1, 1))
    return np.stack(columns, axis=2)


def reranked_scores(base: np.ndarray, candidates: np.ndarray, candidate_scores: np.ndarray) -> np.ndarray:
    """A score matrix ranking each row's candidates by ``candidate_scores``, all other skills below in base order."""
    low, high = base.min(axis=1, keepdims=True), base.max(axis=1, keepdims=True)
    out = (base - low) / np.maximum(high - low, 1e-9)  # [0, 1]: the non-candidates keep their order
    ranks = np.argsort(np.argsort(-candidate_scores, axis=1, kind="stable"), axis=1)
    np.put_along_axis(out, candidates, 3.0 - ranks / candidates.shape[1], axis=1)  # (2, 3]: above every other
    return out


def rerank(
    model: ProbabilisticClassifier,
    components: Mapping[str, np.ndarray],
    base: np.ndarray,
    groups: np.ndarray,
    *,
    k: int = 50,
) -> np.ndarray[Any, Any]:
    """The base ranking with each sentence's top ``k`` re-ordered by ``model``'s probability of being gold."""
    candidates = top_candidates(base, k)
    features = candidate_features(components, base, candidates, groups)
    n, width, f = features.shape
    probability = model.predict_proba(features.reshape(n * width, f))[:, 1].reshape(n, width)
    return reranked_scores(base, candidates, probability)
