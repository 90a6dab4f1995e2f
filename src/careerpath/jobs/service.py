"""Matching as one object the CLI, API and web share: a person from a resume or a typed profile,
one posting's fit, and the ranked postings of a market store with their explanations."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.errors import CareerpathWarning, InputError
from careerpath.jobs.encoding import encoder_by_name, is_semantic, match_encoder, summary_text
from careerpath.jobs.fit import PostingFit, fit_posting
from careerpath.jobs.index import MatchIndex, update_index
from careerpath.jobs.matching import (
    MATCHER_NAME,
    NO_FILTERS,
    MatchFilters,
    MatchResult,
    MatchRun,
    Person,
    rank_index,
    relative_role_fits,
)
from careerpath.jobs.requirements import READER_NAME, PostingRequirements, RequirementReader
from careerpath.jobs.store_adapter import count_store_postings, index_dir, iter_store_postings, postings_by_id
from careerpath.linking.encoders import TextEncoder
from careerpath.market.postings import JobPosting, PostingStore
from careerpath.market.salaries import ParsedSalary
from careerpath.resumes.models import Profile
from careerpath.roles.titles import TitleNormalizer

LEXICAL_NOTE = (
    "Similarity is lexical (character n-grams): install the semantic extra for meaning-based similarity "
    "(pip install 'careerpath[semantic]')."
)
MAX_SUMMARY_SKILLS = 25


class JobMatcher:
    """Reads postings and people with a ``Navigator``'s taxonomy, roles and learning catalogue."""

    def __init__(self, navigator: Any, model_cache: Path, encoder: str = "auto") -> None:
        self.nav = navigator
        self.model_cache = Path(model_cache)
        self.encoder_kind = encoder
        self.reader = RequirementReader(navigator.extractor, TitleNormalizer(navigator.roles))
        self._encoders: dict[str, TextEncoder] = {}
        self._indexes: dict[Path, tuple[int, MatchIndex]] = {}

    # --- people ------------------------------------------------------------------------------------
    def encoder(self, name: str | None = None) -> TextEncoder:
        key = name or f"kind:{self.encoder_kind}"
        if key not in self._encoders:
            self._encoders[key] = (
                encoder_by_name(name, self.model_cache) if name else match_encoder(self.encoder_kind, self.model_cache)
            )
        return self._encoders[key]

    def person(
        self,
        source: Any,
        *,
        location: str | None = None,
        encoder: TextEncoder | None = None,
        max_bytes: int | None = None,
    ) -> Person:
        """A Person from a resume path, a parsed Profile or a TypedProfile."""
        from careerpath.navigator import TypedProfile

        nav = self.nav
        if isinstance(source, TypedProfile):
            candidate = nav.candidate_from_typed(source)
            titles: list[str] = []
            label, text = "typed profile", ""
        else:
            profile = (
                source
                if isinstance(source, Profile)
                else (nav.read_profile(source) if max_bytes is None else nav.read_profile(source, max_bytes=max_bytes))
            )
            skills = nav.profile_skills(profile)
            candidate = nav.candidate_from_profile(profile, skills)
            titles = [job.title for job in profile.experience if job.title][:5]
            label, text = profile.document.source_name, profile.document.text
        if not candidate.skills:
            warnings.warn(
                f"No recognisable AI/ML skills found in {label}; matches rest on titles and similarity.",
                CareerpathWarning,
                stacklevel=2,
            )
        strongest = sorted(candidate.skills.values(), key=lambda m: (-m.confidence, m.skill_id))
        summary = summary_text(titles, [m.name for m in strongest[:MAX_SUMMARY_SKILLS]]) or label
        encoder = encoder or self.encoder()
        vector = np.asarray(encoder.encode([summary])[0], dtype=np.float32)
        fits = relative_role_fits(nav.rank(candidate))
        return Person(candidate, label, summary, vector, fits, text, location)

    # --- one posting -------------------------------------------------------------------------------
    def requirements(self, title: str, description: str, **fields: Any) -> PostingRequirements:
        return self.reader.read(title, description, **fields)

    def fit(
        self,
        person: Person,
        requirements: PostingRequirements,
        *,
        hours_per_week: float = 10.0,
        done: Collection[str] = (),
        with_plan: bool = True,
    ) -> PostingFit:
        if hours_per_week <= 0 or hours_per_week > 100:
            raise InputError(f"Hours per week must be between 1 and 100, not {hours_per_week:g}.")
        fallback = self.nav.roles.roles.get(requirements.role_id or "")
        return fit_posting(
            person.candidate,
            requirements,
            self.nav.taxonomy,
            self.nav.learning if with_plan else None,
            fallback_role=fallback,
            resume_text=person.resume_text,
            location=person.location,
            hours_per_week=hours_per_week,
            done=done,
            demand=self.nav.demand,
        )

    def stored_requirements(self, posting: JobPosting) -> PostingRequirements:
        salary = None
        if posting.salary_min_yearly is not None and posting.salary_currency:
            salary = ParsedSalary(
                posting.salary_min or 0.0,
                posting.salary_max or posting.salary_min or 0.0,
                posting.salary_currency,
                posting.salary_period or "year",
                posting.salary_estimated_by,
            )
        return self.reader.read(
            posting.title,
            posting.description,
            location=posting.location,
            remote=posting.remote,
            salary=salary,
            posting_id=posting.posting_id,
            company=posting.company,
            role_id=posting.role_id,
            seniority=posting.seniority,
        )

    # --- many postings -----------------------------------------------------------------------------
    def index(self, store: PostingStore, store_path: Path, *, rebuild: bool = False) -> tuple[MatchIndex, int, float]:
        """The store's match index, brought up to date (only new postings are read)."""
        folder = index_dir(store_path)
        if not rebuild and (folder / "meta.json").is_file():
            meta = MatchIndex.meta(folder)
            same_encoder = self.encoder_kind == "auto" or self.encoder().name == meta.get("encoder")
            if (
                same_encoder
                and meta.get("reader") == READER_NAME
                and int(str(meta.get("postings", -1))) == count_store_postings(store)
            ):
                # Nothing new since the index was written (the store only grows): skip the scan.
                try:
                    return self._loaded(folder), 0, 0.0
                except (ValueError, OSError, KeyError):
                    pass
            encoder = self.encoder(str(meta["encoder"])) if self.encoder_kind == "auto" else self.encoder()
        else:
            encoder = self.encoder()
        index, added, seconds = update_index(
            folder, iter_store_postings(store), self.reader, self.nav.roles, encoder, rebuild=rebuild
        )
        self._indexes.pop(folder, None)
        return index, added, seconds

    def _loaded(self, folder: Path) -> MatchIndex:
        """The index at ``folder``, kept in memory between queries (the API's warm path) until its
        ``meta.json`` changes: loading and the first query's inverted index cost seconds at 1M."""
        stamp = (folder / "meta.json").stat().st_mtime_ns
        cached = self._indexes.get(folder)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        index = MatchIndex.load(folder)
        self._indexes[folder] = (stamp, index)
        return index

    def match(
        self,
        source: Any,
        store: PostingStore,
        store_path: Path,
        filters: MatchFilters = NO_FILTERS,
        *,
        top: int = 10,
        rebuild: bool = False,
        hours_per_week: float = 10.0,
        max_bytes: int | None = None,
        matcher: str = MATCHER_NAME,
    ) -> MatchRun:
        """The best ``top`` postings of the store for a resume or typed profile by ``matcher`` (a versioned
        match-score name), each with its fit explained."""
        if top < 1 or top > 200:
            raise InputError(f"--top must be between 1 and 200, not {top}.")
        index, _, _ = self.index(store, store_path, rebuild=rebuild)
        person = self.person(
            source, location=filters.location, encoder=self.encoder(index.encoder_name), max_bytes=max_bytes
        )
        run = rank_index(person, index, self.nav.taxonomy, self.nav.roles, filters, top=top, matcher=matcher)
        stored = postings_by_id(store, [r.posting_id for r in run.results])
        explained: list[MatchResult] = []
        for result in run.results:
            posting = stored.get(result.posting_id)
            if posting is None:
                explained.append(result)
                continue
            fit = self.fit(person, self.stored_requirements(posting), hours_per_week=hours_per_week, with_plan=False)
            explained.append(replace(result, fit=fit, posting=posting))
        notes = () if is_semantic(index.encoder_name) else (LEXICAL_NOTE,)
        return replace(run, results=tuple(explained), notes=notes)


@dataclass(frozen=True)
class IndexRefresh:
    """What ``refresh_match_index`` did: postings added to the index, seconds taken, or why it failed."""

    added: int = 0
    seconds: float = 0.0
    error: str | None = None

    def line(self) -> str:
        if self.error is not None:
            return (
                f"Match index not updated ({self.error}); the postings are stored, and `careerpath match` "
                "brings the index up to date."
            )
        postings = "posting" if self.added == 1 else "postings"
        return f"Match index updated: {self.added} new {postings} ({self.seconds:.1f} s)."


def has_match_index(store_path: Path) -> bool:
    return (index_dir(store_path) / "meta.json").is_file()


def refresh_match_index(
    store: PostingStore, store_path: Path, make_matcher: Callable[[], JobMatcher]
) -> IndexRefresh | None:
    """After an ingest: bring the match index beside ``store_path`` up to date (only the new postings
    are read), so that the next ``match`` finds it current. None when the store has no index (one is
    built at the first ``match``). A failure is returned, never raised: the ingest it follows is kept."""
    if not has_match_index(store_path):
        return None
    started = time.perf_counter()
    try:
        _, added, _ = make_matcher().index(store, store_path)
    except Exception as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return IndexRefresh(error=reason[:200])
    return IndexRefresh(added, time.perf_counter() - started)
