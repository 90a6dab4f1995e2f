"""keyword-match.v3 on the bundled taxonomy: hedge and negation scope, proper-noun traps, recall."""

from __future__ import annotations

import pytest

from careerpath.skills.activity import load_activity_cues
from careerpath.skills.extraction import SkillExtractor
from careerpath.skills.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def bundled() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def extractor(bundled: Taxonomy) -> SkillExtractor:
    return SkillExtractor(bundled)


def _strengths(extractor: SkillExtractor, text: str, section: str | None = None) -> dict[str, str]:
    section_of = (lambda _offset: section) if section else None
    return {m.skill_id: m.strongest for m in extractor.extract(text, section_of, include_negated=True)}


@pytest.mark.parametrize(
    ("text", "skill_id", "strength"),
    [
        # "learning" inside "machine learning" is not the person learning.
        ("Machine learning engineer who built Kubernetes clusters.", "kubernetes", "led"),
        ("Deep learning researcher; deployed models with Docker.", "docker", "led"),
        # A hedge after the skill, and "beginning to learn".
        ("Rust — currently learning", "rust_lang", "hedged"),  # in a skills section (ambiguous name)
        ("Rust - currently learning", "rust_lang", "hedged"),
        ("Go services; beginning to learn JAX.", "jax", "hedged"),
        ("Currently learning TypeScript on weekends.", "typescript", "hedged"),
        # A hedge in brackets is about its own item only.
        ("Skills: Python, SQL (basic), Kubernetes", "kubernetes", "mentioned"),
        ("Skills: Python, SQL (basic), Kubernetes", "sql", "hedged"),
        # Negation governs the whole list it introduces.
        ("No experience with deep learning or cloud platforms yet.", "deep_learning", "negated"),
    ],
)
def test_cue_scope(extractor: SkillExtractor, text: str, skill_id: str, strength: str) -> None:
    assert _strengths(extractor, text, "skills").get(skill_id) == strength


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("Exchange semester on Java (the island), studying Indonesian.", "java"),
        ("Backpacked across the island of Java in 2019.", "java"),
        ("Sang in the La Scala chorus for seven years.", "scala"),
        ("Weekend guide at the giant pandas exhibit.", "pandas"),
        ("Fed the red pandas at the zoo.", "pandas"),
        ("Framed Claude Monet prints for the gallery.", "large_language_models"),
        ("Made recommendations to the board on pricing.", "recommender_systems"),
        ("Ran regression tests before every release.", "regression"),
        # Traps that already worked stay working.
        ("I will go home and spark joy.", "apache_spark"),
        ("I excel at explaining numbers.", "excel"),
        ("Led the R&D team's go-to-market plan for the C-suite.", "r_lang"),
        ("Led the R&D team's go-to-market plan for the C-suite.", "go_lang"),
        ("Led the R&D team's go-to-market plan for the C-suite.", "c_lang"),
    ],
)
def test_proper_nouns_and_traps_are_not_skills(extractor: SkillExtractor, text: str, skill_id: str) -> None:
    assert skill_id not in _strengths(extractor, text)


def test_the_language_names_still_count_in_technical_text(extractor: SkillExtractor) -> None:
    found = _strengths(extractor, "Built Java and Scala services; analysed data with pandas.")
    assert {"java", "scala", "pandas"} <= set(found)


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("Shrank networks using structured\npruning and distillation.", "pruning"),  # hard line wrap
        ("Known  for  data  storytelling  and  clear  charts.", "data_storytelling"),  # justified PDF
        ("Owned data-quality checks for finance.", "data_quality"),  # hyphen for a space
        ("Red-teamed chat models for jailbreaks.", "red_teaming"),
        ("Trained CNNs daily.", "cnn"),  # plural of an acronym
        ("Built the revenue dashboard for the CFO.", "dashboards"),
        ("Hired 5 engineers and promoted two.", "hiring"),
        ("Managed a team of 8 ML engineers.", "people_management"),
        ("I mentor three juniors.", "mentoring"),
        ("Built drift monitoring for 120 credit models.", "model_monitoring"),
        ("Fine-tuned AraBERT for dialect classification.", "bert"),
        ("Fine-tuned XLM-R for NER.", "bert"),
        ("Served Llama-3 behind an internal API.", "large_language_models"),
        ("Fused lidar, IMU and wheel odometry.", "sensor_fusion"),
        ("Fine-tuned 7B LLMs with LoRA on 64 GPUs.", "llm_fine_tuning"),
    ],
)
def test_recall_of_forms_and_activities(extractor: SkillExtractor, text: str, skill_id: str) -> None:
    match = next((m for m in extractor.extract(text) if m.skill_id == skill_id), None)
    assert match is not None
    for evidence in match.evidence:  # offsets still point into the original text
        assert text[evidence.start : evidence.end] == evidence.text


def test_v2_stays_selectable_and_v3_finds_more(bundled: Taxonomy) -> None:
    text = "Hired 5 engineers; structured\npruning; data-quality checks."
    v2 = {m.skill_id for m in SkillExtractor(bundled, "keyword-match.v2").extract(text)}
    v3 = {m.skill_id for m in SkillExtractor(bundled).extract(text)}
    assert SkillExtractor(bundled).name == "keyword-match.v3"
    assert {"hiring", "pruning", "data_quality"} <= v3 - v2


def test_activity_cues_name_only_known_skills(bundled: Taxonomy) -> None:
    assert load_activity_cues().skill_ids <= set(bundled.skills)
