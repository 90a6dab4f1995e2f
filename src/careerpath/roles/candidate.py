"""What the fit model knows about a person: skills with confidence, years and degree."""

from __future__ import annotations

from dataclasses import dataclass, field

from careerpath.skills.matches import SkillMatch
from careerpath.skills.proficiency import LEVEL_RANK, Level, proficiency

DEGREE_RANK = {"none": 0, "certificate": 1, "associate": 2, "bachelor": 3, "master": 4, "phd": 5}


@dataclass(frozen=True)
class Candidate:
    """A person as the fit model sees them. ``years_experience`` is None when the resume gives no dates."""

    skills: dict[str, SkillMatch]
    years_experience: float | None = None
    highest_degree: str | None = None
    degree_fields: tuple[str, ...] = ()
    skill_years: dict[str, float] = field(default_factory=dict)
    # Skills held by implication (skills/implication.py), never ones the text states.
    implied: dict[str, SkillMatch] = field(default_factory=dict)

    def confidence(self, skill_id: str) -> float:
        """Confidence the person holds ``skill_id``, stated or implied."""
        match = self.skills.get(skill_id)
        implied = self.implied.get(skill_id)
        return max(match.confidence if match else 0.0, implied.confidence if implied else 0.0)

    def level(self, skill_id: str) -> Level:
        """The person's level in ``skill_id``, stated or implied (the stronger; skills/proficiency.py)."""
        stated = proficiency(self.skills.get(skill_id), self.skill_years.get(skill_id, 0.0))
        implied = proficiency(self.implied.get(skill_id))
        return stated if LEVEL_RANK[stated] >= LEVEL_RANK[implied] else implied
