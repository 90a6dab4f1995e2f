from __future__ import annotations

import pytest

from careerpath.esco.tables import EscoOccupation, EscoSkill, EscoTaxonomy, OccupationSkillRelation


@pytest.fixture
def esco() -> EscoTaxonomy:
    """A six-skill, three-occupation ESCO release built in code."""
    skills = [
        EscoSkill("u:python", "Python (computer programming)", ("python", "python programming")),
        EscoSkill("u:java", "Java (computer programming)", ("java",)),
        EscoSkill("u:ml", "machine learning", ("ML", "statistical learning")),
        EscoSkill("u:time", "manage time", ("time management",), "Plan the temporal sequence of events."),
        EscoSkill("u:docker", "containerisation", ("docker", "containers")),
        EscoSkill("u:clean", "clean rooms", ("room cleaning",)),
    ]
    occupations = [
        EscoOccupation("o:ds", "data scientist", ("data science specialist",), isco_group="2511"),
        EscoOccupation("o:dev", "software developer", ("programmer", "software engineer"), isco_group="2512"),
        EscoOccupation("o:clean", "cleaner", ("room attendant",), isco_group="9112"),
    ]
    relations = [
        OccupationSkillRelation("o:ds", "u:python", "essential"),
        OccupationSkillRelation("o:ds", "u:ml", "essential"),
        OccupationSkillRelation("o:dev", "u:python", "optional"),
        OccupationSkillRelation("o:dev", "u:java", "essential"),
    ]
    return EscoTaxonomy("test", skills, occupations, relations, fingerprint="f00")
