"""Named linker designs, so every number in docs/benchmarks.md has a command that reproduces it.

``DESIGNS[name]`` is a ``LinkerConfig``; ``DEFAULT_DESIGN`` is the one the library and CLI use.
``build_skill_linker`` turns a design name into a ready ``SkillLinker``.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from careerpath.errors import InputError
from careerpath.esco.tables import EscoTaxonomy
from careerpath.linking.encoders import HashingEncoder, SentenceTransformerEncoder, fast_minilm_encoder
from careerpath.linking.linker import LinkerConfig, SkillLinker

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
    DESIGNS["alt-max+desc+lex+shortlist"], name="alt-max+desc+lex+distilled.v1", query_encoder="minilm-distilled"
)
# Dense term from preferred labels only, lexical coverage over all labels (alt-max+lex's lexical weights):
# embeds 13,896 texts instead of 113,086 on a cold cache (docs/benchmarks.md, issue 15).
DESIGNS["pref+lex"] = LinkerConfig(name="pref+lex.v1", encode_alt_labels=False, lexical_weight=0.45, lexical_power=2.0)
# The same with sentences encoded by the distilled student (no shortlist needed: 13,896 products per sentence).
DESIGNS["pref+lex+distilled"] = replace(
    DESIGNS["pref+lex"], name="pref+lex+distilled.v1", query_encoder="minilm-distilled"
)
DEFAULT_DESIGN = "alt-max+desc+lex"

# Without the semantic extra: lexical coverage of ESCO labels plus the occupation prior, no model.
LEXICAL_DESIGN = "lexical"
DESIGNS[LEXICAL_DESIGN] = LinkerConfig(name="lexical.v2", label_weight=0.0, lexical_weight=1.0, prior_weight=0.05)


def design_config(design: str) -> LinkerConfig:
    """Return the ``LinkerConfig`` of a named design; InputError naming the known ones otherwise."""
    if design not in DESIGNS:
        raise InputError(f"Unknown ESCO linking design {design!r}; choose from: {', '.join(sorted(DESIGNS))}.")
    return DESIGNS[design]


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
    if not config.dense:  # never encodes; the hashing encoder only fills the required slot
        return SkillLinker(taxonomy, HashingEncoder(), config, cache_dir=cache_dir)
    if config.query_encoder == "minilm-distilled":
        from careerpath.linking.query_encoder import distilled_query_encoder

        # Beside the embeddings cache ($CAREERPATH_HOME/cache/models); without one, a per-user temp folder.
        model_cache = (
            Path(cache_dir).parent / "models" if cache_dir else Path(tempfile.gettempdir()) / "careerpath-models"
        )
        return SkillLinker(
            taxonomy,
            distilled_query_encoder(model_cache),
            config,
            cache_dir=cache_dir,
            taxonomy_encoder=SentenceTransformerEncoder(),
        )
    if onnx_dir is None:
        return SkillLinker(taxonomy, SentenceTransformerEncoder(), config, cache_dir=cache_dir)
    return SkillLinker(
        taxonomy,
        fast_minilm_encoder(onnx_dir),
        config,
        cache_dir=cache_dir,
        taxonomy_encoder=SentenceTransformerEncoder(),
    )
