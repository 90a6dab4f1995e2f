"""Read a resume file (PDF, DOCX, plain text, Markdown, JSON Resume) into a ResumeDocument.

Example::

    >>> doc = read_resume("resume.pdf")
    >>> doc.source_format, doc.section_at(0)
    ('pdf', 'summary')
"""

from __future__ import annotations

import io
import json
import logging
import re
import stat
import warnings
import zipfile
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from careerpath.budgets import DEFAULT_BUDGETS, Budgets, Deadline
from careerpath.errors import CareerpathWarning, ResumeParseError
from careerpath.resumes.jsonresume import NotAJsonResume, json_depth_over, render_json_resume
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
_SHOWN_NAME_CHARS = 120  # a 4,000-character file name is cut in messages

# pypdf reports every oddity of a damaged PDF as a warning or a log line; a damaged file is one
# ResumeParseError here, so both are routed away from the user's terminal (the one-line error
# contract). The NullHandler stops logging's last-resort stderr output; an application that
# configures logging still sees pypdf's records.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def read_resume(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budgets: Budgets = DEFAULT_BUDGETS,
    deadline: Deadline | None = None,
) -> ResumeDocument:
    """Return the document read from the resume file at ``path``.

    Raises ResumeParseError (with a stable ``code``) for a missing, oversized, empty, binary,
    unsupported or broken file, and ``path_invalid`` for a path that names no readable regular
    file (a name too long, a FIFO, a device).
    """
    path = Path(path)
    shown = _shown(str(path))
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ResumeParseError(
            f"Resume file '{shown}' does not exist; check the path and try again.", code="file_not_found"
        ) from None
    except (OSError, ValueError) as exc:  # name too long, NUL in the name, permission on a folder
        raise _path_invalid(shown, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise ResumeParseError(
            f"Resume file '{shown}' is a directory, not a file; check the path and try again.", code="file_not_found"
        )
    if not stat.S_ISREG(info.st_mode):
        raise ResumeParseError(
            f"Resume file '{shown}' is not a regular file (a pipe, device or socket); give the path of the "
            "resume file itself.",
            code="path_invalid",
        )
    _check_size(info.st_size, path.name, max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may grow between stat and read
    except OSError as exc:
        raise _path_invalid(shown, exc) from None
    return read_resume_bytes(data, path.name, max_bytes=max_bytes, budgets=budgets, deadline=deadline)


def read_resume_bytes(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budgets: Budgets = DEFAULT_BUDGETS,
    deadline: Deadline | None = None,
) -> ResumeDocument:
    """Return the document read from the bytes of an uploaded file called ``filename``.

    The format comes from the content (PDF and DOCX signatures) and the file extension. Text past
    ``budgets.max_text_chars`` is left out with a CareerpathWarning; see careerpath.budgets.
    """
    name = _shown(PurePath(filename).name or "resume")
    _check_size(len(data), name, max_bytes)
    if not data.strip():
        raise ResumeParseError(f"Resume file '{name}' is empty; export your resume again and retry.", code="empty_file")
    suffix = PurePath(name).suffix.lower()
    if len(suffix) > 16:
        suffix = suffix[:16]
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return _read_pdf(data, name, budgets, deadline)
    if data.startswith(b"PK\x03\x04"):
        return _read_zip(data, name, suffix, budgets)
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
        return _read_json_resume(text, name, budgets, strict=suffix == ".json")
    text = _within_text_budget(text, name, budgets)
    if suffix in MARKDOWN_SUFFIXES:
        return _document(normalise_text(text), "markdown", name, markdown=True)
    return _document(normalise_text(text), "text", name)


def _shown(name: str) -> str:
    """Return ``name`` short enough for a one-line message."""
    return name if len(name) <= _SHOWN_NAME_CHARS else name[: _SHOWN_NAME_CHARS - 1] + "…"


def _path_invalid(shown: str, exc: Exception) -> ResumeParseError:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return ResumeParseError(
        f"Resume file '{shown}' cannot be opened ({reason}); check the path and try again.", code="path_invalid"
    )


def _within_text_budget(text: str, name: str, budgets: Budgets) -> str:
    """Return the first ``max_text_chars`` of ``text``, warning when the rest is left out."""
    if len(text) <= budgets.max_text_chars:
        return text
    warnings.warn(
        f"Resume file '{name}' has {len(text):,} characters of text; only the first "
        f"{budgets.max_text_chars:,} were read (CAREERPATH_MAX_TEXT_CHARS).",
        CareerpathWarning,
        stacklevel=3,
    )
    return text[: budgets.max_text_chars]


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


def _read_pdf(data: bytes, name: str, budgets: Budgets, deadline: Deadline | None) -> ResumeDocument:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    encrypted = ResumeParseError(
        f"Resume file '{name}' is a password-protected PDF; remove the password and retry.",
        code="pdf_encrypted",
    )
    too_large = ResumeParseError(
        f"Resume file '{name}' is a PDF over the reading limits (more than {budgets.max_pdf_pages} pages or a "
        f"stream over {budgets.max_pdf_stream_bytes:,} bytes decompressed); upload the resume pages only.",
        code="pdf_too_large",
        details={"max_pages": budgets.max_pdf_pages, "max_stream_bytes": budgets.max_pdf_stream_bytes},
    )
    limit = budgets.max_pdf_stream_bytes
    pages: list[str] = []
    chars = 0
    try:
        with apply_configuration(
            maximum_declared_stream_length=limit,
            array_based_stream_maximum_output_length=limit,
            zlib_maximum_output_length=limit,
            lzw_maximum_output_length=limit,
            run_length_maximum_output_length=limit,
            brotli_maximum_output_length=limit,
            jbig2_maximum_output_length=limit,
            image_maximum_buffer_size=limit,
            page_tree_maximum_entries=max(1_000, budgets.max_pdf_pages * 10),
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise encrypted
            if len(reader.pages) > budgets.max_pdf_pages:
                raise too_large
            for page in reader.pages:
                if deadline is not None:
                    deadline.check("reading the PDF pages")
                pages.append(page.extract_text() or "")
                chars += len(pages[-1])
                if chars > budgets.max_text_chars:
                    break  # the text budget below cuts and warns
    except ResumeParseError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise encrypted from exc
    except LimitReachedError as exc:
        raise too_large from exc
    except Exception as exc:
        if isinstance(exc, MemoryError):
            raise
        raise ResumeParseError(
            f"Resume file '{name}' is a damaged PDF that cannot be read; export it to PDF again.",
            code="pdf_corrupt",
        ) from exc
    if not pages:
        raise ResumeParseError(
            f"Resume file '{name}' is a PDF without pages; export your resume again.", code="empty_file"
        )
    raw = _within_text_budget("\n\n".join(pages), name, budgets)
    text = normalise_text(raw, join_hyphenated=True)
    if not text:
        raise ResumeParseError(
            f"Resume file '{name}' is a PDF without a text layer (a scan?); run OCR on it first "
            "or upload the original document.",
            code="pdf_no_text_layer",
        )
    return _document(text, "pdf", name)


def _read_zip(data: bytes, name: str, suffix: str, budgets: Budgets) -> ResumeDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as exc:
        if isinstance(exc, MemoryError):
            raise
        if suffix == ".docx":
            raise _docx_corrupt(name) from exc
        raise _unsupported(name, suffix or "zip") from exc
    if not any(info.filename == "word/document.xml" for info in infos):
        if suffix == ".docx":
            raise _docx_corrupt(name)
        raise _unsupported(name, suffix or "zip")
    # zipfile never inflates a member past its declared size (it stops there and fails the CRC),
    # so the declared sizes bound what python-docx can decompress: a zip bomb is refused here.
    largest = max(info.file_size for info in infos)
    total = sum(info.file_size for info in infos)
    if largest > budgets.max_docx_part_bytes or total > budgets.max_docx_total_bytes:
        raise ResumeParseError(
            f"Resume file '{name}' unpacks to {total:,} bytes, over the reading limit "
            f"({budgets.max_docx_part_bytes:,} per part, {budgets.max_docx_total_bytes:,} in all); "
            "save the resume without embedded media, or as PDF.",
            code="docx_too_large",
            details={"max_part_bytes": budgets.max_docx_part_bytes, "max_total_bytes": budgets.max_docx_total_bytes},
        )
    return _read_docx(data, name, budgets)


def _docx_corrupt(name: str) -> ResumeParseError:
    return ResumeParseError(
        f"Resume file '{name}' is a damaged Word document; open it in Word and save it again as .docx.",
        code="docx_corrupt",
    )


_HEADING_STYLE = re.compile(r"^Heading (\d)$")


class _CellBudget:
    """Counts table cells across a document; past the budget the file is refused."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.used = 0

    def spend(self, cells: int) -> None:
        self.used += cells
        if self.used > self.limit:
            raise ResumeParseError(
                f"Resume file '{self.name}' has tables with more than {self.limit:,} cells; "
                "save the resume without the large tables, or as PDF.",
                code="docx_too_large",
                details={"max_table_cells": self.limit},
            )


def _read_docx(data: bytes, name: str, budgets: Budgets) -> ResumeDocument:
    import docx
    from docx.table import Table

    cells = _CellBudget(name, budgets.max_table_cells)
    blocks: list[tuple[str, int | None]] = []
    chars = 0
    try:
        document = docx.Document(io.BytesIO(data))
        levels: dict[str | None, int | None] = {}  # style id -> heading level, looked up once per style
        for block in document.iter_inner_content():
            before = len(blocks)
            if isinstance(block, Table):
                blocks += [(row, None) for row in _table_rows(block, cells)]
            else:
                style_id = block._p.style
                if style_id not in levels:
                    levels[style_id] = _heading_level(block)
                blocks.append((block.text, levels[style_id]))
            chars += sum(len(text) for text, _ in blocks[before:])
            if chars > budgets.max_text_chars:
                break  # the text budget below cuts and warns
    except ResumeParseError:
        raise
    except Exception as exc:
        if isinstance(exc, MemoryError):
            raise
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
    return _document(_within_text_budget("\n".join(lines), name, budgets), "docx", name, hints=hints)


def _heading_level(paragraph: object) -> int | None:
    style = getattr(paragraph, "style", None)
    style_name = (style.name if style is not None else "") or ""
    match = _HEADING_STYLE.match(style_name)
    return 0 if style_name == "Title" else int(match.group(1)) if match else None


def _table_rows(table: Table, cells: _CellBudget) -> list[str]:
    """Return one " | "-joined line per table row.

    Reads the cells as written in the XML, never python-docx's layout grid: that grid repeats a
    cell once per ``w:gridSpan`` column and walks up ``w:vMerge`` chains row by row, so a crafted
    span of 10^9 columns or 20,000 merged rows costs time and memory far beyond the file's size.
    A vertically merged continuation cell holds no text of its own and is skipped.
    """
    from docx.table import _Cell

    rows = []
    for tr in table._tbl.tr_lst:
        tcs = tr.tc_lst
        cells.spend(len(tcs))
        texts: list[str] = []
        for tc in tcs:
            if tc.vMerge == "continue":
                continue
            text = " ".join(_Cell(tc, table).text.split())
            if text and (not texts or texts[-1] != text):
                texts.append(text)
        if texts:
            rows.append(" | ".join(texts))
    return rows


def _read_json_resume(text: str, name: str, budgets: Budgets, *, strict: bool) -> ResumeDocument:
    try:
        value = json.loads(text)
        if json_depth_over(value, budgets.max_json_depth):
            raise NotAJsonResume(f"nested deeper than {budgets.max_json_depth} levels")
        rendered = render_json_resume(value)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, NotAJsonResume, a 5,000-digit number
        if not strict:  # a text file without extension that merely starts with "{"
            return _document(normalise_text(_within_text_budget(text, name, budgets)), "text", name)
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc) or type(exc).__name__
        raise ResumeParseError(
            f"Resume file '{name}' is not a JSON Resume ({_shown(reason)}); see https://jsonresume.org/schema "
            "or upload a PDF, DOCX or text file.",
            code="invalid_json_resume",
        ) from exc
    return _document(normalise_text(_within_text_budget(rendered, name, budgets)), "json_resume", name)
