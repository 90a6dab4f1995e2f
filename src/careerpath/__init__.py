"""careerpath: read a resume, rank AI/ML roles with evidence, plan the gap, read the job market.

The public Python API; the CLI, the REST API and the web UI are thin adapters over it.
"""

from careerpath.errors import (
    BackendError,
    BackendUnavailable,
    CareerpathError,
    CareerpathWarning,
    DataError,
    InputError,
    ResumeParseError,
    TaxonomyError,
    UnknownRoleError,
    UnknownSkillError,
)
from careerpath.navigator import Assessment, Navigator, TypedProfile
from careerpath.plans.learning import LearningPlan, plan_learning
from careerpath.plans.progress import Progress, load_progress, save_progress
from careerpath.resumes import parse_profile, read_resume
from careerpath.roles.candidate import Candidate
from careerpath.roles.catalogue import RoleCatalogue, load_roles
from careerpath.roles.fit import FitScore, rank_roles, score_fit
from careerpath.skills.extraction import SkillExtractor, extract_skills
from careerpath.skills.matches import Evidence, SkillMatch
from careerpath.skills.taxonomy import Taxonomy, load_taxonomy

__version__ = "0.1.0"

__all__ = [
    "Assessment",
    "BackendError",
    "BackendUnavailable",
    "Candidate",
    "CareerpathError",
    "CareerpathWarning",
    "DataError",
    "Evidence",
    "FitScore",
    "InputError",
    "LearningPlan",
    "Navigator",
    "Progress",
    "ResumeParseError",
    "RoleCatalogue",
    "SkillExtractor",
    "SkillMatch",
    "Taxonomy",
    "TaxonomyError",
    "TypedProfile",
    "UnknownRoleError",
    "UnknownSkillError",
    "__version__",
    "extract_skills",
    "load_progress",
    "load_roles",
    "load_taxonomy",
    "parse_profile",
    "plan_learning",
    "rank_roles",
    "read_resume",
    "save_progress",
    "score_fit",
]
