"""Value objects for a resume read from a file: its text, sections and the parsed profile."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cached_property

SECTION_NAMES = (
    "summary",
    "experience",
    "education",
    "skills",
    "projects",
    "certifications",
    "publications",
    "other",
)
SOURCE_FORMATS = ("pdf", "docx", "text", "markdown", "json_resume")
# Ordered from lowest to highest; ``Profile.highest_degree`` relies on this order.
DEGREE_LEVELS = ("none", "certificate", "associate", "bachelor", "master", "phd")

_DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class Section:
    """A named part of ``ResumeDocument.text``: ``text[start:end]``; ``name`` is one of SECTION_NAMES."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class ResumeDocument:
    """The normalised text of a resume file and its sections (which cover the text in order).

    Every offset elsewhere (evidence spans, experience spans) points into ``text``.
    """

    text: str
    sections: tuple[Section, ...]
    source_format: str
    source_name: str

    def section_at(self, offset: int) -> str | None:
        """Return the name of the section containing ``offset``, or None outside the text.

        A binary search over the section starts: extraction asks once per mention, and a long
        resume has thousands of both.
        """
        starts = self._section_starts
        if starts is None:  # sections out of order: the plain scan
            return next((s.name for s in self.sections if s.start <= offset < s.end), None)
        index = bisect_right(starts, offset) - 1  # sorted, non-overlapping: one candidate
        if index >= 0 and offset < self.sections[index].end:
            return self.sections[index].name
        return None

    @cached_property
    def _section_starts(self) -> list[int] | None:
        starts = [s.start for s in self.sections]
        ordered = all(a.end <= b.start for a, b in zip(self.sections, self.sections[1:], strict=False))
        return starts if ordered else None

    def section_text(self, name: str) -> str:
        """Return the text of all sections called ``name``, joined by newlines."""
        return "\n".join(self.text[s.start : s.end] for s in self.sections if s.name == name)


@dataclass(frozen=True)
class Experience:
    """One dated role; ``end`` is None for a current role; ``span`` indexes the document text."""

    title: str
    company: str | None
    start: date | None
    end: date | None
    current: bool
    description: str
    span: tuple[int, int]

    @property
    def years(self) -> float:
        """Return the length of the role in years (until today for a current role; 0 without dates)."""
        if self.start is None:
            return 0.0
        end = self.end or date.today()
        return max(0.0, (end - self.start).days / _DAYS_PER_YEAR)


@dataclass(frozen=True)
class EducationEntry:
    """One degree or school line; ``degree_level`` is one of DEGREE_LEVELS, ``year`` the latest year."""

    degree_level: str
    field: str | None
    institution: str | None
    year: int | None
    text: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Profile:
    """What a resume states about its author, as found by ``parse_profile``.

    ``years_experience`` is the union of the dated roles (overlaps counted once), or a
    "N years of experience" stated in the summary when no role has dates, or None.
    ``declared_skills`` are raw strings from skills sections, not yet mapped to taxonomy ids.
    """

    document: ResumeDocument
    name: str | None
    email: str | None
    experience: tuple[Experience, ...]
    education: tuple[EducationEntry, ...]
    certifications: tuple[str, ...]
    projects: tuple[str, ...]
    declared_skills: tuple[str, ...]
    years_experience: float | None

    @property
    def highest_degree(self) -> str | None:
        """Return the highest degree level among the education entries, or None without entries."""
        if not self.education:
            return None
        return max((e.degree_level for e in self.education), key=DEGREE_LEVELS.index)
