"""A learned re-ranker over the top ``k`` ESCO occupations that ``titles.v4`` retrieves for a job title (``titles.v6``).

``titles.v4`` scores every occupation by its best label cosine + lexical coverage + an exact-label bonus. The
re-ranker keeps that shortlist and re-orders it with a boosted-tree classifier (the skill re-ranker's JSON
format and numpy loader, ``careerpath.linking.rerank``) over features that the sum cannot express:

- the v4 terms themselves, the candidate's rank and gaps to the best candidate;
- the cosine to the *preferred* label (an alternative label can be a loose synonym);
- IDF-weighted word overlap (IDF over ESCO occupations, each occupation's labels one document), both ways;
- the HEAD word ("marketing executive" → "executive", "head of sales" → "head"): a title and an occupation
  that name the same kind of worker share it, whatever the modifiers;
- manager-type words in the title and in the label (a "sales manager" is not a "sales assistant");
- how many other candidates share the occupation's ISCO-08 group.

Occupation priors (number of labels, ISCO major group and group size, place in the ESCO hierarchy, label length)
were tried and left out: the training golds are the ESCO occupations that an O*NET title names exactly, a
biased subset, and the priors learned to find that subset (−1.0 MRR on JobBERT validation half A;
docs/benchmarks.md section 3).

No JobBERT title is used to fit it: scripts/train_title_reranker.py trains on O*NET 29.0 titles of the
O*NET occupations that scripts/train_title_encoder.py does not hold out, mapped to ESCO by exact label.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from careerpath.linking.lexical import tokenize
from careerpath.linking.rerank import RerankerModel, reranked_scores, top_candidates

if TYPE_CHECKING:
    from careerpath.linking.titles import OccupationLinker

TITLE_RERANK_FEATURES = (
    "base",
    "base-gap",
    "log-rank",
    "cosine",
    "cosine-gap",
    "cosine-preferred",
    "coverage",
    "exact",
    "idf-title-in-labels",
    "idf-title-in-preferred",
    "idf-preferred-in-title",
    "head-preferred",
    "head-any-label",
    "head-in-labels",
    "title-manager",
    "label-manager",
    "title-words",
    "siblings",
)

# What comes after the head of a title or label: "head of sales" → "head", "engineer - maintenance" → "engineer".
_AFTER_HEAD = re.compile(r"\s(?:of|for|in|at|to|with|on|-|–)\s.*$|[|,(].*$")
# Trailing words that are not the head: levels and grades ("engineer ii", "technician 3").
_NOT_HEAD = frozenset(["i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"])
MANAGER_WORDS = frozenset(
    ["manager", "head", "director", "chief", "supervisor", "lead", "leader", "officer", "president", "superintendent"]
)


def head_word(text: str) -> str:
    """The last content word of a title or label before "of"/"for"/" - " ("" when none)."""
    words = [w for w in tokenize(_AFTER_HEAD.sub("", f" {text.lower()} ").strip()) if w not in _NOT_HEAD]
    return words[-1] if words else ""


@dataclass
class OccupationFacts:
    """Per-occupation word sets, IDF weights, heads and ISCO groups, computed once per taxonomy."""

    label_tokens: list[frozenset[str]]
    preferred_tokens: list[tuple[str, ...]]
    preferred_heads: list[str]
    label_heads: list[frozenset[str]]
    idf: dict[str, float]
    unseen_idf: float
    label_manager: np.ndarray  # (n_occupations,) 1 where the preferred label has a manager-type word
    groups: np.ndarray  # (n_occupations,) ISCO group id, for "siblings"
    preferred_weighted: list[tuple[tuple[str, float], ...]] = field(default_factory=list)  # (token, idf) pairs
    preferred_sets: list[frozenset[str]] = field(default_factory=list)
    preferred_totals: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.preferred_weighted = [
            tuple((t, self.idf.get(t, self.unseen_idf)) for t in tokens) for tokens in self.preferred_tokens
        ]
        self.preferred_sets = [frozenset(tokens) for tokens in self.preferred_tokens]
        self.preferred_totals = [sum(w for _, w in pairs) for pairs in self.preferred_weighted]

    @classmethod
    def of(cls, linker: OccupationLinker) -> OccupationFacts:
        taxonomy = linker.taxonomy
        occupations = taxonomy.occupations
        label_tokens = [frozenset(t for label in o.all_labels for t in tokenize(label)) for o in occupations]
        df = Counter(t for tokens in label_tokens for t in tokens)
        n = len(occupations)
        idf = {t: math.log((n + 1) / (count + 1)) + 1.0 for t, count in df.items()}
        group_ids = {g: i for i, g in enumerate(sorted({o.isco_group for o in occupations}))}
        label_manager = [float(bool(MANAGER_WORDS & set(tokenize(o.label)))) for o in occupations]
        return cls(
            label_tokens=label_tokens,
            preferred_tokens=[tuple(tokenize(o.label)) for o in occupations],
            preferred_heads=[head_word(o.label) for o in occupations],
            label_heads=[frozenset(filter(None, map(head_word, o.all_labels))) for o in occupations],
            idf=idf,
            unseen_idf=math.log(n + 1) + 1.0,
            label_manager=np.asarray(label_manager, dtype=np.float32),
            groups=np.asarray([group_ids[o.isco_group] for o in occupations], dtype=np.int64),
        )


@dataclass(frozen=True)
class TitleTerms:
    """``titles.v4``'s separate score terms for prepared titles, each (n_titles, n_occupations)."""

    cosine: np.ndarray  # best label cosine
    cosine_preferred: np.ndarray  # cosine to the preferred label
    coverage: np.ndarray  # lexical coverage of the best label
    exact: np.ndarray  # 1 where the title equals one of the occupation's labels

    def base(self, lexical_weight: float, exact_bonus: float) -> np.ndarray:
        """The v4 score (``OccupationLinker`` without views or rewriting)."""
        return self.cosine + lexical_weight * self.coverage**2 + exact_bonus * self.exact


def title_terms(linker: OccupationLinker, texts: Sequence[str]) -> TitleTerms:
    cosines = linker._label_cosines(texts)
    cosine = np.maximum.reduceat(cosines, linker.offsets_, axis=1)
    exact = np.zeros_like(cosine)
    for row, text in enumerate(texts):
        hit = linker.exact_.get(text)
        if hit is not None:
            exact[row, hit] = 1.0
    return TitleTerms(cosine, cosines[:, linker.offsets_], linker.lexical_.coverage_matrix(texts), exact)


def candidate_features(
    facts: OccupationFacts, texts: Sequence[str], terms: TitleTerms, base: np.ndarray, candidates: np.ndarray
) -> np.ndarray:
    """(n, k, len(TITLE_RERANK_FEATURES)) features of each title's candidate occupations."""
    n, k = candidates.shape
    take = lambda m: np.take_along_axis(np.asarray(m, dtype=np.float32), candidates, axis=1)  # noqa: E731
    base_top, cosine = take(base), take(terms.cosine)
    out = np.zeros((n, k, len(TITLE_RERANK_FEATURES)), dtype=np.float32)
    out[:, :, 0] = base_top
    out[:, :, 1] = base_top - base_top[:, :1]
    out[:, :, 2] = np.log1p(np.arange(k, dtype=np.float32))
    out[:, :, 3] = cosine
    out[:, :, 4] = cosine - cosine.max(axis=1, keepdims=True)
    out[:, :, 5] = take(terms.cosine_preferred)
    out[:, :, 6] = take(terms.coverage)
    out[:, :, 7] = take(terms.exact)
    idf, unseen = facts.idf, facts.unseen_idf
    for row, text in enumerate(texts):
        tokens = tokenize(text)
        head = head_word(text)
        token_set = frozenset(tokens)
        out[row, :, 14] = float(bool(MANAGER_WORDS & token_set))
        out[row, :, 16] = len(tokens)
        weighted = [(t, idf.get(t, unseen)) for t in tokens]
        total = sum(w for _, w in weighted)
        block = []  # one row of features 8..13 per candidate, filled in Python and stored at once (speed)
        for occ in candidates[row].tolist():
            labels, preferred = facts.label_tokens[occ], facts.preferred_weighted[occ]
            preferred_set, preferred_total = facts.preferred_sets[occ], facts.preferred_totals[occ]
            block.append(
                (
                    sum(w for t, w in weighted if t in labels) / total if total else 0.0,
                    sum(w for t, w in weighted if t in preferred_set) / total if total else 0.0,
                    sum(w for t, w in preferred if t in token_set) / preferred_total if preferred_total else 0.0,
                    bool(head) and head == facts.preferred_heads[occ],
                    bool(head) and head in facts.label_heads[occ],
                    bool(head) and head in labels,
                )
            )
        out[row, :, 8:14] = block
    out[:, :, 15] = facts.label_manager[candidates]
    group_of = facts.groups[candidates]
    same = (group_of[:, :, None] == group_of[:, None, :]).sum(axis=2) - 1
    out[:, :, 17] = same / max(k - 1, 1)
    return out


@dataclass
class TitleRerankInputs:
    """What one pass over prepared titles gives: v4 base scores, the shortlist and its features."""

    base: np.ndarray
    candidates: np.ndarray
    features: np.ndarray


def rerank_inputs(linker: OccupationLinker, facts: OccupationFacts, texts: Sequence[str], k: int) -> TitleRerankInputs:
    terms = title_terms(linker, texts)
    base = terms.base(linker.lexical_weight, linker.exact_bonus)
    candidates = top_candidates(base, k)
    return TitleRerankInputs(base, candidates, candidate_features(facts, texts, terms, base, candidates))


def check_title_reranker(model: RerankerModel) -> None:
    """ValueError unless ``model`` was trained on exactly these features."""
    if tuple(model.feature_names) != TITLE_RERANK_FEATURES:
        raise ValueError(
            f"title re-ranker {model.name} has features {list(model.feature_names)}, "
            f"this careerpath computes {list(TITLE_RERANK_FEATURES)}"
        )


@dataclass
class RerankedScorer:
    """``titles.v6``: the v4 linker's top ``model.k`` occupations re-ordered by ``model``; the rest keep v4's order."""

    linker: OccupationLinker
    model: RerankerModel
    _facts: OccupationFacts | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        check_title_reranker(self.model)

    @cached_property
    def facts(self) -> OccupationFacts:
        return self._facts or OccupationFacts.of(self.linker)

    def __call__(self, prepared: Sequence[str]) -> np.ndarray[Any, Any]:
        inputs = rerank_inputs(self.linker, self.facts, prepared, self.model.k)
        n, k, f = inputs.features.shape
        probability = self.model.predict_proba(inputs.features.reshape(n * k, f))[:, 1].reshape(n, k)
        return reranked_scores(inputs.base, inputs.candidates, probability)
