"""Parse a ResumeDocument into a Profile: roles with dates, education, skills, projects.

Heuristics only ever copy text that is in the document; a field stays None or empty when the
resume does not state it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from careerpath.resumes.dates import DateRange, find_date_ranges
from careerpath.resumes.education import (
    degree_level,
    field_of_study,
    graduation_year,
    institution,
    is_education_line,
)
from careerpath.resumes.models import EducationEntry, Experience, Profile, ResumeDocument
from careerpath.resumes.sections import heading_name

# The lookbehind starts a match only at the start of a run of address characters: without it a
# 100 KB run of letters or dots is rescanned from each of its positions (quadratic).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪●◦○■►–]|\d+[.)])\s+")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_STATED_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?|" + "|".join(_NUMBER_WORDS) + r")\s*\+?\s*(?:years?|yrs?)\b(?:\s+[\w-]+){0,4}?"
    r"\s+(?:of\s+)?(?:\w+\s+)?experience",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:engineer|developer|scientist|analyst|manager|intern|consultant|lead|architect|director|"
    r"researcher|specialist|administrator|designer|associate|head|officer|assistant|programmer|tester|"
    r"trainee|executive|founder|fellow|professor|lecturer|teacher|technician|coordinator|owner)s?\b",
    re.IGNORECASE,
)
# Words of headings and labels, never of a name ("RESEARCH INTERESTS", "Contact Details").
_HEADING_WORDS = re.compile(
    r"\b(?:interests?|summary|experience|education|skills?|profile|objective|publications?|projects?|"
    r"references?|contact|details|curriculum|vitae|resume|languages?|awards?|certifications?|research)\b",
    re.IGNORECASE,
)
# Honorifics before a name and credentials after it: "Dr. Amara Nwosu, Ph.D.", "Anna Schmidt, LL.M., CIPP/E".
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx)\.?\s+", re.IGNORECASE)
_CREDENTIAL = r"(?:[A-Z][A-Za-z]{0,4}\.?){1,4}(?:/[A-Z]{1,3})?"
_CREDENTIALS = re.compile(rf"\s*,\s*{_CREDENTIAL}(?:\s*,\s*{_CREDENTIAL})*\s*$")
_HEADER_SPLIT = re.compile(r"\s+(?:at|@)\s+|\s*[|,—–]\s*|\s+-\s+")
_SKILL_LINE = re.compile(r"^(.{1,40}?)\s*-\s*Experience\s*-", re.IGNORECASE)
_MAX_SKILL_CHARS = 40
_MAX_SKILL_WORDS = 5


def parse_profile(document: ResumeDocument, *, today: date | None = None) -> Profile:
    """Return the profile stated in ``document``; ``today`` closes open ("Present") roles.

    Example::

        >>> profile = parse_profile(read_resume("resume.md"))
        >>> profile.highest_degree, profile.years_experience
        ('bachelor', 5.2)
    """
    today = today or date.today()
    experience = _experience(document, today)
    return Profile(
        document=document,
        name=_name(document),
        email=_first_email(document.text),
        experience=experience,
        education=_education(document),
        certifications=tuple(_clean(line) for _, line in _section_lines(document, "certifications")),
        projects=_projects(document),
        declared_skills=_declared_skills(document),
        years_experience=_years(experience, today) if any(e.start for e in experience) else _stated_years(document),
    )


def _section_lines(document: ResumeDocument, *names: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) for the non-empty, non-heading lines of the named sections."""
    for section in document.sections:
        if section.name not in names:
            continue
        offset = section.start
        for line in document.text[section.start : section.end].split("\n"):
            label, colon, rest = line.partition(":")
            if colon and rest.strip() and heading_name(label):
                # "Skills: Python, SQL" is a heading with content; keep the content.
                yield offset + len(label) + 1, rest
            elif line.strip() and not _is_heading(line):
                yield offset, line
            offset += len(line) + 1


def _is_heading(line: str) -> bool:
    return heading_name(line) is not None


def _clean(line: str) -> str:
    line = _BULLET.sub("", line.lstrip("#"))
    return " ".join(line.replace("**", "").replace("__", "").split()).strip(" *_")


def _first_email(text: str) -> str | None:
    match = _EMAIL.search(text)
    return match.group(0) if match else None


def _name(document: ResumeDocument) -> str | None:
    for line in document.text.split("\n")[:3]:
        candidate = _clean(re.sub(r"^name\s*[:\-]\s*", "", line.strip(), flags=re.IGNORECASE))
        candidate = _CREDENTIALS.sub("", _HONORIFIC.sub("", candidate))
        words = candidate.split()
        if (
            2 <= len(words) <= 4
            and len(candidate) <= 40
            and all(re.fullmatch(r"[^\W\d_][\w.'-]*", w) and w[0].isupper() for w in words)
            and heading_name(candidate) is None
            and not _TITLE_WORDS.search(candidate)
            and not _HEADING_WORDS.search(candidate)
        ):
            return candidate
    return None


def _experience(document: ResumeDocument, today: date) -> tuple[Experience, ...]:
    names = {s.name for s in document.sections}
    wanted = ("experience",) if "experience" in names else ("summary", "other")
    text = document.text
    found: list[tuple[DateRange, int, str, str | None, int]] = []
    for section in document.sections:
        if section.name not in wanted:
            continue
        for found_range in find_date_ranges(text[section.start : section.end], today=today):
            start, end = found_range.span[0] + section.start, found_range.span[1] + section.start
            rng = DateRange(found_range.start, found_range.end, (start, end))
            header_start, title, company = _header(text, rng, section.start)
            found.append((rng, header_start, title, company, section.end))
    entries = []
    for index, (rng, header_start, title, company, section_end) in enumerate(found):
        line_end = text.find("\n", rng.span[1])
        body_start = len(text) if line_end < 0 else line_end + 1
        next_start = found[index + 1][1] if index + 1 < len(found) else section_end
        body_end = max(body_start, min(next_start, section_end))
        description = text[body_start:body_end].strip()
        entries.append(
            Experience(
                title=title,
                company=company,
                start=rng.start,
                end=rng.end,
                current=rng.end is None,
                description=description,
                span=(min(header_start, rng.span[0]), max(rng.span[1], body_end)),
            )
        )
    return tuple(entries)


_HEADER_REACH = 300


def _header(text: str, rng: DateRange, floor: int) -> tuple[int, str, str | None]:
    """Return (start offset, title, company) of the role whose dates are at ``rng.span``."""
    # The line is read at most _HEADER_REACH characters either side of the dates: a one-line
    # text with thousands of date ranges was otherwise copied in full once per range.
    reach = max(0, rng.span[0] - _HEADER_REACH)
    newline = text.rfind("\n", reach, rng.span[0])
    line_start = newline + 1 if newline >= 0 else reach
    ceiling = min(len(text), rng.span[1] + _HEADER_REACH)
    line_end = text.find("\n", rng.span[1], ceiling)
    line_end = ceiling if line_end < 0 else line_end
    rest = _clean(text[line_start : rng.span[0]] + " " + text[rng.span[1] : line_end])
    rest = re.sub(r"\(\s*\)|^[\s|,—–:-]+|[\s|,—–:(-]+$", "", rest).strip()
    previous_start, previous = _previous_line(text, line_start, floor)
    if rest and previous and not _HEADER_SPLIT.search(rest) and not _BULLET.match(text[previous_start:]):
        return previous_start, previous, rest  # "Data Scientist" above "Acme | 2019 - 2021"
    if rest:
        return (line_start, *_split_header(rest))
    if previous:
        return (previous_start, *_split_header(previous))
    return line_start, "", None


def _previous_line(text: str, line_start: int, floor: int) -> tuple[int, str]:
    end = line_start - 1
    while end > floor:
        reach = max(floor, end - _HEADER_REACH)
        newline = text.rfind("\n", reach, end)
        if newline < 0 and reach > floor:
            return line_start, ""  # a line longer than the reach is no title line
        start = max(floor, newline + 1)
        line = text[start:end]
        if line.strip():
            cleaned = _clean(line)
            if _is_heading(line) or len(cleaned) > 100 or find_date_ranges(line, today=date.max):
                return start, ""
            return start, cleaned
        end = start - 1
    return line_start, ""


def _split_header(header: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in _HEADER_SPLIT.split(header, maxsplit=1) if p.strip()]
    if len(parts) < 2:
        return header, None
    title, company = parts
    if not _TITLE_WORDS.search(title) and _TITLE_WORDS.search(company):
        title, company = company, title
    return title, company


def _years(experience: tuple[Experience, ...], today: date) -> float:
    intervals = sorted((e.start, e.end or today) for e in experience if e.start is not None)
    total_days = 0
    current_start, current_end = intervals[0]
    for start, end in intervals[1:]:
        if start > current_end:
            total_days += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    total_days += (current_end - current_start).days
    return round(total_days / 365.25, 1)


def _stated_years(document: ResumeDocument) -> float | None:
    match = _STATED_YEARS.search(document.section_text("summary"))
    if not match:
        return None
    value = match.group(1).lower()
    return float(_NUMBER_WORDS.get(value, value))


def _education(document: ResumeDocument) -> tuple[EducationEntry, ...]:
    entries: list[EducationEntry] = []
    for offset, line in _section_lines(document, "education"):
        if not is_education_line(line):
            continue
        level = degree_level(line)
        previous = entries[-1] if entries else None
        if previous and level is None and previous.institution is None and previous.span[1] + 1 == offset:
            # An institution on the line below its degree belongs to that entry.
            text = f"{previous.text}\n{_clean(line)}"
            entries[-1] = EducationEntry(
                previous.degree_level,
                previous.field or field_of_study(line),
                institution(line),
                previous.year or graduation_year(line),
                text,
                (previous.span[0], offset + len(line)),
            )
            continue
        entries.append(
            EducationEntry(
                degree_level=level or "none",
                field=field_of_study(line),
                institution=institution(line),
                year=graduation_year(line),
                text=_clean(line),
                span=(offset, offset + len(line)),
            )
        )
    return tuple(entries)


def _projects(document: ResumeDocument) -> tuple[str, ...]:
    lines = list(_section_lines(document, "projects"))
    bullets = [line for _, line in lines if _BULLET.match(line)]
    if bullets:
        indent = min(len(b) - len(b.lstrip()) for b in bullets)
        lines = [(o, b) for o, b in lines if _BULLET.match(b) and len(b) - len(b.lstrip()) == indent]
    return tuple(p for p in (_clean(line) for _, line in lines) if p)


def _split_items(text: str) -> Iterator[str]:
    """Yield comma-separated items, with "Python (pandas, numpy)" giving Python, pandas and numpy."""
    depth = 0
    current = ""
    for char in text + ",":
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        if char in ",;|•·▪" and depth == 0:
            item = current.strip()
            inner = re.search(r"[(\[](.*)[)\]]", item)
            if inner:
                yield item[: inner.start()]
                yield from _split_items(inner.group(1))
            else:
                yield item
            current = ""
        else:
            current += char


def _declared_skills(document: ResumeDocument) -> tuple[str, ...]:
    skills: dict[str, str] = {}
    for _, line in _section_lines(document, "skills"):
        line = _clean(line)
        kaggle = _SKILL_LINE.match(line)  # "Python- Experience - 24 months"
        if kaggle:
            items: Iterator[str] | list[str] = [kaggle.group(1)]
        else:
            label, colon, rest = line.partition(":")
            items = _split_items(rest if colon and len(label.split()) <= 4 else line)
        for item in items:
            item = re.sub(r"^(?:and|&)\s+", "", item.strip(" .*_-–:"))
            if item and len(item) <= _MAX_SKILL_CHARS and len(item.split()) <= _MAX_SKILL_WORDS:
                skills.setdefault(item.lower(), item)
    return tuple(skills.values())
