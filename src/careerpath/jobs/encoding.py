"""What similarity the matcher uses between a person and a posting, and what text it embeds.

"semantic" is the distilled all-MiniLM-L6-v2 query encoder (int8 ONNX, the semantic extra); without
the extra the matcher falls back to "lexical" (character n-gram hashing: spelling overlap, not
meaning) and says so. Both sides are embedded as a short summary (titles and skill names), which
fits the encoder's 64 tokens and keeps a million postings cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from careerpath.errors import BackendUnavailable, InputError
from careerpath.linking.encoders import HashingEncoder, TextEncoder, semantic_available

EncoderKind = Literal["auto", "semantic", "lexical"]
LEXICAL_DIM = 256


def match_encoder(kind: str, model_cache: Path) -> TextEncoder:
    """The encoder for ``kind``; "auto" is semantic when the extra is installed, else lexical."""
    if kind not in ("auto", "semantic", "lexical"):
        raise InputError(f"Unknown encoder {kind!r}; use auto, semantic or lexical.")
    if kind == "lexical" or (kind == "auto" and not semantic_available()):
        return HashingEncoder(dim=LEXICAL_DIM)
    from careerpath.linking.query_encoder import distilled_query_encoder

    try:
        return distilled_query_encoder(model_cache, threads=1)
    except BackendUnavailable:
        if kind == "semantic":
            raise
        return HashingEncoder(dim=LEXICAL_DIM)


def encoder_by_name(name: str, model_cache: Path) -> TextEncoder:
    """The encoder an index was built with (its ``name``), for encoding queries the same way."""
    if name.startswith("hashing-"):
        return HashingEncoder(dim=LEXICAL_DIM)
    encoder = match_encoder("semantic", model_cache)
    if encoder.name != name:
        raise InputError(
            f"The match index was built with encoder {name!r}; rebuild it with `careerpath match --rebuild`."
        )
    return encoder


def is_semantic(name: str) -> bool:
    return not name.startswith("hashing-")


def summary_text(titles: Iterable[str], skill_names: Iterable[str]) -> str:
    """The text embedded for a person or a posting: titles first, then skills, deduplicated."""
    seen: dict[str, None] = {}
    for item in (*titles, *skill_names):
        key = item.strip()
        if key and key.lower() not in (k.lower() for k in seen):
            seen[key] = None
    return ", ".join(seen)
