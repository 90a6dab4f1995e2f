"""Re-ranker v3: v2's recipe fitted on more licensed sentences; the default since session 8 round 2."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

import numpy as np
import pytest

from careerpath.esco import load_esco
from careerpath.linking.designs import BEST_DESIGN, build_skill_linker, design_config
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.rerank import RerankedSkillLinker, shipped_reranker_path

SENTENCES = ["We build models in Python and ship them in docker", "Keeps the rooms clean", "java and machine learning"]
# Sources whose text or labels may be used for evaluation only (Decorte validation, Glassdoor jobs files).
EVALUATION_ONLY = ("val-", "jobs", "fresh-")


def test_the_default_design_is_v3_and_v1_and_v2_stay_selectable(esco, tmp_path):
    linker = build_skill_linker(esco, BEST_DESIGN, cache_dir=tmp_path / "embeddings")
    assert isinstance(linker, RerankedSkillLinker) and linker.config.name == "alt-max+desc+lex+rerank.v3"
    v3 = linker.reranker
    assert v3 is not None and v3.feature_set == "v2" and v3.kind == "trees" and v3.k == 50
    assert v3.base_design == design_config("alt-max+desc+lex").name
    older = {}
    for version in ("v1", "v2"):
        linker_old = build_skill_linker(esco, f"alt-max+desc+lex+rerank.{version}", cache_dir=tmp_path / "embeddings")
        assert isinstance(linker_old, RerankedSkillLinker) and linker_old.config.name.endswith(version)
        older[version] = linker_old.reranker
    assert older["v2"] is not None and older["v2"].feature_names == v3.feature_names
    # v3 is a different fitted model than v2 (same features): on the toy taxonomy, with every skill a candidate,
    # their scores for the same candidates differ.
    encoder = HashingEncoder(dim=256)
    scores = {}
    for name, model in (("v2", older["v2"]), ("v3", v3)):
        every = RerankedSkillLinker(esco, encoder, linker.config, reranker=replace(model, k=len(esco.skills)))
        scores[name] = every.score_matrix(SENTENCES)
    assert not np.allclose(scores["v2"], scores["v3"])


def test_the_shipped_v3_model_is_fitted_on_licensed_own_labelled_sentences_only():
    data = json.loads(shipped_reranker_path("linking-reranker.v3.json").read_text(encoding="utf-8"))
    provenance = data["provenance"]
    sources = provenance["sentences_per_source"]
    assert sum(sources.values()) == 609 and {"f8-tech", "f8-house"} <= set(sources)
    assert not [s for s in sources if s.startswith(EVALUATION_ONLY)]
    assert provenance["rule"] == "benchmarks/linking_dev/CONFIRMATION-S8B.md" and provenance["setting"] == "hgb:0.0"
    assert data["name"] == "alt-max+desc+lex+rerank.v3" and data["feature_set"] == "v2"


def test_the_learning_curve_fits_the_small_arm_without_the_added_sources_and_pairs_both_on_the_same_folds(
    tmp_path, monkeypatch, reranker_training_script, toy_reranker_pool
):
    script = reranker_training_script
    pool = toy_reranker_pool(["ann-tech"] * 20 + ["f8-tech"] * 20 + ["jobs"] * 20, width=3)
    fitted_on: list[set[str]] = []
    real = script.fit_predict

    def recording(pool_, train, test, kind, silver):  # type: ignore[no-untyped-def]
        fitted_on.append(set(pool_.source[train].tolist()))
        assert not set(train.tolist()) & set(test.tolist())
        return real(pool_, train, test, kind, silver)

    monkeypatch.setattr(script, "fit_predict", recording)
    out = tmp_path / "curve.json"
    args = argparse.Namespace(setting="logistic:0.0", train_only="ann-", learning_curve="f8-", json=out)
    script.learning_curve(pool, ["a", "b", "c"], args)
    # Per fold: small first (only ann-), then large (ann- and f8-); never the evaluation-only jobs source.
    assert len(fitted_on) == 10
    assert all(arm == {"ann-tech"} for arm in fitted_on[0::2])
    assert all(arm == {"ann-tech", "f8-tech"} for arm in fitted_on[1::2])
    report = json.loads(out.read_text())
    assert report["rows"]["pooled"]["n"] == 60 and report["pooled_not_trained_on"]["n"] == 20
    per_sentence = report["per_sentence"]
    assert len(per_sentence["small"]) == len(per_sentence["large"]) == 60
    # Every sentence is scored out of fold by both arms; the learnable target is found by both (base is 0).
    assert np.mean(per_sentence["small"]) > 0.5 and np.mean(per_sentence["large"]) > 0.5


@pytest.mark.slow
def test_the_cli_s_default_skill_linking_design_is_the_v3_re_ranker(shared_data, mini_esco, tmp_path):
    pytest.importorskip("sentence_transformers", reason="the semantic extra: pip install 'careerpath[semantic]'")
    from typer.testing import CliRunner

    from careerpath.cli.eval_cmd import eval_app
    from careerpath.evaluation.readers import read_linking_examples
    from careerpath.evaluation.runs import evaluate_skill_linking

    cache = tmp_path / "embeddings"
    file = shared_data / "decorte_skill_extraction_benchmark" / "tech_validation_annotations.csv"
    command = ["skill-linking", str(file), "--esco", str(mini_esco), "--limit", "12", "--cache-dir", str(cache)]
    result = CliRunner().invoke(eval_app, command)  # no --design
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output.strip().splitlines()[-1])
    assert metrics["design"] == "alt-max+desc+lex+rerank" and metrics["n"] == 12
    # The same figures as the v3 design by its versioned name, in Python, on the cache the CLI just filled.
    linker = build_skill_linker(load_esco(mini_esco), "alt-max+desc+lex+rerank.v3", cache_dir=cache).prepare()
    report = evaluate_skill_linking(read_linking_examples(file)[:12], linker.score_matrix, linker.labels_)
    assert metrics["rp@5"] == pytest.approx(report.metrics["rp@5"], abs=1e-3)
