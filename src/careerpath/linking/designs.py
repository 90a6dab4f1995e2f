"""Named linker designs, so every number in docs/benchmarks.md has a command that reproduces it.

``DESIGNS[alias]`` is a ``LinkerConfig`` whose ``name`` is versioned; careerpath.registry lists them
by versioned name (older versions stay resolvable) and ``design_config`` accepts either form.
``DEFAULT_DESIGN`` (no model) is what assess and ingest use unless told otherwise; ``BEST_DESIGN``
is the most accurate dense one. ``build_skill_linker`` turns a design name into a ready ``SkillLinker``,
with the sentence encoder the design names.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from careerpath.esco.tables import EscoTaxonomy
from careerpath.linking.encoders import HashingEncoder, SentenceTransformerEncoder, fast_minilm_encoder
from careerpath.linking.linker import LinkerConfig, SkillLinker
from careerpath.linking.sentence_encoders import ENCODER_VERSIONS, OWN_TAXONOMY
from careerpath.registry import DEFAULT_DESIGN, Registry

__all__ = ["BEST_DESIGN", "DEFAULT_DESIGN", "DESIGNS", "LEXICAL_DESIGN", "build_skill_linker", "design_config"]

DESIGNS: dict[str, LinkerConfig] = {
    # Decorte et al.'s zero-shot baseline: cosine between the sentence and each preferred label.
    "zeroshot": LinkerConfig(name="zeroshot.v1", use_alt_labels=False),
    # Max pooling over the preferred and all alternative labels.
    "alt-max": LinkerConfig(name="alt-max.v1"),
    "alt-max+desc": LinkerConfig(name="alt-max+desc.v1", description_weight=0.5),
    "alt-max+lex": LinkerConfig(name="alt-max+lex.v2", lexical_weight=0.45, lexical_power=2.0),
    "alt-max+lex+prior": LinkerConfig(
        name="alt-max+lex+prior.v2", lexical_weight=0.45, lexical_power=2.0, prior_weight=0.05
    ),
    "alt-max+lex+clauses": LinkerConfig(
        name="alt-max+lex+clauses.v2", lexical_weight=0.45, lexical_power=2.0, split_clauses=True
    ),
    # The default: weights from the validation grid (scripts/tune_linking.py --grid), middle of the plateau.
    "alt-max+desc+lex": LinkerConfig(
        name="alt-max+desc+lex.v2", description_weight=0.5, lexical_weight=0.45, lexical_power=1.0
    ),
}
# The default's weights, with all alternative labels scored only for each sentence's 200 best skills
# by preferred label, description and lexical coverage (99.7% of the exact top 5 are kept): the
# fast configuration of docs/benchmarks.md, with the ONNX encoder (``onnx_dir``).
DESIGNS["alt-max+desc+lex+shortlist"] = LinkerConfig(
    name="alt-max+desc+lex+shortlist.v1",
    description_weight=0.5,
    lexical_weight=0.45,
    lexical_power=1.0,
    candidates=200,
)
# The same, with sentences encoded by the distilled 3-layer student (scripts/train_query_encoder.py),
# shipped with careerpath and exported to ONNX int8 on first use: the fastest dense design.
DESIGNS["alt-max+desc+lex+distilled"] = replace(
    DESIGNS["alt-max+desc+lex+shortlist"], name="alt-max+desc+lex+distilled.v1", query_encoder="minilm-distilled.v1"
)
# The same with all-MiniLM-L6-v2 in ONNX int8, exported on first use: the encoder is part of the design.
DESIGNS["alt-max+desc+lex+int8"] = replace(
    DESIGNS["alt-max+desc+lex+shortlist"], name="alt-max+desc+lex+int8.v1", query_encoder="minilm-int8.v1"
)
# Dense term from preferred labels only, lexical coverage over all labels (alt-max+lex's lexical weights):
# embeds 13,896 texts instead of 113,086 on a cold cache (docs/benchmarks.md, issue 15).
DESIGNS["pref+lex"] = LinkerConfig(name="pref+lex.v1", encode_alt_labels=False, lexical_weight=0.45, lexical_power=2.0)
# The same with sentences encoded by the distilled student (no shortlist needed: 13,896 products per sentence).
DESIGNS["pref+lex+distilled"] = replace(
    DESIGNS["pref+lex"], name="pref+lex+distilled.v1", query_encoder="minilm-distilled.v1"
)
# The fast design and pref+lex+distilled with sentences encoded by the TRAINED skill query encoder
# (scripts/train_skill_encoder.py: the student fine-tuned against MiniLM's fixed ESCO vectors; issue 15, item 2).
DESIGNS["alt-max+desc+lex+trained"] = replace(
    DESIGNS["alt-max+desc+lex+distilled"], name="alt-max+desc+lex+trained.v1", query_encoder="skill-query-trained.v1"
)
DESIGNS["pref+lex+trained"] = replace(
    DESIGNS["pref+lex+distilled"], name="pref+lex+trained.v1", query_encoder="skill-query-trained.v1"
)
# The default recipe with all-mpnet-base-v2 (12 layers, 768 dimensions) in place of MiniLM, for sentences AND
# taxonomy, and an equal-weight ensemble of both models' cosines (session 7). Weights are the default's,
# fixed before any measurement. They need the five all-mpnet-base-v2 parts (careerpath.linking.mpnet).
DESIGNS["alt-max+desc+lex+mpnet"] = replace(
    DESIGNS["alt-max+desc+lex"], name="alt-max+desc+lex+mpnet.v1", query_encoder="mpnet.v1"
)
DESIGNS["alt-max+desc+lex+ens"] = replace(
    DESIGNS["alt-max+desc+lex"], name="alt-max+desc+lex+ens.v1", query_encoder="minilm+mpnet.v1"
)
# pref+lex with mpnet: 13,896 preferred labels to embed on a cold cache instead of 113,086 texts (~8x less).
DESIGNS["pref+lex+mpnet"] = replace(DESIGNS["pref+lex"], name="pref+lex+mpnet.v1", query_encoder="mpnet.v1")

# Without the semantic extra: lexical coverage of ESCO labels plus the occupation prior, no model.
LEXICAL_DESIGN = "lexical"
DESIGNS[LEXICAL_DESIGN] = LinkerConfig(name="lexical.v2", label_weight=0.0, lexical_weight=1.0, prior_weight=0.05)

# The default with each sentence's top 50 re-ordered by a learned model (issue 15 item 3; gradient-boosted trees over
# the default's score terms, fitted on 404 hand-labelled SkillSpan train sentences; rule and figures in
# benchmarks/linking_dev/CONFIRMATION-S7.md).
DESIGNS["alt-max+desc+lex+rerank"] = replace(DESIGNS["alt-max+desc+lex"], name="alt-max+desc+lex+rerank.v1")
# The fast design re-ranked the same way (its own model, fitted over its own top 50; the terms are computed for the
# 50 candidates only, so it stays fast; rule and figures: the "Fast base" section of CONFIRMATION-S7.md).
DESIGNS["alt-max+desc+lex+trained+rerank"] = replace(
    DESIGNS["alt-max+desc+lex+trained"], name="alt-max+desc+lex+trained+rerank.v1"
)
# Session 8: v2 adds each candidate's skill-intrinsic ESCO facts (careerpath.linking.rerank.SKILL_FEATURES: essential /
# optional occupation counts, collections, hierarchy depth, narrower skills, label counts); same base, setting and 404
# sentences as v1. Rule and figures: benchmarks/linking_dev/CONFIRMATION-S8.md. The alias now means v2; v1 stays
# selectable by its versioned name (registered below).
RERANK_V1 = DESIGNS["alt-max+desc+lex+rerank"]
DESIGNS["alt-max+desc+lex+rerank"] = replace(RERANK_V1, name="alt-max+desc+lex+rerank.v2")
# Session 8 round 2: v3 = v2's recipe fitted on 609 licensed sentences (the 404 + the fresh8 TECH/HOUSE files). Rule
# and figures: benchmarks/linking_dev/CONFIRMATION-S8B.md. The alias now means v3; v2 stays selectable.
RERANK_V2 = DESIGNS["alt-max+desc+lex+rerank"]
DESIGNS["alt-max+desc+lex+rerank"] = replace(RERANK_V1, name="alt-max+desc+lex+rerank.v3")
# Re-ranked design -> (its base design, the model file shipped in careerpath/data/models).
RERANKED_DESIGNS = {
    "alt-max+desc+lex+rerank.v1": ("alt-max+desc+lex", "linking-reranker.v1.json"),
    "alt-max+desc+lex+rerank.v2": ("alt-max+desc+lex", "linking-reranker.v2.json"),
    "alt-max+desc+lex+rerank.v3": ("alt-max+desc+lex", "linking-reranker.v3.json"),
    "alt-max+desc+lex+trained+rerank.v1": ("alt-max+desc+lex+trained", "linking-reranker-trained.v1.json"),
}
# The most accurate design, what `eval skill-linking` runs by default. Session 7: the re-ranked default replaced
# "alt-max+desc+lex" (still selectable) by the pre-registered rule (pooled human Δ +3.8 [+1.8, +5.8]; the shipped
# model +4.5 [+1.3, +8.0] on the 263 sentences it never saw). Session 8: the alias means v2 (skill features; on 317
# fresh blind sentences +10.2 [+7.2, +13.3] over the base, +3.1 [+1.2, +5.2] over v1; CONFIRMATION-S8.md).
# Round 2: v3 (more training data; on 342 second fresh sentences +10.0 [+7.0, +13.1] over the base, +1.8
# [+0.0, +3.8] over v2; CONFIRMATION-S8B.md).
# The fast one is "alt-max+desc+lex+trained+rerank".
BEST_DESIGN = "alt-max+desc+lex+rerank"
# Session 8, round 2: the fast design's alias means its v2 (the same skill features over its own top 50, fitted like
# its v1: hgb:0.0 on the 404 licensed sentences; rule and figures: the "Fast design" section of CONFIRMATION-S8.md).
# Its v1 stays selectable by its versioned name (registered below).
FAST_RERANK_V1 = DESIGNS["alt-max+desc+lex+trained+rerank"]
DESIGNS["alt-max+desc+lex+trained+rerank"] = replace(FAST_RERANK_V1, name="alt-max+desc+lex+trained+rerank.v2")
RERANKED_DESIGNS["alt-max+desc+lex+trained+rerank.v2"] = (
    "alt-max+desc+lex+trained",
    "linking-reranker-trained.v2.json",
)


# Every design by versioned name; older versions whose behaviour is gone stay listed as retired, so a
# stored posting's design name is still recognised (careerpath.components gathers this registry).
DESIGN_VERSIONS = Registry()
for _config in DESIGNS.values():
    _how = f"sentences encoded by {_config.query_encoder}" if _config.dense else "no model"
    DESIGN_VERSIONS.add("design", _config.name, _config, summary=f"ESCO skill linking; {_how}")
DESIGN_VERSIONS.add("design", RERANK_V1.name, RERANK_V1, summary="ESCO skill linking; v2 adds skill features")
DESIGN_VERSIONS.add("design", RERANK_V2.name, RERANK_V2, summary="ESCO skill linking; v3 adds training data")
for _old in ("lexical.v1", "alt-max+lex.v1", "alt-max+lex+prior.v1", "alt-max+lex+clauses.v1", "alt-max+desc+lex.v1"):
    # Their lexical coverage score changed in the .v2 versions; v1 is not kept in code.
    DESIGN_VERSIONS.add("design", _old, summary="ESCO skill linking", retired="replaced by .v2 (lexical score fixed)")
DESIGN_VERSIONS.add("design", FAST_RERANK_V1.name, FAST_RERANK_V1, summary="ESCO skill linking; v2 adds skill features")


def design_config(design: str) -> LinkerConfig:
    """Return the ``LinkerConfig`` of a design given by alias ("lexical") or versioned name ("lexical.v2").

    InputError names the known designs for an unknown name, and the successor for a retired version.
    """
    config: LinkerConfig = DESIGN_VERSIONS.get("design", design)
    return config


def build_skill_linker(
    taxonomy: EscoTaxonomy,
    design: str,
    *,
    cache_dir: str | Path | None = None,
    onnx_dir: str | Path | None = None,
) -> SkillLinker:
    """Return a ``SkillLinker`` for a named design: all-MiniLM-L6-v2 for dense designs, no model for lexical ones.

    ``cache_dir`` keeps the taxonomy embeddings of dense designs between runs (and, beside it in
    ``models/``, the ONNX export of the distilled query encoder of ``+distilled`` designs). ``onnx_dir`` (a folder
    from ``scripts/export_onnx_encoder.py``) encodes sentences with ONNX Runtime int8, ~9x faster
    than PyTorch on one core; the taxonomy keeps the PyTorch model's vectors.
    """
    config = design_config(design)
    if config.name in RERANKED_DESIGNS:  # the base design's linker, each sentence's top k re-ordered by a shipped model
        from careerpath.linking.rerank import reranked_linker

        base, model_file = RERANKED_DESIGNS[config.name]
        return reranked_linker(
            build_skill_linker(taxonomy, base, cache_dir=cache_dir, onnx_dir=onnx_dir), config, model_file
        )
    if not config.dense:  # never encodes; the hashing encoder only fills the required slot
        return SkillLinker(taxonomy, HashingEncoder(), config, cache_dir=cache_dir)
    encoder = ENCODER_VERSIONS.resolve("encoder", config.query_encoder)
    if encoder.alias != "minilm" or onnx_dir is None:
        # Beside the embeddings cache ($CAREERPATH_HOME/cache/models); without one, a per-user temp folder.
        model_cache = (
            Path(cache_dir).parent / "models" if cache_dir else Path(tempfile.gettempdir()) / "careerpath-models"
        )
        query = ENCODER_VERSIONS.get("encoder", encoder.name)(model_cache)
        if encoder.alias in OWN_TAXONOMY:
            return SkillLinker(taxonomy, query, config, cache_dir=cache_dir)
        return SkillLinker(taxonomy, query, config, cache_dir=cache_dir, taxonomy_encoder=SentenceTransformerEncoder())
    # An explicit export folder (scripts/export_onnx_encoder.py) for the plain MiniLM designs; the
    # +int8 design does the same without one.
    return SkillLinker(
        taxonomy,
        fast_minilm_encoder(onnx_dir),
        config,
        cache_dir=cache_dir,
        taxonomy_encoder=SentenceTransformerEncoder(),
    )
