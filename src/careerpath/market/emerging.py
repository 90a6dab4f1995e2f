"""Emerging skills (share growing significantly between two periods) and candidate new skills.

Significance: a two-proportion z-test per skill (pooled standard error), one-sided for growth,
with Benjamini-Hochberg adjustment over all skills tested, since dozens of skills are tested at once.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from careerpath.market.postings import ALL_POSTINGS, PostingFilter, PostingStore

DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class EmergingSkill:
    """A skill whose share of postings grew from ``before`` to ``after`` (shares in [0, 1])."""

    skill_id: str
    before: str
    after: str
    postings_before: int
    postings_after: int
    share_before: float
    share_after: float
    z: float
    p_value: float
    q_value: float
    significant: bool


@dataclass(frozen=True)
class CandidateSkill:
    """A frequent phrase in postings that the taxonomy does not know; ``share`` of postings in [0, 1]."""

    phrase: str
    postings: int
    share: float


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Returns (z, one-sided p) for H1: p2 > p1, with the pooled standard error."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / se
    return z, 0.5 * math.erfc(z / math.sqrt(2))


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Returns BH-adjusted q-values in the order of ``p_values``."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = running
    return q


def emerging_skills(
    store: PostingStore,
    period: str = "year",
    *,
    before: str | None = None,
    after: str | None = None,
    flt: PostingFilter = ALL_POSTINGS,
    alpha: float = DEFAULT_ALPHA,
    min_postings: int = 5,
) -> list[EmergingSkill]:
    """Returns skills whose share rose between two periods, most significant first.

    Defaults compare the last two periods that have postings with descriptions.
    """
    scoped = replace(flt, with_description=True)
    totals = {str(r[period]): int(r["n"]) for r in store.count_by([period], scoped)}  # type: ignore[call-overload]
    periods = sorted(totals)
    if after is None:
        after = periods[-1] if periods else None
    if before is None:
        earlier = [p for p in periods if after is not None and p < after]
        before = earlier[-1] if earlier else None
    if before is None or after is None or before not in totals or after not in totals:
        return []
    counts: dict[tuple[str, str], int] = {}
    for r in store.count_skills([period], scoped):
        counts[(str(r[period]), str(r["skill_id"]))] = int(r["n"])  # type: ignore[call-overload]
    skills = sorted({s for (p, s) in counts if p in (before, after)})
    tested = []
    for skill in skills:
        x1, x2 = counts.get((before, skill), 0), counts.get((after, skill), 0)
        if x1 + x2 < min_postings:
            continue
        z, p = two_proportion_z(x1, totals[before], x2, totals[after])
        tested.append((skill, x1, x2, z, p))
    qs = benjamini_hochberg([t[4] for t in tested])
    result = [
        EmergingSkill(
            skill,
            before,
            after,
            x1,
            x2,
            x1 / totals[before],
            x2 / totals[after],
            round(z, 4),
            p,
            q,
            q < alpha and z > 0,
        )
        for (skill, x1, x2, z, p), q in zip(tested, qs, strict=True)
        if z > 0
    ]
    result.sort(key=lambda e: (e.p_value, -e.share_after, e.skill_id))
    return result


_TERM = re.compile(
    r"(?<![\w.])([A-Z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]|[a-z]+[A-Z][A-Za-z0-9]*|[A-Za-z]+\d[\w.\-]*)"
    r"(?:\s+([A-Z][A-Za-z0-9+#.\-]*[A-Za-z0-9+#]))?"
)
# Capitalised words that are common in job ads but are not skills.
_STOP = set(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "for",
        "on",
        "with",
        "at",
        "by",
        "from",
        "as",
        "or",
        "our",
        "we",
        "you",
        "your",
        "us",
        "is",
        "are",
        "be",
        "will",
        "this",
        "that",
        "it",
        "its",
        "all",
        "i",
        "ii",
        "iii",
        "iv",
        "new",
        "job",
        "work",
        "team",
        "teams",
        "company",
        "role",
        "position",
        "experience",
        "years",
        "year",
        "benefits",
        "health",
        "dental",
        "equal",
        "opportunity",
        "employer",
        "eoe",
        "usa",
        "us",
        "u.s",
        "united",
        "states",
        "america",
        "north",
        "south",
        "east",
        "west",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "friday",
        "inc",
        "llc",
        "ltd",
        "corp",
        "phd",
        "ph.d",
        "ms",
        "m.s",
        "ba",
        "bs",
        "b.s",
        "ma",
        "mba",
        "bachelor",
        "bachelors",
        "master",
        "masters",
        "degree",
        "doctorate",
        "university",
        "college",
        "ability",
        "strong",
        "excellent",
        "knowledge",
        "skills",
        "skill",
        "required",
        "preferred",
        "plus",
        "must",
        "responsibilities",
        "requirements",
        "qualifications",
        "about",
        "who",
        "what",
        "why",
        "how",
        "when",
        "where",
        "if",
        "other",
        "please",
        "apply",
        "including",
        "including:",
        "such",
        "data",
        "science",
        "scientist",
        "engineer",
        "engineering",
        "analyst",
        "analytics",
        "senior",
        "junior",
        "lead",
        "manager",
        "director",
        "ca",
        "ny",
        "tx",
        "wa",
        "ma",
        "il",
        "va",
        "md",
        "nc",
        "ga",
        "co",
        "fl",
        "nj",
        "pa",
        "oh",
        "mn",
        "or",
        "az",
        "ut",
        "dc",
    ]
)


def _phrases(text: str) -> set[str]:
    found: set[str] = set()
    for match in _TERM.finditer(text):
        first, second = match.group(1), match.group(2)
        for phrase in (first, f"{first} {second}" if second else None):
            if not phrase:
                continue
            words = phrase.lower().split()
            if any(w.strip(".-") in _STOP for w in words) or len(phrase) < 2 or (phrase.isupper() and len(phrase) > 6):
                continue
            found.add(phrase)
    return found


def candidate_skills(
    descriptions: Iterable[str],
    known_terms: Iterable[str],
    *,
    min_share: float = 0.02,
    top: int = 30,
) -> list[CandidateSkill]:
    """Returns frequent capitalised or tech-shaped phrases (e.g. "Snowflake", "dbt Cloud") that no
    known term (taxonomy names and aliases) covers, by share of postings."""
    known = {t.lower() for t in known_terms}
    known_words = {w for t in known for w in t.split()}
    docs = 0
    freq: Counter[str] = Counter()
    for text in descriptions:
        docs += 1
        freq.update(_phrases(text))
    if not docs:
        return []
    result = []
    for phrase, n in freq.most_common():
        if n / docs < min_share:
            break
        lowered = phrase.lower()
        if lowered in known or all(w in known_words for w in lowered.split()):
            continue
        result.append(CandidateSkill(phrase, n, n / docs))
        if len(result) >= top:
            break
    return result
