"""Small hand-made roles and a keyword skill extractor for market tests (no bundled data needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from careerpath.market.parsing import PostingParser
from careerpath.skills.matches import Evidence, SkillMatch


@dataclass
class FakeRole:
    id: str
    name: str
    title_aliases: list[str] = field(default_factory=list)


ROLES = [
    FakeRole("data_scientist", "Data Scientist", ["Data Science", "Applied Scientist"]),
    FakeRole("ml_engineer", "Machine Learning Engineer", ["ML Engineer", "AI Engineer"]),
    FakeRole("data_engineer", "Data Engineer", ["Big Data Engineer", "ETL Developer"]),
    FakeRole("data_analyst", "Data Analyst", ["Business Intelligence Analyst", "BI Analyst"]),
]
SKILLS = {
    "python": "Python",
    "sql": "SQL",
    "spark": "Spark",
    "aws": "AWS",
    "excel": "Excel",
    "tableau": "Tableau",
    "machine_learning": "machine learning",
    "tensorflow": "TensorFlow",
    "pytorch": "PyTorch",
    "hadoop": "Hadoop",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "llm": "LLM",
}


class KeywordExtractor:
    """Finds each skill name as a whole word; "no X" marks it negated."""

    def __init__(self) -> None:
        self.patterns = {
            sid: re.compile(rf"(?<!\w)(no\s+)?{re.escape(name)}(?!\w)", re.IGNORECASE) for sid, name in SKILLS.items()
        }

    def extract(self, text: str) -> list[SkillMatch]:
        found = []
        for sid, pattern in self.patterns.items():
            match = pattern.search(text)
            if match:
                strength = "negated" if match.group(1) else "used"
                found.append(
                    SkillMatch(
                        sid,
                        SKILLS[sid],
                        "ml_techniques",
                        0.9,
                        (Evidence(match.group(0), match.start(), match.end(), strength=strength),),
                    )
                )
        return found


def fake_parser() -> PostingParser:
    return PostingParser(ROLES, KeywordExtractor())


@dataclass(frozen=True)
class FakeLink:
    uri: str
    label: str
    score: float


@dataclass(frozen=True)
class FakeDesign:
    name: str = "keyword-esco.v1"  # no dense weights: whole-label matches only (score >= 1.0)


# Phrase in a sentence → the (made-up) ESCO skill it stands for.
ESCO_PHRASES = {
    "stakeholders": ("urn:test:esco/liaise-with-managers", "liaise with managers"),
    "dashboards": ("urn:test:esco/present-reports", "present reports"),
    "mentor": ("urn:test:esco/mentor-individuals", "mentor individuals"),
}


class KeywordLinker:
    """Links a sentence to the ESCO skill of each phrase it contains (score 1.0), like a lexical design."""

    config = FakeDesign()

    def link_skills(self, sentences, *, top_k=10):
        return [
            [FakeLink(uri, label, 1.0) for phrase, (uri, label) in ESCO_PHRASES.items() if phrase in s.lower()][:top_k]
            for s in sentences
        ]


def fake_esco_parser() -> PostingParser:
    return PostingParser(ROLES, KeywordExtractor(), KeywordLinker())
