"""The second tier of skill extraction: ESCO skills for sentences the lexical pass does not explain.

The lexical pass knows the curated AI/ML taxonomy (each of whose skills carries its ESCO URI where
one exists). Sentences where it finds nothing ("Conducted requirement workshops with
stakeholders") still describe skills; a ``SkillLinker`` (careerpath.linking) ranks all ESCO
skills for them. The linker is passed in: building it loads an ESCO release and, for dense
designs, its embeddings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from careerpath.skills.cues import LINE_BREAK
from careerpath.skills.matches import SkillMatch

# Sentence ends: ". " and line breaks that are not hard wraps (the extractor's rule).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|" + LINE_BREAK + r"|•")
MIN_SENTENCE_CHARS = 15
MIN_SENTENCE_WORDS = 5


@dataclass(frozen=True)
class EscoSkillLink:
    """An ESCO skill linked to one sentence; ``score`` is comparable only within one design."""

    uri: str
    label: str
    score: float
    sentence: str
    start: int
    end: int
    design: str


class _Linked(Protocol):
    # Read-only, so that frozen dataclasses such as linking.LinkedSkill match.
    @property
    def uri(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def score(self) -> float: ...


class SentenceLinker(Protocol):
    """What the tier needs of careerpath.linking.SkillLinker."""

    @property
    def config(self) -> object: ...

    def link_skills(self, sentences: Sequence[str], *, top_k: int = 10) -> Sequence[Sequence[_Linked]]: ...


# Sections that hold degrees, dates and names rather than descriptions of work.
SKIPPED_SECTIONS = frozenset({"education", "certifications", "publications"})


def unexplained_sentences(
    text: str, matches: Sequence[SkillMatch], section_of: Callable[[int], str | None] | None = None
) -> list[tuple[int, int]]:
    """Return (start, end) of descriptive sentences that contain no evidence of the lexical pass."""
    covered = sorted(e.start for m in matches for e in m.evidence)
    spans = []
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    for start, end in itertools.pairwise(bounds):
        piece = text[start:end]
        # Trim the span to the words, so that offsets point at the sentence itself.
        start += len(piece) - len(piece.lstrip(" \t\n-*•♦▪◦·"))
        end -= len(piece) - len(piece.rstrip())
        piece = text[start:end]
        if len(piece.strip()) < MIN_SENTENCE_CHARS or sum(c.isalpha() for c in piece) < MIN_SENTENCE_CHARS:
            continue
        if piece.startswith("#") or len(piece.split()) < MIN_SENTENCE_WORDS:
            continue  # headings and fragments name things; they do not describe work
        if section_of is not None and section_of(start) in SKIPPED_SECTIONS:
            continue
        if any(start <= offset < end for offset in covered):
            continue
        spans.append((start, end))
    return spans


def link_unexplained(
    text: str,
    matches: Sequence[SkillMatch],
    linker: SentenceLinker,
    *,
    section_of: Callable[[int], str | None] | None = None,
    per_sentence: int = 1,
    limit: int = 200,
    min_score: float | None = None,
) -> list[EscoSkillLink]:
    """Return ESCO skills for the sentences the lexical pass left unexplained, best first, one per URI.

    ``min_score`` drops weak links; its scale is the design's (for the lexical design 1.0 means a
    whole ESCO label is present in the sentence).
    """
    spans = unexplained_sentences(text, matches, section_of)[:limit]
    if not spans:
        return []
    sentences = [" ".join(text[s:e].split()) for s, e in spans]
    design = str(getattr(linker.config, "name", "custom"))
    best: dict[str, EscoSkillLink] = {}
    for (start, end), sentence, links in zip(
        spans, sentences, linker.link_skills(sentences, top_k=per_sentence), strict=True
    ):
        for link in links:
            if min_score is not None and link.score < min_score:
                continue
            old = best.get(link.uri)
            if old is None or link.score > old.score:
                best[link.uri] = EscoSkillLink(link.uri, link.label, float(link.score), sentence, start, end, design)
    return sorted(best.values(), key=lambda item: (-item.score, item.uri))


def min_link_score(linker: SentenceLinker) -> float | None:
    """Return the least score worth keeping for a linker: 1.0 for a purely lexical design, else None.

    The lexical design scores label coverage: below 1.0 no whole ESCO label is in the sentence.
    """
    config = linker.config
    dense = any(getattr(config, name, 0) for name in ("label_weight", "preferred_weight", "description_weight"))
    return None if dense else 1.0
