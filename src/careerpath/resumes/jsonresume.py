"""Render a JSON Resume (https://jsonresume.org/schema) as resume text with section headings.

The profile parser then reads this text like any other resume, so every offset it reports
points into the rendered text. Dates are written as "Jan 2019 – Present", a form it reads.

Validation is by hand, not with ``jsonschema``: the renderer reads a dozen fields and skips what
it does not know (as JSON Resume tools do), while the official schema rejects resumes for fields
the renderer never reads (a malformed ``url``, an extra property under ``additionalProperties:
false``); what must hold is checked where the field is read, and depth by ``json_depth_over``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

_TOP_LEVEL_KEYS = ("basics", "work", "education", "skills", "projects", "certificates", "publications")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-\d{1,2})?")


class NotAJsonResume(ValueError):
    """The JSON value does not follow the JSON Resume schema; the message says where."""


def json_depth_over(value: object, limit: int) -> bool:
    """True when the parsed JSON ``value`` nests deeper than ``limit`` (iterative: no recursion)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _text(item: dict[str, object], *keys: str) -> str:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def _items(resume: dict[str, object], key: str) -> Iterator[dict[str, object]]:
    value = resume.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        raise NotAJsonResume(f"'{key}' must be a list")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise NotAJsonResume(f"'{key}[{index}]' must be an object")
        yield item


def _strings(item: dict[str, object], key: str) -> list[str]:
    value = item.get(key)
    if not isinstance(value, list):
        return []
    return [" ".join(v.split()) for v in value if isinstance(v, str) and v.strip()]


def _date(value: str) -> str:
    match = _ISO_DATE.match(value)
    if not match:
        return value
    year, month = match.group(1), match.group(2)
    if month and 1 <= int(month) <= 12:
        return f"{calendar.month_abbr[int(month)]} {year}"
    return year


def _date_range(item: dict[str, object], *, open_end: str = "Present") -> str:
    start, end = _text(item, "startDate"), _text(item, "endDate")
    if not start:
        return _date(end) if end else ""
    return f"{_date(start)} – {_date(end) if end else open_end}"


def _join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def render_json_resume(resume: object) -> str:
    """Return the resume text for a parsed JSON Resume value; raise NotAJsonResume if it is not one."""
    if not isinstance(resume, dict) or not any(k in resume for k in _TOP_LEVEL_KEYS):
        raise NotAJsonResume("expected an object with 'basics', 'work', 'education' or 'skills'")
    basics = resume.get("basics") or {}
    if not isinstance(basics, dict):
        raise NotAJsonResume("'basics' must be an object")
    blocks: list[list[str]] = []

    location = basics.get("location")
    place = (
        _join(_text(location, "city"), _text(location, "region"), _text(location, "countryCode"))
        if (isinstance(location, dict))
        else ""
    )
    contact = _join(_text(basics, "email"), _text(basics, "phone"), _text(basics, "url"), place, sep=" | ")
    head = [line for line in (_text(basics, "name"), _text(basics, "label"), contact) if line]
    if head:
        blocks.append(head)
    if _text(basics, "summary"):
        blocks.append(["Summary", _text(basics, "summary")])

    work = []
    for job in _items(resume, "work"):
        title = _text(job, "position") or "Role"
        work.append(_join(title, _text(job, "name", "company"), sep=" — "))
        dates = _date_range(job)
        if dates:
            work.append(dates)
        if _text(job, "summary", "description"):
            work.append(_text(job, "summary", "description"))
        work += [f"• {h}" for h in _strings(job, "highlights")]
    if work:
        blocks.append(["Experience", *work])

    education = []
    for school in _items(resume, "education"):
        degree = _join(_text(school, "studyType"), _text(school, "area"), sep=" in ")
        education.append(_join(degree, _text(school, "institution"), _date_range(school, open_end="now")))
        courses = _strings(school, "courses")
        if courses:
            education.append(f"Courses: {', '.join(courses)}")
    if education:
        blocks.append(["Education", *education])

    skills = []
    for skill in _items(resume, "skills"):
        keywords = _strings(skill, "keywords")
        name = _text(skill, "name")
        if keywords:
            skills.append(f"{name}: {', '.join(keywords)}" if name else ", ".join(keywords))
        elif name:
            skills.append(name)
    if skills:
        blocks.append(["Skills", *skills])

    projects = []
    for project in _items(resume, "projects"):
        name = _text(project, "name") or "Project"
        projects.append(f"• {_join(name, _text(project, 'description'), sep=': ')}")
        projects += [f"  ◦ {h}" for h in _strings(project, "highlights")]
        keywords = _strings(project, "keywords")
        if keywords:
            projects.append(f"  ◦ Technologies: {', '.join(keywords)}")
    if projects:
        blocks.append(["Projects", *projects])

    certificates = [
        _join(_text(c, "name"), _text(c, "issuer"), _date(_text(c, "date"))) for c in _items(resume, "certificates")
    ]
    if any(certificates):
        blocks.append(["Certifications", *[c for c in certificates if c]])

    publications = [
        _join(_text(p, "name"), _text(p, "publisher"), _date(_text(p, "releaseDate")))
        for p in _items(resume, "publications")
    ]
    if any(publications):
        blocks.append(["Publications", *[p for p in publications if p]])

    return "\n\n".join("\n".join(block) for block in blocks)
