from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careerpath.skills.esco_tier import link_unexplained, unexplained_sentences
from careerpath.skills.extraction import SkillExtractor
from careerpath.skills.taxonomy import Taxonomy


@dataclass
class _Link:
    uri: str
    label: str
    score: float


@dataclass
class _Config:
    name: str = "fake.v1"


class FakeLinker:
    """Stands in for SkillLinker at its boundary: links by keyword, records what it was asked."""

    config = _Config()

    def __init__(self) -> None:
        self.asked: list[str] = []

    def link_skills(self, sentences: Sequence[str], *, top_k: int = 10) -> list[list[_Link]]:
        self.asked.extend(sentences)
        out = []
        for sentence in sentences:
            if "stakeholders" in sentence:
                out.append([_Link("http://data.europa.eu/esco/skill/x", "liaise with stakeholders", 0.8)])
            else:
                out.append([_Link("http://data.europa.eu/esco/skill/y", "other", 0.1)])
        return out


TEXT = "Built models in Python and Docker.\nRan requirement workshops with stakeholders.\nOk."


def test_tier_only_sees_sentences_the_lexical_pass_did_not_explain(taxonomy: Taxonomy) -> None:
    matches = SkillExtractor(taxonomy).extract(TEXT)
    spans = unexplained_sentences(TEXT, matches)
    assert [TEXT[s:e] for s, e in spans] == ["Ran requirement workshops with stakeholders."]
    linker = FakeLinker()
    links = link_unexplained(TEXT, matches, linker)
    assert linker.asked == ["Ran requirement workshops with stakeholders."]
    assert links[0].label == "liaise with stakeholders" and links[0].design == "fake.v1"
    assert TEXT[links[0].start : links[0].end] == links[0].sentence


def test_tier_with_nothing_unexplained_asks_nothing(taxonomy: Taxonomy) -> None:
    text = "Built models in Python and Docker."
    linker = FakeLinker()
    assert link_unexplained(text, SkillExtractor(taxonomy).extract(text), linker) == []
    assert linker.asked == []
