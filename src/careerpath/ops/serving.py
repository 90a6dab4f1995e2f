"""The service side of a rollout: one metered Navigator per arm, sticky routing, automatic rollback.

Each arm's Navigator shares the loaded knowledge (taxonomy, roles, resources, market) and has its
own extractor and ESCO linker, so per-version timings and counts are kept apart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerpath.errors import CareerpathError, InputError
from careerpath.navigator import Assessment, Navigator
from careerpath.resumes.models import Profile
from careerpath.roles.candidate import Candidate
from careerpath.roles.fit import FitScore
from careerpath.rollout import (
    CANDIDATE,
    CONTROL,
    ArmStats,
    RolloutPlan,
    Variant,
    assign_arm,
    load_plan,
    rollback,
    rollback_reason,
    save_plan,
)
from careerpath.skills.esco_tier import SentenceLinker, unexplained_sentences
from careerpath.skills.matches import SkillMatch

if TYPE_CHECKING:
    from careerpath.ops.metrics import ServiceMetrics

logger = logging.getLogger("careerpath.rollout")
# How often a worker looks at the plan file's modification time (one stat call) to follow other processes.
PLAN_CHECK_SECONDS = 2.0


class MeteredNavigator(Navigator):
    """A Navigator that reports its timings, errors and resume statistics to its arm."""

    arm: Arm

    def profile_skills(self, profile: Profile) -> list[SkillMatch]:
        started = time.perf_counter()
        try:
            return super().profile_skills(profile)
        finally:
            self.arm.observe_extraction(time.perf_counter() - started)

    def rank(self, candidate: Candidate) -> list[FitScore]:
        return list(self.arm.fit_model(candidate, self.roles, self.demand))  # the arm's fit version

    def assess(self, source: Any, role: str | None = None, **options: Any) -> Assessment:
        started = time.perf_counter()
        try:
            result = super().assess(source, role, **options)
        except InputError:
            raise  # the user's mistake, not the version's
        except Exception as exc:
            code = exc.code if isinstance(exc, CareerpathError) else type(exc).__name__
            self.arm.observe_assessment(time.perf_counter() - started, error=code)
            raise
        self.arm.observe_assessment(time.perf_counter() - started, error=None)
        if result.profile is not None:
            document = result.profile.document
            total = len(unexplained_sentences(document.text, (), document.section_at))
            # Left unexplained: no curated evidence in the sentence, and no ESCO link from it either.
            linked = {(link.start, link.end) for link in result.esco_skills}
            spans = unexplained_sentences(document.text, result.skills, document.section_at)
            left = sum(1 for span in spans if span not in linked)
            self.arm.observe_resume(skills=len(result.skills), sentences=total, unexplained=left)
        return result


class TimedLinker:
    """An ESCO linker whose calls are timed into the linking histogram."""

    def __init__(self, inner: SentenceLinker, observe: Callable[[float], None]) -> None:
        self._inner, self._observe = inner, observe

    @property
    def config(self) -> object:
        return self._inner.config

    def link_skills(self, sentences: Sequence[str], *, top_k: int = 10) -> Any:
        started = time.perf_counter()
        try:
            return self._inner.link_skills(sentences, top_k=top_k)
        finally:
            self._observe(time.perf_counter() - started)


@dataclass
class Arm:
    """One version serving traffic: its name (control/candidate), variant and statistics."""

    name: str
    variant: Variant
    version: str
    metrics: ServiceMetrics | None = None
    stats: ArmStats = field(default_factory=ArmStats)
    on_outcome: Callable[[Arm], None] | None = None
    navigator: MeteredNavigator = field(init=False)
    fit_model: Callable[..., Any] = field(init=False)

    def observe_extraction(self, seconds: float) -> None:
        if self.metrics is not None:
            self.metrics.extraction.labels(self.version.split("+")[0]).observe(seconds)

    def observe_assessment(self, seconds: float, *, error: str | None) -> None:
        self.stats.record(seconds, error=error is not None)
        if self.metrics is not None:
            outcome = "ok" if error is None else "error"
            self.metrics.assessments.labels(self.name, self.version, outcome).inc()
            self.metrics.assessment_latency.labels(self.name, self.version).observe(seconds)
        if self.on_outcome is not None:
            self.on_outcome(self)

    def observe_resume(self, *, skills: int, sentences: int, unexplained: int) -> None:
        self.stats.record_resume(skills=skills, sentences=sentences, unexplained=unexplained)
        if self.metrics is not None:
            if skills == 0:
                self.metrics.no_skills.labels(self.name, self.version).inc()
            self.metrics.sentences.labels(self.name, self.version, "all").inc(sentences)
            self.metrics.sentences.labels(self.name, self.version, "unexplained").inc(unexplained)

    def observe_feedback(self, helpful: bool) -> None:
        self.stats.record_feedback(helpful)
        if self.metrics is not None:
            self.metrics.feedback.labels(self.name, self.version, "helpful" if helpful else "not_helpful").inc()


def build_arm(
    name: str,
    variant: Variant,
    base: Navigator,
    *,
    linker_factory: Callable[[str], SentenceLinker] | None = None,
    metrics: ServiceMetrics | None = None,
) -> Arm:
    """Return an arm serving ``variant`` on the knowledge ``base`` has loaded.

    ``linker_factory(design)`` builds the ESCO tier of a variant that has one.
    """
    from careerpath.components import registry

    arm = Arm(name, variant, variant.version(), metrics)
    chosen = dict(variant.components())  # InputError for an unknown or retired version
    make_extractor = registry().get("extractor", chosen["extractor"])  # a class or a partial of one
    arm.fit_model = registry().get("fit", chosen["fit"])
    # No design in the variant: the ESCO tier as configured (CAREERPATH_ESCO_DIR), like the CLI.
    linker: SentenceLinker | None = base.esco_linker
    if variant.esco_design is not None:
        if linker_factory is None:
            raise InputError(
                f"Version {arm.version} links ESCO skills: set CAREERPATH_ESCO_DIR to an ESCO CSV release.",
                details={"design": variant.esco_design},
            )
        linker = linker_factory(variant.esco_design)
        if metrics is not None:
            histogram = metrics.linking.labels(variant.esco_design)
            linker = TimedLinker(linker, histogram.observe)
    navigator = MeteredNavigator(
        taxonomy=base.taxonomy,
        roles=base.roles,
        learning=base.learning,
        demand=base.demand,
        market=base.market,
        esco_linker=linker,
    )
    if navigator.extractor.name != chosen["extractor"]:
        navigator.extractor = make_extractor(navigator.taxonomy)
    navigator.arm = arm
    arm.navigator = navigator
    return arm


class RolloutRuntime:
    """Routes each request key to an arm and rolls the candidate back when it breaks its guardrails."""

    def __init__(
        self,
        plan: RolloutPlan,
        arms: dict[str, Arm],
        *,
        plan_path: Path | None = None,
        metrics: ServiceMetrics | None = None,
    ) -> None:
        self.plan, self.arms, self.plan_path, self.metrics = plan, arms, plan_path, metrics
        self._lock = threading.Lock()
        for arm in arms.values():
            arm.on_outcome = self._judge
        self._plan_stamp = self._stamp()
        self._checked_at = time.monotonic()
        self._publish_share()

    def arm_for(self, key: str) -> Arm:
        """Return the arm that serves ``key`` (a user or request key): the same one every time."""
        self.follow_plan_file()
        plan = self.plan
        if not plan.serving_candidate or CANDIDATE not in self.arms:
            return self.arms[CONTROL]
        return self.arms[assign_arm(key, plan.candidate_share, plan.salt)]

    def _stamp(self) -> int | None:
        try:
            return None if self.plan_path is None else self.plan_path.stat().st_mtime_ns
        except OSError:
            return None

    def follow_plan_file(self, *, every: float = PLAN_CHECK_SECONDS) -> None:
        """Adopt the plan file when another process changed it: a rollback by another worker (each worker
        judges its own traffic) or `careerpath models rollback`, or a new share for the same versions.
        New versions need their models loaded: those wait for a restart (logged)."""
        if self.plan_path is None or time.monotonic() - self._checked_at < every:
            return
        self._checked_at = time.monotonic()
        stamp = self._stamp()
        if stamp is None or stamp == self._plan_stamp:
            return
        self._plan_stamp = stamp
        try:
            plan = load_plan(self.plan_path)
        except CareerpathError:
            logger.error("rollout plan unreadable", extra={"event": "plan_unreadable"})
            return
        if plan == self.plan:
            return
        loaded = {name: arm.version for name, arm in self.arms.items()}
        wanted = {CONTROL: plan.control.version()}
        if plan.serving_candidate and plan.candidate is not None:
            wanted[CANDIDATE] = plan.candidate.version()
        if any(loaded.get(name) != version for name, version in wanted.items()):
            logger.warning(
                "rollout plan names versions not loaded; restart to serve them", extra={"event": "plan_changed"}
            )
            return
        with self._lock:
            self.plan = plan
        self._publish_share()
        logger.info("rollout plan reloaded", extra={"event": "plan_reloaded", "mode": plan.mode})

    def _judge(self, arm: Arm) -> None:
        if arm.name != CANDIDATE or not self.plan.serving_candidate:
            return
        reason = rollback_reason(self.arms[CONTROL].stats, arm.stats, self.plan.guardrails)
        if reason is not None:
            self.roll_back(f"automatic: {reason}", metric_reason=reason)

    def roll_back(self, reason: str, *, metric_reason: str = "manual") -> None:
        with self._lock:
            if self.plan.candidate is None:
                return
            self.plan = rollback(self.plan, reason)
            if self.plan_path is not None:
                try:
                    save_plan(self.plan, self.plan_path)
                except OSError:  # a read-only plan (a Kubernetes ConfigMap): this pod rolls back in memory
                    logger.error("rollout plan not writable", extra={"event": "rollback_not_saved"})
        if self.metrics is not None:
            self.metrics.rollbacks.labels(metric_reason).inc()
        self._publish_share()
        logger.warning("candidate rolled back", extra={"event": "rollback", "reason": reason})

    def _publish_share(self) -> None:
        if self.metrics is not None:
            self.metrics.rollout_share.set(self.plan.candidate_share if self.plan.serving_candidate else 0.0)

    def status(self) -> dict[str, Any]:
        """Return the plan and each arm's live statistics (the `models status` shape)."""
        return {
            "mode": self.plan.mode,
            "candidate_share": self.plan.candidate_share,
            "arms": {name: {"version": arm.version, **arm.stats.summary()} for name, arm in self.arms.items()},
        }


def build_runtime(
    plan: RolloutPlan,
    base: Navigator,
    *,
    linker_factory: Callable[[str], SentenceLinker] | None = None,
    metrics: ServiceMetrics | None = None,
    plan_path: Path | None = None,
) -> RolloutRuntime:
    """Return the runtime serving ``plan``'s control and (when running) candidate."""
    arms = {CONTROL: build_arm(CONTROL, plan.control, base, linker_factory=linker_factory, metrics=metrics)}
    if plan.candidate is not None and plan.mode != "off":
        arms[CANDIDATE] = build_arm(CANDIDATE, plan.candidate, base, linker_factory=linker_factory, metrics=metrics)
    return RolloutRuntime(plan, arms, plan_path=plan_path, metrics=metrics)
