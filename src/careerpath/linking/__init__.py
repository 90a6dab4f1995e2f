"""Link text to ESCO: skills for sentences and documents, occupations for job titles.

The lexical parts need only numpy; dense scoring needs an encoder (the ``semantic`` extra for the
default all-MiniLM-L6-v2 one, or any object with ``name`` and ``encode``).
"""

from careerpath.linking.designs import (
    BEST_DESIGN,
    DEFAULT_DESIGN,
    DESIGNS,
    LEXICAL_DESIGN,
    build_skill_linker,
    design_config,
)
from careerpath.linking.documents import DocumentSkill, link_document_skills, split_sentences
from careerpath.linking.encoders import (
    HashingEncoder,
    SentenceTransformerEncoder,
    StaticEncoder,
    TextEncoder,
    semantic_available,
)
from careerpath.linking.linker import LinkedSkill, LinkerConfig, SkillLinker
from careerpath.linking.titles import (
    DEFAULT_TITLE_DESIGN,
    TITLE_DESIGNS,
    OccupationLinker,
    OccupationMatch,
    TitleNormalization,
    build_occupation_linker,
    normalize_title_to_esco,
)

__all__ = [
    "BEST_DESIGN",
    "DEFAULT_DESIGN",
    "DEFAULT_TITLE_DESIGN",
    "DESIGNS",
    "LEXICAL_DESIGN",
    "TITLE_DESIGNS",
    "DocumentSkill",
    "HashingEncoder",
    "LinkedSkill",
    "LinkerConfig",
    "OccupationLinker",
    "OccupationMatch",
    "SentenceTransformerEncoder",
    "SkillLinker",
    "StaticEncoder",
    "TextEncoder",
    "TitleNormalization",
    "build_occupation_linker",
    "build_skill_linker",
    "design_config",
    "link_document_skills",
    "normalize_title_to_esco",
    "semantic_available",
    "split_sentences",
]
