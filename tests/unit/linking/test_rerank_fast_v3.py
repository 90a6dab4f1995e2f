"""The fast design's re-ranker v3 (session 10, RULE-S10-FAST.md): the development comparison against a shipped model
fits only on licensed sources, pairs only where the shipped model never trained, and refuses a mismatched gap file."""

from __future__ import annotations

import argparse
import json

import numpy as np
import pytest

from careerpath.linking.rerank import RerankerModel

NAMES = ["a", "b"]


def shipped_model(trained_on: list[str], base_design: str = "toy-base.v1") -> RerankerModel:
    """A fixed linear model on the first feature (the one that decides the toy gold), as a shipped file would be."""
    return RerankerModel(
        name="toy+rerank.v2", base_design=base_design, k=50, feature_names=tuple(NAMES), kind="logistic",
        weights=np.array([1.0, 0.0]), mean=np.zeros(2), scale=np.ones(2), feature_set="v1",
        provenance={"train_only": trained_on},
    )  # fmt: skip


@pytest.fixture
def comparison(tmp_path, monkeypatch, reranker_training_script, toy_reranker_pool):  # type: ignore[no-untyped-def]
    script = reranker_training_script
    sources = ["ann-tech"] * 15 + ["f9-house"] * 15 + ["val-tech"] * 15 + ["jobs8"] * 15
    pool = toy_reranker_pool(sources, width=len(NAMES))
    fitted: list[set[str]] = []
    real_fit = script.fit

    def recording(pool_, train, kind, silver):  # type: ignore[no-untyped-def]
        fitted.append(set(pool_.source[train].tolist()))
        return real_fit(pool_, train, kind, silver)

    monkeypatch.setattr(script, "fit", recording)
    monkeypatch.setattr(script, "load_reranker", lambda path: shipped_model(["ann-"]))
    monkeypatch.setattr(script, "shipped_reranker_path", lambda name: name)

    def run(out, gap_to=None, save_model=None):  # type: ignore[no-untyped-def]
        args = argparse.Namespace(
            setting="logistic:0.0", train_only="ann-,f9-", against_shipped="toy.json", gap_to=gap_to, json=out,
            save_model=save_model, name="toy+rerank.v3", feature_set="v1", rule="RULE.md",
        )  # fmt: skip
        script.against_shipped(pool, NAMES, args, "toy-base.v1")
        return json.loads(out.read_text())

    return script, fitted, run


def test_the_recipe_is_fitted_per_fold_and_once_on_licensed_sources_only_and_paired_where_the_shipped_never_trained(
    tmp_path, comparison
):
    _, fitted, run = comparison
    report = run(tmp_path / "fast.json", save_model=tmp_path / "model.json")
    assert len(fitted) == 6  # five folds, then the file that would ship
    assert all(f <= {"ann-tech", "f9-house"} for f in fitted) and fitted[-1] == {"ann-tech", "f9-house"}
    rows = report["rows"]
    unseen = rows["sentences toy.json never trained on (out of fold)"]
    assert unseen["pooled"]["n"] == 45  # every source but ann- (the shipped model's own)
    assert rows["sentences neither file trained on"]["pooled"]["n"] == 30  # Decorte validation and jobs
    assert rows["sentences neither file trained on, Decorte validation"]["n"] == 15
    assert rows["sentences neither file trained on, jobs"]["n"] == 15
    scored = report["per_sentence"]
    assert scored["candidate"][:30] == [None] * 30  # the shipped-size fit is never scored on its training sentences
    assert np.mean(scored["candidate-oof"]) > 0.5  # the toy gold is learnable
    saved = json.loads((tmp_path / "model.json").read_text())
    assert saved["name"] == "toy+rerank.v3" and saved["provenance"]["rule"] == "RULE.md"
    assert saved["provenance"]["sentences_per_source"] == {"ann-tech": 15, "f9-house": 15}


def test_the_gap_pairs_two_runs_over_the_same_files_and_refuses_others(tmp_path, comparison):
    _, _, run = comparison
    other = run(tmp_path / "default.json")
    gap = run(tmp_path / "fast.json", gap_to=tmp_path / "default.json")["rows"]
    assert gap["gap out of fold"]["pooled"]["n"] == 60
    assert gap["gap out of fold"]["pooled"]["this-oof-other-oof_point"] == 0.0  # the same recipe on the same folds
    assert gap["gap shipped files"]["pooled"]["n"] == 30  # neither this run's sources nor the other's shipped file
    other["per_sentence"]["group"] = other["per_sentence"]["group"][::-1]
    (tmp_path / "shuffled.json").write_text(json.dumps(other))
    with pytest.raises(SystemExit, match="same files"):
        run(tmp_path / "again.json", gap_to=tmp_path / "shuffled.json")


def test_a_shipped_model_of_another_base_is_refused(tmp_path, monkeypatch, comparison):
    script, _, run = comparison
    monkeypatch.setattr(script, "load_reranker", lambda path: shipped_model(["ann-"], base_design="other.v1"))
    with pytest.raises(SystemExit, match=r"re-ranks other\.v1"):
        run(tmp_path / "x.json")


def test_the_fresh_confirmation_scores_the_shipped_model_on_its_own_columns_and_drops_fresh_sentences_seen_in_training(
    tmp_path, monkeypatch, reranker_training_script, toy_reranker_pool
):
    """The scorer the confirmations share (model_rp5): a shipped model reads only its own leading columns."""
    script = reranker_training_script
    pool = toy_reranker_pool(["ann-tech"] * 20 + ["fresh-tech"] * 10, width=3)
    pool.group[20] = pool.group[0]  # one fresh sentence is also a training sentence: dropped, not scored
    monkeypatch.setattr(script, "load_reranker", lambda path: shipped_model(["ann-"]))
    monkeypatch.setattr(script, "shipped_reranker_path", lambda name: name)
    args = argparse.Namespace(
        setting="logistic:0.0", train_only="ann-", shipped="toy.json", labels="new,old", json=tmp_path / "f.json",
        save_model=None,
    )  # fmt: skip
    script.fresh_confirmation(pool, [*NAMES, "c"], args, "toy-base.v1")
    report = json.loads((tmp_path / "f.json").read_text())
    assert report["rows"]["pooled"]["n"] == 9
    scored = report["per_sentence"]
    assert np.mean(scored["old"]) > 0.9 and np.mean(scored["new"]) > 0.5  # the toy gold: the first column decides


def test_fresh_run_keeps_a_human_override_of_a_training_file(reranker_training_script, tmp_path):
    """--fresh used to re-read the default linking_dev files after --human, silently replacing an override such as
    ann-tech=OTHER (a relabelled copy) with the original; the run then trained on labels it was not given."""
    other, fresh = tmp_path / "relabelled.csv", tmp_path / "fresh.csv"
    files = reranker_training_script.human_files([f"ann-tech={other}"])
    picked = reranker_training_script.fresh_run_files(files, [f"fresh-tech={fresh}"], "ann-,dev2-")
    assert picked["ann-tech"] == [other]
    assert picked["fresh-tech"] == [fresh]
    assert not any(name.startswith("val-") for name in picked)  # evaluation-only files are never training sources
