"""assess(): resume → skills with evidence → role fit → learning plan, with market demand.

Example::

    from careerpath import Navigator
    result = Navigator().assess("resume.pdf", role="ML Engineer", hours_per_week=8)
    result.fits[0].role_name, result.plan.total_weeks
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from careerpath.budgets import DEFAULT_BUDGETS, Budgets, Deadline
from careerpath.errors import CareerpathWarning, InputError
from careerpath.plans.catalogue import LearningCatalogue, load_learning_catalogue
from careerpath.plans.learning import LearningPlan, plan_learning
from careerpath.resumes import parse_profile, read_resume
from careerpath.resumes.models import Profile
from careerpath.roles.candidate import DEGREE_RANK, Candidate
from careerpath.roles.catalogue import RoleCatalogue, load_roles
from careerpath.roles.fit import FitScore, rank_roles
from careerpath.skills.esco_tier import EscoSkillLink, SentenceLinker, link_unexplained, min_link_score
from careerpath.skills.extraction import SkillExtractor
from careerpath.skills.implication import implied_skills
from careerpath.skills.matches import Evidence, SkillMatch
from careerpath.skills.taxonomy import Taxonomy, load_taxonomy

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DECLARED_CONFIDENCE = 0.75  # a typed skill is a deliberate claim, like a skills-section listing


@dataclass(frozen=True)
class TypedProfile:
    """A profile typed by hand instead of read from a resume."""

    skills: tuple[str, ...]
    years_experience: float | None = None
    degree: str | None = None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleMarket:
    """What the market snapshot says about a role: pay (yearly, USD) and demand."""

    salary_p25_usd: float | None = None
    salary_median_usd: float | None = None
    salary_p75_usd: float | None = None
    salary_count: int = 0
    source: str = ""


@dataclass(frozen=True)
class Assessment:
    """The whole answer for one person: skills, ranked fits, the target role and its plan."""

    source: str
    profile: Profile | None
    candidate: Candidate
    skills: tuple[SkillMatch, ...]
    fits: tuple[FitScore, ...]
    target: FitScore
    plan: LearningPlan
    market: Mapping[str, RoleMarket] = field(default_factory=dict)
    esco_skills: tuple[EscoSkillLink, ...] = ()  # second tier, when an ESCO linker is configured
    demand_period: str = ""  # the postings skill demand comes from, e.g. "Glassdoor DS jobs 2020 postings"


class Navigator:
    """Holds the loaded knowledge (taxonomy, roles, resources, market snapshot) and answers queries.

    Loading is the slow part; build one Navigator and reuse it (the API and web do).
    """

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        roles: RoleCatalogue | None = None,
        learning: LearningCatalogue | None = None,
        demand: Mapping[str, float] | None = None,
        market: Mapping[str, RoleMarket] | None = None,
        extra_taxonomy_files: Iterable[Path] = (),
        extra_role_files: Iterable[Path] = (),
        esco_linker: SentenceLinker | None = None,
        demand_period: str | None = None,
        budgets: Budgets = DEFAULT_BUDGETS,
    ) -> None:
        self.taxonomy = taxonomy or load_taxonomy(extra_taxonomy_files)
        self.roles = roles or load_roles(self.taxonomy, extra_role_files)
        self.learning = learning or load_learning_catalogue(self.taxonomy, set(self.roles.roles))
        self.extractor = SkillExtractor(self.taxonomy)
        self.demand = dict(demand or {})
        # Demand figures name their data's period; the bundled snapshot's unless told otherwise.
        self.demand_period = (demand_period if demand_period is not None else bundled_demand_period()) if demand else ""
        self.market = dict(market or {})
        # Optional second tier (careerpath.linking.SkillLinker): ESCO skills for sentences the
        # curated lexical pass leaves unexplained.
        self.esco_linker = esco_linker
        # Limits on the work and output one resume may cause (careerpath.budgets).
        self.budgets = budgets

    # Reading a person -------------------------------------------------------------------------
    def read_profile(self, path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Profile:
        """Return the profile parsed from a resume file (PDF, DOCX, text/Markdown, JSON Resume)."""
        return parse_profile(read_resume(path, max_bytes=max_bytes, budgets=self.budgets))

    def profile_skills(self, profile: Profile) -> list[SkillMatch]:
        """Return the skills the resume claims, each with evidence spans into its text."""
        document = profile.document
        return self.extractor.extract(
            document.text, document.section_at, max_evidence=self.budgets.max_evidence_per_skill
        )

    def candidate_from_profile(self, profile: Profile, skills: list[SkillMatch]) -> Candidate:
        fields = tuple(e.field for e in profile.education if e.field)
        direct = {m.skill_id: m for m in skills if m.source != "implied"}
        document = profile.document
        # Skills the text negates ("no experience with deep learning") are never implied.
        negated = {
            m.skill_id
            for m in self.extractor.extract(
                document.text, document.section_at, include_negated=True, with_sentences=False
            )
            if m.confidence == 0
        }
        has_publications = any(s.name == "publications" and s.end - s.start > 20 for s in document.sections)
        implied = implied_skills(
            direct,
            self.taxonomy,
            blocked=negated,
            degree=profile.highest_degree,
            degree_fields=fields,
            has_publications=has_publications,
        )
        return Candidate(
            skills=direct,
            years_experience=profile.years_experience,
            highest_degree=profile.highest_degree,
            degree_fields=fields,
            skill_years=_skill_years(profile, skills),
            implied=implied,
        )

    def candidate_from_typed(self, typed: TypedProfile) -> Candidate:
        matches: dict[str, SkillMatch] = {}
        for name in typed.skills:
            if not name.strip():
                continue
            skill = self.taxonomy.resolve(name.strip())
            evidence = Evidence(text=name.strip(), start=0, end=len(name.strip()), section="typed")
            matches[skill.id] = SkillMatch(
                skill.id,
                skill.name,
                skill.category,
                DECLARED_CONFIDENCE,
                (evidence,),
                "declared",
                skill.esco_uri,
            )
        if typed.degree is not None and typed.degree not in DEGREE_RANK:
            raise InputError(
                f"Unknown degree {typed.degree!r}; use one of: {', '.join(DEGREE_RANK)}.",
                details={"degree": typed.degree},
            )
        if typed.years_experience is not None and typed.years_experience < 0:
            raise InputError("Years of experience cannot be negative.")
        implied = implied_skills(matches, self.taxonomy, degree=typed.degree, degree_fields=typed.fields)
        return Candidate(matches, typed.years_experience, typed.degree, typed.fields, implied=implied)

    # Fit and plan -----------------------------------------------------------------------------
    def rank(self, candidate: Candidate) -> list[FitScore]:
        """Return the fit to every role, best first."""
        return rank_roles(candidate, self.roles, self.demand)

    def assess(
        self,
        source: str | Path | Profile | TypedProfile,
        role: str | None = None,
        *,
        hours_per_week: float = 10.0,
        done: Collection[str] = (),
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> Assessment:
        """Return skills, ranked roles and a learning plan for a resume file or a typed profile.

        ``role`` (id, name or job title) picks the plan's target; by default the best fit.
        ``done`` lists skill ids already finished (see progress), which the plan leaves out.
        Past ``budgets.assessment_seconds`` it stops with AssessmentTimeout (code ``timeout``).
        """
        deadline = Deadline(self.budgets.assessment_seconds)
        if not 1 <= hours_per_week <= 100:  # written so that NaN fails too
            raise InputError(f"Hours per week must be between 1 and 100, not {hours_per_week:g}.")
        target_role = self.roles.resolve(role) if role else None
        profile: Profile | None
        esco_skills: tuple[EscoSkillLink, ...] = ()
        if isinstance(source, TypedProfile):
            profile, candidate = None, self.candidate_from_typed(source)
            skills = list(candidate.skills.values())
            label = "typed profile"
        else:
            if not isinstance(source, Profile):
                document = read_resume(source, max_bytes=max_bytes, budgets=self.budgets, deadline=deadline)
                deadline.check("reading the resume")
                source = parse_profile(document)
            profile = source
            deadline.check("parsing the resume")
            skills = self.profile_skills(profile)
            deadline.check("finding skills")
            candidate = self.candidate_from_profile(profile, skills)
            profile = bounded_profile(profile, self.budgets.max_listed_items)
            label = profile.document.source_name
            if self.esco_linker is not None:
                esco_skills = tuple(
                    link_unexplained(
                        profile.document.text,
                        skills,
                        self.esco_linker,
                        section_of=profile.document.section_at,
                        min_score=min_link_score(self.esco_linker),
                    )
                )
        # Concepts held by implication are shown with the evidence that implied them.
        skills = sorted([*skills, *candidate.implied.values()], key=lambda m: (-m.confidence, m.skill_id))
        if not skills:
            warnings.warn(
                f"No recognisable AI/ML skills found in {label}; fits and plan start from zero.",
                CareerpathWarning,
                stacklevel=2,
            )
        deadline.check("finding skills")
        fits = self.rank(candidate)
        deadline.check("ranking roles")
        target = fits[0] if target_role is None else next(f for f in fits if f.role_id == target_role.id)
        plan = plan_learning(
            target,
            candidate,
            self.taxonomy,
            self.learning,
            hours_per_week=hours_per_week,
            done=done,
            demand=self.demand,
        )
        return Assessment(
            label,
            profile,
            candidate,
            tuple(skills),
            tuple(fits),
            target,
            plan,
            self.market,
            esco_skills,
            self.demand_period,
        )


_LISTED_CHARS = 300  # a title or school name longer than this is a parsing accident


def bounded_profile(profile: Profile, max_items: int) -> Profile:
    """Return ``profile`` with at most ``max_items`` entries per list and short names, for output.

    The assessment's size then depends on the number of skills, never on the resume's length;
    years and skills were computed from the whole profile before this.
    """

    def cut(text: str | None) -> str | None:
        return text if text is None or len(text) <= _LISTED_CHARS else text[: _LISTED_CHARS - 1] + "…"

    return replace(
        profile,
        name=cut(profile.name),
        experience=tuple(
            replace(e, title=cut(e.title) or "", company=cut(e.company)) for e in profile.experience[:max_items]
        ),
        education=tuple(
            replace(e, field=cut(e.field), institution=cut(e.institution)) for e in profile.education[:max_items]
        ),
        certifications=tuple(cut(c) or "" for c in profile.certifications[:max_items]),
        projects=tuple(cut(p) or "" for p in profile.projects[:max_items]),
        declared_skills=tuple(cut(d) or "" for d in profile.declared_skills[: max_items * 4]),
    )


def _skill_years(profile: Profile, skills: list[SkillMatch]) -> dict[str, float]:
    """Years per skill: the dated roles whose text mentions the skill, each counted once."""
    years: dict[str, float] = {}
    for match in skills:
        # Every positive mention, also those left out of the capped evidence; a binary search
        # per role keeps this linear in the text (thousands of mentions × hundreds of roles).
        offsets = sorted(match.mentions) if match.mentions and match.confidence > 0 else None
        if offsets is None:
            offsets = sorted(e.start for e in match.evidence if e.strength != "negated")
        total = 0.0
        for job in profile.experience:
            start, end = job.span
            index = bisect_left(offsets, start)
            if index < len(offsets) and offsets[index] < end:
                total += job.years
        if total:
            years[match.skill_id] = round(total, 2)
    return years


def bundled_demand_period() -> str:
    """Name the postings behind the bundled snapshot's skill demand (its non-salary source)."""
    import json

    from careerpath.data_files import bundled_path

    path = bundled_path("market_snapshot.json")
    if not path.exists():
        return ""
    sources = json.loads(path.read_text(encoding="utf-8")).get("sources") or []
    names = [str(s.get("name", "")) for s in sources if "salaries" not in str(s.get("name", "")).lower()]
    # "Glassdoor DS jobs 2020 (PlayingNumbers/ds_salary_proj)" → "Glassdoor DS jobs 2020 postings"
    short = re.sub(r"\s*\(.*?\)", "", names[0]).strip() if names else ""
    return f"{short} postings" if short else "the market snapshot's postings"


def snapshot_demand(snapshot: object) -> dict[str, float]:
    """Return skill id → share of postings asking for it, from a market snapshot."""
    demand = getattr(snapshot, "skill_demand", None)
    return {str(k): float(v) for k, v in (demand or {}).items()}


def snapshot_role_markets(snapshot: object) -> dict[str, RoleMarket]:
    """Return role id → pay figures, from a market snapshot."""
    out: dict[str, RoleMarket] = {}
    for role_id, pay in (getattr(snapshot, "role_salaries", None) or {}).items():
        out[str(role_id)] = RoleMarket(
            salary_p25_usd=pay.get("p25"),
            salary_median_usd=pay.get("median"),
            salary_p75_usd=pay.get("p75"),
            salary_count=int(pay.get("count", 0)),
            source=str(pay.get("source", "")),
        )
    return out
