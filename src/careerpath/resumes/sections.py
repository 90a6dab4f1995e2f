"""Find section headings in resume text and split the text into canonical sections."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from careerpath.resumes.models import Section

# Heading phrases ("|"-separated), compared after lower-casing, "&" -> "and" and dropping punctuation.
_PHRASES: dict[str, str] = {
    "summary": (
        "summary|professional summary|career summary|executive summary|profile|"
        "professional profile|career profile|about|about me|objective|career objective|overview|"
        "personal statement|profile summary|summary of qualifications"
    ),
    "experience": (
        "experience|work experience|professional experience|employment|employment history|"
        "work history|career history|company details|relevant experience|experience details|"
        "professional background|internships|internship|internship experience|"
        "work experience details|industry experience|research experience|working experience"
    ),
    "education": (
        "education|education details|educational details|academic background|academics|"
        "education and training|academic details|qualifications|educational qualification|"
        "educational qualifications|academic qualification|academic qualifications|"
        "academic profile|education background|educational background|scholastic profile"
    ),
    "skills": (
        "skills|technical skills|skill details|core skills|key skills|skills summary|"
        "core competencies|competencies|technologies|technical proficiency|skill set|skillset|"
        "areas of expertise|expertise|tech stack|it skills|computer skills|technical expertise|"
        "technical skill set|skills and tools|tools and technologies|technical skills and tools|"
        "software skills|skill|technical summary"
    ),
    "projects": (
        "projects|personal projects|side projects|academic projects|key projects|project details|"
        "selected projects|projects undertaken|project undertaken|major projects|notable projects|"
        "open source|open source projects|portfolio"
    ),
    "certifications": (
        "certifications|certification|certificates|licenses and certifications|"
        "certifications and training|courses|training|trainings|courses and certifications|"
        "training and certifications|professional certifications|online courses"
    ),
    "publications": ("publications|papers|selected publications|research papers|patents"),
    "other": (
        "languages|interests|hobbies|hobbies and interests|awards|achievements|"
        "awards and achievements|honors|honours|honors and awards|references|personal details|"
        "personal information|personal profile|volunteering|volunteer experience|activities|"
        "extracurricular activities|extra curricular activities|areas of interest|research interests|declaration|"
        "strengths|additional information|contact|contact information|links|personal dossier"
    ),
}
_HEADINGS = {phrase: name for name, phrases in _PHRASES.items() for phrase in phrases.split("|")}
# "Skills: Python, SQL" starts a section with content on the same line; only for these sections,
# because "Experience: 5 years" in a summary is a sentence, not a heading.
_INLINE_SECTIONS = ("skills", "education", "certifications")
# The template of a widely shared resume dataset glues headings to the previous text
# ("...Deep learning.Education Details \n"); these labels are specific enough to find mid-line.
_GLUED_HEADING = re.compile(r"(?<=[^\n])(Education Details|Skill Details|Company Details)[ \t]*(?=\n|$)")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_DECORATION = "*_=~`•·▪●◆■►-–—:|#[]"
_MAX_HEADING_CHARS = 60


@dataclass(frozen=True)
class HeadingHint:
    """A line known to be a heading (a Markdown ``#`` line, a DOCX heading style); ``level`` >= 0."""

    offset: int
    level: int


def heading_name(line: str) -> str | None:
    """Return the canonical section a heading line names, or None if it is not a known heading."""
    stripped = line.strip().strip(_DECORATION).strip()
    if not stripped or len(stripped) > _MAX_HEADING_CHARS:
        return None
    key = " ".join(re.sub(r"[^a-z ]+", " ", stripped.lower().replace("&", " and ")).split())
    found = _HEADINGS.get(key)
    if found is None and re.fullmatch(r"(?:[a-z]+ ){1,3}experience", key):
        return "experience"  # "Engineering experience", "Teaching and research experience"
    return found


def _inline_heading(line: str) -> str | None:
    label, colon, rest = line.partition(":")
    if not colon or not rest.strip():
        return None
    name = heading_name(label)
    return name if name in _INLINE_SECTIONS else None


def markdown_headings(text: str) -> list[HeadingHint]:
    """Return a hint for each Markdown ``#`` heading line of ``text``."""
    hints = []
    offset = 0
    for line in text.split("\n"):
        match = _MARKDOWN_HEADING.match(line)
        if match:
            hints.append(HeadingHint(offset, len(match.group(1))))
        offset += len(line) + 1
    return hints


def detect_sections(text: str, *, hints: Iterable[HeadingHint] = ()) -> tuple[Section, ...]:
    """Return sections that cover ``text`` in order, without gaps or overlaps.

    Text before the first heading is the "summary". A hinted heading with an unknown title starts
    an "other" section when it is no deeper than the known headings and comes after the first one
    (so "# Jane Doe" above "## Summary", or "### Engineer at Acme" under it, start nothing).
    """
    if not text:
        return ()
    hint_levels = {h.offset: h.level for h in hints}
    starts: list[tuple[int, str]] = []
    unknown_hinted: list[tuple[int, int]] = []
    known_levels: list[int] = []
    offset = 0
    for line in text.split("\n"):
        name = heading_name(line) or _inline_heading(line)
        if name is not None:
            starts.append((offset, name))
            if offset in hint_levels:
                known_levels.append(hint_levels[offset])
        elif offset in hint_levels and line.strip():
            unknown_hinted.append((offset, hint_levels[offset]))
        offset += len(line) + 1
    if starts and known_levels:
        top = min(known_levels)
        first = starts[0][0]
        starts += [(o, "other") for o, level in unknown_hinted if level <= top and o > first]
    starts += [(m.start(1), _HEADINGS[m.group(1).lower()]) for m in _GLUED_HEADING.finditer(text)]
    starts.sort()
    return _cover(text, starts)


def _cover(text: str, starts: list[tuple[int, str]]) -> tuple[Section, ...]:
    if not starts or text[: starts[0][0]].strip():
        starts = [(0, "summary"), *starts]
    else:
        starts[0] = (0, starts[0][1])  # whitespace before the first heading joins it
    sections: list[Section] = []
    bounds = [s for s, _ in starts[1:]] + [len(text)]
    for (start, name), end in zip(starts, bounds, strict=True):
        if end <= start:
            continue
        if sections and sections[-1].name == name:
            sections[-1] = Section(name, sections[-1].start, end)
        else:
            sections.append(Section(name, start, end))
    return tuple(sections)
