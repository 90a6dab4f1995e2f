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


@pytest.fixture
def reranker_training_script():  # type: ignore[no-untyped-def]
    """scripts/train_linking_reranker.py as a module (it is a script, not part of the package)."""
    import importlib.util
    import sys
    from pathlib import Path

    pytest.importorskip("sklearn", reason="the training script needs scikit-learn (dev extra)")
    path = Path(__file__).resolve().parents[3] / "scripts" / "train_linking_reranker.py"
    spec = importlib.util.spec_from_file_location("train_linking_reranker", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up while being defined
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


@pytest.fixture
def toy_reranker_pool(reranker_training_script):  # type: ignore[no-untyped-def]
    """A factory of small learnable training pools: one sentence per source entry, the script's K candidates each,
    random features of which the first decides the gold (> 1.5)."""

    def make(sources: Sequence[str], width: int, seed: int = 0):  # type: ignore[no-untyped-def]
        rng = np.random.default_rng(seed)
        n, k = len(sources), reranker_training_script.K
        features = rng.normal(size=(n, k, width))
        targets = features[:, :, 0] > 1.5
        return reranker_training_script.Pool(
            source=np.asarray(sources),
            human=np.ones(n, dtype=bool),
            group=np.arange(n),
            features=features,
            targets=targets,
            candidates=np.tile(np.arange(k), (n, 1)),
            gold=[set(np.flatnonzero(row).tolist()) for row in targets],
            base_rp5=np.zeros(n),
        )

    return make
