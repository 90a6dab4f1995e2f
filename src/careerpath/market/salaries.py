"""Salary parsing: ranges and single figures from fields or free text, annualised, currency kept.

Examples (all annualised with 2080 h, 260 days, 52 weeks or 12 months a year)::

    parse_salary("$53K-$91K (Glassdoor est.)")  # 53000-91000 USD/year, estimated_by="glassdoor"
    parse_salary("Employer Provided Salary:$25-$35 Per Hour")  # 52000-72800 USD/year
    parse_salary("€4,000 - €5,000 per month")  # 48000-60000 EUR/year
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOURS_PER_YEAR = 2080  # 40 h x 52 weeks, the usual US convention
PERIOD_FACTORS: dict[str, float] = {"hour": HOURS_PER_YEAR, "day": 260, "week": 52, "month": 12, "year": 1}

# Plausible annual pay in any currency unit we keep; outside it a figure is not a salary.
MIN_YEARLY = 5_000
MAX_YEARLY = 5_000_000

_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "S$": "SGD",
}
_CODES = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "CHF",
    "INR",
    "SGD",
    "JPY",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "NZD",
    "BRL",
    "MXN",
    "ZAR",
    "HKD",
    "ILS",
)
_PERIOD_WORDS = {
    "hour": "hour",
    "hr": "hour",
    "hourly": "hour",
    "h": "hour",
    "day": "day",
    "daily": "day",
    "week": "week",
    "wk": "week",
    "weekly": "week",
    "month": "month",
    "mo": "month",
    "monthly": "month",
    "year": "year",
    "yr": "year",
    "annum": "year",
    "annual": "year",
    "annually": "year",
    "yearly": "year",
    "pa": "year",
    "annualized": "year",
}
_INTERVALS = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}

_CUR = r"(?:US\$|CA\$|AU\$|C\$|A\$|S\$|[$€£¥₹])"
_CODE = r"(?:" + "|".join(_CODES) + r")"
_A1 = (
    rf"(?P<cur1>{_CUR})?\s*(?P<code1>{_CODE})?\s*"
    r"(?P<num1>\d{1,3}(?:[,.]\d{3})+|\d+(?:\.\d+)?)\s?(?P<mult1>[kKmM](?![a-zA-Z]))?(?![\d])"
)
_A2 = _A1.replace("1>", "2>")
_RANGE_RE = re.compile(
    rf"{_A1}\s*(?:-|–|—|to|and)\s*{_A2}"
    r"(?P<tailcode>\s*(?:" + _CODE + r"))?"
    r"(?P<period>\s*(?:/|per|an|a|an?\s+)?\s*(?:hour|hr|day|week|wk|month|mo|year|yr|annum|annually|yearly|"
    r"monthly|weekly|hourly|daily|pa|p\.a\.)\b)?",
    re.IGNORECASE,
)
_SINGLE_RE = re.compile(
    rf"{_A1}(?P<tailcode>\s*(?:" + _CODE + r"))?"
    r"(?P<period>\s*(?:/|per|an|a|an?\s+)?\s*(?:hour|hr|day|week|wk|month|mo|year|yr|annum|annually|yearly|"
    r"monthly|weekly|hourly|daily|pa|p\.a\.)\b)?",
    re.IGNORECASE,
)
_CONTEXT_RE = re.compile(
    r"salary|compensation|pay\b|pay range|base pay|wage|per hour|/hr|/hour|/yr|annually|per year|per annum|"
    r"\bote\b|total comp|\brate\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParsedSalary:
    """A salary in ``currency`` per ``period``; ``*_yearly`` annualised. ``estimated_by`` flags estimates."""

    min_amount: float
    max_amount: float
    currency: str | None
    period: str
    estimated_by: str | None = None

    @property
    def min_yearly(self) -> float:
        return self.min_amount * PERIOD_FACTORS[self.period]

    @property
    def max_yearly(self) -> float:
        return self.max_amount * PERIOD_FACTORS[self.period]

    @property
    def usd_yearly(self) -> float | None:
        """Returns the annual midpoint if the figure is in US dollars, else ``None``."""
        return (self.min_yearly + self.max_yearly) / 2 if self.currency == "USD" else None


def _number(num: str, mult: str | None) -> float:
    text = num
    # "120,000" / "120.000" are thousands separators; "12.5" is a decimal.
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", text):
        value = float(re.sub(r"[,.]", "", text))
    else:
        value = float(text.replace(",", ""))
    if mult:
        value *= 1_000 if mult.lower() == "k" else 1_000_000
    return value


def _currency(match: re.Match[str]) -> str | None:
    for group in ("code1", "code2", "tailcode"):
        code = (match.groupdict().get(group) or "").strip().upper()
        if code:
            return code
    for group in ("cur1", "cur2"):
        sym = match.groupdict().get(group)
        if sym:
            return _SYMBOLS.get(sym.upper(), _SYMBOLS.get(sym))
    return None


def _period(text: str, match: re.Match[str]) -> str | None:
    raw = match.group("period")
    if raw:
        word = re.sub(r"^(?:/|per|an?\b)\s*", "", raw.strip().lower()).replace(".", "")
        return _PERIOD_WORDS.get(word)
    tail = text[match.end() : match.end() + 20].lower()
    if "per hour" in tail or "hourly" in tail or "/hr" in tail:
        return "hour"
    if "per month" in tail or "monthly" in tail:
        return "month"
    return None


def _guess_period(low: float, high: float) -> str:
    # No unit given: small figures are hourly rates, large ones annual pay.
    if high < 300:
        return "hour"
    if high < 20_000 and low >= 1_000:
        return "month"
    return "year"


def _estimated_by(text: str) -> str | None:
    lowered = text.lower()
    if "glassdoor est" in lowered:
        return "glassdoor"
    if "employer est" in lowered:
        return "employer"
    return None


def _from_match(text: str, match: re.Match[str], *, is_range: bool) -> ParsedSalary | None:
    low = _number(match.group("num1"), match.group("mult1"))
    high = _number(match.group("num2"), match.group("mult2")) if is_range else low
    if is_range and match.group("mult2") and not match.group("mult1") and low < 1_000:
        low *= 1_000 if match.group("mult2").lower() == "k" else 1_000_000  # "120-150K"
    if high < low:
        low, high = high, low
    has_multiplier = bool(match.group("mult1") or (is_range and match.group("mult2")))
    # "$15K-$16K" with no unit is annual: only bare figures are guessed from their size.
    period = _period(text, match) or ("year" if has_multiplier else _guess_period(low, high))
    salary = ParsedSalary(low, high, _currency(match), period, _estimated_by(text))
    if not (salary.min_yearly >= MIN_YEARLY and salary.max_yearly <= MAX_YEARLY):
        return None
    return salary


def parse_salary(text: str | None, *, default_currency: str | None = None) -> ParsedSalary | None:
    """Returns the salary stated in a salary field such as ``"$53K-$91K (Glassdoor est.)"``, or None.

    Missing markers ("-1", "", "N/A") and implausible figures give ``None``.
    """
    if not text:
        return None
    cleaned = text.strip()
    if cleaned in {"-1", "N/A", "n/a", "None", "nan", "-"}:
        return None
    for pattern, is_range in ((_RANGE_RE, True), (_SINGLE_RE, False)):
        for match in pattern.finditer(cleaned):
            salary = _from_match(cleaned, match, is_range=is_range)
            if salary is not None:
                if salary.currency is None and default_currency:
                    salary = ParsedSalary(
                        salary.min_amount, salary.max_amount, default_currency, salary.period, salary.estimated_by
                    )
                return salary
    return None


_CURRENCY_CHARS = "$€£¥₹"
_LOWER_CODES = tuple(code.lower() for code in _CODES)
# Characters that re.IGNORECASE matches to a code letter but ``str.lower`` does not map to it.
_CASE_ODD_CHARS = "ſıİ"


def _has_code_by_number(text: str) -> bool:
    """Returns True when a currency code stands next to a number ("USD 120", "120k usd").

    Errs on the side of True: characters that change under case folding give True.
    """
    if any(char in text for char in _CASE_ODD_CHARS):
        return True
    lowered = text.lower()
    size = len(lowered)
    for code in _LOWER_CODES:
        at = lowered.find(code)
        while at >= 0:
            after = at + len(code)
            while after < size and lowered[after].isspace():
                after += 1
            if after < size and lowered[after].isdigit():
                return True
            before = at - 1
            while before >= 0 and lowered[before].isspace():
                before -= 1
            if before >= 0 and lowered[before] in "km":
                before -= 1
                while before >= 0 and lowered[before].isspace():
                    before -= 1
            if before >= 0 and lowered[before].isdigit():
                return True
            at = lowered.find(code, at + 1)
    return False


def _may_state_salary(text: str) -> bool:
    """Returns False when ``text`` has no currency next to a number, or no pay word, so it cannot
    state a salary. A cheap pre-check for ``find_salary_in_text``, whose pattern is slow on long texts.
    """
    if not any(char in text for char in _CURRENCY_CHARS) and not _has_code_by_number(text):
        return False
    return _CONTEXT_RE.search(text) is not None


def find_salary_in_text(text: str) -> ParsedSalary | None:
    """Returns a salary mentioned in a posting's text, or None.

    Stricter than ``parse_salary``: the figure must carry a currency and sit near a pay word
    ("salary", "compensation", "per hour", ...), so revenue or headcount figures are not taken.
    """
    if not _may_state_salary(text):
        return None
    for match in _RANGE_RE.finditer(text):
        if not (match.group("cur1") or match.group("code1") or match.group("tailcode") or match.group("cur2")):
            continue
        if re.match(r"\s*(?:million|billion|bn\b|mm\b)", text[match.end() : match.end() + 12], re.IGNORECASE):
            continue
        window = text[max(0, match.start() - 80) : match.end() + 40]
        if not _CONTEXT_RE.search(window):
            continue
        salary = _from_match(text, match, is_range=True)
        if salary is not None:
            return ParsedSalary(salary.min_amount, salary.max_amount, salary.currency, salary.period, None)
    return None


def salary_from_fields(
    min_amount: float | None,
    max_amount: float | None,
    currency: str | None,
    interval: str | None,
    *,
    estimated_by: str | None = None,
) -> ParsedSalary | None:
    """Returns a salary from separate min/max/currency/interval fields (JobSpy, surveys), or None."""
    if min_amount is None and max_amount is None:
        return None
    low = float(min_amount if min_amount is not None else max_amount)  # type: ignore[arg-type]
    high = float(max_amount if max_amount is not None else min_amount)  # type: ignore[arg-type]
    if high < low:
        low, high = high, low
    period = _INTERVALS.get((interval or "").strip().lower()) or _guess_period(low, high)
    salary = ParsedSalary(low, high, (currency or "").strip().upper() or None, period, estimated_by)
    if not (salary.min_yearly >= MIN_YEARLY and salary.max_yearly <= MAX_YEARLY):
        return None
    return salary
