"""The curated extractor as a span tagger: token spans of its evidence (untyped), for `eval spans`."""

from __future__ import annotations

from collections.abc import Sequence

from careerpath.skills.extraction import SkillExtractor
from careerpath.skills.taxonomy import load_taxonomy

EXTRACTOR_TAGGER_NAME = "careerpath.v1"


class ExtractorSpanTagger:
    """Token spans from careerpath's lexical extractor (character offsets mapped back to tokens)."""

    name = EXTRACTOR_TAGGER_NAME

    def __init__(self, extractor: SkillExtractor | None = None) -> None:
        self.extractor = extractor or SkillExtractor(load_taxonomy())

    def tag(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        text, starts = "", []
        for token in tokens:
            starts.append(len(text))
            text += token + " "
        spans = set()
        for match in self.extractor.extract(text, include_negated=True):
            for evidence in match.evidence:
                first = max(i for i, s in enumerate(starts) if s <= evidence.start)
                last = max(i for i, s in enumerate(starts) if s < evidence.end)
                spans.add((first, last + 1, "*"))
        return sorted(spans)
