"""Resource budgets for reading untrusted files: how much work one input may cost.

A resume or postings file comes from a stranger; every reader and the assessment stop at these
limits instead of spending unbounded time, memory or output on one input. The defaults sit far
above any real resume and far below what hurts a server; ``Settings`` sets them from the
environment (``CAREERPATH_MAX_TEXT_CHARS`` and so on, docs/budgets.md).

What happens past each budget (chosen per case, see docs/budgets.md):

- text characters after extraction: the first ``max_text_chars`` are read and a warning says so;
- DOCX part / PDF stream decompressed size, PDF pages, table cells, JSON Resume depth: the file
  is refused with a stable code (``docx_too_large``, ``pdf_too_large``, ``json_too_deep`` …);
- evidence per skill: the strongest ``max_evidence_per_skill`` items are kept, the total is counted;
- assessment time: past ``assessment_seconds`` the assessment stops with the ``timeout`` code.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from careerpath.errors import AssessmentTimeout


@dataclass(frozen=True)
class Budgets:
    """Limits on the work one input may cause; see the module docstring for what each one does."""

    max_text_chars: int = 1_000_000  # ~500 pages of text; a resume is under 50,000
    max_docx_part_bytes: int = 32 * 1024 * 1024  # decompressed size of one part of a .docx
    max_docx_total_bytes: int = 64 * 1024 * 1024  # decompressed size of all parts together
    max_pdf_pages: int = 100
    max_pdf_stream_bytes: int = 32 * 1024 * 1024  # decompressed size of one PDF stream
    max_table_cells: int = 20_000  # cells of all tables of a document (before any span is expanded)
    max_json_depth: int = 32  # nesting of a JSON Resume (the schema needs 4)
    max_evidence_per_skill: int = 3  # evidence items kept per skill; the count of all is reported
    max_listed_items: int = 50  # experience, education, certification entries shown per assessment
    assessment_seconds: float = 30.0  # wall time of one assessment before it stops with `timeout`


DEFAULT_BUDGETS = Budgets()


class Deadline:
    """A point in time after which work stops with AssessmentTimeout; checked between stages."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._at = None if seconds is None else time.monotonic() + seconds

    def check(self, stage: str) -> None:
        """Raise AssessmentTimeout when the deadline has passed; ``stage`` names where it stopped."""
        if self._at is not None and time.monotonic() > self._at:
            raise AssessmentTimeout(
                f"The assessment took longer than {self.seconds:g} s and was stopped while {stage}; "
                "use a shorter resume (the text or PDF export of it).",
                details={"seconds": self.seconds, "stage": stage},
            )
