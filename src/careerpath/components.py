"""The catalogue of careerpath's versioned components: every kind gathered in one registry.

Linking designs, sentence encoders, the skill extractor, the fit model and the planner, each by
versioned name (``lexical.v2``), with unversioned aliases resolving to the latest runnable version
and retired versions still recognised. Model A/B rollout and rollback choose components here;
tests/unit/test_registry.py pins the contents. It imports the layers it lists, so none of them
imports it (they use careerpath.registry, the type).

Example::

    from careerpath.components import registry
    registry().resolve("design", "lexical").name        # 'lexical.v2'
"""

from __future__ import annotations

import functools

from careerpath.registry import Registry


def _models(reg: Registry) -> None:
    from careerpath.plans.learning import PLANNER_NAME, plan_learning
    from careerpath.roles.fit import SCORER_NAME, rank_roles
    from careerpath.skills.extraction import EXTRACTOR_NAME, SkillExtractor

    reg.add("extractor", EXTRACTOR_NAME, SkillExtractor, summary="curated skills: aliases, word forms, activity cues")
    reg.add(
        "extractor",
        "keyword-match.v2",
        functools.partial(SkillExtractor, version="keyword-match.v2"),
        summary="curated skills: Aho-Corasick aliases + context cues (literal aliases, older cue scopes)",
    )
    reg.add("extractor", "keyword-match.v1", summary="curated skills", retired="replaced by keyword-match.v2")
    reg.add("fit", SCORER_NAME, rank_roles, summary="role fit: weighted skill coverage, education and experience gates")
    reg.add("planner", PLANNER_NAME, plan_learning, summary="learning plan by level gap, in prerequisite order")
    reg.add("planner", "prerequisite-order.v1", summary="plan by presence", retired="replaced by level-aware.v2")


@functools.cache
def registry() -> Registry:
    """Every versioned component of this process, gathered on first use (imports linking and the models)."""
    from careerpath.linking.designs import DESIGN_VERSIONS
    from careerpath.linking.sentence_encoders import ENCODER_VERSIONS
    from careerpath.linking.titles import TITLE_DESIGN_VERSIONS

    reg = Registry()
    reg.extend(DESIGN_VERSIONS)
    reg.extend(ENCODER_VERSIONS)
    reg.extend(TITLE_DESIGN_VERSIONS)
    _models(reg)
    return reg
