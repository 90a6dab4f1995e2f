"""The exceptions careerpath raises on purpose.

::

    CareerpathError                  # everything we raise on purpose; .code is stable
    ├── InputError                   # the caller can fix it (CLI exit code 2, HTTP 4xx)
    │   ├── ResumeParseError         # unreadable, empty, too large or unsupported file
    │   ├── AssessmentTimeout        # the input took longer than the time budget (code "timeout")
    │   ├── UnknownRoleError         # carries .suggestions
    │   ├── UnknownSkillError        # carries .suggestions
    │   ├── PostingInputError        # a postings file with a wrong schema
    │   │   └── PostingFileDamaged   # truncated or corrupt part-way; the good prefix is kept
    │   ├── SettingsError            # a CAREERPATH_* setting with a bad value
    │   ├── StoreBusy                # another process has the DuckDB store open; try again (HTTP 503)
    │   └── PostingUnreadableError   # one posting (fit) that is empty, binary or missing
    ├── DataError                    # bundled or user data is broken
    │   └── TaxonomyError
    ├── BackendError                 # storage problems
    │   └── BackendUnavailable       # an optional extra is not installed
    └── ServerBusy                   # the server's queue is full; retry later (HTTP 503)

Messages name the offending value and say what to do next; clients match on ``code``.
"""

from __future__ import annotations

from collections.abc import Sequence


class CareerpathError(Exception):
    """Base class; ``code`` is a stable machine-readable identifier."""

    code = "careerpath_error"

    def __init__(self, message: str, *, details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class InputError(CareerpathError):
    code = "invalid_input"


class ResumeParseError(InputError):
    code = "resume_unreadable"

    def __init__(self, message: str, *, code: str | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        if code:
            self.code = code


class AssessmentTimeout(InputError):
    """One input cost more time than ``Budgets.assessment_seconds`` allows."""

    code = "timeout"


class _UnknownNameError(InputError):
    kind = "name"
    list_command = ""

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" Did you mean {', '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"Unknown {self.kind} {name!r}.{hint} Run `{self.list_command}` to list them.",
            details={"name": name, "suggestions": self.suggestions},
        )


class UnknownRoleError(_UnknownNameError):
    code = "unknown_role"
    kind = "role"
    list_command = "careerpath roles"


class UnknownSkillError(_UnknownNameError):
    code = "unknown_skill"
    kind = "skill"
    list_command = "careerpath skills"


class PostingInputError(InputError):
    code = "invalid_postings"


class SettingsError(InputError):
    code = "invalid_setting"


class PostingUnreadableError(InputError):
    """A single posting (``careerpath fit``, ``POST /fit``) that is missing, empty, binary or too large."""

    code = "posting_unreadable"


class PostingFileDamaged(PostingInputError):
    """A postings file that ends early or is corrupt part-way (a truncated .gz or Parquet file);
    ``details`` name the file and the last complete record read."""

    code = "postings_file_damaged"


class StoreBusy(InputError):
    """Another process (typically a running ``market ingest``) holds the DuckDB store's lock: DuckDB lets
    one process at a time open a file for writing, and none read it meanwhile. Not a bug: try again."""

    code = "store_busy"


class DataError(CareerpathError):
    code = "data_error"


class TaxonomyError(DataError):
    code = "invalid_taxonomy"


class BackendError(CareerpathError):
    code = "backend_error"


class BackendUnavailable(BackendError):
    code = "backend_unavailable"


class ServerBusy(CareerpathError):
    """The server's worker queue is full; ``details["retry_after"]`` says when to retry."""

    code = "server_busy"


class CareerpathWarning(UserWarning):
    """Degraded but usable results, e.g. a resume with no recognisable skills."""


class AccountError(InputError):
    """A refused account request: ``code`` says which (unauthenticated, forbidden, csrf_failed,
    email_taken, weak_password, record_not_found, rate_limited); the server maps each to its status."""

    code = "account_error"

    def __init__(self, message: str, *, code: str | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        if code:
            self.code = code
