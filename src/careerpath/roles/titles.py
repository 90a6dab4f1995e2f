"""Job title normalisation: a raw title such as "Sr. ML Engineer II" → a careerpath role and seniority.

Lexical and deterministic: lower-case, expand a few abbreviations, strip seniority words, then
take the longest role title alias that occurs in the title as whole words; a fuzzy match
(rapidfuzz) is the fallback for typos and word-order variants.
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


class RoleLike(Protocol):
    id: str
    name: str
    title_aliases: list[str]


@dataclass(frozen=True)
class TitleMatch:
    """The role a title names (``role_id`` None if none), its seniority, and a score in [0, 1]."""

    role_id: str | None
    seniority: str
    score: float
    matched_alias: str | None


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
        for role in roles:
            for alias in (role.name, *role.title_aliases):
                key = _STRIP_RE.sub(" ", _clean(alias))
                key = re.sub(r"\s+", " ", key).strip()
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
        core = re.sub(r"\s+", " ", _STRIP_RE.sub(" ", _clean(title))).strip()
        if not core:
            return TitleMatch(None, seniority, 0.0, None)
        for alias, pattern in self._patterns:
            if pattern.search(core):
                score = min(1.0, 0.6 + 0.4 * len(alias) / max(len(core), 1))
                return TitleMatch(self._alias_to_role[alias], seniority, round(score, 3), self._alias_text[alias])
        found = process.extractOne(core, self._aliases, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF)
        if found is not None:
            alias = found[0]
            return TitleMatch(
                self._alias_to_role[alias], seniority, round(found[1] / 100 * 0.8, 3), self._alias_text[alias]
            )
        return TitleMatch(None, seniority, 0.0, None)


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
