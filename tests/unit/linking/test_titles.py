from __future__ import annotations

import numpy as np
import pytest

from careerpath.errors import InputError
from careerpath.linking.encoders import ConcatEncoder, HashingEncoder
from careerpath.linking.titles import (
    OccupationLinker,
    TitleRewriter,
    build_occupation_linker,
    clean_title,
    load_title_adapter,
    normalize_title_to_esco,
    strip_title_noise,
    title_views,
)


def test_clean_title_drops_noise():
    assert clean_title("URGENT!! Senior Data Scientist (Remote)") == "senior data scientist"


def test_strip_title_noise_drops_places_and_pay_a_job_board_appends():
    def strip(title: str) -> str:
        return strip_title_noise(clean_title(title))

    assert strip("SUPERVISOR CUM PATROLLING OFFICER IN BATU KAWAN, PENANG") == "supervisor cum patrolling officer"
    assert strip("Sales Assistant - IOI City Mall Putrajaya") == "sales assistant"
    assert strip("Lorry Driver KL & Selangor") == "lorry driver"
    assert strip("Apprentice for Web Developer-RM1000* | FOC Monthly Activities") == "apprentice for web developer"
    assert strip("Driver Salary up to RM2500") == "driver"
    assert strip("VACANCY - ROV SUPERVISOR") == "rov supervisor"
    assert strip("Teacher of Mandarin & Bahasa Malaysia") == "teacher of mandarin & bahasa malaysia"  # a language
    assert strip("Engineer in Training") == "engineer in training"
    assert strip("KL") == "kl"  # never strips a title away to nothing


def test_a_partner_encoder_blends_each_labels_cosine_before_the_max(esco, tmp_path):
    own, partner = HashingEncoder(dim=64), HashingEncoder(dim=256, ngram=2)
    titles = ["Software Engineer", "room attendant", "data science lead"]
    alone = OccupationLinker(esco, own, cache_dir=tmp_path).score_matrix(titles)
    partner_alone = OccupationLinker(esco, partner, cache_dir=tmp_path).score_matrix(titles)

    def blended(weight: float) -> np.ndarray:
        linker = OccupationLinker(esco, own, cache_dir=tmp_path, partner=partner, partner_weight=weight)
        return linker.score_matrix(titles)

    assert np.allclose(blended(0.0), alone, atol=1e-6)
    assert np.allclose(blended(1.0), partner_alone, atol=1e-6)
    half = blended(0.5)
    # max over labels of the blend: never above the blend of the two maxima, and a real mix of both
    assert np.all(half <= (alone + partner_alone) / 2 + 1e-6)
    assert not np.allclose(half, alone) and not np.allclose(half, partner_alone)
    assert [row.argmax() for row in half] == [1, 2, 0]


def test_the_title_blend_is_the_skill_ensemble_encoder_over_each_encoder_s_own_label_cache(esco, tmp_path):
    # titles.v5's blend and the skill linker's minilm+mpnet ensemble are one implementation (ConcatEncoder): the
    # same 50/50 mean of each label's two cosines, and label vectors read from each encoder's own cache.
    own, partner = HashingEncoder(dim=64), HashingEncoder(dim=256, ngram=2)
    titles = ["Software Engineer", "room attendant", "data science lead"]
    by_partner = OccupationLinker(esco, own, cache_dir=tmp_path, partner=partner, partner_weight=0.5)
    by_ensemble = OccupationLinker(esco, ConcatEncoder([(own, 1.0), (partner, 1.0)]), cache_dir=tmp_path)
    assert by_partner.scoring_encoder.name == by_ensemble.encoder.name
    labels = by_partner.label_texts_
    mean_of_cosines = 0.5 * (own.encode(titles) @ own.encode(labels).T) + 0.5 * (
        partner.encode(titles) @ partner.encode(labels).T
    )
    assert np.allclose(by_partner._label_cosines(titles), mean_of_cosines, atol=1e-6)
    assert np.allclose(by_ensemble.score_matrix(titles), by_partner.score_matrix(titles), atol=1e-6)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([own.name, partner.name])  # no third copy


def test_normalize_title_to_esco_ranks_the_matching_occupation(esco, tmp_path):
    linker = OccupationLinker(esco, HashingEncoder(), cache_dir=tmp_path)
    result = normalize_title_to_esco("Software Engineer (m/f)", linker, top_k=2)
    assert result.occupations[0].uri == "o:dev"
    assert result.role_id is None
    assert normalize_title_to_esco("DATA SCIENTIST", linker).occupations[0].isco_group == "2511"


def test_rewriter_expands_shorthand_and_drops_offer_words():
    rewrite = TitleRewriter.bundled()
    assert rewrite(clean_title("Sr. Software Engr (Remote)")) == "software engineer"
    assert rewrite(clean_title("Internship - BUSINESS DEVELOPMENT EXEC")) == "- business development executive"
    assert rewrite("senior") == "senior"  # never rewrites a title away to nothing


def test_title_views_split_compound_titles_only():
    assert title_views("coating executive / planner") == ["coating executive", "planner"]
    assert title_views("admin cum halal coordinator") == ["admin", "halal coordinator"]
    assert title_views("data scientist") == []


def test_v2_design_links_a_noisy_compound_title_that_v1_misses(esco, tmp_path):
    encoder = HashingEncoder()
    title = "Jr. Cleaner / Room Attendant - Urgent hiring"
    v1 = build_occupation_linker(esco, encoder, "titles.v1", cache_dir=tmp_path)
    v2 = build_occupation_linker(esco, encoder, "titles.v2", cache_dir=tmp_path)
    assert v2.normalize_titles([title], top_k=1)[0][0].uri == "o:clean"
    v1_scores, v2_scores = v1.score_matrix([title])[0], v2.score_matrix([title])[0]
    clean = [o.uri for o in esco.occupations].index("o:clean")
    assert v2_scores[clean] > v1_scores[clean]


def test_unknown_title_design_names_the_known_ones(esco):
    with pytest.raises(InputError, match=r"titles\.v1"):
        build_occupation_linker(esco, HashingEncoder(), "titles.v9")


def test_query_transform_maps_title_vectors_only(esco, tmp_path):
    encoder = HashingEncoder(dim=64)
    plain = OccupationLinker(esco, encoder, cache_dir=tmp_path)
    identity = OccupationLinker(esco, encoder, cache_dir=tmp_path, query_transform=np.eye(64, dtype=np.float32))
    titles = ["Software Engineer", "room attendant"]
    assert np.allclose(plain.score_matrix(titles), identity.score_matrix(titles), atol=1e-6)
    rotation = np.linalg.qr(np.random.default_rng(0).normal(size=(64, 64)))[0].astype(np.float32)
    rotated = OccupationLinker(esco, encoder, cache_dir=tmp_path, query_transform=rotation)
    assert not np.allclose(plain.score_matrix(titles), rotated.score_matrix(titles))


def test_shipped_title_adapter_is_for_the_distilled_student_only(esco):
    from careerpath.linking.query_encoder import DISTILLED_QUERY_NAME

    weights = load_title_adapter("title-adapter-distilled.npz", DISTILLED_QUERY_NAME, "titles.v3")
    assert weights.shape == (384, 384)
    assert np.abs(weights - np.eye(384)).max() > 1e-3  # trained, not the identity
    with pytest.raises(InputError, match="--encoder distilled"):
        build_occupation_linker(esco, HashingEncoder(), "titles.v3")


def test_shipped_title_encoder_is_trained_small_and_fits_the_student_layout():
    from safetensors.numpy import load_file

    from careerpath.data_files import bundled_path
    from careerpath.linking.query_encoder import shipped_query_layers
    from careerpath.linking.titles import TITLE_ENCODER_FILE

    path = bundled_path(f"models/{TITLE_ENCODER_FILE}")
    assert path.stat().st_size <= 25_000_000
    trained, base = load_file(str(path)), load_file(str(shipped_query_layers()))
    assert trained.keys() == base.keys()
    moved = max(float(np.abs(trained[k].astype(np.float32) - base[k].astype(np.float32)).max()) for k in base)
    assert moved > 1e-3  # fine-tuned, not a copy of the distilled student


def test_a_design_with_its_own_encoder_is_the_title_default_and_registered():
    from careerpath.components import registry
    from careerpath.linking.titles import DEFAULT_TITLE_DESIGN, OWN_ENCODER_DESIGNS

    assert DEFAULT_TITLE_DESIGN in OWN_ENCODER_DESIGNS
    # titles.v7 (v4 + a re-ranker trained on O*NET and ESCO labels) passed benchmarks/titles_dev/RULE-S10.md;
    # titles.v6 (RULE-S9.md) stays selectable; titles.v5 (the mpnet blend) is opt-in
    assert DEFAULT_TITLE_DESIGN == "titles.v7"
    assert registry().resolve("title-design", "titles").name == "titles.v7"
    for older in ("titles.v1", "titles.v4", "titles.v5"):  # the old ones stay selectable
        assert registry().resolve("title-design", older).retired is None


@pytest.mark.slow
def test_trained_title_encoder_links_noisy_vacancy_titles(esco, tmp_path):
    pytest.importorskip("onnxruntime")
    from careerpath.linking.encoders import semantic_available

    if not semantic_available():
        pytest.skip("the semantic extra is not installed: pip install 'careerpath[semantic]'")
    linker = build_occupation_linker(esco, None, "titles.v4", cache_dir=tmp_path / "embeddings")
    assert "title-encoder" in linker.encoder.name
    best = [m[0].uri for m in linker.normalize_titles(["Sr. SWE (Remote)", "ROOM ATTENDANT - URGENT", "Jr Data Sci"])]
    assert best == ["o:dev", "o:clean", "o:ds"]


@pytest.mark.slow
def test_titles_v5_blends_in_mpnet_and_strips_the_place(esco, tmp_path):
    pytest.importorskip("onnxruntime")
    from careerpath.linking.encoders import semantic_available
    from careerpath.linking.mpnet import MPNET_INSTALL, mpnet_installed

    if not (semantic_available() and mpnet_installed()):
        pytest.skip(f"needs the semantic extra and the all-mpnet-base-v2 parts ({MPNET_INSTALL})")
    linker = build_occupation_linker(esco, None, "titles.v5", cache_dir=tmp_path / "embeddings")
    assert linker.partner is not None and "mpnet" in linker.partner.name and linker.strip_noise
    titles = ["Sr. SWE (Remote)", "ROOM ATTENDANT - Batu Kawan, Penang", "Jr Data Sci - KL"]
    assert [m[0].uri for m in linker.normalize_titles(titles)] == ["o:dev", "o:clean", "o:ds"]
    assert linker.prepare_title(titles[1]) == "room attendant"  # the place is not matched against labels
