"""read_resume / read_resume_bytes: each format end to end, and each error code."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from careerpath.errors import InputError, ResumeParseError
from careerpath.resumes import DEFAULT_MAX_BYTES, parse_profile, read_resume, read_resume_bytes

TODAY = date(2024, 6, 30)
RESUME_LINES = [
    "Jordan Lee",
    "jordan.lee@example.com",
    "",
    "Summary",
    "Data engineer moving into machine learning.",
    "",
    "Experience",
    "Data Engineer, Acme Analytics",
    "Jan 2019 - Present",
    "Built Spark and SQL pipelines.",
    "Software Developer at Globex",
    "Mar 2016 - Jun 2019",
    "Wrote Python services.",
    "",
    "Education",
    "M.Sc. Statistics, University of Edinburgh, 2015",
    "",
    "Skills",
    "Python, SQL, Apache Spark, pandas",
]


def _pdf_bytes(lines: list[str]) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _scanned_pdf_bytes() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Jordan Lee", level=0)
    document.add_paragraph("jordan.lee@example.com")
    document.add_heading("Work History", level=1)
    document.add_paragraph("Data Engineer — Acme Analytics")
    document.add_paragraph("May 2015 to Dec 2016")
    document.add_paragraph("Built pipelines.")
    document.add_heading("Education", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["B.Tech", "Electrical Engineering", "IIT Delhi 2014"], strict=True):
        cell.text = text
    document.add_heading("Technical Skills", level=1)
    document.add_paragraph("Python, SQL")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_read_resume_pdf_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "resume.pdf"
    path.write_bytes(_pdf_bytes(RESUME_LINES))

    document = read_resume(path)
    profile = parse_profile(document, today=TODAY)

    assert document.source_format == "pdf"
    assert [s.name for s in document.sections] == ["summary", "experience", "education", "skills"]
    assert [(e.start, e.end, e.current) for e in profile.experience] == [
        (date(2019, 1, 1), None, True),
        (date(2016, 3, 1), date(2019, 6, 30), False),
    ]
    assert (profile.experience[0].title, profile.experience[0].company) == ("Data Engineer", "Acme Analytics")
    assert profile.experience[1].company == "Globex"
    assert profile.highest_degree == "master"
    assert profile.education[0].field == "Statistics"
    assert profile.years_experience == pytest.approx(8.3, abs=0.05)  # Mar 2016 to Jun 2024, overlap once
    assert profile.name == "Jordan Lee"
    assert profile.email == "jordan.lee@example.com"


def test_read_resume_docx_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    path.write_bytes(_docx_bytes())

    document = read_resume(path)
    profile = parse_profile(document, today=TODAY)

    assert document.source_format == "docx"
    assert [s.name for s in document.sections] == ["summary", "experience", "education", "skills"]
    assert [(e.title, e.company, e.start, e.end) for e in profile.experience] == [
        ("Data Engineer", "Acme Analytics", date(2015, 5, 1), date(2016, 12, 31))
    ]
    assert profile.education[0].degree_level == "bachelor"
    assert profile.education[0].field == "Electrical Engineering"
    assert profile.education[0].year == 2014
    assert profile.years_experience == pytest.approx(1.7, abs=0.05)
    assert profile.declared_skills == ("Python", "SQL")


def test_read_resume_markdown_end_to_end(tmp_path: Path) -> None:
    path = tmp_path / "cv.md"
    path.write_text(
        "# Sam Park\n\n## Experience\n### ML Engineer — Initech\n2019 – now\n- Trained models\n\n"
        "## Education\nPhD in Computer Science, Stanford University, 2018\n\n## Hobbies\nChess\n",
        encoding="utf-8",
    )

    document = read_resume(path)
    profile = parse_profile(document, today=TODAY)

    assert document.source_format == "markdown"
    assert [s.name for s in document.sections] == ["summary", "experience", "education", "other"]
    assert profile.experience[0].title == "ML Engineer"
    assert profile.experience[0].start == date(2019, 1, 1)
    assert profile.highest_degree == "phd"
    assert profile.education[0].field == "Computer Science"
    assert profile.years_experience == pytest.approx(5.5, abs=0.05)


def test_read_resume_json_resume_end_to_end(tmp_path: Path) -> None:
    resume = {
        "basics": {"name": "Ana Ruiz", "email": "ana@example.org", "summary": "Analyst."},
        "work": [
            {"name": "Umbrella", "position": "Data Analyst", "startDate": "2018-02-01",
             "endDate": "2020-01-31", "highlights": ["Dashboards in Tableau"]},
            {"company": "Hooli", "position": "Data Scientist", "startDate": "2019-06"},
        ],
        "education": [
            {"institution": "MIT", "area": "Mathematics", "studyType": "Bachelor", "endDate": "2017"}
        ],
        "skills": [{"name": "ML", "keywords": ["scikit-learn", "XGBoost"]}, {"name": "SQL"}],
        "projects": [{"name": "Forecaster", "description": "Demand forecasting", "highlights": ["Prophet"]}],
        "certificates": [{"name": "TensorFlow Developer", "issuer": "Google"}],
    }  # fmt: skip
    path = tmp_path / "resume.json"
    path.write_text(json.dumps(resume), encoding="utf-8")

    document = read_resume(path)
    profile = parse_profile(document, today=TODAY)

    assert document.source_format == "json_resume"
    assert profile.name == "Ana Ruiz"
    assert [(e.title, e.company, e.start) for e in profile.experience] == [
        ("Data Analyst", "Umbrella", date(2018, 2, 1)),
        ("Data Scientist", "Hooli", date(2019, 6, 1)),
    ]
    assert profile.years_experience == pytest.approx(6.4, abs=0.05)
    assert profile.education[0].degree_level == "bachelor"
    assert profile.education[0].field == "Mathematics"
    assert profile.declared_skills == ("scikit-learn", "XGBoost", "SQL")
    assert profile.projects == ("Forecaster: Demand forecasting",)
    assert profile.certifications == ("TensorFlow Developer, Google",)
    start, end = profile.experience[0].span
    assert "Umbrella" in document.text[start:end]
    assert document.section_at(start) == "experience"


def test_read_resume_bytes_sniffs_pdf_without_extension() -> None:
    document = read_resume_bytes(_pdf_bytes(["Skills", "Python"]), "upload")
    assert document.source_format == "pdf"


def test_read_resume_decodes_cp1252_text(tmp_path: Path) -> None:
    path = tmp_path / "resume.txt"
    path.write_bytes("Summary\nMy café résumé\n".encode("cp1252"))
    assert "café résumé" in read_resume(path).text


def test_read_resume_decodes_utf8_bom_and_crlf() -> None:
    document = read_resume_bytes("\ufeffSkills\r\nPython\r\n".encode(), "r.txt")
    assert document.text == "Skills\nPython"
    assert document.sections[0].name == "skills"


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes(RESUME_LINES))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "make", "code"),
    [
        ("scan.pdf", _scanned_pdf_bytes, "pdf_no_text_layer"),
        ("locked.pdf", _encrypted_pdf, "pdf_encrypted"),
        ("broken.pdf", lambda: _pdf_bytes(RESUME_LINES)[:300], "pdf_corrupt"),
        ("fake.pdf", lambda: b"just text pretending to be a PDF", "pdf_corrupt"),
        ("broken.docx", lambda: _docx_bytes()[:500], "docx_corrupt"),
        ("fake.docx", lambda: b"plain text", "docx_corrupt"),
        ("noise.txt", lambda: os.urandom(2048), "binary_file"),
        ("noise", lambda: bytes(range(256)) * 4, "binary_file"),
        ("photo.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported_type"),
        ("sheet.xlsx", lambda: b"PK\x03\x04 not really a workbook", "unsupported_type"),
        ("empty.txt", lambda: b"", "empty_file"),
        ("blank.md", lambda: b"  \n\n\t ", "empty_file"),
        ("bad.json", lambda: b"{not json", "invalid_json_resume"),
        ("other.json", lambda: b'{"title": "a recipe"}', "invalid_json_resume"),
        ("list.json", lambda: b'{"work": "Acme"}', "invalid_json_resume"),
    ],
)
def test_read_resume_rejects_bad_input_with_code(
    tmp_path: Path, filename: str, make: Callable[[], bytes], code: str
) -> None:
    path = tmp_path / filename
    path.write_bytes(make())

    with pytest.raises(ResumeParseError) as caught:
        read_resume(path)

    assert caught.value.code == code
    assert isinstance(caught.value, InputError)
    assert filename in str(caught.value)
    assert "\n" not in str(caught.value)


def test_read_resume_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ResumeParseError) as caught:
        read_resume(tmp_path / "nope.pdf")
    assert caught.value.code == "file_not_found"
    assert "nope.pdf" in str(caught.value)


def test_read_resume_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Skills\nPython\n" * 100, encoding="utf-8")

    with pytest.raises(ResumeParseError) as caught:
        read_resume(path, max_bytes=100)
    assert caught.value.code == "file_too_large"
    with pytest.raises(ResumeParseError, match="over the 100-byte limit"):
        read_resume_bytes(path.read_bytes(), "big.txt", max_bytes=100)
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


def test_read_resume_bundled_sample() -> None:
    from importlib.resources import files

    sample = files("careerpath") / "data" / "sample_resume.md"
    profile = parse_profile(read_resume_bytes(sample.read_bytes(), "sample_resume.md"), today=date(2026, 1, 1))

    assert profile.highest_degree == "bachelor"
    assert len(profile.experience) == 3
    assert profile.years_experience is not None and 4 <= profile.years_experience <= 6
    assert "TensorFlow" in profile.declared_skills
    assert "Kubernetes" in profile.document.text
