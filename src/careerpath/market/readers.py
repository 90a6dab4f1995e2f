"""Read postings files (CSV, gzipped or not, JSON Lines, Parquet) and map their columns.

Schemas are detected from the header:

- ``jobspy``: the JobSpy scraper output (title, company, location, date_posted, interval,
  min_amount, max_amount, currency, is_remote, description, job_url, site, ...).
- ``glassdoor``: the 2020 Glassdoor data-science scrape (Job Title, Salary Estimate, Job
  Description, Company Name, Location, ...).
- ``aijobs``: the aijobs.net salary survey (work_year, experience_level, job_title, salary,
  salary_currency, salary_in_usd, remote_ratio, company_location, ...).
- ``generic``: ``title`` (required) and any of ``company, location, remote, posted_on,
  description, url, salary`` (free text such as "$120K-$150K"), ``salary_min, salary_max,
  salary_currency, salary_period`` (hour/day/week/month/year), ``seniority``.

Each record comes out as a ``RawRecord``: its line number in the file (the line where a CSV
record starts, the JSON line, or the Parquet row) and a canonical dict (``CanonicalRecord``).

Hostile files (issue 16): compression is detected from the bytes (a plain CSV named ``.csv.gz``
reads as CSV); the text encoding is UTF-8 when the first MiB decodes as UTF-8, else cp1252 (or
``encoding=`` says which); a record that cannot be read (bad JSON, a JSON line nested 100,000 deep,
a 5,000-digit number, a field over ``MAX_FIELD_CHARS``) is a rejected row with its reason, never
the end of the file; a file that ends early or is corrupt part-way raises PostingFileDamaged
naming the file and the last complete record, after the records before it.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import math
import re
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from careerpath.errors import PostingFileDamaged, PostingInputError

# Limits on one record: a description may be long (a whole job ad), other fields are short.
MAX_FIELD_CHARS = 8 * 1024 * 1024  # one CSV field or one JSON line; past it the record is rejected
MAX_DESCRIPTION_CHARS = 1_000_000  # longer descriptions are cut (skills are read from the start)
MAX_SHORT_FIELD_CHARS = 2_000  # title, company, location, …: longer ones reject the record
_ENCODING_SAMPLE_BYTES = 1024 * 1024
# Exceptions of a file that ends early or is corrupt part-way (gzip, zlib, the OS).
_DAMAGED: tuple[type[Exception], ...] = (EOFError, OSError, zlib.error)

csv.field_size_limit(MAX_FIELD_CHARS)  # descriptions can exceed csv's 128 KiB default

CanonicalRecord = dict[str, Any]

_MISSING = {"", "-1", "nan", "NaN", "None", "null", "N/A", "n/a"}


class RowError(ValueError):
    """A record that cannot be turned into a posting; the message is the reason."""


@dataclass(frozen=True)
class RawRecord:
    """One record of a file: its 1-based line (or row) number and canonical fields, or an error."""

    line: int
    fields: CanonicalRecord | None
    error: str | None = None


SCHEMA_SIGNATURES: dict[str, set[str]] = {
    "glassdoor": {"job title", "salary estimate", "job description", "company name"},
    "aijobs": {"work_year", "experience_level", "job_title", "salary_in_usd"},
    "jobspy": {"title", "company", "location", "date_posted", "description", "job_url"},
    "generic": {"title"},
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    text = str(value).strip()
    return None if text in _MISSING else text


def _float(value: Any) -> float | None:
    text = _text(value)
    if text is None:
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError as exc:
        raise RowError(f"not a number: {_short(text)!r}") from exc
    if not math.isfinite(number):
        raise RowError(f"not a finite number: {_short(text)!r}")
    return number


def _short(text: str, limit: int = 60) -> str:
    """``text`` cut for a rejection reason (a 5,000-digit number is not repeated in full)."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in {"true", "yes", "1", "remote", "y", "t"}:
        return True
    if lowered in {"false", "no", "0", "onsite", "on-site", "n", "f"}:
        return False
    raise RowError(f"not a yes/no value: {text!r}")


def parse_date(value: Any) -> tuple[date | None, str | None]:
    """Returns a date and its precision ("day", "month", "year") from common date spellings."""
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = _text(value)
    if text is None:
        return None, None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # ISO dates, by far the most common
        try:
            return date.fromisoformat(text), "day"
        except ValueError:
            pass
    if re.fullmatch(r"\d{10}(\.\d+)?", text):  # unix seconds
        return datetime.utcfromtimestamp(float(text)).date(), "day"
    for fmt, precision in (
        ("%Y-%m-%d", "day"),
        ("%Y-%m", "month"),
        ("%Y", "year"),
        ("%m/%d/%Y", "day"),
        ("%d.%m.%Y", "day"),
        ("%B %Y", "month"),
        ("%b %Y", "month"),
    ):
        try:
            return datetime.strptime(text[:10] if precision == "day" and "-" in text else text, fmt).date(), precision
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date(), "day"
    except ValueError as exc:
        raise RowError(f"unreadable date: {text!r}") from exc


def _map_glassdoor(row: Mapping[str, Any]) -> CanonicalRecord:
    company = _text(row.get("Company Name"))
    if company and "\n" in company:  # the scrape appends the rating after a newline
        company = company.split("\n", 1)[0].strip()
    return {
        "title": _text(row.get("Job Title")),
        "company": company,
        "location": _text(row.get("Location")),
        "salary_text": _text(row.get("Salary Estimate")),
        "description": _text(row.get("Job Description")) or "",
    }


_AIJOBS_LEVELS = {"EN": "junior", "MI": "mid", "SE": "senior", "EX": "principal"}


def _map_aijobs(row: Mapping[str, Any]) -> CanonicalRecord:
    year = _text(row.get("work_year"))
    if year is None or not re.fullmatch(r"\d{4}", year.split(".")[0]):
        raise RowError(f"work_year is not a year: {row.get('work_year')!r}")
    level = _text(row.get("experience_level"))
    ratio = _float(row.get("remote_ratio"))
    return {
        "title": _text(row.get("job_title")),
        "seniority": _AIJOBS_LEVELS.get(level or ""),
        "location": _text(row.get("company_location")),
        "remote": None if ratio is None or ratio == 50 else ratio == 100,
        "posted_on": date(int(year.split(".")[0]), 1, 1),
        "posted_precision": "year",
        "salary_min": _float(row.get("salary")),
        "salary_max": _float(row.get("salary")),
        "salary_currency": _text(row.get("salary_currency")),
        "salary_period": "year",
        "salary_usd": _float(row.get("salary_in_usd")),
        "description": "",
    }


def _map_jobspy(row: Mapping[str, Any]) -> CanonicalRecord:
    posted, precision = parse_date(row.get("date_posted"))
    location = _text(row.get("location"))
    if location is None and any(_text(row.get(k)) for k in ("city", "state", "country")):
        location = ", ".join(t for k in ("city", "state", "country") if (t := _text(row.get(k))))
    return {
        "title": _text(row.get("title")),
        "company": _text(row.get("company")),
        "location": location,
        "remote": _bool(row.get("is_remote")),
        "posted_on": posted,
        "posted_precision": precision,
        "salary_min": _float(row.get("min_amount")),
        "salary_max": _float(row.get("max_amount")),
        "salary_currency": _text(row.get("currency")),
        "salary_period": _text(row.get("interval")),
        "description": _text(row.get("description")) or "",
        "url": _text(row.get("job_url")),
        "seniority_text": _text(row.get("job_level")),
    }


def _map_generic(row: Mapping[str, Any]) -> CanonicalRecord:
    posted, precision = parse_date(row.get("posted_on") or row.get("date"))
    return {
        "title": _text(row.get("title")),
        "company": _text(row.get("company")),
        "location": _text(row.get("location")),
        "remote": _bool(row.get("remote")),
        "posted_on": posted,
        "posted_precision": precision,
        "salary_text": _text(row.get("salary")),
        "salary_min": _float(row.get("salary_min")),
        "salary_max": _float(row.get("salary_max")),
        "salary_currency": _text(row.get("salary_currency")),
        "salary_period": _text(row.get("salary_period")),
        "seniority": _text(row.get("seniority")),
        "description": _text(row.get("description")) or "",
        "url": _text(row.get("url")),
    }


MAPPERS: dict[str, Callable[[Mapping[str, Any]], CanonicalRecord]] = {
    "glassdoor": _map_glassdoor,
    "aijobs": _map_aijobs,
    "jobspy": _map_jobspy,
    "generic": _map_generic,
}


def detect_schema(columns: list[str]) -> str:
    """Returns the schema name whose signature columns all appear in ``columns``."""
    lowered = {c.strip().lower() for c in columns}
    for name, signature in SCHEMA_SIGNATURES.items():
        if signature <= lowered:
            return name
    raise PostingInputError(
        f"Unrecognised postings columns {sorted(columns)[:12]}. Expected the JobSpy, Glassdoor or aijobs.net "
        "schema, or the generic one (a 'title' column plus optional company, location, remote, posted_on, "
        "description, salary...). See docs/market.md.",
        details={"columns": list(columns)},
    )


def detect_format(path: Path) -> str:
    """Returns "csv", "tsv", "jsonl" or "parquet" from the file name (``.gz`` allowed for text)."""
    name = path.name.lower().removesuffix(".gz")
    for suffix, fmt in (
        (".csv", "csv"),
        (".tsv", "tsv"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".json", "jsonl"),
        (".parquet", "parquet"),
        (".pq", "parquet"),
    ):
        if name.endswith(suffix):
            return fmt
    raise PostingInputError(
        f"Unsupported postings file {path.name!r}: use .csv, .tsv, .jsonl (optionally .gz) or .parquet.",
        details={"path": str(path)},
    )


def _open_binary(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """Returns (decompressed stream, raw file): gzip when the bytes say so, whatever the name."""
    raw = path.open("rb")
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw, mode="rb"), raw  # type: ignore[return-value]
    raw.seek(0)
    return raw, raw


def detect_encoding(path: Path) -> str:
    """Returns "utf-8" when the first MiB of the (decompressed) file decodes as UTF-8, else "cp1252"
    (or "latin-1" for bytes cp1252 leaves undefined): latin-1 CSVs were silently stored with U+FFFD."""
    binary, raw = _open_binary(path)
    sample = b""
    try:
        while len(sample) < _ENCODING_SAMPLE_BYTES and (chunk := binary.read(64 * 1024)):
            sample += chunk
    except _DAMAGED:
        pass  # a damaged file: the reader reports where, after the records before the damage
    finally:
        binary.close()
        raw.close()
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and len(sample) == _ENCODING_SAMPLE_BYTES:
            return "utf-8"  # the sample cut a multi-byte character
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _open_text(path: Path, encoding: str | None = None) -> tuple[IO[str], IO[bytes], Callable[[], float]]:
    """Returns a text handle and a function giving the fraction of the file's bytes read so far.

    ``encoding`` defaults to ``detect_encoding``; bytes it cannot decode past the sample become
    U+FFFD (the sample decides, so a latin-1 file is read as latin-1 throughout).
    """
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise PostingInputError(
                f"Unknown text encoding {encoding!r}; use a Python codec name such as utf-8, cp1252 or latin-1.",
                details={"encoding": encoding},
            ) from None
    chosen = encoding or detect_encoding(path)
    size = max(path.stat().st_size, 1)
    binary, raw = _open_binary(path)
    text = io.TextIOWrapper(binary, encoding=chosen, errors="replace", newline="")
    return text, raw, lambda: min(raw.tell() / size, 1.0) if not raw.closed else 1.0


def _damaged(path: Path, last_line: int, exc: BaseException) -> PostingFileDamaged:
    where = f"after line {last_line:,} (the last complete record)" if last_line else "before its first record"
    return PostingFileDamaged(
        f"Postings file {path.name!r} is truncated or damaged {where}: {str(exc).rstrip('.') or type(exc).__name__}. "
        "The records before that point are kept; fix or fetch the file again and re-run to read the rest.",
        details={"path": str(path), "last_good_line": last_line, "reason": str(exc) or type(exc).__name__},
    )


def _guarded(
    rows: Iterator[tuple[int, Mapping[str, Any]]], path: Path, damaged: tuple[type[BaseException], ...] = _DAMAGED
) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Passes ``rows`` on; a read error part-way becomes PostingFileDamaged naming the last good line."""
    last = 0
    try:
        for line, row in rows:
            last = line
            yield line, row
    except damaged as exc:
        raise _damaged(path, last, exc) from None


def _canonical_keys(row: Mapping[str, Any], schema: str) -> Mapping[str, Any]:
    if schema in {"jobspy", "generic"}:
        return {str(k).strip().lower(): v for k, v in row.items()}
    return row


def _records_from_rows(rows: Iterator[tuple[int, Mapping[str, Any]]], schema: str) -> Iterator[RawRecord]:
    mapper = MAPPERS[schema]
    for line, row in rows:
        try:
            fields = _bounded_fields(mapper(_canonical_keys(row, schema)))
        except RowError as exc:
            yield RawRecord(line, None, str(exc))
            continue
        except (ValueError, OverflowError, TypeError) as exc:  # a value of a type or size no mapper expects
            yield RawRecord(line, None, f"unreadable value: {_short(str(exc))}")
            continue
        if not fields.get("title"):
            yield RawRecord(line, None, "missing job title")
            continue
        yield RawRecord(line, fields)


def _bounded_fields(fields: CanonicalRecord) -> CanonicalRecord:
    """Returns ``fields`` without NUL characters, the description cut to MAX_DESCRIPTION_CHARS;
    raises RowError for another text field over MAX_SHORT_FIELD_CHARS (a 5 MB title took 29 s)."""
    for key, value in fields.items():
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            value = fields[key] = value.replace("\x00", "")
        if key == "description":
            fields[key] = value[:MAX_DESCRIPTION_CHARS]
        elif len(value) > MAX_SHORT_FIELD_CHARS:
            raise RowError(f"{key} is {len(value):,} characters, over the {MAX_SHORT_FIELD_CHARS:,}-character limit")
    return fields


def _csv_rows(handle: IO[str], delimiter: str) -> tuple[list[str], Iterator[tuple[int, Mapping[str, Any]]]]:
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return [], iter(())
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    width = len(header)

    def rows() -> Iterator[tuple[int, Mapping[str, Any]]]:
        start = reader.line_num + 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield start, {"__error__": f"malformed CSV: {exc}"}
                start = reader.line_num + 1
                continue
            line, start = start, reader.line_num + 1
            if not values:
                continue
            if len(values) != width:
                yield line, {"__error__": f"expected {width} fields, found {len(values)}"}
                continue
            yield line, dict(zip(header, values, strict=True))

    return header, rows()


def _jsonl_rows(handle: IO[str]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for number, line in enumerate(_bounded_lines(handle), start=1):
        if line is None:
            yield number, {"__error__": f"line longer than {MAX_FIELD_CHARS:,} characters"}
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, {"__error__": f"invalid JSON: {exc.msg}"}
            continue
        except (ValueError, RecursionError) as exc:  # a 5,000-digit number; nesting 100,000 deep
            reason = "nested too deeply" if isinstance(exc, RecursionError) else _short(str(exc))
            yield number, {"__error__": f"invalid JSON: {reason}"}
            continue
        if not isinstance(value, dict):
            yield number, {"__error__": "a JSON line must be an object"}
            continue
        yield number, value


def _bounded_lines(handle: IO[str]) -> Iterator[str | None]:
    """Yields the file's lines; None for a line over MAX_FIELD_CHARS, which is skipped unread."""
    while line := handle.readline(MAX_FIELD_CHARS):
        if len(line) < MAX_FIELD_CHARS or line.endswith("\n"):
            yield line
            continue
        while (rest := handle.readline(MAX_FIELD_CHARS)) and not rest.endswith("\n"):
            pass
        yield None


def _with_errors(rows: Iterator[tuple[int, Mapping[str, Any]]], schema: str) -> Iterator[RawRecord]:
    def clean() -> Iterator[tuple[int, Mapping[str, Any]]]:
        for line, row in rows:
            if "__error__" in row:
                pending.append(RawRecord(line, None, str(row["__error__"])))
                continue
            yield line, row

    pending: list[RawRecord] = []
    for record in _records_from_rows(clean(), schema):
        while pending:
            yield pending.pop(0)
        yield record
    yield from pending


def read_postings_file(
    path: Path, *, schema: str | None = None, with_progress: bool = False, encoding: str | None = None
) -> Any:
    """Returns the detected schema and an iterator over the file's records (streamed).

    With ``with_progress`` a third item is returned: a function giving the fraction read so far.
    ``encoding`` overrides the detected text encoding (``market ingest --encoding``).
    Raises ``PostingInputError`` for a missing file, an unsupported format or unknown columns, and
    ``PostingFileDamaged`` (while iterating) for a file that ends early or is corrupt part-way.
    """
    chosen, records, fraction = _read(path, schema, encoding)
    return (chosen, records, fraction) if with_progress else (chosen, records)


def _read(path: Path, schema: str | None, encoding: str | None) -> tuple[str, Iterator[RawRecord], Callable[[], float]]:
    if not path.is_file():
        raise PostingInputError(f"Postings file {str(path)!r} does not exist.", details={"path": str(path)})
    fmt = detect_format(path)
    if fmt == "parquet":
        parquet, damaged = _open_parquet(path)
        chosen = schema or detect_schema(parquet.schema_arrow.names)
        total = max(parquet.metadata.num_rows, 1)
        done = [0]

        def parquet_rows() -> Iterator[tuple[int, Mapping[str, Any]]]:
            for batch in parquet.iter_batches(batch_size=4096):
                for row in batch.to_pylist():
                    done[0] += 1
                    yield done[0], row

        rows = _guarded(parquet_rows(), path, damaged)
        return chosen, _records_from_rows(rows, chosen), lambda: done[0] / total
    handle, raw, fraction = _open_text(path, encoding)
    if fmt == "jsonl":
        with handle, raw:
            try:
                first = handle.readline(MAX_FIELD_CHARS)
            except _DAMAGED as exc:
                raise _damaged(path, 0, exc) from None
        try:
            columns = list(json.loads(first).keys()) if first.strip() else []
        except (ValueError, RecursionError, AttributeError) as exc:
            raise PostingInputError(f"{path.name}: the first line is not a JSON object.") from exc
        chosen = schema or detect_schema(columns)
        handle, raw, fraction = _open_text(path, encoding)
        rows = _guarded(_jsonl_rows(handle), path)
        return chosen, _closing(_with_errors(rows, chosen), handle, raw), fraction
    try:
        try:
            header, rows = _csv_rows(handle, "\t" if fmt == "tsv" else ",")
        except _DAMAGED as exc:
            raise _damaged(path, 0, exc) from None
        except csv.Error as exc:
            raise PostingInputError(f"{path.name}: the header line is not CSV ({exc}).") from None
        chosen = schema or detect_schema(header)
    except BaseException:
        handle.close()
        raw.close()
        raise
    return chosen, _closing(_with_errors(_guarded(rows, path), chosen), handle, raw), fraction


def _open_parquet(path: Path) -> tuple[Any, tuple[type[BaseException], ...]]:
    """Returns the ParquetFile and the exceptions that mean a damaged file while reading it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    damaged = (*_DAMAGED, ValueError, pa.ArrowException)  # ValueError: undecodable metadata
    try:
        return pq.ParquetFile(path), damaged
    except damaged as exc:
        raise _damaged(path, 0, exc) from None


def _closing(records: Iterator[RawRecord], handle: IO[str], raw: IO[bytes]) -> Iterator[RawRecord]:
    try:
        yield from records
    finally:
        handle.close()
        raw.close()


def read_raw_rows(path: Path) -> tuple[str, Iterator[tuple[int, Mapping[str, Any]]]]:
    """Returns a file's detected schema and its rows as read, before mapping (``market produce``
    publishes them so that a consumer maps them exactly as ``market ingest`` would). Rows the
    reader could not split carry ``{"__error__": reason}``."""
    fmt = detect_format(path)
    if not path.is_file():
        raise PostingInputError(f"Postings file {str(path)!r} does not exist.", details={"path": str(path)})
    if fmt == "parquet":
        parquet, damaged = _open_parquet(path)

        def parquet_rows() -> Iterator[tuple[int, Mapping[str, Any]]]:
            number = 0
            for batch in parquet.iter_batches(batch_size=4096):
                for row in batch.to_pylist():
                    number += 1
                    yield number, row

        return detect_schema(parquet.schema_arrow.names), _guarded(parquet_rows(), path, damaged)
    handle, raw, _ = _open_text(path)
    try:
        if fmt == "jsonl":
            first = next(_jsonl_rows(handle), (0, {}))[1]  # the first line decides, as for ingest
            schema = detect_schema([str(k) for k in first])
            handle.close()
            raw.close()
            handle, raw, _ = _open_text(path)
            rows = _jsonl_rows(handle)
        else:
            header, rows = _csv_rows(handle, "\t" if fmt == "tsv" else ",")
            schema = detect_schema(header)
    except BaseException:
        handle.close()
        raw.close()
        raise
    rows = _guarded(rows, path)

    def closing() -> Iterator[tuple[int, Mapping[str, Any]]]:
        try:
            yield from rows
        finally:
            handle.close()
            raw.close()

    return schema, closing()


def record_from_row(key: int, row: Mapping[str, Any]) -> tuple[str | None, RawRecord]:
    """Returns the schema and the record of one decoded row (e.g. a Kafka message), the schema
    detected from the row's own keys (``None`` with an error record when none fits)."""
    try:
        schema = detect_schema([str(k) for k in row])
    except PostingInputError:
        return None, RawRecord(key, None, f"unrecognised postings columns {sorted(str(k) for k in row)[:8]}")
    return schema, next(_records_from_rows(iter([(key, row)]), schema))


def map_row(schema: str, line: int, row: Mapping[str, Any]) -> RawRecord:
    """Returns the record of one row already split by another reader (Spark's CSV, JSON and
    Parquet readers on executors), mapped with ``schema``'s column mapping exactly as
    ``read_postings_file`` maps the rows it splits itself."""
    return next(_records_from_rows(iter([(line, row)]), schema))
