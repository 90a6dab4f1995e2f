"""Demand: share of postings per role and per skill (curated and ESCO), top skills per role with lift, co-occurrence."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

from careerpath.errors import CareerpathWarning
from careerpath.market.postings import ALL_POSTINGS, PostingFilter, PostingStore


@dataclass(frozen=True)
class RoleDemand:
    """Postings for a role (``role_id`` None = unmapped titles) and their share in [0, 1]."""

    role_id: str | None
    postings: int
    share: float


@dataclass(frozen=True)
class SkillDemand:
    """A skill's share of postings (in [0, 1]) and its lift: share here / share over all postings."""

    skill_id: str
    postings: int
    share: float
    overall_share: float
    lift: float


@dataclass(frozen=True)
class EscoSkillDemand:
    """An ESCO skill's share (in [0, 1]) of the postings the ESCO tier ran on with one linking design."""

    esco_uri: str
    label: str
    design: str
    postings: int
    share: float


@dataclass(frozen=True)
class SkillPair:
    """Two skills asked for together; ``lift`` > 1 means more often than if independent."""

    skill_a: str
    skill_b: str
    postings: int
    support: float
    lift: float


def role_demand(store: PostingStore, flt: PostingFilter = ALL_POSTINGS) -> list[RoleDemand]:
    """Returns postings per role, most demanded first."""
    total = store.count_postings(flt)
    rows = store.count_by(["role_id"], flt)
    result = [
        RoleDemand(r["role_id"], int(r["n"]), int(r["n"]) / total if total else 0.0)  # type: ignore[arg-type, call-overload]
        for r in rows
    ]
    return sorted(result, key=lambda d: (-d.postings, d.role_id or "~"))


def skill_demand(
    store: PostingStore,
    role_id: str | None = None,
    flt: PostingFilter = ALL_POSTINGS,
    *,
    top: int | None = None,
    min_postings: int = 1,
) -> list[SkillDemand]:
    """Returns skills by share of postings (for ``role_id`` if given), with lift over all postings.

    Shares count only postings with a description, since skills come from descriptions.
    """
    base = replace(flt, with_description=True, role_id=None)
    scoped = replace(base, role_id=role_id)
    overall_total = store.count_postings(base)
    total = store.count_postings(scoped) if role_id else overall_total
    overall = {str(r["skill_id"]): int(r["n"]) for r in store.count_skills([], base)}  # type: ignore[call-overload]
    rows = store.count_skills([], scoped) if role_id else [{"skill_id": k, "n": v} for k, v in overall.items()]
    result = []
    for row in rows:
        n = int(str(row["n"]))
        if n < min_postings or not total:
            continue
        share = n / total
        overall_share = overall[str(row["skill_id"])] / overall_total
        result.append(
            SkillDemand(str(row["skill_id"]), n, share, overall_share, share / overall_share if overall_share else 0.0)
        )
    result.sort(key=lambda d: (-d.postings, d.skill_id))
    return result[:top] if top else result


def esco_skill_demand(
    store: PostingStore,
    role_id: str | None = None,
    flt: PostingFilter = ALL_POSTINGS,
    *,
    top: int | None = None,
) -> list[EscoSkillDemand]:
    """Returns ESCO skills (second tier, from ``ingest --esco``) by share of postings, most demanded first.

    A share's denominator is the postings the tier ran on with the same design (non-duplicates
    with a description, of ``role_id`` if given), so postings ingested without ``--esco`` do not
    dilute it. Empty when no posting in scope was ingested with ``--esco``.
    """
    scoped = replace(flt, role_id=role_id) if role_id else flt
    totals = {str(r["design"]): int(str(r["n"])) for r in store.count_esco_postings(scoped)}
    if not totals:
        warnings.warn(
            "No postings in scope were ingested with --esco, so there is no ESCO skill demand. Run "
            "`careerpath market ingest FILE --esco DIR` (a file already in the store is skipped: use a new --store).",
            CareerpathWarning,
            stacklevel=2,
        )
    result = [
        EscoSkillDemand(
            str(row["esco_uri"]),
            str(row["label"]),
            str(row["design"]),
            int(str(row["n"])),
            int(str(row["n"])) / totals[str(row["design"])],
        )
        for row in store.count_esco_skills(scoped)
    ]
    result.sort(key=lambda d: (-d.postings, d.design, d.esco_uri))
    return result[:top] if top else result


def skill_cooccurrence(
    store: PostingStore,
    flt: PostingFilter = ALL_POSTINGS,
    *,
    min_postings: int = 3,
    top: int | None = 50,
) -> list[SkillPair]:
    """Returns skill pairs asked for together, by lift then count (pairs below ``min_postings`` dropped)."""
    scoped = replace(flt, with_description=True)
    total = store.count_postings(scoped)
    if not total:
        return []
    single = {str(r["skill_id"]): int(r["n"]) for r in store.count_skills([], scoped)}  # type: ignore[call-overload]
    pairs = []
    for row in store.count_skill_pairs(scoped, min_postings):
        n = int(str(row["n"]))
        a, b = str(row["skill_a"]), str(row["skill_b"])
        lift = (n / total) / ((single[a] / total) * (single[b] / total))
        pairs.append(SkillPair(a, b, n, n / total, lift))
    pairs.sort(key=lambda p: (-p.lift, -p.postings, p.skill_a, p.skill_b))
    return pairs[:top] if top else pairs
