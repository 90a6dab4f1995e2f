"""Wiring the parsers ingest uses: the bundled taxonomy and roles, optionally the ESCO second tier.

Factories are module-level functions (or ``functools.partial`` of them) so they pickle by reference
into worker processes and Spark executors.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from careerpath.market.parsing import PostingParser


def default_parser() -> PostingParser:
    """Returns a parser over the bundled role catalogue and the lexical skill extractor."""
    from careerpath.roles.catalogue import load_roles
    from careerpath.skills.extraction import SkillExtractor
    from careerpath.skills.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    return PostingParser(load_roles(taxonomy), SkillExtractor(taxonomy))


def esco_parser(esco_dir: str, design: str, cache_dir: str | None = None, onnx_dir: str | None = None) -> PostingParser:
    """Returns the default parser with the ESCO second tier: the release in ``esco_dir``, a named design.

    Module-level so that ``functools.partial(esco_parser, ...)`` pickles into worker processes
    and Spark executors (see ``esco_parser_factory``).
    """
    from careerpath.esco import load_esco
    from careerpath.linking import build_skill_linker

    parser = default_parser()
    parser.esco_linker = build_skill_linker(load_esco(esco_dir), design, cache_dir=cache_dir, onnx_dir=onnx_dir)
    return parser


def esco_parser_factory(
    esco_dir: str | Path, design: str, *, cache_dir: str | Path | None = None, onnx_dir: str | Path | None = None
) -> Callable[[], PostingParser]:
    """Returns a picklable ``parser_factory`` for ``ingest_files`` that also links ESCO skills.

    Checks the folder, the design name and (for a dense design) the model now, so a mistake is
    one error here rather than a failure inside every worker. With a ``cache_dir``, a dense
    design's ESCO embeddings are computed (or read) once here, so that parallel workers find
    them cached instead of each embedding the release.
    """
    from careerpath.esco import load_esco, release_files
    from careerpath.linking import build_skill_linker, design_config
    from careerpath.linking.encoders import default_model_path

    release_files(esco_dir)
    dense = design_config(design).dense
    folder, cache = str(Path(esco_dir).resolve()), None if cache_dir is None else str(cache_dir)
    if dense and cache is not None:
        build_skill_linker(load_esco(folder), design, cache_dir=cache).prepare()
    elif dense:
        default_model_path()  # BackendUnavailable with the install command when the model is missing
    return partial(esco_parser, folder, design, cache, None if onnx_dir is None else str(onnx_dir))
