"""The rollout plan: control and candidate versions, mode, split, guardrails and evaluations.

One JSON file (``$CAREERPATH_ROLLOUT_FILE``, default ``$CAREERPATH_HOME/rollout.json``) that
`careerpath models` edits and the service reads at start. Every change appends to ``history``.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from careerpath.errors import InputError
from careerpath.rollout.gate import promotion_blockers
from careerpath.rollout.guardrails import Guardrails

Mode = Literal["off", "ab", "canary"]
DEFAULT_CANARY_STEPS = (0.01, 0.05, 0.25, 0.5, 1.0)


class Variant(BaseModel):
    """One version of the assessment pipeline, by the registry's component names (careerpath.components).

    ``extractor`` and ``fit`` default to the latest runnable versions; ``esco_design`` is the ESCO
    second tier's linking design (None: no ESCO tier). Aliases (``lexical``) are accepted and
    ``pinned()`` turns them into versioned names (``lexical.v2``), as `models start` stores them.
    """

    extractor: str | None = None
    fit: str | None = None
    esco_design: str | None = None

    def components(self) -> list[tuple[str, str]]:
        """(kind, versioned name) of each component; InputError for an unknown or retired one."""
        from careerpath.components import registry

        reg = registry()
        chosen = [("extractor", self.extractor or "keyword-match"), ("fit", self.fit or "weighted-coverage")]
        if self.esco_design is not None:
            chosen.append(("design", self.esco_design))
        resolved = []
        for kind, name in chosen:
            component = reg.resolve(kind, name)
            if component.retired:
                raise InputError(f"{kind} {component.name} is retired ({component.retired}); pick a current version.")
            resolved.append((kind, component.name))
        return resolved

    def pinned(self) -> Variant:
        names = dict(self.components())
        return Variant(extractor=names["extractor"], fit=names["fit"], esco_design=names.get("design"))

    def version(self) -> str:
        """Return the versioned names of every component, e.g. ``keyword-match.v2+weighted-coverage.v1``."""
        return "+".join(name for _kind, name in self.components())


class Evaluation(BaseModel):
    """An offline comparison of the two versions on one labelled set (higher is better)."""

    dataset: str
    metric: str
    n: int
    control_version: str
    candidate_version: str
    control: float
    candidate: float
    at: str = Field(default_factory=lambda: _now())


class Event(BaseModel):
    at: str = Field(default_factory=lambda: _now())
    action: str
    detail: str = ""


class RolloutPlan(BaseModel):
    mode: Mode = "off"
    salt: str = "careerpath"
    control: Variant = Field(default_factory=Variant)
    candidate: Variant | None = None
    candidate_share: float = Field(default=0.0, ge=0, le=1)
    canary_steps: tuple[float, ...] = DEFAULT_CANARY_STEPS
    guardrails: Guardrails = Field(default_factory=Guardrails)
    evaluations: list[Evaluation] = Field(default_factory=list)
    history: list[Event] = Field(default_factory=list)

    @field_validator("canary_steps")
    @classmethod
    def _ascending(cls, steps: tuple[float, ...]) -> tuple[float, ...]:
        if not steps or list(steps) != sorted(steps) or not all(0 < s <= 1 for s in steps):
            raise ValueError("canary_steps must be ascending shares in (0, 1]")
        return steps

    @property
    def serving_candidate(self) -> bool:
        """True when the candidate gets live traffic: it is running and passed its offline evaluation.

        No request reaches a candidate before it was evaluated against the control (shadow
        evaluation), nor one that scored worse: the same rule as promotion.
        """
        running = self.mode != "off" and self.candidate is not None and self.candidate_share > 0
        return running and not promotion_blockers(self)

    def noted(self, action: str, detail: str = "") -> RolloutPlan:
        return self.model_copy(update={"history": [*self.history, Event(action=action, detail=detail)]})


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def start(plan: RolloutPlan, candidate: Variant, mode: Mode, share: float | None = None) -> RolloutPlan:
    """Serve ``candidate`` beside the control: an A/B split (default 50%) or a canary's first step."""
    if mode == "off":
        raise InputError("A rollout starts in mode 'ab' or 'canary'.")
    candidate = candidate.pinned()  # the plan names exact versions, so evaluations stay tied to them
    if candidate.version() == plan.control.version():
        raise InputError(f"The candidate is the control already ({plan.control.version()}).")
    if share is None:
        share = 0.5 if mode == "ab" else plan.canary_steps[0]
    if not 0 < share <= 1:
        raise InputError(f"The candidate's share must be in (0, 1], not {share:g}.")
    changed = plan.model_copy(update={"mode": mode, "candidate": candidate, "candidate_share": share})
    return changed.noted("start", f"{mode} {candidate.version()} at {share:.0%}")


def step(plan: RolloutPlan) -> RolloutPlan:
    """Raise a canary to its next step (1% → 5% → 25% → 50% → 100% by default)."""
    if plan.mode != "canary" or plan.candidate is None:
        raise InputError("No canary is running: start one with `careerpath models start --mode canary`.")
    higher = [s for s in plan.canary_steps if s > plan.candidate_share]
    if not higher:
        raise InputError("The canary already serves all traffic: promote it with `careerpath models promote`.")
    return plan.model_copy(update={"candidate_share": higher[0]}).noted("step", f"{higher[0]:.0%}")


def promote(plan: RolloutPlan) -> RolloutPlan:
    """Make the candidate the control, if its offline evaluations allow it (see gate)."""
    blockers = promotion_blockers(plan)
    if blockers:
        raise InputError("Cannot promote: " + " ".join(blockers), details={"blockers": blockers})
    assert plan.candidate is not None
    version = plan.candidate.version()
    changed = plan.model_copy(
        update={"control": plan.candidate, "candidate": None, "mode": "off", "candidate_share": 0.0}
    )
    return changed.noted("promote", version)


def rollback(plan: RolloutPlan, reason: str = "manual") -> RolloutPlan:
    """Send all traffic back to the control and drop the candidate."""
    if plan.candidate is None:
        raise InputError("No candidate to roll back.")
    version = plan.candidate.version()
    changed = plan.model_copy(update={"candidate": None, "mode": "off", "candidate_share": 0.0})
    return changed.noted("rollback", f"{version}: {reason}")


def load_plan(path: Path) -> RolloutPlan:
    """Return the plan in ``path``; the default plan (control only) when the file does not exist."""
    if not path.exists():
        return RolloutPlan()
    try:
        return RolloutPlan.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError) as exc:
        first = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise InputError(f"Rollout file {path} is not a valid plan: {first}", details={"path": str(path)}) from None


def save_plan(plan: RolloutPlan, path: Path) -> None:
    """Write the plan atomically (a crash leaves the old file, never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rollout-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(plan.model_dump(mode="json"), out, indent=2)
    os.replace(tmp, path)
