"""ESCO and O*NET releases: typed loaders and the import into the local store."""

from careerpath.esco.onet import OnetRelease, load_onet
from careerpath.esco.store import ImportSummary, import_esco, import_onet, read_releases
from careerpath.esco.tables import (
    EscoInputError,
    EscoOccupation,
    EscoSkill,
    EscoTaxonomy,
    OccupationSkillRelation,
    load_esco,
    release_files,
)

__all__ = [
    "EscoInputError",
    "EscoOccupation",
    "EscoSkill",
    "EscoTaxonomy",
    "ImportSummary",
    "OccupationSkillRelation",
    "OnetRelease",
    "import_esco",
    "import_onet",
    "load_esco",
    "load_onet",
    "read_releases",
    "release_files",
]
