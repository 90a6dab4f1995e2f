from __future__ import annotations

from careerpath.linking.designs import DESIGNS
from careerpath.linking.documents import link_document_skills, split_sentences
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.linker import SkillLinker


def test_split_sentences_cuts_lines_bullets_and_stops():
    text = "We build models. You know Python well!\n• Docker and containers\nok"
    assert split_sentences(text) == ["We build models.", "You know Python well!", "Docker and containers"]


def test_link_document_skills_keeps_each_skill_once_with_its_sentence(esco):
    linker = SkillLinker(esco, HashingEncoder(), DESIGNS["alt-max+lex"])
    documents = ["Strong python programming skills.\nMore python programming here, honestly.", ""]
    results = link_document_skills(documents, linker, per_sentence=2)
    assert len(results) == 2
    assert results[1] == []
    uris = [skill.uri for skill in results[0]]
    assert uris[0] == "u:python"
    assert len(uris) == len(set(uris))
    assert "python" in results[0][0].sentence.lower()
