from __future__ import annotations

import gzip

import pytest

from careerpath.evaluation.readers import (
    EvaluationInputError,
    read_conll,
    read_linking_examples,
    read_tagged_sentences,
    read_title_examples,
)


def test_read_linking_examples_groups_labels_and_drops_special_ones(tmp_path):
    path = tmp_path / "x_annotations.csv"
    path.write_text(
        "sentence,span,sub_span,label\n"
        "use python and java,python,,Python (computer programming)\n"
        "use python and java,java,,Java (computer programming)\n"
        "use python and java,python,,Python (computer programming)\n"
        "be nice,nice,,LABEL NOT PRESENT\n"
        "be smart,smart,,UNDERSPECIFIED\n"
    )
    examples = read_linking_examples(path)
    assert len(examples) == 1
    assert examples[0].gold_labels == ("Python (computer programming)", "Java (computer programming)")


def test_read_linking_examples_names_missing_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,skill\nhello,world\n")
    with pytest.raises(EvaluationInputError, match="sentence"):
        read_linking_examples(path)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(EvaluationInputError, match="does not exist"):
        read_title_examples(tmp_path / "nope.csv")


def test_read_conll_with_two_layers(tmp_path):
    path = tmp_path / "s.conll"
    path.write_text("Python\tB-Skill\tB-Knowledge\nskills\tI-Skill\tO\n\nHello\tO\tO\n\n")
    sentences = read_conll(path)
    assert [s.tokens for s in sentences] == [("Python", "skills"), ("Hello",)]
    assert sentences[0].layers == (("B-Skill", "I-Skill"), ("B-Knowledge", "O"))


def test_read_token_table_groups_by_sentence_id(tmp_path):
    path = tmp_path / "green.csv"
    path.write_text("sentence_id,word,pos,tag\n1,Proven,NNP,O\n1,Python,NN,B-Skill\n2,Degree,NN,B-Qualification\n")
    sentences = read_tagged_sentences(path)
    assert [s.tokens for s in sentences] == [("Proven", "Python"), ("Degree",)]
    assert sentences[1].layers == (("B-Qualification",),)


def test_read_title_examples_accepts_gzip(tmp_path):
    path = tmp_path / "titles.csv.gz"
    with gzip.open(path, "wt") as handle:
        handle.write(",vacancyTitle,conceptUri\n0,Data Scientist,http://data.europa.eu/esco/occupation/x\n")
    assert read_title_examples(path)[0].title == "Data Scientist"
