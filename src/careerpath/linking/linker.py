"""Rank ESCO skills for sentences: dense label/description similarity fused with lexical coverage.

score(sentence, skill) =
      label_weight       * max cosine(sentence, any label of the skill)      (preferred + alt labels)
    + description_weight * cosine(sentence, "label: description")
    + lexical_weight     * lexical coverage of the skill's best label (lexical.LexicalIndex)
    + prior_weight       * prior(skill)  (share of ESCO occupations that list the skill, log-scaled)
    + kind_weights[k]    for each ESCO kind k of the skill (skill type "knowledge", reuse level "transversal", ...)

Weights live in ``LinkerConfig``; the defaults were tuned on the Decorte validation splits only
(docs/benchmarks.md lists each design tried, with its command).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.esco.tables import EscoSkill, EscoTaxonomy
from careerpath.linking.cache import EmbeddingCache
from careerpath.linking.encoders import TextEncoder
from careerpath.linking.lexical import LexicalIndex


@dataclass(frozen=True)
class LinkerConfig:
    """Fusion weights and options of ``SkillLinker``; ``name`` is versioned (bump it on behaviour changes)."""

    name: str = "custom"
    label_weight: float = 1.0  # max cosine over preferred + alternative labels (max pooling)
    preferred_weight: float = 0.0  # extra weight on the preferred label alone
    description_weight: float = 0.0  # cosine to "label: description"
    lexical_weight: float = 0.0  # IDF-weighted token coverage of the best label
    lexical_power: float = 2.0  # coverage ** power: partial matches count much less than full ones
    prior_weight: float = 0.0  # log-scaled share of ESCO occupations that list the skill
    use_alt_labels: bool = True
    # False: the dense label term is the cosine to the preferred label alone, so only the 13,896 preferred
    # labels are embedded (a cold cache ~8x cheaper than all 113k labels and descriptions); lexical coverage
    # still reads every label when ``use_alt_labels`` is on.
    encode_alt_labels: bool = True
    split_clauses: bool = False  # also encode the sentence's clauses and keep each skill's best view
    clause_weight: float = 0.5  # weight of the best clause view against the whole sentence
    # Rescore only each sentence's top ``candidates`` skills by max over all labels; 0 scores every label.
    # The shortlist ranks by the preferred label alone (a lower bound of the max) plus the other terms;
    # on the Decorte validation splits the top 500 hold every exact top-5, and the sentence skips
    # ~85% of the label products (99k alternative labels against 14k preferred ones).
    candidates: int = 0
    # Which model encodes the sentences, by versioned name (linking/sentence_encoders.py): "minilm.v1"
    # (all-MiniLM-L6-v2), "minilm-distilled.v1" (the distilled 3-layer student, ~2x faster) or
    # "minilm-int8.v1" (MiniLM in ONNX int8), "mpnet.v1" (all-mpnet-base-v2) or "minilm+mpnet.v1" (both,
    # cosines averaged). The taxonomy is MiniLM's, except for mpnet encoders, which embed it themselves.
    query_encoder: str = "minilm.v1"
    # A constant per ESCO kind of skill, added to every skill of that kind: (kind, weight) pairs where kind is a
    # skill type ("knowledge", "skill/competence") or a reuse level ("transversal", "sector-specific", ...).
    # Learned designs (scripts/train_linking_fusion.py) set them; hand-set designs leave them empty.
    kind_weights: tuple[tuple[str, float], ...] = ()

    @property
    def dense(self) -> bool:
        """True when some weight needs an encoder; a purely lexical design needs none."""
        return bool(self.label_weight or self.preferred_weight or self.description_weight)


@dataclass(frozen=True)
class LinkedSkill:
    """An ESCO skill ranked for a text; ``score`` is comparable only within one ranking."""

    uri: str
    label: str
    score: float


_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:•·|/()]|\s-\s|\band\b|\bor\b|\bas well as\b|\bincluding\b)\s*", re.I)


def split_clauses(sentence: str, *, min_chars: int = 3) -> list[str]:
    """The sentence cut at commas, semicolons, brackets and coordinating words."""
    return [part for part in _CLAUSE_SPLIT.split(sentence) if len(part.strip()) >= min_chars]


def occupation_priors(taxonomy: EscoTaxonomy) -> np.ndarray:
    """Per skill, log(1 + occupations listing it) / log(1 + max count), in [0, 1]."""
    counts: dict[str, int] = {}
    for relation in taxonomy.relations:
        counts[relation.skill_uri] = counts.get(relation.skill_uri, 0) + 1
    values = np.asarray([math.log1p(counts.get(s.uri, 0)) for s in taxonomy.skills], dtype=np.float32)
    return values / max(float(values.max(initial=0.0)), 1e-6)


def kind_bias(skills: Sequence[EscoSkill], weights: Sequence[tuple[str, float]]) -> np.ndarray:
    """Per skill, the sum of ``weights`` over its ESCO skill type and reuse level."""
    table = dict(weights)
    return np.asarray([table.get(s.skill_type, 0.0) + table.get(s.reuse_level, 0.0) for s in skills], dtype=np.float32)


def label_priors(skills: Sequence[EscoSkill], frequencies: Mapping[str, float]) -> np.ndarray:
    """Per skill, a prior from label → frequency (e.g. esco_priors.json), log-scaled to [0, 1]."""
    floor = min((v for v in frequencies.values() if v > 0), default=1e-9)
    values = np.asarray([math.log(max(frequencies.get(s.label, 0.0), floor)) for s in skills], dtype=np.float32)
    values -= values.min(initial=0.0)
    return values / max(float(values.max(initial=0.0)), 1e-6)


@dataclass
class SkillLinker:
    """Ranks all skills of an ESCO release for sentences. Build once; taxonomy embeddings are cached.

    Example::

        linker = SkillLinker(load_esco(folder), SentenceTransformerEncoder(), cache_dir=cache)
        linker.link_skills(["Experience with PyTorch and Docker"], top_k=5)
    """

    taxonomy: EscoTaxonomy
    encoder: TextEncoder
    config: LinkerConfig = field(default_factory=LinkerConfig)
    cache_dir: str | Path | None = None
    priors: np.ndarray | None = None  # per skill in [0, 1]; default: occupation_priors(taxonomy)
    # Encodes the taxonomy (cached on disk) when it differs from the sentence encoder: a fast int8
    # sentence encoder then reads the vectors of the full-precision model it approximates, and a
    # cold cache is filled by that model, never by the approximation.
    taxonomy_encoder: TextEncoder | None = None

    def __post_init__(self) -> None:
        skills = self.taxonomy.skills
        self.labels_: list[str] = [s.label for s in skills]
        label_texts: list[str] = []
        owners: list[int] = []
        offsets: list[int] = []
        for index, skill in enumerate(skills):
            offsets.append(len(label_texts))
            for label in skill.all_labels if self.config.use_alt_labels else (skill.label,):
                label_texts.append(label)
                owners.append(index)
        self.label_offsets_ = np.asarray(offsets, dtype=np.int64)
        self.label_owners_ = np.asarray(owners, dtype=np.int64)
        self.label_texts_ = label_texts
        self.lexical_ = LexicalIndex(label_texts, owners, len(skills))
        self.preferred_rows_ = self.label_offsets_  # the preferred label is first in each group
        if self.priors is None:
            self.priors = occupation_priors(self.taxonomy)
        self.kind_bias_ = kind_bias(skills, self.config.kind_weights) if self.config.kind_weights else None
        self._label_matrix: np.ndarray | None = None
        self._description_matrix: np.ndarray | None = None
        self._bound_matrix: np.ndarray | None = None
        self._label_counts: np.ndarray | None = None

    @property
    def taxonomy_key(self) -> str:
        return f"esco-{self.taxonomy.version}-{self.taxonomy.fingerprint}"

    def _cached(self, encoder: TextEncoder, field: str, texts: list[str]) -> np.ndarray:
        """The taxonomy matrix of ``field``; an ensemble (``ConcatEncoder``) joins its parts' own caches."""
        return EmbeddingCache(self.cache_dir).encoder_matrix(encoder, self.taxonomy_key, field, texts)

    def _embeddings(self) -> tuple[np.ndarray, np.ndarray | None]:
        encoder = self.taxonomy_encoder or self.encoder
        if self._label_matrix is None and not self.config.encode_alt_labels:
            self._label_matrix = self._cached(encoder, "skill_preferred_labels", list(self.labels_))
        if self._label_matrix is None:
            all_labels = [label for s in self.taxonomy.skills for label in s.all_labels]
            matrix = self._cached(encoder, "skill_labels", all_labels)
            if not self.config.use_alt_labels:
                matrix = matrix[self._first_label_rows()]
            self._label_matrix = matrix
        if self._description_matrix is None and self.config.description_weight:
            texts = [f"{s.label}: {s.description}" if s.description else s.label for s in self.taxonomy.skills]
            self._description_matrix = self._cached(encoder, "skill_descriptions", texts)
        return self._label_matrix, self._description_matrix

    def _first_label_rows(self) -> np.ndarray:
        sizes = [len(s.all_labels) for s in self.taxonomy.skills]
        return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)

    @property
    def uses_dense(self) -> bool:
        """False for a purely lexical design, which needs no encoder."""
        return self.config.dense

    def prepare(self) -> SkillLinker:
        """Load or compute the taxonomy embeddings now (otherwise the first call does it)."""
        if self.uses_dense:
            self._embeddings()
        return self

    def dense_scores(self, query_vectors: np.ndarray) -> np.ndarray:
        """(n_queries, n_skills) fused dense similarity for already-encoded queries."""
        return self.fused_dense(self.dense_terms(query_vectors))

    def dense_terms(self, query_vectors: np.ndarray) -> dict[str, np.ndarray]:
        """(n_queries, n_skills) cosines of each dense term for already-encoded queries.

        "label": the max over each skill's labels (its preferred label's when only those are embedded);
        "preferred": the preferred label's (when every label is embedded); "description": when the design weighs it.
        """
        labels, descriptions = self._embeddings()
        similarities = query_vectors @ labels.T
        terms = (
            {"label": similarities}  # one vector per skill: its preferred label
            if not self.config.encode_alt_labels
            else {
                "label": np.maximum.reduceat(similarities, self.label_offsets_, axis=1),
                "preferred": similarities[:, self.preferred_rows_],
            }
        )
        if descriptions is not None:
            terms["description"] = query_vectors @ descriptions.T
        return terms

    def fused_dense(self, terms: Mapping[str, np.ndarray]) -> np.ndarray:
        """The dense score: ``dense_terms``' cosines weighted and summed. The one place the dense weights are
        applied; the re-ranker (linking/rerank.py) passes the same terms it already computed for its features."""
        config = self.config
        if not config.encode_alt_labels:  # "label" is the preferred label's cosine: both weights apply to it
            scores = (config.label_weight + config.preferred_weight) * terms["label"]
        else:
            scores = config.label_weight * terms["label"]
            if config.preferred_weight:
                scores += config.preferred_weight * terms["preferred"]
        if config.description_weight:
            scores += config.description_weight * terms["description"]
        return scores

    def score_matrix(self, sentences: Sequence[str]) -> np.ndarray[Any, Any]:
        """(n_sentences, n_skills) fused scores; higher is better.

        With ``config.candidates`` set, skills outside a sentence's shortlist keep their preferred-label
        score (a lower bound of the full one), so the top of each row is exact whenever the shortlist holds it.
        """
        config = self.config
        if not sentences:
            return np.zeros((0, len(self.labels_)), dtype=np.float32)
        scores: np.ndarray[Any, Any]
        shortlist = (
            self.uses_dense
            and 0 < config.candidates < len(self.labels_)
            and not config.split_clauses
            and config.encode_alt_labels
        )
        if not self.uses_dense:
            scores = np.zeros((len(sentences), len(self.labels_)), dtype=np.float32)
        elif shortlist:
            query_vectors = self.encoder.encode(list(sentences))
            scores = self._bounded_dense_scores(query_vectors)
        else:
            scores = self.dense_scores(self.encoder.encode(list(sentences)))
        if config.split_clauses and self.uses_dense:
            views = [split_clauses(s) for s in sentences]
            flat = [v for parts in views for v in parts]
            if flat:
                clause_scores = self.dense_scores(self.encoder.encode(flat))
                start = 0
                for row, parts in enumerate(views):
                    if len(parts) > 1:
                        best = clause_scores[start : start + len(parts)].max(axis=0)
                        scores[row] = (1 - config.clause_weight) * scores[row] + config.clause_weight * best
                    start += len(parts)
        scores = self.add_lexical_and_priors(
            scores, self.lexical_.coverage_matrix(sentences) if config.lexical_weight else None
        )
        if shortlist:
            self._rescore_shortlist(scores, query_vectors)
        return scores

    def add_lexical_and_priors(self, dense: np.ndarray, coverage: np.ndarray | None) -> np.ndarray:
        """``dense`` scores plus the weighted lexical ``coverage`` (None when the design has no lexical weight), the
        occupation prior and the kind weights: the rest of ``score_matrix``, shared with the re-ranker's base."""
        config = self.config
        scores = dense
        if config.lexical_weight:
            assert coverage is not None
            scores = scores + config.lexical_weight * coverage**config.lexical_power
        if config.prior_weight and self.priors is not None:
            scores = scores + config.prior_weight * self.priors[None, :]
        if self.kind_bias_ is not None:
            scores = scores + self.kind_bias_[None, :]
        return scores

    def _shortlist_matrices(self) -> tuple[np.ndarray, np.ndarray]:
        """(preferred [+ description] rows stacked for one product, label count per skill)."""
        if self._bound_matrix is None:
            labels, descriptions = self._embeddings()
            blocks = [labels[self.preferred_rows_]]
            if descriptions is not None and self.config.description_weight:
                blocks.append(descriptions)
            self._bound_matrix = np.ascontiguousarray(np.concatenate(blocks), dtype=np.float32)
            self._label_counts = np.diff(np.append(self.label_offsets_, len(labels)))
        assert self._label_counts is not None
        return self._bound_matrix, self._label_counts

    def _bounded_dense_scores(self, query_vectors: np.ndarray) -> np.ndarray:
        """Dense scores with the preferred label standing in for the max over all labels (a lower bound)."""
        matrix, _ = self._shortlist_matrices()
        config = self.config
        n_skills = len(self.labels_)
        products = query_vectors @ matrix.T  # one GEMM: (n, skills) preferred, then (n, skills) descriptions
        scores = (config.label_weight + config.preferred_weight) * products[:, :n_skills]
        if products.shape[1] > n_skills:
            scores += config.description_weight * products[:, n_skills:]
        return scores

    def _rescore_shortlist(self, scores: np.ndarray, query_vectors: np.ndarray) -> None:
        """In place: each row's top ``config.candidates`` skills get the max over all their labels."""
        labels, _ = self._embeddings()
        _, counts = self._shortlist_matrices()
        top = np.argpartition(-scores, self.config.candidates, axis=1)[:, : self.config.candidates]
        for row, skills in enumerate(top):
            skills = skills[counts[skills] > 1]  # a skill with one label already has its exact score
            if not len(skills):
                continue
            sizes = counts[skills]
            firsts = np.cumsum(sizes) - sizes  # where each skill's labels start in the gathered block
            # Label rows of the shortlisted skills, skill by skill: offset, offset + 1, ..., offset + size - 1.
            label_rows = np.repeat(self.label_offsets_[skills] - firsts, sizes) + np.arange(int(sizes.sum()))
            cosines = labels[label_rows] @ query_vectors[row]
            # The bound counted the preferred label (first of each group); swap in the best label.
            best = np.maximum.reduceat(cosines, firsts)
            scores[row, skills] += self.config.label_weight * (best - cosines[firsts])

    def link_skills(self, sentences: Sequence[str], *, top_k: int = 10) -> list[list[LinkedSkill]]:
        """For each sentence, the ``top_k`` ESCO skills, best first."""
        scores = self.score_matrix(sentences)
        if not len(scores) or top_k <= 0:
            return [[] for _ in sentences]
        k = min(top_k, scores.shape[1])
        # One partition and one sort over the whole matrix, not a numpy call pair per sentence.
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        values = np.take_along_axis(scores, top, axis=1)
        order = np.argsort(-values, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        values = np.take_along_axis(values, order, axis=1)
        skills = self.taxonomy.skills
        return [
            [LinkedSkill(skills[i].uri, skills[i].label, score) for i, score in zip(row, row_values, strict=True)]
            for row, row_values in zip(top.tolist(), values.tolist(), strict=True)
        ]
