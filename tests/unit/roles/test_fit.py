from __future__ import annotations

from careerpath.roles.candidate import Candidate
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.fit import rank_roles, score_fit
from careerpath.skills.matches import Evidence, SkillMatch
from careerpath.skills.taxonomy import Taxonomy


def _candidate(
    taxonomy: Taxonomy, skills: dict[str, float], years: float | None = 3.0, degree: str | None = "bachelor"
) -> Candidate:
    matches = {}
    for skill_id, confidence in skills.items():
        skill = taxonomy.get(skill_id)
        evidence = (Evidence(skill.name, 0, len(skill.name), "skills"),)
        matches[skill_id] = SkillMatch(skill_id, skill.name, skill.category, confidence, evidence)
    return Candidate(matches, years, degree)


def test_rank_roles_puts_the_matching_role_first(taxonomy: Taxonomy, roles: RoleCatalogue) -> None:
    data_person = _candidate(taxonomy, {"python": 0.9, "sql": 0.9, "apache_spark": 0.9, "apache_airflow": 0.85})
    fits = rank_roles(data_person, roles)
    assert fits[0].role_id == "data_engineer"
    assert all(0.0 <= f.score <= 1.0 for f in fits)
    assert [f.score for f in fits] == sorted((f.score for f in fits), reverse=True)


def test_score_fit_explains_matched_and_missing(taxonomy: Taxonomy, roles: RoleCatalogue) -> None:
    fit = score_fit(_candidate(taxonomy, {"python": 0.95, "sql": 0.85}), roles.resolve("data scientist"), taxonomy)
    assert {m.skill_id for m in fit.matched} >= {"python", "sql"}
    assert fit.matched[0].evidence  # every direct match carries its evidence
    missing = [m.skill_id for m in fit.missing]
    assert "statistics" in missing and "python" not in missing
    # Required skills of weight 1.0 come before nice-to-haves of lower weight.
    assert missing.index("statistics") < missing.index("communication")


def test_score_fit_gives_transferable_credit_through_related_skills(taxonomy: Taxonomy, roles: RoleCatalogue) -> None:
    role = roles.resolve("ml_engineer")
    without = score_fit(_candidate(taxonomy, {"python": 0.9}), role, taxonomy)
    with_tf = score_fit(_candidate(taxonomy, {"python": 0.9, "tensorflow": 0.9}), role, taxonomy)
    # Half credit from a related skill is partial: PyTorch stays missing, with its credit shown,
    # and is never listed as matched at the same time.
    pytorch = next(m for m in with_tf.missing if m.skill_id == "pytorch")
    assert 0 < pytorch.credit < 0.7
    assert "pytorch" not in {m.skill_id for m in with_tf.matched}
    assert with_tf.score > without.score
    # Knowing TensorFlow also implies some deep learning (its prerequisite).
    deep = next(m for m in (*with_tf.matched, *with_tf.missing) if m.skill_id == "deep_learning")
    assert deep.credit > 0


def test_score_fit_hedged_skill_earns_less_than_used(taxonomy: Taxonomy, roles: RoleCatalogue) -> None:
    role = roles.resolve("data_scientist")
    hedged = score_fit(_candidate(taxonomy, {"statistics": 0.4}), role, taxonomy)
    used = score_fit(_candidate(taxonomy, {"statistics": 0.85}), role, taxonomy)
    assert hedged.required_coverage < used.required_coverage


def test_score_fit_gates_lower_the_score_and_say_so(taxonomy: Taxonomy, roles: RoleCatalogue) -> None:
    skills = {"leadership": 0.95, "communication": 0.95, "machine_learning": 0.95}
    manager = roles.resolve("AI Engineering Manager")
    senior = score_fit(_candidate(taxonomy, skills, years=8, degree="master"), manager, taxonomy)
    junior = score_fit(_candidate(taxonomy, skills, years=1, degree="bachelor"), manager, taxonomy)
    assert senior.score > junior.score
    status = {g.name: g.status for g in junior.gates}
    assert status == {"education": "not_met", "experience": "not_met"}
    actions = [i.action for i in junior.improvements]
    assert any("degree" in a for a in actions) and any("experience" in a for a in actions)
    unknown = score_fit(_candidate(taxonomy, skills, years=None, degree=None), manager, taxonomy)
    assert {g.status for g in unknown.gates} == {"unknown"}


def test_score_fit_improvements_are_sorted_by_gain(taxonomy: Taxonomy, roles: RoleCatalogue) -> None:
    fit = score_fit(_candidate(taxonomy, {"python": 0.9}), roles.resolve("data_scientist"), taxonomy)
    gains = [i.score_gain for i in fit.improvements]
    assert gains == sorted(gains, reverse=True) and gains[0] > 0


def test_score_fit_orders_equal_missing_skills_by_market_demand(taxonomy: Taxonomy, roles: RoleCatalogue) -> None:
    role = roles.resolve("data_engineer")
    candidate = _candidate(taxonomy, {"python": 0.9})
    plain = score_fit(candidate, role, taxonomy)
    demanded = score_fit(candidate, role, taxonomy, demand={"docker": 0.9})
    order = [m.skill_id for m in demanded.missing]
    assert order.index("docker") < order.index("aws")
    assert next(m for m in demanded.missing if m.skill_id == "docker").demand == 0.9
    assert plain.score == demanded.score  # demand orders the gap; it does not change the fit
