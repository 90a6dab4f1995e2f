"""Recognise degree levels, fields of study and institutions in education lines."""

from __future__ import annotations

import re

from careerpath.resumes.models import DEGREE_LEVELS

_I = re.IGNORECASE
# Short abbreviations ("BE", "MS") are matched case-sensitively so that "ms office" or "be" stay words.
_DEGREE_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "phd": [
        re.compile(r"\bPh\.?\s?D\b|\bD\.?\s?Phil\b|\bdoctor(?:ate| of philosophy)\b", _I),
    ],
    "master": [
        re.compile(r"\bmaster'?s?\b|\bpost[\s-]?graduat(?:e|ion)\b|\bPGDM\b|\bPGDBA\b|\bM\.?\s?Phil\b", _I),
        # Law: LL.M. (never "LLM", which is a language model), Oxford's BCL and MJur, the JD and the
        # German State Examination are postgraduate degrees.
        re.compile(r"\bLL\.\s?M\b|\bmaster of laws\b|\bjuris doctor\b|\bstate examination\b", _I),
        re.compile(r"\bBCL\b|\bB\.C\.L\b|\bMJur\b|\bJ\.D\b|\bJD\b(?= *[,(]| +in\b| +law\b| *$)"),
        re.compile(
            r"\b(?:M\.?\s?Sc|MSc|M\.S|MS|MBA|M\.?\s?Tech|MTech|M\.E|ME|M\.?\s?Eng|MEng|MCA|M\.A|MA|M\.Com|MCom)"
            r"\b\.?(?!\s*(?:Office|Excel|Word|Access|SQL|Dynamics|Project|Visio|PowerPoint))"
        ),
    ],
    "bachelor": [
        re.compile(r"\bbachelor'?s?\b|\bundergraduate\b|\bgraduation\b", _I),
        re.compile(
            r"\b(?:B\.?\s?Sc|BSc|B\.S|BS|B\.?\s?Tech|BTech|B\.E|BE|B\.?\s?Eng|BEng|BCA|BBA|B\.A|BA|B\.Com|BCom"
            r"|B\.?\s?Pharm|BPharm|B\.Arch|LLB)\b"
        ),
    ],
    "associate": [re.compile(r"\bassociate'?s? (?:degree|of (?:arts|science|applied))\b", _I)],
    "certificate": [re.compile(r"\bdiploma\b|\bcertificate\b", _I)],
    "none": [
        re.compile(r"\b(?:10|12)\s?th\b|\bH\.?S\.?C\b|\bS\.?S\.?C\b|\bhigh school\b|\bsecondary\b", _I),
        re.compile(r"\bintermediate\b|\bclass (?:x|xii)\b|\bmatriculation\b|\bCBSE\b|\bICSE\b", _I),
    ],
}
_FIELDS = (
    "Computer Science and Engineering", "Computer Science", "Computer Engineering",
    "Computer Applications", "Information Technology", "Information Systems", "Software Engineering",
    "Data Science", "Data Analytics", "Artificial Intelligence", "Machine Learning", "Statistics",
    "Applied Mathematics", "Mathematics", "Physics", "Electrical and Electronics Engineering",
    "Electronics and Communication Engineering", "Electronics and Communication",
    "Electronics and Telecommunication", "Electronics Engineering", "Electronics",
    "Electrical Engineering", "Mechanical Engineering", "Civil Engineering", "Chemical Engineering",
    "Instrumentation Engineering", "Industrial Engineering", "Biomedical Engineering",
    "Operations Research", "Business Analytics", "Business Administration", "Economics", "Finance",
    "Commerce", "Accounting", "Marketing", "Bioinformatics", "Biotechnology", "Biology", "Chemistry",
    "Cognitive Science", "Neuroscience", "Psychology", "Computational Linguistics", "Linguistics",
    "Information Technology Law", "Civil Law", "Law", "Public Policy", "Political Science",
    "International Relations", "Philosophy", "Mechatronics", "Engineering Physics", "Quantum Information",
    "Electronic Engineering", "Informatics Engineering", "Informatics", "Pharmacy", "Architecture",
)  # fmt: skip
_FIELD_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(f).replace(r"\ and\ ", r"\s*(?:and|&)\s*") for f in _FIELDS) + r")\b", _I
)
_FIELDS_BY_KEY = {f.lower(): f for f in _FIELDS}
_INSTITUTION = re.compile(
    r"\b(?:universit(?:y|e|ät|at)|college|institute|school|academy|polytechnic|vidyalaya|IIT|NIT|IIIT)\b", _I
)
_SEGMENT_SPLIT = re.compile(r"\s{2,}|\t|[,|•·;()]|\s[-–—]\s")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def degree_level(line: str) -> str | None:
    """Return the highest degree level named in ``line``, or None when it names no degree."""
    found = [level for level, patterns in _DEGREE_PATTERNS.items() if any(p.search(line) for p in patterns)]
    return max(found, key=DEGREE_LEVELS.index) if found else None


def field_of_study(line: str) -> str | None:
    """Return the field of study named in ``line`` ("Computer Science"), or None."""
    match = _FIELD_PATTERN.search(line)
    if match:
        key = re.sub(r"\s*(?:and|&)\s*", " and ", match.group(1).lower())
        return _FIELDS_BY_KEY.get(key, match.group(1))
    if re.search(r"\bMBA\b", line):
        return "Business Administration"
    return None


def institution(line: str) -> str | None:
    """Return the part of ``line`` that names a university, college or school, or None."""
    for segment in _SEGMENT_SPLIT.split(line):
        segment = segment.strip(" *_#:.")
        if _INSTITUTION.search(segment):
            segment = _FIELD_PATTERN.sub("", _YEAR.sub("", segment), count=1)
            return " ".join(segment.split()).strip(" ,-–") or None
    return None


def graduation_year(line: str) -> int | None:
    """Return the latest four-digit year in ``line``, or None."""
    years = [int(y) for y in _YEAR.findall(line)]
    return max(years) if years else None


def is_education_line(line: str) -> bool:
    """Return True when ``line`` names a degree or an institution."""
    return degree_level(line) is not None or _INSTITUTION.search(line) is not None
