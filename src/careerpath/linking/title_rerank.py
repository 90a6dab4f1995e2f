"""A learned re-ranker over the top ``k`` ESCO occupations that ``titles.v4`` retrieves for a title (``titles.v6``, v7).

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

``titles.v7`` (session 10) adds ESCO alternative labels as training titles for their own occupation, scored with
that label left out (``OccupationLinker.score_terms(left_out=...)``, ``LeftOutLabel``); their golds span every
occupation, and with them the shortlist features (``SHORTLIST_FEATURES``) and the occupation priors
(``OCCUPATION_FEATURES``) gain instead of leaking. A model names the features it reads (``ALL_TITLE_FEATURES``
holds them all); ``rerank_inputs`` gives titles.v6's 18 unless asked for others.
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
from careerpath.linking.titles import TitleTerms

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
# titles.v7's additions (session 10): how each candidate stands among the shortlist. ISCO-group agreement: the
# share of the shortlist's v4 score mass (softmax at GROUP_TEMPERATURE) on the candidate's ISCO group, and the
# share of the top 5 in that group (a title whose best candidates agree on a group is about that group); the
# candidate's rank within its group; its rank among the candidates by cosine and by coverage.
SHORTLIST_FEATURES = ("group-mass", "group-top5", "group-rank", "cosine-rank", "coverage-rank")
# Occupation priors (session 9 dropped them for leaking when the training golds were the few hundred occupations O*NET
# titles name; session 10 re-tests them with ESCO labels as queries, whose golds span every occupation): log labels,
# log occupations in the ISCO group, words in the preferred label. Per occupation only, so they come last.
OCCUPATION_FEATURES = ("label-count", "group-size", "preferred-words")
ALL_TITLE_FEATURES = TITLE_RERANK_FEATURES + SHORTLIST_FEATURES + OCCUPATION_FEATURES
GROUP_TEMPERATURE = 20.0  # the title encoder's training scale: a 0.05 score gap weighs e^-1

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
    priors: np.ndarray  # (n_occupations, len(OCCUPATION_FEATURES))
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
        group_sizes = Counter(o.isco_group for o in occupations)
        priors = [
            (math.log(len(o.all_labels)), math.log(group_sizes[o.isco_group]), len(tokenize(o.label)))
            for o in occupations
        ]
        return cls(
            label_tokens=label_tokens,
            preferred_tokens=[tuple(tokenize(o.label)) for o in occupations],
            preferred_heads=[head_word(o.label) for o in occupations],
            label_heads=[frozenset(filter(None, map(head_word, o.all_labels))) for o in occupations],
            idf=idf,
            unseen_idf=math.log(n + 1) + 1.0,
            label_manager=np.asarray(label_manager, dtype=np.float32),
            groups=np.asarray([group_ids[o.isco_group] for o in occupations], dtype=np.int64),
            priors=np.asarray(priors, dtype=np.float32).reshape(n, len(OCCUPATION_FEATURES)),
        )

    def occupation_features(self, candidates: np.ndarray) -> np.ndarray:
        """(n, k, len(OCCUPATION_FEATURES)) the candidates' occupation priors."""
        return self.priors[candidates]


def title_terms(linker: OccupationLinker, texts: Sequence[str]) -> TitleTerms:
    """``linker.score_terms(texts)`` (the name session 9 used)."""
    return linker.score_terms(texts)


@dataclass(frozen=True)
class LeftOutLabel:
    """A training title's own label, left out: its occupation's word sets and heads without that label."""

    occupation: int
    label_tokens: frozenset[str]
    label_heads: frozenset[str]


def left_out_labels(linker: OccupationLinker, left_out: Sequence[int]) -> list[LeftOutLabel]:
    """Per label index (``linker.label_texts_``), its occupation's other labels' tokens and heads."""
    out = []
    for entry in left_out:
        owner = int(linker.lexical_.owners[entry])
        start = int(linker.offsets_[owner])
        others = [linker.label_texts_[e] for e in range(start, start + linker.label_counts_[owner]) if e != entry]
        tokens = frozenset(t for label in others for t in tokenize(label))
        out.append(LeftOutLabel(owner, tokens, frozenset(filter(None, map(head_word, others)))))
    return out


def candidate_features(
    facts: OccupationFacts,
    texts: Sequence[str],
    terms: TitleTerms,
    base: np.ndarray,
    candidates: np.ndarray,
    left_out: Sequence[LeftOutLabel] | None = None,
) -> np.ndarray:
    """(n, k, len(ALL_TITLE_FEATURES)) features of each title's candidate occupations."""
    n, k = candidates.shape
    take = lambda m: np.take_along_axis(np.asarray(m, dtype=np.float32), candidates, axis=1)  # noqa: E731
    base_top, cosine = take(base), take(terms.cosine)
    out = np.zeros((n, k, len(ALL_TITLE_FEATURES)), dtype=np.float32)
    out[:, :, 0] = base_top
    out[:, :, 1] = base_top - base_top[:, :1]
    out[:, :, 2] = np.log1p(np.arange(k, dtype=np.float32))
    out[:, :, 3] = cosine
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
        own = left_out[row] if left_out is not None else None
        for occ in candidates[row].tolist():
            labels, preferred = facts.label_tokens[occ], facts.preferred_weighted[occ]
            label_heads = facts.label_heads[occ]
            if own is not None and occ == own.occupation:
                labels, label_heads = own.label_tokens, own.label_heads
            preferred_set, preferred_total = facts.preferred_sets[occ], facts.preferred_totals[occ]
            block.append(
                (
                    sum(w for t, w in weighted if t in labels) / total if total else 0.0,
                    sum(w for t, w in weighted if t in preferred_set) / total if total else 0.0,
                    sum(w for t, w in preferred if t in token_set) / preferred_total if preferred_total else 0.0,
                    bool(head) and head == facts.preferred_heads[occ],
                    bool(head) and head in label_heads,
                    bool(head) and head in labels,
                )
            )
        out[row, :, 8:14] = block
    out[:, :, 15] = facts.label_manager[candidates]
    out[:, :, -len(OCCUPATION_FEATURES) :] = facts.occupation_features(candidates)
    shortlist_features(out, facts.groups[candidates])
    return out


def _rank_within(values: np.ndarray) -> np.ndarray:
    """log(1 + rank) of each candidate by ``values`` (n, k), highest first."""
    ranks = np.argsort(np.argsort(-values, axis=1, kind="stable"), axis=1, kind="stable")
    return np.log1p(ranks.astype(np.float32))


def shortlist_features(out: np.ndarray, group_of: np.ndarray) -> None:
    """Fill, in place, the columns of ``out`` (n, k, ALL_TITLE_FEATURES) that depend on the whole shortlist.

    They are computed from the per-candidate columns, so a shortlist cut to its first k' candidates gets its own
    (``narrow_shortlist``). ``group_of`` (n, k): each candidate's ISCO group id, shortlist order (v4 best first).
    """
    k = out.shape[1]
    column = {name: i for i, name in enumerate(ALL_TITLE_FEATURES)}
    base, cosine = out[:, :, column["base"]], out[:, :, column["cosine"]]
    out[:, :, column["cosine-gap"]] = cosine - cosine.max(axis=1, keepdims=True)
    same = group_of[:, :, None] == group_of[:, None, :]  # (n, k, k)
    out[:, :, column["siblings"]] = (same.sum(axis=2) - 1) / max(k - 1, 1)
    weight = np.exp(GROUP_TEMPERATURE * (base - base[:, :1]))
    out[:, :, column["group-mass"]] = np.einsum("nij,nj->ni", same, weight) / weight.sum(axis=1, keepdims=True)
    top = min(5, k)
    out[:, :, column["group-top5"]] = same[:, :, :top].sum(axis=2) / top
    out[:, :, column["group-rank"]] = np.log1p(np.tril(same, -1).sum(axis=2))  # same-group candidates above it
    out[:, :, column["cosine-rank"]] = _rank_within(cosine)
    out[:, :, column["coverage-rank"]] = _rank_within(out[:, :, column["coverage"]])


def narrow_shortlist(features: np.ndarray, group_of: np.ndarray, k: int) -> np.ndarray:
    """``features`` of a (n, K) shortlist cut to its first ``k`` candidates, with the shortlist columns recomputed."""
    out = np.array(features[:, :k], dtype=np.float32)
    shortlist_features(out, group_of[:, :k])
    return out


@dataclass
class TitleRerankInputs:
    """What one pass over prepared titles gives: v4 base scores, the shortlist and its features."""

    base: np.ndarray
    candidates: np.ndarray
    features: np.ndarray


def rerank_inputs(
    linker: OccupationLinker,
    facts: OccupationFacts,
    texts: Sequence[str],
    k: int,
    left_out: Sequence[int] | None = None,
    names: Sequence[str] = TITLE_RERANK_FEATURES,
) -> TitleRerankInputs:
    """v4's scores, top ``k`` and the features ``names`` of them (default: titles.v6's, in its order).

    ``left_out`` (training): a label per title scored as absent (``OccupationLinker.score_terms``).
    """
    terms = linker.score_terms(texts, left_out)
    base = terms.base(linker.lexical_weight, linker.exact_bonus)
    candidates = top_candidates(base, k)
    own = left_out_labels(linker, left_out) if left_out is not None else None
    features = candidate_features(facts, texts, terms, base, candidates, own)
    return TitleRerankInputs(base, candidates, features[:, :, feature_columns(names)])


def feature_columns(names: Sequence[str], model: str = "") -> list[int]:
    """The columns of ``ALL_TITLE_FEATURES`` named ``names``, in that order; ValueError for an unknown one."""
    unknown = [name for name in names if name not in ALL_TITLE_FEATURES]
    if unknown:
        raise ValueError(
            f"title re-ranker {model} has features {unknown} that this careerpath does not compute "
            f"(it computes {list(ALL_TITLE_FEATURES)})"
        )
    return [ALL_TITLE_FEATURES.index(name) for name in names]


def check_title_reranker(model: RerankerModel) -> None:
    """ValueError unless every feature of ``model`` is one this careerpath computes."""
    feature_columns(model.feature_names, model.name)


@dataclass
class RerankedScorer:
    """titles.v6/v7: the v4 linker's top ``model.k`` occupations re-ordered by ``model``; the rest keep v4's order."""

    linker: OccupationLinker
    model: RerankerModel
    _facts: OccupationFacts | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        check_title_reranker(self.model)

    @cached_property
    def facts(self) -> OccupationFacts:
        return self._facts or OccupationFacts.of(self.linker)

    def candidate_probabilities(self, prepared: Sequence[str]) -> tuple[TitleRerankInputs, np.ndarray]:
        """The shortlist of each prepared title and the model's probability that each candidate is right (n, k)."""
        inputs = rerank_inputs(self.linker, self.facts, prepared, self.model.k, names=self.model.feature_names)
        n, k, f = inputs.features.shape
        return inputs, self.model.predict_proba(inputs.features.reshape(n * k, f))[:, 1].reshape(n, k)

    def __call__(self, prepared: Sequence[str]) -> np.ndarray[Any, Any]:
        inputs, probability = self.candidate_probabilities(prepared)
        return reranked_scores(inputs.base, inputs.candidates, probability)
