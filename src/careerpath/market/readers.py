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
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from careerpath.errors import PostingInputError

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # descriptions can exceed csv's 128 KiB default

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
        return float(text.replace(",", ""))
    except ValueError as exc:
        raise RowError(f"not a number: {text!r}") from exc


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


def _open_text(path: Path) -> tuple[IO[str], IO[bytes], Callable[[], float]]:
    """Returns a text handle and a function giving the fraction of the file's bytes read so far."""
    raw = path.open("rb")
    size = max(path.stat().st_size, 1)
    binary: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if path.name.lower().endswith(".gz") else raw  # type: ignore[assignment]
    text = io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="")
    return text, raw, lambda: min(raw.tell() / size, 1.0) if not raw.closed else 1.0


def _canonical_keys(row: Mapping[str, Any], schema: str) -> Mapping[str, Any]:
    if schema in {"jobspy", "generic"}:
        return {str(k).strip().lower(): v for k, v in row.items()}
    return row


def _records_from_rows(rows: Iterator[tuple[int, Mapping[str, Any]]], schema: str) -> Iterator[RawRecord]:
    mapper = MAPPERS[schema]
    for line, row in rows:
        try:
            fields = mapper(_canonical_keys(row, schema))
        except RowError as exc:
            yield RawRecord(line, None, str(exc))
            continue
        if not fields.get("title"):
            yield RawRecord(line, None, "missing job title")
            continue
        yield RawRecord(line, fields)


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
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, {"__error__": f"invalid JSON: {exc.msg}"}
            continue
        if not isinstance(value, dict):
            yield number, {"__error__": "a JSON line must be an object"}
            continue
        yield number, value


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


def read_postings_file(path: Path, *, schema: str | None = None, with_progress: bool = False) -> Any:
    """Returns the detected schema and an iterator over the file's records (streamed).

    With ``with_progress`` a third item is returned: a function giving the fraction read so far.
    Raises ``PostingInputError`` for a missing file, an unsupported format or unknown columns.
    """
    chosen, records, fraction = _read(path, schema)
    return (chosen, records, fraction) if with_progress else (chosen, records)


def _read(path: Path, schema: str | None) -> tuple[str, Iterator[RawRecord], Callable[[], float]]:
    if not path.is_file():
        raise PostingInputError(f"Postings file {str(path)!r} does not exist.", details={"path": str(path)})
    fmt = detect_format(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        chosen = schema or detect_schema(parquet.schema_arrow.names)
        total = max(parquet.metadata.num_rows, 1)
        done = [0]

        def parquet_rows() -> Iterator[tuple[int, Mapping[str, Any]]]:
            for batch in parquet.iter_batches(batch_size=4096):
                for row in batch.to_pylist():
                    done[0] += 1
                    yield done[0], row

        return chosen, _records_from_rows(parquet_rows(), chosen), lambda: done[0] / total
    handle, raw, fraction = _open_text(path)
    if fmt == "jsonl":
        with handle, raw:
            first = handle.readline()
        try:
            columns = list(json.loads(first).keys()) if first.strip() else []
        except (json.JSONDecodeError, AttributeError) as exc:
            raise PostingInputError(f"{path.name}: the first line is not a JSON object.") from exc
        chosen = schema or detect_schema(columns)
        handle, raw, fraction = _open_text(path)
        return chosen, _closing(_with_errors(_jsonl_rows(handle), chosen), handle, raw), fraction
    try:
        header, rows = _csv_rows(handle, "\t" if fmt == "tsv" else ",")
        chosen = schema or detect_schema(header)
    except BaseException:
        handle.close()
        raw.close()
        raise
    return chosen, _closing(_with_errors(rows, chosen), handle, raw), fraction


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
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)

        def parquet_rows() -> Iterator[tuple[int, Mapping[str, Any]]]:
            number = 0
            for batch in parquet.iter_batches(batch_size=4096):
                for row in batch.to_pylist():
                    number += 1
                    yield number, row

        return detect_schema(parquet.schema_arrow.names), parquet_rows()
    schema, _ = read_postings_file(path)  # detects the schema (and checks the header) the usual way
    handle, raw, _ = _open_text(path)
    rows = _jsonl_rows(handle) if fmt == "jsonl" else _csv_rows(handle, "\t" if fmt == "tsv" else ",")[1]

    def closing() -> Iterator[tuple[int, Mapping[str, Any]]]:
        try:
            yield from rows
        finally:
            handle.close()
            raw.close()

    return schema, closing()


def record_from_row(key: int, row: Mapping[str, Any]) -> RawRecord:
    """Returns the record of one decoded row (e.g. a Kafka message), its schema detected from its keys."""
    try:
        schema = detect_schema([str(k) for k in row])
    except PostingInputError:
        return RawRecord(key, None, f"unrecognised postings columns {sorted(str(k) for k in row)[:8]}")
    return next(_records_from_rows(iter([(key, row)]), schema))
