"""Concept implication: skills a person holds because of other skills, degrees or publications.

Training networks daily in PyTorch means holding deep learning; Terraform means infrastructure as
code; a PhD in machine learning means machine learning, statistics and research methods. Each
implied skill is a SkillMatch with ``source="implied"`` whose evidence is the evidence of what
implied it, so a person can see why. Rules: prerequisites in skills.yaml plus data/implications.yaml.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from careerpath.data_files import bundled_path, read_yaml
from careerpath.skills.matches import Evidence, SkillMatch
from careerpath.skills.taxonomy import Taxonomy

IMPLICATIONS_FILE = "implications.yaml"
# An implied skill is held at working level at most ("used": 0.85): the evidence is indirect.
IMPLIED_CAP = 0.85
# A doctorate or master's in the field is advanced knowledge; a bachelor's is working knowledge.
DEGREE_CONFIDENCE = {"phd": 0.95, "master": 0.9, "bachelor": 0.85}
PUBLICATIONS_CONFIDENCE = 0.85


@dataclass(frozen=True)
class ImplicationRules:
    implies: Mapping[str, tuple[str, ...]]
    degree_fields: Mapping[str, tuple[str, ...]]
    doctorate: tuple[str, ...]
    publications: tuple[str, ...]


@functools.lru_cache(maxsize=4)
def load_implications(path: Path | None = None) -> ImplicationRules:
    raw = read_yaml(path or bundled_path(IMPLICATIONS_FILE)) or {}
    return ImplicationRules(
        implies={k: tuple(v) for k, v in (raw.get("implies") or {}).items()},
        degree_fields={k.lower(): tuple(v) for k, v in (raw.get("degree_fields") or {}).items()},
        doctorate=tuple(raw.get("doctorate") or ()),
        publications=tuple(raw.get("publications") or ()),
    )


def check_implications(rules: ImplicationRules, taxonomy: Taxonomy) -> list[str]:
    """Return the skill ids the rules name that the taxonomy does not know."""
    named = set(rules.implies) | {s for v in rules.implies.values() for s in v}
    named |= {s for v in rules.degree_fields.values() for s in v} | set(rules.doctorate) | set(rules.publications)
    return sorted(s for s in named if s not in taxonomy)


def _implied_by(skill_id: str, taxonomy: Taxonomy, rules: ImplicationRules, *, direct: bool) -> Iterable[str]:
    # Prerequisites say what one learns first, not always what one holds: they imply one hop
    # from a skill the text says was used or led. The explicit rules chain.
    if direct:
        yield from taxonomy.skills[skill_id].prerequisites
    yield from rules.implies.get(skill_id, ())


def implied_skills(
    direct: Mapping[str, SkillMatch],
    taxonomy: Taxonomy,
    *,
    blocked: Iterable[str] = (),
    degree: str | None = None,
    degree_fields: Iterable[str] = (),
    has_publications: bool = False,
    rules: ImplicationRules | None = None,
) -> dict[str, SkillMatch]:
    """Return skills implied by ``direct`` (and the degree and publications), not already held at
    that strength. ``blocked`` skills (the text negates them) are never implied."""
    # Rules naming skills a (custom) taxonomy lacks are skipped; the bundled pair is checked by
    # check_implications in the test suite.
    rules = rules or load_implications()
    blocked_set = set(blocked)
    found: dict[str, SkillMatch] = {}

    def offer(skill_id: str, confidence: float, evidence: tuple[Evidence, ...], origin: str) -> bool:
        if skill_id in blocked_set or skill_id not in taxonomy:
            return False
        held = direct.get(skill_id)
        if held is not None and held.confidence >= confidence:
            return False
        current = found.get(skill_id)
        if current is not None and current.confidence >= confidence:
            return False
        skill = taxonomy.skills[skill_id]
        found[skill_id] = SkillMatch(
            skill_id,
            skill.name,
            skill.category,
            round(confidence, 3),
            evidence[:3],
            "implied",
            skill.esco_uri,
            implied_by=origin,
        )
        return True

    # Breadth-first from the direct skills: each implied skill implies in turn, at the same strength.
    frontier = [(m.skill_id, min(m.confidence, IMPLIED_CAP), m.evidence) for m in direct.values() if m.confidence > 0]
    # Prerequisites are implied only by skills described in use ("used", "led") or typed by hand.
    in_use = {m.skill_id for m in direct.values() if m.strongest in ("used", "led") or m.source == "declared"}
    degree_confidence = DEGREE_CONFIDENCE.get(degree or "", 0.0)
    if degree_confidence:
        text = " ".join(degree_fields).lower()
        for phrase, skill_ids in rules.degree_fields.items():
            if phrase in text:
                note = Evidence(text=f"degree in {phrase}", start=0, end=0, section="education", strength="used")
                for skill_id in skill_ids:
                    if offer(skill_id, degree_confidence, (note,), "degree"):
                        frontier.append((skill_id, IMPLIED_CAP, (note,)))
    if degree == "phd":
        note = Evidence(text="doctorate", start=0, end=0, section="education", strength="used")
        for skill_id in rules.doctorate:
            offer(skill_id, DEGREE_CONFIDENCE["phd"], (note,), "degree")
    if has_publications:
        note = Evidence(text="publications", start=0, end=0, section="publications", strength="used")
        for skill_id in rules.publications:
            offer(skill_id, PUBLICATIONS_CONFIDENCE, (note,), "publications")
    seen = {skill_id for skill_id, _, _ in frontier}
    while frontier:
        source, confidence, evidence = frontier.pop()
        for skill_id in _implied_by(source, taxonomy, rules, direct=source in in_use):
            if offer(skill_id, confidence, evidence, source) and skill_id not in seen:
                seen.add(skill_id)
                frontier.append((skill_id, confidence, evidence))
    return found
