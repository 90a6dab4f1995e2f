"""Read the ESCO CSV download into typed, in-memory tables.

The official release is a folder of CSV files (``skills_en.csv``, ``occupations_en.csv``,
``occupationSkillRelations.csv``, ``broaderRelations*Pillar.csv``, ...). Any of them may be gzipped
(``.csv.gz``), as in the shared copy. Only the four files above are required.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.errors import InputError


class EscoInputError(InputError):
    """An ESCO or O*NET folder that is missing, incomplete or has unexpected columns."""

    code = "invalid_taxonomy_release"


@dataclass(frozen=True)
class EscoSkill:
    """One ESCO skill or knowledge concept."""

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    skill_type: str = ""  # "skill/competence" or "knowledge"
    reuse_level: str = ""

    @property
    def all_labels(self) -> tuple[str, ...]:
        """Preferred label first, then the alternative labels that differ from it."""
        return (self.label, *[a for a in self.alt_labels if a != self.label])


@dataclass(frozen=True)
class EscoOccupation:
    """One ESCO occupation; ``isco_group`` is the 4-digit ISCO-08 code."""

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    description: str = ""
    isco_group: str = ""
    code: str = ""

    @property
    def all_labels(self) -> tuple[str, ...]:
        return (self.label, *[a for a in self.alt_labels if a != self.label])


@dataclass(frozen=True)
class OccupationSkillRelation:
    occupation_uri: str
    skill_uri: str
    relation_type: str  # "essential" or "optional"


@dataclass(frozen=True)
class BroaderRelation:
    uri: str
    broader_uri: str
    concept_type: str = ""


@dataclass
class EscoTaxonomy:
    """The ESCO tables careerpath uses. ``version`` is e.g. ``"1.1.1"``."""

    version: str
    skills: list[EscoSkill]
    occupations: list[EscoOccupation]
    relations: list[OccupationSkillRelation] = field(default_factory=list)
    skill_broader: list[BroaderRelation] = field(default_factory=list)
    occupation_broader: list[BroaderRelation] = field(default_factory=list)
    fingerprint: str = ""  # content hash of the skills and occupations, for caches
    # Skill collections by name ("digital", "transversal") -> member skill URIs; empty when the file is absent.
    collections: dict[str, frozenset[str]] = field(default_factory=dict)

    def skill_by_uri(self) -> dict[str, EscoSkill]:
        return {s.uri: s for s in self.skills}

    def occupation_by_uri(self) -> dict[str, EscoOccupation]:
        return {o.uri: o for o in self.occupations}

    def skill_by_label(self) -> dict[str, EscoSkill]:
        """Preferred label → skill (labels are unique in ESCO; the first one wins otherwise)."""
        table: dict[str, EscoSkill] = {}
        for skill in self.skills:
            table.setdefault(skill.label, skill)
        return table


REQUIRED_FILES = ("skills_en", "occupations_en", "occupationSkillRelations")
OPTIONAL_FILES = ("broaderRelationsSkillPillar", "broaderRelationsOccPillar")
COLLECTION_FILES = {"digital": "digitalSkillsCollection_en", "transversal": "transversalSkillsCollection_en"}
_VERSION_IN_NAME = re.compile(r"v?(\d+)[._](\d+)(?:[._](\d+))?")


def find_table(directory: Path, stem: str) -> Path | None:
    """The path of ``stem.csv`` or ``stem.csv.gz`` in ``directory``, or None."""
    for suffix in (".csv", ".csv.gz"):
        candidate = directory / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def open_text(path: Path) -> io.TextIOBase:
    """Open a plain or gzipped text file for reading (UTF-8, BOM tolerated)."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_csv_rows(path: Path, required: Sequence[str], *, delimiter: str = ",") -> Iterator[dict[str, str]]:
    """Yield the rows of a CSV/TSV file as dicts, after checking that ``required`` columns exist."""
    with open_text(path) as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise EscoInputError(
                f"{path} lacks the column(s) {', '.join(missing)}; "
                f"found {', '.join(reader.fieldnames or []) or 'no header'}. Is this the right file?"
            )
        yield from reader


def _split_labels(value: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in value.splitlines():
        label = line.strip()
        if label:
            seen.setdefault(label, None)
    return tuple(seen)


def guess_version(directory: Path) -> str:
    """The release version from a folder name like ``esco_v1_1_1`` (``"1.1.1"``), else ``"unknown"``."""
    match = _VERSION_IN_NAME.search(directory.resolve().name)
    if not match:
        return "unknown"
    return ".".join(part for part in match.groups() if part is not None)


def release_files(directory: str | Path) -> dict[str, Path]:
    """Return the required tables of the ESCO release in ``directory``, by stem, without reading them.

    Raises EscoInputError when the folder or one of the required files is missing.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise EscoInputError(f"ESCO folder {folder} does not exist. Pass the folder of the ESCO CSV download.")
    paths: dict[str, Path] = {}
    for stem in REQUIRED_FILES:
        path = find_table(folder, stem)
        if path is None:
            raise EscoInputError(
                f"{folder} has no {stem}.csv (or .csv.gz). Pass the folder of the ESCO CSV download (English)."
            )
        paths[stem] = path
    return paths


def _concept_fields(row: dict[str, str]) -> dict[str, Any]:
    """The fields every ESCO concept row has: URI, preferred label, alternative labels, description."""
    return {
        "uri": row["conceptUri"].strip(),
        "label": row["preferredLabel"].strip(),
        "alt_labels": _split_labels(row.get("altLabels") or ""),
        "description": (row.get("description") or "").strip(),
    }


def load_esco(directory: str | Path, *, version: str | None = None) -> EscoTaxonomy:
    """Load the ESCO CSV release in ``directory`` (plain or gzipped CSVs).

    Raises EscoInputError when the folder or one of the required files is missing.
    """
    paths = release_files(directory)
    folder = Path(directory)
    digest = hashlib.sha256()
    skills = []
    for row in read_csv_rows(paths["skills_en"], ["conceptUri", "preferredLabel", "altLabels"]):
        skill = EscoSkill(
            **_concept_fields(row),
            skill_type=(row.get("skillType") or "").strip(),
            reuse_level=(row.get("reuseLevel") or "").strip(),
        )
        skills.append(skill)
        digest.update(f"{skill.uri}\t{skill.label}\t{'|'.join(skill.alt_labels)}\n".encode())
    occupations = []
    for row in read_csv_rows(paths["occupations_en"], ["conceptUri", "preferredLabel", "altLabels"]):
        occupation = EscoOccupation(
            **_concept_fields(row),
            isco_group=(row.get("iscoGroup") or "").strip(),
            code=(row.get("code") or "").strip(),
        )
        occupations.append(occupation)
        digest.update(f"{occupation.uri}\t{occupation.label}\t{'|'.join(occupation.alt_labels)}\n".encode())
    relations = [
        OccupationSkillRelation(row["occupationUri"], row["skillUri"], row["relationType"])
        for row in read_csv_rows(paths["occupationSkillRelations"], ["occupationUri", "relationType", "skillUri"])
    ]
    broader: dict[str, list[BroaderRelation]] = {}
    for stem in OPTIONAL_FILES:
        path = find_table(folder, stem)
        broader[stem] = (
            [
                BroaderRelation(row["conceptUri"], row["broaderUri"], row.get("conceptType") or "")
                for row in read_csv_rows(path, ["conceptUri", "broaderUri"])
            ]
            if path
            else []
        )
    collections = {}
    for name, stem in COLLECTION_FILES.items():
        path = find_table(folder, stem)
        if path:
            collections[name] = frozenset(row["conceptUri"].strip() for row in read_csv_rows(path, ["conceptUri"]))
    return EscoTaxonomy(
        version=version or guess_version(folder),
        skills=skills,
        occupations=occupations,
        relations=relations,
        skill_broader=broader["broaderRelationsSkillPillar"],
        occupation_broader=broader["broaderRelationsOccPillar"],
        fingerprint=digest.hexdigest()[:16],
        collections=collections,
    )
