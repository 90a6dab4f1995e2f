"""The encoder tiers of title -> careerpath role (``role-titles.v2``-``.v4``), for titles the rules leave undecided.

``roles/titles.py`` (``role-titles.v1``) decides most titles by rules and aliases. A title none of them speaks
for (``TitleMatch.undecided``) is scored here with the title encoder (``titles.v1`` scoring: max cosine over
labels, lexical coverage, exact-label bonus) against two kinds of candidates at once:

- every careerpath role, its labels being its name and title aliases (roles.yaml);
- every ESCO occupation, mapped to a role by the crosswalk ``data/title_crosswalk.yaml`` (data, validated
  here) or to no role when the crosswalk does not list it.

The best candidate decides: its role when its confidence reaches ``threshold``, else no role. The designs
(``ROLE_TITLE_DESIGNS``, versioned; ``role-titles.v1`` is the rules alone):

- ``role-titles.v2``: ``titles.v4`` scoring; the confidence is the best candidate's score.
- ``role-titles.v3``: ``titles.v6`` (v4's top 50 re-ordered by the learned title re-ranker); its scores are
  positions, so the confidence is the re-ranker's probability that the top candidate is the title's occupation.
- ``role-titles.v4``: the same on ``titles.v7`` (its re-ranker reads its own features by name).

Each threshold is calibrated by ``scripts/calibrate_title_tier.py`` (cross-validation on half of a labelled set
of titles the rules leave unmapped, the other half confirms); measured so far, no tier wins over the rules
alone, so ingestion does not use one (docs/benchmarks.md, section 3). The unlisted ESCO occupations are what
keeps precision: a "Scientist, Bacteriology" lands on "bacteriologist", which names no careerpath role, not on
the nearest role.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
from careerpath.registry import Registry
from careerpath.roles.models import EscoOccupation as RoleOccupation
from careerpath.roles.titles import RoleLike

CROSSWALK_FILE = "title_crosswalk.yaml"
ROLE_CANDIDATE = "careerpath:role:"  # the uri prefix of a role's own candidate


class CrosswalkEntry(RoleOccupation):
    """An ESCO occupation (URI checked as in the role files) and the careerpath role its titles mean."""

    label: str = Field(min_length=1)
    role: str = Field(min_length=1)


class TitleCrosswalk(BaseModel):
    """ESCO occupations whose titles mean a careerpath role."""

    model_config = ConfigDict(extra="forbid")
    version: str
    occupations: list[CrosswalkEntry]

    @field_validator("occupations")
    @classmethod
    def _unique(cls, value: list[CrosswalkEntry]) -> list[CrosswalkEntry]:
        seen: set[str] = set()
        for entry in value:
            if entry.uri in seen:
                raise ValueError(f"occupation {entry.uri} is listed twice")
            seen.add(entry.uri)
        return value

    def roles_by_uri(self) -> dict[str, str]:
        return {entry.uri: entry.role for entry in self.occupations}


def load_crosswalk(path: Path | None = None) -> TitleCrosswalk:
    """The bundled crosswalk (or ``path``); TaxonomyError with the first problem when it is not valid."""
    from careerpath.data_files import bundled_path, first_problem, read_yaml
    from careerpath.errors import TaxonomyError

    path = path or bundled_path(CROSSWALK_FILE)
    try:
        return TitleCrosswalk.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise TaxonomyError(f"{path}: invalid title crosswalk {first_problem(exc)}") from exc


def crosswalk_problems(crosswalk: TitleCrosswalk, role_ids: Iterable[str], esco: EscoTaxonomy | None) -> list[str]:
    """What does not fit: roles the catalogue lacks, occupations the ESCO release lacks or labels differently."""
    known = set(role_ids)
    problems = [f"{e.label}: unknown role {e.role!r}" for e in crosswalk.occupations if e.role not in known]
    if esco is not None:
        labels = {o.uri: o.label for o in esco.occupations}
        for entry in crosswalk.occupations:
            if entry.uri not in labels:
                problems.append(f"{entry.label}: {entry.uri} is not in ESCO {esco.version}")
            elif labels[entry.uri] != entry.label:
                problems.append(f"{entry.uri}: ESCO calls it {labels[entry.uri]!r}, not {entry.label!r}")
    return problems


@dataclass(frozen=True)
class RoleGuess:
    """The best candidate of one title, its score and the role it stands for (None: an unlisted occupation)."""

    candidate_role: str | None
    score: float
    candidate: str
    threshold: float

    @property
    def role_id(self) -> str | None:
        """The tier's answer: the candidate's role when the score reaches the threshold, else no role."""
        return self.candidate_role if self.score >= self.threshold else None


class EncoderRoleTier:
    """Title -> careerpath role by the nearest role or ESCO occupation; build once, reuse."""

    def __init__(self, linker: Any, roles: list[str | None], threshold: float) -> None:
        self.linker = linker  # an OccupationLinker over the role candidates, then the ESCO occupations
        self.candidate_roles = roles
        self.threshold = threshold
        self._scorer: Any = None  # the re-ranked design's RerankedScorer, built on first use (its per-occupation facts)

    def best_candidates(self, titles: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each title's best candidate (a column) and its confidence.

        Without a re-ranker the confidence is the linker's score. With one (``titles.v6``, ``.v7``) the scores are
        positions, so it is the re-ranker's probability that the top candidate is right; the top candidate
        is the one the re-ranked order puts first (ties: v4's order).
        """
        if self.linker.reranker is None:
            scores = self.linker.score_matrix(list(titles))
            best = scores.argmax(axis=1)  # ties go to the first candidate: a careerpath role before ESCO
            return best, scores[np.arange(len(best)), best]
        from careerpath.linking.title_rerank import RerankedScorer

        if self._scorer is None:
            self._scorer = RerankedScorer(self.linker, self.linker.reranker)
        prepared = [self.linker.prepare_title(t) for t in titles]
        # the model's own features by name: v6 reads 18, v7 26
        inputs, probability = self._scorer.candidate_probabilities(prepared)
        top = probability.argmax(axis=1)
        rows = np.arange(len(top))
        return inputs.candidates[rows, top], probability[rows, top]

    def guess(self, titles: Sequence[str]) -> list[RoleGuess]:
        if not titles:
            return []
        columns, confidence = self.best_candidates(titles)
        out = []
        for column, value in zip(columns.tolist(), confidence.tolist(), strict=True):
            label = self.linker.taxonomy.occupations[column].label
            out.append(RoleGuess(self.candidate_roles[column], float(value), label, self.threshold))
        return out


def role_candidates(roles: Iterable[RoleLike], esco: EscoTaxonomy | None = None) -> list[EscoOccupation]:
    """Each careerpath role as a pseudo-occupation whose labels are its name and title aliases.

    With ``esco``, a role takes the ISCO-08 group of its first ESCO occupation found there (the title
    re-ranker counts candidates of the same group), else none.
    """
    groups = {o.uri: o.isco_group for o in esco.occupations} if esco is not None else {}
    out = []
    for role in roles:
        linked = [groups[o.uri] for o in getattr(role, "esco_occupations", ()) if o.uri in groups]
        out.append(
            EscoOccupation(
                uri=ROLE_CANDIDATE + role.id,
                label=role.name,
                alt_labels=tuple(role.title_aliases),
                isco_group=linked[0] if linked else "",
            )
        )
    return out


def build_encoder_role_tier(
    roles: Iterable[RoleLike],
    esco: EscoTaxonomy,
    *,
    threshold: float,
    encoder: Any = None,
    crosswalk: TitleCrosswalk | None = None,
    cache_dir: str | Path | None = None,
    model_cache: str | Path | None = None,
    **linker_options: Any,
) -> EncoderRoleTier:
    """The tier over ``roles`` and the ESCO release, with careerpath's title encoder unless ``encoder`` is given.

    TaxonomyError when the crosswalk names a role the catalogue lacks; the label vectors are cached under
    ``cache_dir`` (keyed by the roles and the release), so only the first build encodes them.
    ``linker_options`` go to the OccupationLinker (``titles.v5``: ``partner``, ``partner_weight``, ``strip_noise``;
    ``titles.v6``: ``reranker``, which makes the confidence the re-ranker's probability).
    """
    from careerpath.errors import TaxonomyError
    from careerpath.linking.titles import OccupationLinker, title_encoder

    roles = list(roles)
    crosswalk = crosswalk or load_crosswalk()
    problems = crosswalk_problems(crosswalk, [r.id for r in roles], None)
    if problems:
        raise TaxonomyError(f"title crosswalk: {problems[0]}")
    mapped = crosswalk.roles_by_uri()
    candidates = role_candidates(roles, esco) + list(esco.occupations)
    digest = hashlib.sha256(
        "\n".join(f"{c.uri}\t{'|'.join(c.all_labels)}" for c in candidates[: len(roles)]).encode()
    ).hexdigest()[:12]
    combined = replace(esco, occupations=candidates, fingerprint=f"{esco.fingerprint}+roles-{digest}")
    if encoder is None:
        if model_cache is None:
            base = Path(cache_dir).parent if cache_dir else Path.home() / ".cache" / "careerpath"
            model_cache = base / "models"
        encoder = title_encoder(model_cache)
    linker = OccupationLinker(combined, encoder, cache_dir=cache_dir, **linker_options)
    candidate_roles = [r.id for r in roles] + [mapped.get(o.uri) for o in esco.occupations]
    return EncoderRoleTier(linker, candidate_roles, threshold)


@dataclass(frozen=True)
class RoleTitleDesign:
    """A title -> role design: the rules, then (when ``title_design`` is set) an encoder tier at ``threshold``."""

    summary: str
    title_design: str | None = None
    threshold: float = float("inf")


# Versioned title -> role designs; each threshold from scripts/calibrate_title_tier.py (docs/benchmarks.md section 3).
ROLE_TITLE_DESIGNS: dict[str, RoleTitleDesign] = {
    "role-titles.v1": RoleTitleDesign("the rules and aliases of roles/titles.py"),
    # Half A as a whole picked "never" (session 6); 1.104 is the threshold its folds and titles.v5's calibration picked.
    "role-titles.v2": RoleTitleDesign(
        "role-titles.v1, then for undecided titles the nearest careerpath role or crosswalked ESCO occupation by "
        "titles.v4 score",
        "titles.v4",
        1.104,
    ),
    # Half A as a whole picked "never" (session 10); 0.341 is the one finite fold pick (0.3416), rounded down.
    "role-titles.v3": RoleTitleDesign(
        "role-titles.v1, then for undecided titles titles.v6's top careerpath role or crosswalked ESCO occupation "
        "when the title re-ranker's probability for it is high enough",
        "titles.v6",
        0.341,
    ),
    # Half A as a whole picked "never" (session 10, RULE-S10-TIER7.md); 0.553 is the one finite fold pick (0.5533).
    "role-titles.v4": RoleTitleDesign(
        "role-titles.v3 with titles.v7 (the re-ranker trained also on ESCO alternative labels) in place of titles.v6",
        "titles.v7",
        0.553,
    ),
}
# The rules alone stay the default of ingestion and of `eval role-titles`: no tier has won over them.
DEFAULT_ROLE_TITLE_DESIGN = "role-titles.v1"
ROLE_TITLE_DESIGN_VERSIONS = Registry()
for _name, _design in ROLE_TITLE_DESIGNS.items():
    ROLE_TITLE_DESIGN_VERSIONS.add("title-design", _name, _design, summary=_design.summary)


def build_role_title_tier(
    design: str,
    roles: Iterable[RoleLike],
    esco: EscoTaxonomy | None,
    *,
    cache_dir: str | Path | None = None,
    model_cache: str | Path | None = None,
) -> EncoderRoleTier | None:
    """The encoder tier of a named design (None for the rules alone); InputError for an unknown design or no ESCO."""
    from careerpath.errors import InputError

    if design not in ROLE_TITLE_DESIGNS:
        raise InputError(f"Unknown title -> role design {design!r}; choose from: {', '.join(ROLE_TITLE_DESIGNS)}.")
    settings = ROLE_TITLE_DESIGNS[design]
    if settings.title_design is None:
        return None
    if esco is None:
        raise InputError(f"Title -> role design {design!r} needs the ESCO release (--esco DIR).")
    from careerpath.data_files import bundled_path
    from careerpath.linking.titles import TITLE_DESIGNS, title_encoder

    title_settings = TITLE_DESIGNS[settings.title_design]
    if model_cache is None:
        base = Path(cache_dir).parent if cache_dir else Path.home() / ".cache" / "careerpath"
        model_cache = base / "models"
    # The title design's own weights, named: a later default title encoder must not change this design.
    weights = Path(bundled_path(f"models/{title_settings['own_encoder']}"))
    options: dict[str, Any] = {"encoder": title_encoder(model_cache, weights)}
    if title_settings.get("reranker"):
        from careerpath.linking.rerank import load_reranker, shipped_reranker_path

        options["reranker"] = load_reranker(shipped_reranker_path(title_settings["reranker"]))
    return build_encoder_role_tier(roles, esco, threshold=settings.threshold, cache_dir=cache_dir, **options)


def roles_for_titles(titles: Sequence[str], normalizer: Any, tier: EncoderRoleTier | None) -> list[str | None]:
    """Each title's careerpath role: the rules' (``normalizer``, a TitleNormalizer), then the tier's when undecided."""
    matches = [normalizer.normalize(title) for title in titles]
    undecided = sorted({t for t, m in zip(titles, matches, strict=True) if m.undecided}) if tier else []
    guesses = dict(zip(undecided, tier.guess(undecided), strict=True)) if tier and undecided else {}
    return [guesses[t].role_id if t in guesses else m.role_id for t, m in zip(titles, matches, strict=True)]
