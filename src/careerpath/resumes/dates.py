"""Find employment date ranges ("Jan 2019 – Present", "2018-2020", "03/2017 - 06/2019") in text."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_DATE = (
    rf"(?:{_SEASON}\s+{_YEAR}|{_MONTH},?\s*'?{_YEAR}|(?:0?[1-9]|1[0-2])[/.]{_YEAR}"
    rf"|{_YEAR}-(?:0[1-9]|1[0-2])(?:-\d\d)?|{_YEAR})"
)
_OPEN_END = r"(?:present|current|currently|now|today|ongoing|till\s+date|to\s+date|date)"
_SEPARATOR = r"\s*(?:–|—|-|−|to|until|till|through|thru)\s*"
DATE_RANGE = re.compile(
    rf"(?<![\w/.-])(?P<start>{_DATE}){_SEPARATOR}(?P<end>{_DATE}|{_OPEN_END})(?![\w/-])", re.IGNORECASE
)


# A season alone ("Summer 2022") is a range of its own: an internship, a summer school.
SEASON_DATE = re.compile(rf"(?<![\w/.-]){_SEASON}\s+{_YEAR}(?![\w/-])", re.IGNORECASE)
# First and last month of each season (northern hemisphere, as most resumes mean it).
_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 2)}


@dataclass(frozen=True)
class DateRange:
    """A range found at ``text[span[0]:span[1]]``; ``end`` is None for an open ("Present") range."""

    start: date
    end: date | None
    span: tuple[int, int]


def _parse(value: str, *, is_end: bool) -> date | None:
    value = value.strip().lower().rstrip(".")
    season = re.fullmatch(rf"({_SEASON})\s+({_YEAR})", value)
    if season:
        first, last = _SEASON_MONTHS[season.group(1)]
        year = int(season.group(2))
        if not is_end:
            return date(year, first, 1)
        year += last < first  # winter ends in the next year
        return date(year, last, calendar.monthrange(year, last)[1])
    match = re.fullmatch(rf"({_MONTH}),?\s*'?({_YEAR})", value, re.IGNORECASE)
    if match:
        month = _MONTHS[match.group(1).rstrip(".")[:3]]
        year = int(match.group(2))
    elif match := re.fullmatch(r"(\d{1,2})[/.](\d{4})", value):
        month, year = int(match.group(1)), int(match.group(2))
    elif match := re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", value):
        year, month = int(match.group(1)), int(match.group(2))
    elif re.fullmatch(r"\d{4}", value):
        # A bare year counts from January, so "2018-2020" is two years, as most readers take it.
        return date(int(value), 1, 1)
    else:
        return None
    if is_end:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, 1)


def find_date_ranges(text: str, *, today: date) -> list[DateRange]:
    """Return the plausible date ranges in ``text`` (start not after end, nothing in the future)."""
    ranges = []
    for match in DATE_RANGE.finditer(text):
        start = _parse(match.group("start"), is_end=False)
        end_text = match.group("end")
        end = None if re.fullmatch(_OPEN_END, end_text, re.IGNORECASE) else _parse(end_text, is_end=True)
        if start is None or start > today:
            continue
        if end is not None:
            if end.year == start.year and end.month == 1 and re.fullmatch(r"\d{4}", end_text):
                end = date(end.year, 12, 31)  # "2019 – 2019": the whole year
            if end < start:
                continue
            end = min(end, today)
        ranges.append(DateRange(start, end, match.span()))
    taken = [r.span for r in ranges]
    for match in SEASON_DATE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        start = _parse(match.group(0), is_end=False)
        end = _parse(match.group(0), is_end=True)
        if start is None or end is None or start > today:
            continue
        ranges.append(DateRange(start, min(end, today), match.span()))
    ranges.sort(key=lambda r: r.span)
    return ranges
