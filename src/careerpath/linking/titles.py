"""Job title → ranked ESCO occupations (dense label similarity fused with lexical coverage).

score(title, occupation) = max cosine(title, any label of the occupation)
                         + lexical_weight * coverage(title, best label) ** 2
                         + exact_bonus   if the cleaned title equals one of the labels
The careerpath role and seniority come from ``careerpath.roles.titles`` when a role catalogue is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
from careerpath.linking.cache import EmbeddingCache
from careerpath.linking.encoders import TextEncoder
from careerpath.linking.lexical import LexicalIndex


@dataclass(frozen=True)
class OccupationMatch:
    uri: str
    label: str
    isco_group: str
    score: float


@dataclass(frozen=True)
class TitleNormalization:
    """A raw title's ESCO occupations (best first) and, when roles were given, its careerpath role."""

    title: str
    occupations: tuple[OccupationMatch, ...]
    role_id: str | None = None
    seniority: str | None = None


_NOISE = re.compile(r"[(\[].*?[)\]]|\b(?:urgent|hiring|immediate|vacancy|wanted|position|job)\b", re.I)


def clean_title(title: str) -> str:
    """The title lower-cased, without bracketed notes and recruiting noise ("URGENT", "(Remote)")."""
    text = _NOISE.sub(" ", title.lower())
    text = re.sub(r"[^\w+#&/ -]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class OccupationLinker:
    """Ranks all occupations of an ESCO release for job titles; build once, reuse."""

    taxonomy: EscoTaxonomy
    encoder: TextEncoder
    lexical_weight: float = 0.3
    exact_bonus: float = 0.3
    cache_dir: str | Path | None = None
    _matrix: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        texts: list[str] = []
        owners: list[int] = []
        offsets: list[int] = []
        self.exact_: dict[str, int] = {}
        for index, occupation in enumerate(self.taxonomy.occupations):
            offsets.append(len(texts))
            for label in occupation.all_labels:
                texts.append(label)
                owners.append(index)
                self.exact_.setdefault(clean_title(label), index)
        self.label_texts_ = texts
        self.offsets_ = np.asarray(offsets, dtype=np.int64)
        self.lexical_ = LexicalIndex(texts, owners, len(self.taxonomy.occupations))
        self.uris_ = [o.uri for o in self.taxonomy.occupations]

    def _labels(self) -> np.ndarray:
        if self._matrix is None:
            key = f"esco-{self.taxonomy.version}-{self.taxonomy.fingerprint}"
            self._matrix = EmbeddingCache(self.cache_dir).get_or_compute(
                self.encoder.name, key, "occupation_labels", self.label_texts_, self.encoder.encode
            )
        return self._matrix

    def score_matrix(self, titles: Sequence[str]) -> np.ndarray:
        """(n_titles, n_occupations) scores; higher is better."""
        cleaned = [clean_title(t) or t for t in titles]
        scores = np.maximum.reduceat(self.encoder.encode(cleaned) @ self._labels().T, self.offsets_, axis=1)
        if self.lexical_weight:
            scores += self.lexical_weight * self.lexical_.coverage_matrix(cleaned) ** 2
        for row, text in enumerate(cleaned):
            exact = self.exact_.get(text)
            if exact is not None:
                scores[row, exact] += self.exact_bonus
        return scores

    def normalize_titles(self, titles: Sequence[str], *, top_k: int = 5) -> list[list[OccupationMatch]]:
        """For each title, the ``top_k`` ESCO occupations, best first."""
        results = []
        occupations: list[EscoOccupation] = self.taxonomy.occupations
        for row in self.score_matrix(titles):
            top = np.argsort(-row)[:top_k]
            results.append(
                [
                    OccupationMatch(occupations[i].uri, occupations[i].label, occupations[i].isco_group, float(row[i]))
                    for i in top
                ]
            )
        return results


def normalize_title_to_esco(
    title: str,
    linker: OccupationLinker,
    *,
    top_k: int = 5,
    roles: Iterable[Any] | None = None,
) -> TitleNormalization:
    """A raw job title → ranked ESCO occupations, plus careerpath role and seniority when ``roles`` is given.

    >>> normalize_title_to_esco("Sr. Data Scientist (Remote)", linker).occupations[0].label  # doctest: +SKIP
    'data scientist'
    """
    occupations = tuple(linker.normalize_titles([title], top_k=top_k)[0])
    role_id = seniority = None
    if roles is not None:
        from careerpath.roles.titles import normalize_title

        match = normalize_title(title, roles)
        role_id, seniority = match.role_id, match.seniority
    return TitleNormalization(title, occupations, role_id, seniority)
