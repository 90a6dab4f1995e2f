"""The offline promotion rule: evaluate before any promotion, and never promote a worse candidate.

A candidate can be promoted only if at least one offline evaluation compared exactly the current
control and candidate versions, and on every such evaluation the candidate scored at least as
well as the control.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careerpath.rollout.plan import RolloutPlan


def promotion_blockers(plan: RolloutPlan) -> list[str]:
    """Return why the plan's candidate cannot be promoted (empty: it can)."""
    if plan.candidate is None:
        return ["No candidate is running."]
    control, candidate = plan.control.version(), plan.candidate.version()
    relevant = [e for e in plan.evaluations if e.control_version == control and e.candidate_version == candidate]
    if not relevant:
        return [f"{candidate} has no offline evaluation against {control}: run `careerpath models evaluate FILE`."]
    return [
        f"{candidate} scores {e.metric} {e.candidate:.4f} on {e.dataset}, below the control's {e.control:.4f}."
        for e in relevant
        if e.candidate < e.control
    ]
