from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
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


def ranking(scores: np.ndarray) -> list[list[int]]:
    return np.argsort(-scores, axis=1, kind="stable").tolist()


@pytest.fixture
def reorders_only_its_top_k() -> Callable[..., None]:
    """Checks a shipped re-ranker on a toy taxonomy: with k = 3 only each sentence's top 3 change places and the rest
    keep the base order; with (nearly) every skill a candidate the model does change the order somewhere (a constant
    model would not: the sort is stable)."""
    from careerpath.linking.rerank import RerankedSkillLinker

    def check(esco, encoder, config, model, base, sentences: Sequence[str], everything: int) -> None:
        reranked = RerankedSkillLinker(esco, encoder, config, reranker=replace(model, k=3))
        before, after = ranking(base.score_matrix(sentences)), ranking(reranked.score_matrix(sentences))
        for base_order, new_order in zip(before, after, strict=True):
            assert set(new_order[:3]) == set(base_order[:3]) and new_order[3:] == base_order[3:]
        wide = RerankedSkillLinker(esco, encoder, config, reranker=replace(model, k=everything))
        assert ranking(wide.score_matrix(sentences)) != before

    return check
