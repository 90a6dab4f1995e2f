"""Read resume files (PDF, DOCX, text, Markdown, JSON Resume) and parse them into a Profile."""

from careerpath.resumes.models import (
    EducationEntry,
    Experience,
    Profile,
    ResumeDocument,
    Section,
)
from careerpath.resumes.profile import parse_profile
from careerpath.resumes.readers import DEFAULT_MAX_BYTES, read_resume, read_resume_bytes

__all__ = [
    "DEFAULT_MAX_BYTES",
    "EducationEntry",
    "Experience",
    "Profile",
    "ResumeDocument",
    "Section",
    "parse_profile",
    "read_resume",
    "read_resume_bytes",
]
