"""Read the O*NET database text release (tab-separated ``.txt``, optionally gzipped)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from careerpath.esco.tables import EscoInputError, guess_version, open_text, read_csv_rows

# File stem → table name in the store. Occupation_Data is required; the rest are imported when present.
ONET_TABLES: dict[str, str] = {
    "Occupation_Data": "onet_occupations",
    "Alternate_Titles": "onet_alternate_titles",
    "Sample_of_Reported_Titles": "onet_reported_titles",
    "Skills": "onet_skills",
    "Knowledge": "onet_knowledge",
    "Technology_Skills": "onet_technology_skills",
    "Tools_Used": "onet_tools_used",
    "Task_Statements": "onet_task_statements",
    "Related_Occupations": "onet_related_occupations",
    "Job_Zones": "onet_job_zones",
    "Education_Training_and_Experience": "onet_education",
    "Content_Model_Reference": "onet_content_model",
}
_README_VERSION = re.compile(r"O\*NET\s+(\d+(?:\.\d+)?)\s+Database")


@dataclass
class OnetRelease:
    """The O*NET tables found in a release folder, each as a list of string rows."""

    version: str
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def _find(folder: Path, stem: str) -> Path | None:
    for suffix in (".txt", ".txt.gz", ".tsv", ".tsv.gz"):
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def onet_version(folder: Path) -> str:
    """The release number from ONET_Read_Me.txt, else from the folder name (``onet_29_0`` → ``29.0``)."""
    readme = _find(folder, "ONET_Read_Me") or _find(folder, "Read Me")
    if readme is not None:
        with open_text(readme) as handle:
            match = _README_VERSION.search(handle.read(2000))
        if match:
            return match.group(1)
    return guess_version(folder)


def load_onet(directory: str | Path) -> OnetRelease:
    """Load the O*NET text release in ``directory``; raises EscoInputError if Occupation_Data is absent."""
    folder = Path(directory)
    if not folder.is_dir():
        raise EscoInputError(f"O*NET folder {folder} does not exist. Pass the folder of the O*NET text release.")
    if _find(folder, "Occupation_Data") is None:
        raise EscoInputError(
            f"{folder} has no Occupation_Data.txt. Pass the folder of the O*NET text release (tab-separated)."
        )
    release = OnetRelease(version=onet_version(folder))
    for stem, table in ONET_TABLES.items():
        path = _find(folder, stem)
        if path is None:
            continue
        required = ["O*NET-SOC Code"] if stem != "Content_Model_Reference" else ["Element ID"]
        release.tables[table] = list(read_csv_rows(path, required, delimiter="\t"))
    return release
