"""Job title normalisation: a raw title such as "Sr. ML Engineer II" → a careerpath role and seniority.

Lexical and deterministic: lower-case, expand a few abbreviations, strip seniority words, then
take the longest role title alias that occurs in the title as whole words; a fuzzy match
(rapidfuzz) is the fallback for typos and word-order variants.

Rules around the aliases (measured on 320 labelled real titles, docs/evaluation.md): sales and
project titles name no role; a manager, director or head of a data-science / ML / AI team is the
engineering manager; a product manager of data or AI is the AI product manager; an alias whose
seniority words carry its meaning ("Head of Machine Learning") only matches with them; a bare
"Scientist" or "Engineer" is no role; analyst, developer and data-infrastructure titles without
an alias fall back to data analyst, software engineer and data engineer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from rapidfuzz import fuzz, process

SENIORITY_ORDER = ("intern", "junior", "mid", "senior", "lead", "principal")
DEFAULT_SENIORITY = "mid"
FUZZY_CUTOFF = 88.0  # WRatio score below which a fuzzy alias match is not trusted

# Seniority words, tried in order; the first that occurs decides. Patterns run on the lower-cased title.
_SENIORITY_PATTERNS: tuple[tuple[str, str], ...] = (
    ("intern", r"\b(?:intern|internship|co-?op|trainee|working student)\b"),
    ("principal", r"\b(?:principal|distinguished|chief|head of|director|vp|vice president|fellow)\b"),
    ("lead", r"\b(?:lead|staff|tech lead)\b"),
    ("senior", r"\b(?:senior|sr\.?|snr)(?=\s|$|[^a-z])"),
    ("junior", r"\b(?:junior|jr\.?|entry[- ]level|graduate|new grad|associate)(?=\s|$|[^a-z])"),
)
# Roman or Arabic level suffixes ("Engineer II", "Data Engineer 4").
_LEVELS = {
    "i": "junior",
    "1": "junior",
    "ii": "mid",
    "2": "mid",
    "iii": "senior",
    "3": "senior",
    "iv": "lead",
    "4": "lead",
    "v": "lead",
    "5": "lead",
}
_LEVEL_RE = re.compile(r"\b(i{1,3}|iv|v|[1-5])\b(?!\.\d)")
_STRIP_RE = re.compile(
    r"\b(?:intern|internship|co-?op|trainee|principal|distinguished|chief|head of|director of|director|"
    r"vp of|vp|vice president of|vice president|fellow|lead|staff|senior|sr|snr|junior|jr|entry[- ]level|"
    r"graduate|new grad|associate|i{1,3}|iv|v|[1-5])\b"
)
_ABBREVIATIONS = (
    (r"\bml\b", "machine learning"),
    (r"\bai\b", "artificial intelligence"),
    (r"\bnlp\b", "natural language processing"),
    (r"\bcv\b", "computer vision"),
    (r"\bdl\b", "deep learning"),
    (r"\bbi\b", "business intelligence"),
    (r"\bmlops\b", "machine learning operations"),
    (r"\beng\b", "engineer"),
    (r"\bengr\b", "engineer"),
    (r"\bdev\b", "developer"),
    (r"\bmgr\b", "manager"),
    (r"\bscientists\b", "scientist"),
    (r"\bengineers\b", "engineer"),
)


# Words that make a title a job: an alias stripped of seniority words must keep one to stand alone
# ("Head of Machine Learning" stripped to "machine learning" is a field, not a job).
_JOB_NOUN = re.compile(
    r"\b(?:engineer|scientist|analyst|developer|manager|researcher|architect|specialist|consultant|"
    r"lead|officer|director|designer|programmer|administrator|owner|auditor|counsel|strategist|"
    r"head|expert|practitioner|advisor|statistician|modeler|modeller)s?\b"
)
_DATA_TEAM = r"(?:data scien\w*|machine learning|artificial intelligence|deep learning)"
# (pattern on the cleaned title, role id or None), tried before the aliases, first match wins.
_BEFORE_ALIASES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (
        re.compile(
            r"\b(?:account exec\w*|account manager|business development|recruiter"
            r"|sales (?:representative|rep|executive|manager|director|associate|development))\b"
        ),
        None,
    ),
    (re.compile(r"\b(?:project|program|programme) manager\b"), None),
    (re.compile(rf"\bproduct (?:manager|owner|lead)\b.*\b(?:data|analytics|{_DATA_TEAM})\b"), "ai_product_manager"),
    (re.compile(rf"\b(?:data|analytics|{_DATA_TEAM})\b.*\bproduct (?:manager|owner|lead)\b"), "ai_product_manager"),
    (re.compile(rf"\b(?:manager|director|head of|vp|vice president)\b.*\b{_DATA_TEAM}\b"), "ai_engineering_manager"),
    (re.compile(rf"\b{_DATA_TEAM}\b.*\b(?:manager|director)\b"), "ai_engineering_manager"),
)
# Tried when no alias matched, before the fuzzy fallback.
_AFTER_ALIASES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"^(?:scientist|engineer|analyst|architect|researcher|research associate|lead engineer)$"), None),
    (re.compile(r"\bdata science\b"), "data_scientist"),
    (re.compile(r"\bmachine learning\b.*\b(?:engineer|lead)\b"), "ml_engineer"),
    (re.compile(r"\bartificial intelligence\b.*\blead\b"), "ml_engineer"),
    (re.compile(r"\bdata visuali[sz]ation (?:developer|engineer)\b"), "data_analyst"),
    (
        re.compile(
            r"\b(?:database|data quality|data integration|etl|data pipeline|data warehouse)\b"
            r".*\b(?:engineer|developer|specialist|architect)\b"
        ),
        "data_engineer",
    ),
    (
        re.compile(
            r"\b(?:data|analytics|reporting|business intelligence|insights?)\b"
            r".*\b(?:analyst|consultant|associate|professional|lead|developer|group)\b"
        ),
        "data_analyst",
    ),
    (re.compile(r"\banalytics\b.*\banalyst\b|\banalyst\b.*\banalytics\b"), "data_analyst"),
    # A developer or programmer is a software engineer, unless another trade is named ("Food Scientist - Developer").
    (
        re.compile(r"^(?!.*\b(?:scientist|chemist|food|formulation|recipe)\b).*\b(?:developer|programmer)\b"),
        "software_engineer",
    ),
)


class RoleLike(Protocol):
    id: str
    name: str
    title_aliases: list[str]


@dataclass(frozen=True)
class TitleMatch:
    """The role a title names (``role_id`` None if none), its seniority, and a score in [0, 1].

    ``undecided`` is True when no rule, alias or fuzzy match spoke (as opposed to a rule that says
    "no role", such as sales titles): only those titles go to the encoder tier (linking.title_roles).
    """

    role_id: str | None
    seniority: str
    score: float
    matched_alias: str | None
    undecided: bool = False


def _clean(title: str) -> str:
    text = title.lower()
    text = re.sub(r"[(\[].*?[)\]]", " ", text)  # "(Remote)", "[Contract]"
    text = re.sub(r"[/,|–—:;_+&]|(?<!\w)-|-(?!\w)", " ", text)
    text = text.replace("sr.", "senior ").replace("jr.", "junior ")
    for pattern, replacement in _ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\s+", " ", text).strip()


def detect_seniority(title: str) -> str:
    """Returns the seniority a title states ("intern" … "principal"), "mid" when it states none."""
    text = title.lower()
    for level, pattern in _SENIORITY_PATTERNS:
        if re.search(pattern, text):
            return level
    tail = re.sub(r"[(\[].*?[)\]]", " ", text)
    match = _LEVEL_RE.search(tail.replace("-", " "))
    if match and match.start() > 0:
        return _LEVELS[match.group(1)]
    return DEFAULT_SENIORITY


class TitleNormalizer:
    """Maps titles to roles; build once per role catalogue and reuse (it indexes the aliases)."""

    def __init__(self, roles: Iterable[RoleLike]) -> None:
        self._alias_to_role: dict[str, str] = {}
        self._alias_text: dict[str, str] = {}
        self._whole: list[tuple[re.Pattern[str], str, str]] = []  # aliases matched with their seniority words
        for role in roles:
            for alias in (role.name, *role.title_aliases):
                key = _STRIP_RE.sub(" ", _clean(alias))
                key = re.sub(r"\s+", " ", key).strip()
                if key and not _JOB_NOUN.search(key):
                    whole = _clean(alias)
                    self._whole.append((re.compile(rf"(?<!\w){re.escape(whole)}(?!\w)"), role.id, alias))
                    continue
                if key and key not in self._alias_to_role:
                    self._alias_to_role[key] = role.id
                    self._alias_text[key] = alias
        # Longest first, so "machine learning engineer" wins over "engineer".
        self._aliases = sorted(self._alias_to_role, key=len, reverse=True)
        self._patterns = [(alias, re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)")) for alias in self._aliases]

    def normalize(self, title: str) -> TitleMatch:
        """Returns the role and seniority of ``title``."""
        return self._normalize_cached(title)

    @lru_cache(maxsize=65536)  # noqa: B019 - titles repeat heavily; the normalizer lives as long as its roles
    def _normalize_cached(self, title: str) -> TitleMatch:
        seniority = detect_seniority(title)
        cleaned = _clean(title)
        core = re.sub(r"\s+", " ", _STRIP_RE.sub(" ", cleaned)).strip()
        if not core:
            return TitleMatch(None, seniority, 0.0, None)
        for rule, role_id in _BEFORE_ALIASES:
            if rule.search(cleaned):
                return TitleMatch(role_id, seniority, 0.7 if role_id else 0.0, None)
        for whole, role_id, text in self._whole:
            if whole.search(cleaned):
                return TitleMatch(role_id, seniority, 0.9, text)
        for alias, pattern in self._patterns:
            if pattern.search(core):
                score = min(1.0, 0.6 + 0.4 * len(alias) / max(len(core), 1))
                return TitleMatch(self._alias_to_role[alias], seniority, round(score, 3), self._alias_text[alias])
        for rule, role_id in _AFTER_ALIASES:
            if rule.search(cleaned if role_id else core):
                return TitleMatch(role_id, seniority, 0.6 if role_id else 0.0, None)
        # token_sort_ratio compares whole titles: WRatio's partial matching scored a bare
        # "Scientist" 90 against "Quantum AI Research Scientist".
        found = process.extractOne(core, self._aliases, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
        if found is not None:
            alias = found[0]
            return TitleMatch(
                self._alias_to_role[alias], seniority, round(found[1] / 100 * 0.8, 3), self._alias_text[alias]
            )
        return TitleMatch(None, seniority, 0.0, None, undecided=True)


_NORMALIZERS: dict[int, tuple[object, TitleNormalizer]] = {}


def normalize_title(title: str, roles: Iterable[RoleLike]) -> TitleMatch:
    """Returns the role and seniority a job title names.

    >>> normalize_title("Sr. Machine Learning Engineer II", catalogue)  # doctest: +SKIP
    TitleMatch(role_id='ml_engineer', seniority='senior', score=0.9, matched_alias='Machine Learning Engineer')
    """
    cached = _NORMALIZERS.get(id(roles))
    if cached is None or cached[0] is not roles:
        cached = (roles, TitleNormalizer(roles))
        _NORMALIZERS[id(roles)] = cached
    return cached[1].normalize(title)
