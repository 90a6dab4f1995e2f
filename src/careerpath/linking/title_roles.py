"""The encoder tier of title -> careerpath role (design ``role-titles.v2``): for the titles the rules leave undecided.

``roles/titles.py`` (``role-titles.v1``) decides most titles by rules and aliases. A title none of them speaks
for (``TitleMatch.undecided``) is scored here with the title encoder (``titles.v1`` scoring: max cosine over
labels, lexical coverage, exact-label bonus) against two kinds of candidates at once:

- every careerpath role, its labels being its name and title aliases (roles.yaml);
- every ESCO occupation, mapped to a role by the crosswalk ``data/title_crosswalk.yaml`` (data, validated
  here) or to no role when the crosswalk does not list it.

The best candidate decides: its role when its score reaches ``threshold``, else no role. The threshold is
calibrated by ``scripts/calibrate_title_tier.py`` (cross-validation on half of a labelled set of titles the
rules leave unmapped); measured so far, no threshold wins over the rules alone, so ingestion does not use
this tier (docs/benchmarks.md, section 3). The unlisted ESCO occupations are what keeps precision: a
"Scientist, Bacteriology" lands on "bacteriologist", which names no careerpath role, not on the nearest role.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
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

    def guess(self, titles: Sequence[str]) -> list[RoleGuess]:
        if not titles:
            return []
        scores = self.linker.score_matrix(list(titles))
        best = scores.argmax(axis=1)  # ties go to the first candidate: a careerpath role before ESCO
        out = []
        for row, column in enumerate(best):
            label = self.linker.taxonomy.occupations[column].label
            out.append(RoleGuess(self.candidate_roles[column], float(scores[row, column]), label, self.threshold))
        return out


def role_candidates(roles: Iterable[RoleLike]) -> list[EscoOccupation]:
    """Each careerpath role as a pseudo-occupation whose labels are its name and title aliases."""
    return [
        EscoOccupation(uri=ROLE_CANDIDATE + role.id, label=role.name, alt_labels=tuple(role.title_aliases))
        for role in roles
    ]


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
    ``linker_options`` go to the OccupationLinker (``titles.v5``: ``partner``, ``partner_weight``, ``strip_noise``).
    """
    from careerpath.errors import TaxonomyError
    from careerpath.linking.titles import OccupationLinker, title_encoder

    roles = list(roles)
    crosswalk = crosswalk or load_crosswalk()
    problems = crosswalk_problems(crosswalk, [r.id for r in roles], None)
    if problems:
        raise TaxonomyError(f"title crosswalk: {problems[0]}")
    mapped = crosswalk.roles_by_uri()
    candidates = role_candidates(roles) + list(esco.occupations)
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
