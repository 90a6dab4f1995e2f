"""What the extractor returns: skills found in a text, each backed by evidence spans."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# How strongly the text claims the skill; "hedged" < "used" < "led" (see extraction.py).
Strength = Literal["negated", "hedged", "mentioned", "used", "led"]
STRENGTH_RANK: dict[str, int] = {"negated": 0, "hedged": 1, "mentioned": 2, "used": 3, "led": 4}  # weakest first


@dataclass(frozen=True)
class Evidence:
    """A span of the source text that supports a skill. ``start``/``end`` are character offsets."""

    text: str
    start: int
    end: int
    section: str | None = None
    strength: Strength = "mentioned"
    sentence: str = ""


@dataclass(frozen=True)
class SkillMatch:
    """A skill found in a text; ``confidence`` in [0, 1]."""

    skill_id: str
    name: str
    category: str
    confidence: float
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    source: str = "lexical"  # "lexical", "declared" (typed profile), "semantic" or "implied"
    esco_uri: str | None = None
    implied_by: str | None = None  # for source "implied": the skill id, "degree" or "publications"

    # Offsets of every positive mention when ``evidence`` keeps only the strongest few
    # (careerpath.budgets.Budgets.max_evidence_per_skill); empty when nothing was left out.
    mentions: tuple[int, ...] = ()

    @property
    def evidence_count(self) -> int:
        """How many mentions back the skill, including those left out of ``evidence``."""
        return len(self.mentions) or len(self.evidence)

    @property
    def strongest(self) -> Strength:
        return max((e.strength for e in self.evidence), key=STRENGTH_RANK.__getitem__, default="mentioned")
