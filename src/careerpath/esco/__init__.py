"""ESCO and O*NET releases: typed loaders and the import into the local store.

The store functions (``import_esco``, ``import_onet``, ``read_releases``, ``ImportSummary``) load on
first use: they need DuckDB and pyarrow, which every module importing ``careerpath.esco.tables``
(linking, evaluation, the CLI) would otherwise pay for at start-up (~0.3-0.5 s).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from careerpath.esco.onet import OnetRelease, load_onet
from careerpath.esco.tables import (
    EscoInputError,
    EscoOccupation,
    EscoSkill,
    EscoTaxonomy,
    OccupationSkillRelation,
    load_esco,
    release_files,
)

if TYPE_CHECKING:
    from careerpath.esco.store import ImportSummary, import_esco, import_onet, read_releases

_STORE_NAMES = frozenset({"ImportSummary", "import_esco", "import_onet", "read_releases"})


def __getattr__(name: str) -> Any:
    if name in _STORE_NAMES:
        return getattr(importlib.import_module("careerpath.esco.store"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
