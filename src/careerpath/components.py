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
from typing import Any

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
    _matchers(reg)


def _matchers(reg: Registry) -> None:
    from careerpath.jobs.fusion import FUSION_NAME
    from careerpath.jobs.matching import V2_NAME, rank_index

    reg.add(
        "matcher",
        V2_NAME,
        functools.partial(rank_index, matcher=V2_NAME),
        summary="job ranking (default): weighted mean of fit, similarity, role, seniority and BM25",
    )
    reg.add(
        "matcher",
        FUSION_NAME,
        functools.partial(rank_index, matcher=FUSION_NAME),
        summary="job ranking (opt-in): learned linear fusion of per-query features; below v2 on held-out resumes",
    )
    reg.add("matcher", "match-score.v1", summary="weighted mean without BM25", retired="replaced by match-score.v2")


def _taggers(reg: Registry) -> None:
    """Span taggers (``eval spans --tagger``); each value builds the tagger from keyword options."""
    from careerpath.linking.span_tagger import (
        INT8_SOURCES,
        SPAN_TAGGER_ENSEMBLES,
        EnsembleSpanTagger,
        TrainedSpanTagger,
    )
    from careerpath.linking.tagger import LabelSpanTagger
    from careerpath.skills.span_tagger import EXTRACTOR_TAGGER_NAME, ExtractorSpanTagger

    reg.add("tagger", "esco-labels.v1", LabelSpanTagger, summary="longest ESCO label match (untyped spans)")
    reg.add("tagger", EXTRACTOR_TAGGER_NAME, ExtractorSpanTagger, summary="the curated extractor's evidence spans")
    reg.add(
        "tagger",
        "span-tagger.v1",
        functools.partial(TrainedSpanTagger.load, name="span-tagger.v1"),
        summary="MiniLM-L6's lower 3 layers fine-tuned on SkillSpan train: Skill and Knowledge BIO layers",
    )
    reg.add(
        "tagger",
        "span-tagger.v2",
        functools.partial(TrainedSpanTagger.load, name="span-tagger.v2"),
        summary="all 6 MiniLM-L6 layers fine-tuned on SkillSpan train, house sentences weighted up (semantic extra)",
    )
    reg.add(
        "tagger",
        "span-tagger.v3",
        functools.partial(TrainedSpanTagger.load, name="span-tagger.v3"),
        summary="v2's recipe trained on SkillSpan train + dev (no dev figure of its own; semantic extra)",
    )
    for ensemble in SPAN_TAGGER_ENSEMBLES:
        reg.add(
            "tagger",
            ensemble,
            functools.partial(EnsembleSpanTagger.load, name=ensemble),
            summary="opt-in: three seeds of v3's recipe (train + dev half A), their probabilities averaged (3x time)",
        )
    for int8, source in INT8_SOURCES.items():
        build = functools.partial(_int8_span_tagger, name=int8)
        reg.add("tagger", int8, build, summary=f"{source} in ONNX Runtime, int8 weights")


def _int8_span_tagger(**options: Any) -> Any:
    """The int8 tagger, exported on first use into ``$CAREERPATH_HOME/cache/models``."""
    from careerpath.linking.span_tagger import Int8SpanTagger
    from careerpath.settings import load_settings

    return Int8SpanTagger.load(model_cache=load_settings().cache_dir / "models", **options)


@functools.cache
def registry() -> Registry:
    """Every versioned component of this process, gathered on first use (imports linking and the models)."""
    from careerpath.linking.designs import DESIGN_VERSIONS
    from careerpath.linking.sentence_encoders import ENCODER_VERSIONS
    from careerpath.linking.title_roles import ROLE_TITLE_DESIGN_VERSIONS
    from careerpath.linking.titles import TITLE_DESIGN_VERSIONS

    reg = Registry()
    reg.extend(DESIGN_VERSIONS)
    reg.extend(ENCODER_VERSIONS)
    reg.extend(TITLE_DESIGN_VERSIONS)
    reg.extend(ROLE_TITLE_DESIGN_VERSIONS)
    _models(reg)
    _taggers(reg)
    return reg
