"""Check the taxonomy's and role catalogue's ESCO and O*NET links against the public releases.

Every `esco: {uri, label}` of a skill must name an ESCO skill concept with that preferred label,
every role's ESCO occupation likewise; every O*NET element id, Technology Skills example and
O*NET-SOC code must exist. `careerpath data check` runs this on the bundled plus user files.

Example::

    report = check_links(taxonomy, roles, esco_dir=Path("esco_v1_1_1"), onet_dir=Path("onet_29_0"))
    report.problems  # [] when every link resolves
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from careerpath.esco.tables import EscoInputError, read_csv_rows
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.skills.taxonomy import Taxonomy


@dataclass
class LinkReport:
    """How many links of each kind were checked, and one sentence per link that does not resolve."""

    checked: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def check_links(
    taxonomy: Taxonomy, roles: RoleCatalogue, *, esco_dir: Path | None = None, onet_dir: Path | None = None
) -> LinkReport:
    """Check the links against the releases given (at least one); raises EscoInputError for a bad folder."""
    if esco_dir is None and onet_dir is None:
        raise EscoInputError("Nothing to check against: pass the ESCO release folder, the O*NET one, or both.")
    report = LinkReport()
    if esco_dir is not None:
        _check_esco(taxonomy, roles, Path(esco_dir), report)
    if onet_dir is not None:
        _check_onet(taxonomy, roles, Path(onet_dir), report)
    return report


def _table(folder: Path, stem: str) -> Path:
    """``stem`` with any of the suffixes the releases use (ESCO .csv, O*NET .txt, gzipped or not)."""
    if not folder.is_dir():
        raise EscoInputError(f"Release folder {folder} does not exist.")
    for suffix in (".csv", ".csv.gz", ".txt", ".txt.gz"):
        if (folder / f"{stem}{suffix}").is_file():
            return folder / f"{stem}{suffix}"
    raise EscoInputError(f"{folder} has no {stem} table. Is this the right release folder?")


def _labels(path: Path) -> dict[str, str]:
    return {row["conceptUri"]: row["preferredLabel"] for row in read_csv_rows(path, ["conceptUri", "preferredLabel"])}


def _check_esco(taxonomy: Taxonomy, roles: RoleCatalogue, folder: Path, report: LinkReport) -> None:
    skills = _labels(_table(folder, "skills_en"))
    linked = [skill for skill in taxonomy if skill.esco]
    for skill in linked:
        assert skill.esco is not None
        found = skills.get(skill.esco.uri)
        if found is None:
            report.problems.append(f"skill {skill.id!r}: ESCO URI {skill.esco.uri} is not an ESCO skill")
        elif skill.esco.label is not None and found != skill.esco.label:
            report.problems.append(
                f"skill {skill.id!r}: ESCO {skill.esco.uri} is labelled {found!r}, the file says {skill.esco.label!r}"
            )
    occupations = _labels(_table(folder, "occupations_en"))
    links = [(role.id, occupation) for role in roles for occupation in role.esco_occupations]
    for role_id, occupation in links:
        found = occupations.get(occupation.uri)
        if found != occupation.label:
            what = "is not an ESCO occupation" if found is None else f"is labelled {found!r}"
            report.problems.append(
                f"role {role_id!r}: ESCO {occupation.uri} {what}, the file says {occupation.label!r}"
            )
    report.checked["esco_skills"] = len(linked)
    report.checked["esco_occupations"] = len(links)


def _column(path: Path, column: str) -> set[str]:
    return {row[column] for row in read_csv_rows(path, [column], delimiter="\t")}


def _check_onet(taxonomy: Taxonomy, roles: RoleCatalogue, folder: Path, report: LinkReport) -> None:
    elements = _column(_table(folder, "Content_Model_Reference"), "Element ID")
    examples = _column(_table(folder, "Technology_Skills"), "Example")
    codes = _column(_table(folder, "Occupation_Data"), "O*NET-SOC Code")
    linked = [skill for skill in taxonomy if skill.onet]
    for skill in linked:
        assert skill.onet is not None
        if skill.onet.element_id and skill.onet.element_id not in elements:
            report.problems.append(f"skill {skill.id!r}: O*NET element {skill.onet.element_id} does not exist")
        if skill.onet.technology and skill.onet.technology not in examples:
            report.problems.append(
                f"skill {skill.id!r}: {skill.onet.technology!r} is not an O*NET Technology Skills example"
            )
    soc = [(role.id, code) for role in roles for code in role.onet_soc]
    for role_id, code in soc:
        if code not in codes:
            report.problems.append(f"role {role_id!r}: O*NET-SOC code {code} does not exist")
    report.checked["onet_skills"] = len(linked)
    report.checked["onet_soc_codes"] = len(soc)
