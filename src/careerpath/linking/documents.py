"""ESCO skills for a whole document (resume, posting): split into sentences, link each, aggregate."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from careerpath.linking.linker import SkillLinker

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s[•·▪*-]\s")


@dataclass(frozen=True)
class DocumentSkill:
    """An ESCO skill linked in a document: best score over its sentences, and the sentence that gave it."""

    uri: str
    label: str
    score: float
    sentence: str


def split_sentences(text: str, *, min_chars: int = 12, max_chars: int = 400) -> list[str]:
    """Sentences and bullet lines of ``text`` (long ones cut at ``max_chars``; tiny ones dropped)."""
    pieces = []
    for raw in _SENTENCE_END.split(text):
        piece = " ".join(raw.split()).lstrip("•·▪*-– ")
        while len(piece) > max_chars:
            cut = piece.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            pieces.append(piece[:cut])
            piece = piece[cut:].strip()
        if len(piece) >= min_chars:
            pieces.append(piece)
    return pieces


def link_document_skills(
    texts: Sequence[str],
    linker: SkillLinker,
    *,
    per_sentence: int = 3,
    min_score: float | None = None,
) -> list[list[DocumentSkill]]:
    """For each document, the ESCO skills of its sentences (top ``per_sentence`` each), best first.

    ``min_score`` drops weak links; its scale depends on the linker design (None keeps all).
    Sentences of all documents are encoded in one batch, which is what makes this fast.
    """
    sentences_per_doc = [split_sentences(text) for text in texts]
    flat = [s for sentences in sentences_per_doc for s in sentences]
    ranked = linker.link_skills(flat, top_k=per_sentence) if flat else []
    results: list[list[DocumentSkill]] = []
    position = 0
    for sentences in sentences_per_doc:
        best: dict[str, DocumentSkill] = {}
        for sentence, links in zip(sentences, ranked[position : position + len(sentences)], strict=True):
            for link in links:
                if min_score is not None and link.score < min_score:
                    continue
                if link.uri not in best or link.score > best[link.uri].score:
                    best[link.uri] = DocumentSkill(link.uri, link.label, link.score, sentence)
        position += len(sentences)
        results.append(sorted(best.values(), key=lambda s: -s.score))
    return results
