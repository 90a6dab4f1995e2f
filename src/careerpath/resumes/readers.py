"""Read a resume file (PDF, DOCX, plain text, Markdown, JSON Resume) into a ResumeDocument.

Example::

    >>> doc = read_resume("resume.pdf")
    >>> doc.source_format, doc.section_at(0)
    ('pdf', 'summary')
"""

from __future__ import annotations

import io
import json
import re
import struct
import warnings
import zipfile
import zlib
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from pypdf.errors import PdfReadError

from careerpath.errors import ResumeParseError
from careerpath.resumes.jsonresume import NotAJsonResume, render_json_resume
from careerpath.resumes.models import ResumeDocument
from careerpath.resumes.sections import HeadingHint, detect_sections, markdown_headings
from careerpath.resumes.text import decode_text, normalise_text

if TYPE_CHECKING:
    from docx.table import Table

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # 10 MB: far above any real resume, small enough for an upload
TEXT_SUFFIXES = (".txt", ".text", "")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SUPPORTED_SUFFIXES = (".pdf", ".docx", ".txt", ".text", ".md", ".markdown", ".json")
_SUPPORTED = "PDF (.pdf), Word (.docx), text (.txt), Markdown (.md) or JSON Resume (.json)"
# pypdf reports broken files through many exception types; these are the ones it raises for
# damaged input (a truncated xref, a bad stream), not programming errors.
_PDF_ERRORS: tuple[type[Exception], ...] = (
    PdfReadError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    struct.error,
    zlib.error,
    OSError,
)


def read_resume(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ResumeDocument:
    """Return the document read from the resume file at ``path``.

    Raises ResumeParseError (with a stable ``code``) for a missing, oversized, empty, binary,
    unsupported or broken file.
    """
    path = Path(path)
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise ResumeParseError(f"Resume file '{path}' {what}; check the path and try again.", code="file_not_found")
    size = path.stat().st_size
    _check_size(size, path.name, max_bytes)
    return read_resume_bytes(path.read_bytes(), path.name, max_bytes=max_bytes)


def read_resume_bytes(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ResumeDocument:
    """Return the document read from the bytes of an uploaded file called ``filename``.

    The format comes from the content (PDF and DOCX signatures) and the file extension.
    """
    name = PurePath(filename).name or "resume"
    _check_size(len(data), name, max_bytes)
    if not data.strip():
        raise ResumeParseError(f"Resume file '{name}' is empty; export your resume again and retry.", code="empty_file")
    suffix = PurePath(name).suffix.lower()
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return _read_pdf(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data, name, suffix)
    if suffix == ".pdf":
        raise ResumeParseError(
            f"Resume file '{name}' is not a valid PDF (no PDF header); export it to PDF again.",
            code="pdf_corrupt",
        )
    if suffix == ".docx":
        raise ResumeParseError(
            f"Resume file '{name}' is not a valid Word .docx file; save it again as .docx or PDF.",
            code="docx_corrupt",
        )
    if suffix not in SUPPORTED_SUFFIXES and suffix not in TEXT_SUFFIXES:
        raise _unsupported(name, suffix)
    text = decode_text(data)
    if text is None:
        raise ResumeParseError(
            f"Resume file '{name}' is binary data, not text; use a {_SUPPORTED} file.", code="binary_file"
        )
    if suffix == ".json" or (suffix == "" and text.lstrip().startswith("{")):
        return _read_json_resume(text, name, strict=suffix == ".json")
    if suffix in MARKDOWN_SUFFIXES:
        return _document(normalise_text(text), "markdown", name, markdown=True)
    return _document(normalise_text(text), "text", name)


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise ResumeParseError(
            f"Resume file '{name}' is {size:,} bytes, over the {max_bytes:,}-byte limit; "
            "use a smaller file (a text or PDF export of the resume).",
            code="file_too_large",
        )


def _unsupported(name: str, suffix: str) -> ResumeParseError:
    return ResumeParseError(
        f"Resume file '{name}' has unsupported type '{suffix}'; use a {_SUPPORTED} file.",
        code="unsupported_type",
    )


def _document(
    text: str,
    source_format: str,
    name: str,
    *,
    hints: list[HeadingHint] | None = None,
    markdown: bool = False,
) -> ResumeDocument:
    if not text:
        raise ResumeParseError(
            f"Resume file '{name}' contains no text; export your resume again and retry.", code="empty_file"
        )
    if markdown:
        hints = markdown_headings(text)
    return ResumeDocument(text, detect_sections(text, hints=hints or ()), source_format, name)


def _read_pdf(data: bytes, name: str) -> ResumeDocument:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    corrupt = ResumeParseError(
        f"Resume file '{name}' is a damaged PDF that cannot be read; export it to PDF again.",
        code="pdf_corrupt",
    )
    encrypted = ResumeParseError(
        f"Resume file '{name}' is a password-protected PDF; remove the password and retry.",
        code="pdf_encrypted",
    )
    # pypdf warns about harmless oddities of real-world PDFs; they are not the caller's concern.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise encrypted
            pages = [page.extract_text() or "" for page in reader.pages]
        except (FileNotDecryptedError, DependencyError) as exc:
            raise encrypted from exc
        except _PDF_ERRORS as exc:
            raise corrupt from exc
    if not pages:
        raise ResumeParseError(
            f"Resume file '{name}' is a PDF without pages; export your resume again.", code="empty_file"
        )
    text = normalise_text("\n\n".join(pages), join_hyphenated=True)
    if not text:
        raise ResumeParseError(
            f"Resume file '{name}' is a PDF without a text layer (a scan?); run OCR on it first "
            "or upload the original document.",
            code="pdf_no_text_layer",
        )
    return _document(text, "pdf", name)


def _read_zip(data: bytes, name: str, suffix: str) -> ResumeDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_docx = "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if suffix == ".docx":
            raise _docx_corrupt(name) from exc
        raise _unsupported(name, suffix or "zip") from exc
    if is_docx:
        return _read_docx(data, name)
    if suffix == ".docx":
        raise _docx_corrupt(name)
    raise _unsupported(name, suffix or "zip")


def _docx_corrupt(name: str) -> ResumeParseError:
    return ResumeParseError(
        f"Resume file '{name}' is a damaged Word document; open it in Word and save it again as .docx.",
        code="docx_corrupt",
    )


_HEADING_STYLE = re.compile(r"^Heading (\d)$")


def _read_docx(data: bytes, name: str) -> ResumeDocument:
    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[tuple[str, int | None]] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                blocks += [(row, None) for row in _table_rows(block)]
            else:
                style = block.style.name if block.style is not None else ""
                match = _HEADING_STYLE.match(style or "")
                level = 0 if style == "Title" else int(match.group(1)) if match else None
                blocks.append((block.text, level))
    except (OpcError, LxmlError, zipfile.BadZipFile, KeyError, ValueError, AttributeError) as exc:
        raise _docx_corrupt(name) from exc
    # Normalise block by block so that heading offsets stay exact in the joined text.
    lines: list[str] = []
    hints: list[HeadingHint] = []
    offset = 0
    for raw, level in blocks:
        text = normalise_text(raw).replace("\n\n", "\n")
        if not text:
            continue
        if level is not None:
            hints.append(HeadingHint(offset, level))
        lines.append(text)
        offset += len(text) + 1
    return _document("\n".join(lines), "docx", name, hints=hints)


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def _read_json_resume(text: str, name: str, *, strict: bool) -> ResumeDocument:
    try:
        rendered = render_json_resume(json.loads(text))
    except (json.JSONDecodeError, RecursionError, NotAJsonResume) as exc:
        if not strict:  # a text file without extension that merely starts with "{"
            return _document(normalise_text(text), "text", name)
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise ResumeParseError(
            f"Resume file '{name}' is not a JSON Resume ({reason}); see https://jsonresume.org/schema "
            "or upload a PDF, DOCX or text file.",
            code="invalid_json_resume",
        ) from exc
    return _document(normalise_text(rendered), "json_resume", name)
