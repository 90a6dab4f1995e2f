"""Proficiency levels (none / aware / working / advanced / expert) from a skill's evidence.

How a skill is used (led or built vs used vs listed vs "familiar with"), for how long (years of
the dated roles that mention it) and where it comes from (a degree, an implication) decide the
level. The rules are the whole model; docs/scoring.md explains them.
"""

from __future__ import annotations

from typing import Literal

from careerpath.skills.matches import SkillMatch

Level = Literal["none", "aware", "working", "advanced", "expert"]
LEVELS: tuple[Level, ...] = ("none", "aware", "working", "advanced", "expert")
LEVEL_RANK: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
# What each level a role asks for (roles.yaml) means on this scale.
ROLE_LEVEL: dict[str, Level] = {"basic": "aware", "intermediate": "working", "advanced": "advanced", "expert": "expert"}

ADVANCED_USE_YEARS = 3.0  # described use over this many dated years is advanced
EXPERT_LEAD_YEARS = 5.0  # leading or building with it over this many years is expert
HEDGED_BELOW = 0.5  # confidence under this is "familiar with" at best


def proficiency(match: SkillMatch | None, years: float = 0.0) -> Level:
    """Return the level the evidence supports for one skill."""
    if match is None or match.confidence <= 0:
        return "none"
    if match.confidence < HEDGED_BELOW:
        return "aware"
    if match.source == "implied":
        # A degree in the field (0.9+) is advanced knowledge; a tool implies its concept at working level.
        return "expert" if match.confidence >= 0.95 else "advanced" if match.confidence >= 0.9 else "working"
    strongest = match.strongest
    if strongest == "led":
        return "expert" if years >= EXPERT_LEAD_YEARS else "advanced"
    if strongest == "used" and years >= ADVANCED_USE_YEARS:
        return "advanced"
    return "working"


def meets(level: Level, role_level: str) -> bool:
    """True when ``level`` is at or above the level a role asks for ("basic" … "expert")."""
    return LEVEL_RANK[level] >= LEVEL_RANK[ROLE_LEVEL.get(role_level, "working")]
