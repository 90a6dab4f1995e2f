from __future__ import annotations

import pytest

from careerpath.skills.extraction import SkillExtractor
from careerpath.skills.taxonomy import Taxonomy


@pytest.fixture(scope="module")
def extractor(taxonomy: Taxonomy) -> SkillExtractor:
    return SkillExtractor(taxonomy)


def _found(extractor: SkillExtractor, text: str, section: str | None = None) -> dict[str, str]:
    section_of = (lambda _offset: section) if section else None
    return {m.skill_id: m.strongest for m in extractor.extract(text, section_of)}


def test_extract_evidence_offsets_point_at_the_text(extractor: SkillExtractor) -> None:
    text = "Built data pipelines with Apache Airflow and scikit-learn."
    matches = extractor.extract(text)
    assert {m.skill_id for m in matches} == {"apache_airflow", "scikit_learn"}
    for match in matches:
        for evidence in match.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("Trained models with sklearn", "scikit_learn"),
        ("deployed on k8s", "kubernetes"),
        ("fine-tuned LLMs for support", "large_language_models"),
        ("Shipped a Golang service", "go_lang"),
        ("wrote PYTHON3 scripts", "python"),
    ],
)
def test_extract_finds_aliases_case_insensitively(extractor: SkillExtractor, text: str, skill_id: str) -> None:
    assert skill_id in _found(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Pythonic code reviews",  # no word boundary
        "I will go home and spark joy.",  # ambiguous names in prose, wrong case
        "R. Smith gave me a C in chemistry.",  # single letters in prose
        "Let's Go to the park, said R.",  # capitalised, but no skill-list context
    ],
)
def test_extract_ignores_ambiguous_words_in_prose(extractor: SkillExtractor, text: str) -> None:
    found = _found(extractor, text)
    assert not {"python", "go_lang", "apache_spark", "r_lang", "c_lang"} & set(found)


def test_extract_takes_ambiguous_names_in_a_skill_list(extractor: SkillExtractor) -> None:
    found = _found(extractor, "Languages: Python, R, Go, SQL")
    assert {"python", "r_lang", "go_lang", "sql"} <= set(found)


def test_extract_takes_ambiguous_names_in_a_skills_section(extractor: SkillExtractor) -> None:
    assert "apache_spark" in _found(extractor, "Spark", section="skills")


def test_extract_takes_ambiguous_name_followed_by_technology_word(extractor: SkillExtractor) -> None:
    assert "go_lang" in _found(extractor, "Wrote Go services and Go programming tutorials")


def test_extract_prefers_the_longer_alias(extractor: SkillExtractor) -> None:
    found = _found(extractor, "Skills: TensorFlow Lite, Apache Spark")
    assert "tensorflow_lite" in found and "tensorflow" not in found
    matches = {m.skill_id: m for m in extractor.extract("Skills: Apache Spark, SQL")}
    assert [e.text for e in matches["apache_spark"].evidence] == ["Apache Spark"]


@pytest.mark.parametrize(
    "text",
    [
        "I have no experience with Kubernetes.",
        "Never used Docker in production.",
        "No production experience with Kubernetes yet.",
        "Kubernetes: none",
    ],
)
def test_extract_negated_skill_is_not_a_skill(extractor: SkillExtractor, text: str) -> None:
    matches = extractor.extract(text)
    assert not {"kubernetes", "docker"} & {m.skill_id for m in matches}
    negated = extractor.extract(text, include_negated=True)
    assert all(m.confidence == 0.0 for m in negated)


def test_extract_negation_does_not_cross_a_verb_of_use(extractor: SkillExtractor) -> None:
    assert _found(extractor, "Migrated services without downtime using Docker.")["docker"] == "used"


def test_extract_hedged_claim_is_weaker_than_leading(extractor: SkillExtractor) -> None:
    hedged = extractor.extract("I am familiar with PyTorch.")[0]
    led = extractor.extract("Led a team that built PyTorch models.")[0]
    assert hedged.strongest == "hedged" and led.strongest == "led"
    assert hedged.confidence < led.confidence


def test_extract_repeated_evidence_raises_confidence(extractor: SkillExtractor) -> None:
    once = extractor.extract("Used Docker.")[0].confidence
    twice = extractor.extract("Used Docker. Later I used Docker again.")[0].confidence
    assert twice > once


def test_extract_records_section(extractor: SkillExtractor) -> None:
    match = extractor.extract("Python", lambda offset: "skills")[0]
    assert match.evidence[0].section == "skills"


def test_extract_empty_text_returns_nothing(extractor: SkillExtractor) -> None:
    assert extractor.extract("") == []


def test_extract_takes_ambiguous_name_joined_to_a_known_skill(extractor: SkillExtractor) -> None:
    assert "apache_spark" in _found(extractor, "Built jobs in Python and Spark for the team.")
    assert "apache_spark" not in _found(extractor, "Python gave the project its Spark.")


def test_extract_repeated_hedging_never_reaches_working_knowledge(extractor: SkillExtractor) -> None:
    text = "Familiar with PyTorch. Some exposure to PyTorch. Currently learning PyTorch."
    assert extractor.extract(text)[0].confidence <= 0.45


def test_extract_reads_cues_across_a_hard_wrapped_line(extractor: SkillExtractor) -> None:
    text = "I have no production experience\nwith Kubernetes yet.\nBuilt services in Python and\nDocker containers."
    found = {m.skill_id: m for m in extractor.extract(text)}
    assert "kubernetes" not in found
    assert found["docker"].evidence[0].sentence == "Built services in Python and Docker containers."
