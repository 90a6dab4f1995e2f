"""Hacker News "Ask HN: Who is hiring?" threads via the public HN Algolia API (no key needed).

Fetching is incremental by month: each month's postings are written to a JSON Lines file in a
cache folder and ingested through the normal pipeline, so a month already fetched and ingested
adds nothing; only the current (still open) month is fetched again.

Plain ``urllib``, not ``httpx``: a few sequential GETs per month need no pooling, HTTP/2 or async,
and ``httpx`` is not in the core install (only ``[dev]``), which ``fetch-hn`` must work from.
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from careerpath.errors import BackendError, InputError
from careerpath.market.ingest import IngestSummary, ingest_files
from careerpath.market.parsing import PostingParser
from careerpath.market.postings import PostingStore

DEFAULT_BASE_URL = "https://hn.algolia.com/api/v1"
TIMEOUT_S = 30
_TITLE_WORDS = re.compile(
    r"engineer|scientist|developer|analyst|researcher|architect|manager|lead|designer|sre|devops|"
    r"ml|ai|data|programmer|head of|cto|intern",
    re.IGNORECASE,
)
_MONEY = re.compile(r"[$€£]\s?\d|\d+\s?[kK]\b.*(?:USD|EUR|GBP)")


def _get_json(url: str) -> Any:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            return json.load(response)
    except (OSError, json.JSONDecodeError) as exc:
        raise BackendError(f"HN API request {url} failed: {exc}. Check the network or --base-url.") from exc


def _months(since: str, until: str) -> list[date]:
    try:
        start = datetime.strptime(since, "%Y-%m").date()
        end = datetime.strptime(until, "%Y-%m").date()
    except ValueError as exc:
        raise InputError(f"Months must look like 2024-03; got {since!r} / {until!r}.") from exc
    if end < start:
        raise InputError(f"--until {until} is before --since {since}.")
    months = []
    current = start
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def find_thread(base_url: str, month: date) -> dict[str, Any] | None:
    """Returns the search hit of the month's "Who is hiring?" story, or None."""
    start = int(datetime(month.year, month.month, 1, tzinfo=timezone.utc).timestamp())
    nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    end = int(datetime(nxt.year, nxt.month, 1, tzinfo=timezone.utc).timestamp())
    query = urllib.parse.urlencode(
        {
            "tags": "story,author_whoishiring",
            "query": "who is hiring",
            "numericFilters": f"created_at_i>={start},created_at_i<{end}",
        }
    )
    hits = _get_json(f"{base_url.rstrip('/')}/search_by_date?{query}").get("hits", [])
    for hit in hits:
        if "who is hiring" in str(hit.get("title", "")).lower():
            return dict(hit)
    return None


def comment_text(raw_html: str) -> str:
    """Returns plain text of an HN comment (paragraphs as new lines, links as their text)."""
    text = re.sub(r"<p>", "\n", raw_html or "")
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text).strip()


def comment_to_record(comment: dict[str, Any]) -> dict[str, Any] | None:
    """Returns a generic-schema record for a top-level job comment, or None for a deleted one."""
    text = comment_text(str(comment.get("text") or ""))
    if not text:
        return None
    header = text.split("\n", 1)[0]
    parts = [p.strip() for p in re.split(r"\s[|•·]\s|\s[-–]\s", header) if p.strip()]
    company = parts[0] if parts else None
    title = next((p for p in parts[1:] if _TITLE_WORDS.search(p) and not _MONEY.search(p)), None)
    salary = next((p for p in parts if _MONEY.search(p)), None)
    location = next((p for p in parts[1:] if p != title and p != salary and not _TITLE_WORDS.search(p)), None)
    created = comment.get("created_at") or ""
    return {
        "id": comment.get("id"),
        "title": title or header[:120],
        "company": company,
        "location": location,
        "remote": bool(re.search(r"\bremote\b", header, re.IGNORECASE)),
        "posted_on": str(created)[:10] or None,
        "salary": salary,
        "description": text,
        "url": f"https://news.ycombinator.com/item?id={comment.get('id')}",
    }


def fetch_month(base_url: str, month: date) -> Iterator[dict[str, Any]]:
    """Yields generic records for the job comments of one month's thread (none if no thread)."""
    thread = find_thread(base_url, month)
    if thread is None:
        return
    item = _get_json(f"{base_url.rstrip('/')}/items/{thread['objectID']}")
    for child in item.get("children", []):
        record = comment_to_record(child)
        if record is not None:
            yield record


def fetch_hn_months(
    store: PostingStore,
    since: str,
    until: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    cache_dir: Path,
    parser: PostingParser | None = None,
    today: date | None = None,
) -> IngestSummary:
    """Fetches each month from ``since`` to ``until`` (YYYY-MM) not fetched before, and ingests it."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    today = today or datetime.now(timezone.utc).date()
    files: list[Path] = []
    for month in _months(since, until):
        path = cache_dir / f"hn_{month:%Y-%m}.jsonl"
        still_open = (month.year, month.month) == (today.year, today.month)
        if not path.exists() or still_open:
            records = list(fetch_month(base_url, month))
            tmp = path.with_suffix(".tmp")
            with tmp.open("w", encoding="utf-8") as handle:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            tmp.replace(path)
        if path.stat().st_size:
            files.append(path)
    return ingest_files(files, store, parser=parser, source="hn_whoishiring")
