"""Tag skill spans in tokenised text by longest ESCO label match (a lexical baseline tagger).

Labels (preferred + alternative) are lower-cased token sequences; at each position the longest label
that matches wins, and matches never overlap. Single-token labels shorter than 3 characters and a few
generic words are skipped, since they fire on ordinary words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from careerpath.linking.lexical import STOPWORDS

_GENERIC = frozenset({"plan", "manage", "order", "work", "support", "team", "service", "design", "report"})


class LabelSpanTagger:
    """Predicts (start, end, type) token spans where a known label occurs."""

    def __init__(self, labels: Iterable[str], *, span_type: str = "*", max_tokens: int = 8) -> None:
        self.span_type = span_type
        self.max_tokens = max_tokens
        self.phrases: set[tuple[str, ...]] = set()
        for label in labels:
            tokens = tuple(label.lower().split())
            if not tokens or len(tokens) > max_tokens:
                continue
            if len(tokens) == 1 and (len(tokens[0]) < 3 or tokens[0] in STOPWORDS or tokens[0] in _GENERIC):
                continue
            self.phrases.add(tokens)

    def tag(self, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
        lowered = [t.lower() for t in tokens]
        spans = []
        position = 0
        while position < len(lowered):
            for length in range(min(self.max_tokens, len(lowered) - position), 0, -1):
                if tuple(lowered[position : position + length]) in self.phrases:
                    spans.append((position, position + length, self.span_type))
                    position += length
                    break
            else:
                position += 1
        return spans
