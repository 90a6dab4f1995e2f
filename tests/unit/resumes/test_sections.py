"""Section detection, plus properties of reading arbitrary text."""

from __future__ import annotations

import contextlib
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.errors import ResumeParseError
from careerpath.resumes import parse_profile, read_resume_bytes
from careerpath.resumes.sections import detect_sections, heading_name, markdown_headings


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("EXPERIENCE", "experience"),
        ("Work Experience:", "experience"),
        ("Professional Experience", "experience"),
        ("Technical Skills", "skills"),
        ("Skill Details", "skills"),
        ("Education Details", "education"),
        ("## Projects", "projects"),
        ("Licenses & Certifications", "certifications"),
        ("PUBLICATIONS", "publications"),
        ("Hobbies", "other"),
        ("Experience with Python services", None),
        ("Python, SQL", None),
    ],
)
def test_heading_name_recognises_common_headings(line: str, name: str | None) -> None:
    assert heading_name(line) == name


def test_detect_sections_text_before_first_heading_is_summary() -> None:
    text = "Jo Smith\nEngineer\n\nEXPERIENCE\nAcme\nSkills: Python, SQL\nEducation\nBSc"
    assert [(s.name, text[s.start : s.end].split("\n")[0]) for s in detect_sections(text)] == [
        ("summary", "Jo Smith"),
        ("experience", "EXPERIENCE"),
        ("skills", "Skills: Python, SQL"),
        ("education", "Education"),
    ]


def test_detect_sections_finds_headings_glued_to_text() -> None:
    text = "Python, Docker and Deep learning.Education Details\nB.E 2017\nSkill Details\nPython"
    sections = detect_sections(text)
    assert [s.name for s in sections] == ["summary", "education", "skills"]
    assert text[sections[1].start :].startswith("Education Details")


def test_detect_sections_markdown_ignores_name_and_role_headings() -> None:
    text = "# Jane Doe\n## Experience\n### Engineer at Acme\n2019 - 2020\n## Languages\nFrench\n## Volunteer work\nx"
    names = [s.name for s in detect_sections(text, hints=markdown_headings(text))]
    assert names == ["summary", "experience", "other"]


def test_detect_sections_empty_text() -> None:
    assert detect_sections("") == ()


_RESUME_ALPHABET = st.sampled_from(
    ["\n", " ", "\t", "Experience", "EDUCATION", "Skills:", "## Projects", "Jan 2019 - Present", "2018-2020",
     "B.Sc", "PhD", ",", "-", "•", "é", "\r\n", "#", "Python", "University", "5 years of experience", "\x00",
     "Education Details", "(", ")", "12/2019", "a@b.co", "â€¢"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(_RESUME_ALPHABET, max_size=60).map("".join)))
def test_read_resume_bytes_text_only_raises_parse_error_and_sections_tile(text: str) -> None:
    try:
        document = read_resume_bytes(text.encode("utf-8", "surrogatepass"), "r.txt")
    except ResumeParseError:
        return
    spans = [(s.start, s.end) for s in document.sections]
    assert spans[0][0] == 0
    assert spans[-1][1] == len(document.text)
    assert all(end == next_start for (_, end), (next_start, _) in itertools.pairwise(spans))
    assert all(start < end for start, end in spans)
    profile = parse_profile(document)
    for entry in profile.experience:
        assert 0 <= entry.span[0] <= entry.span[1] <= len(document.text)


@given(st.binary(max_size=400))
def test_read_resume_bytes_any_bytes_only_raises_parse_error(data: bytes) -> None:
    for name in ("r.txt", "r.pdf", "r.docx", "r.json", "r"):
        with contextlib.suppress(ResumeParseError):
            read_resume_bytes(data, name)
