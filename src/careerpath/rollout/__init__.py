"""Model rollout: a control and a candidate version side by side, A/B split or canary, guarded.

- ``plan``: what runs (the versions, the mode, the split), kept as one JSON file; start, step,
  promote and roll back are pure functions from plan to plan.
- ``assignment``: sticky assignment of a user or request key to an arm.
- ``guardrails``: live per-arm statistics and the rule that rolls a failing candidate back.
- ``gate``: the offline rule: a candidate that scores worse than the control cannot be promoted.

The service (careerpath.ops.rollout) and `careerpath models` are the adapters.
"""

from careerpath.rollout.assignment import CANDIDATE, CONTROL, assign_arm
from careerpath.rollout.gate import promotion_blockers
from careerpath.rollout.guardrails import ArmStats, Guardrails, rollback_reason
from careerpath.rollout.plan import (
    Evaluation,
    RolloutPlan,
    Variant,
    load_plan,
    promote,
    rollback,
    save_plan,
    start,
    step,
)

__all__ = [
    "CANDIDATE",
    "CONTROL",
    "ArmStats",
    "Evaluation",
    "Guardrails",
    "RolloutPlan",
    "Variant",
    "assign_arm",
    "load_plan",
    "promote",
    "promotion_blockers",
    "rollback",
    "rollback_reason",
    "save_plan",
    "start",
    "step",
]
