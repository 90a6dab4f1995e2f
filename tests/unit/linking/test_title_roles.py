"""The encoder tiers of title -> role (role-titles.v2-v4) and their crosswalk (docs/benchmarks.md section 3)."""

from __future__ import annotations

import importlib.util
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from careerpath.errors import TaxonomyError
from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
from careerpath.evaluation.role_titles import LabelledTitle
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.rerank import RerankerModel
from careerpath.linking.title_rerank import TITLE_RERANK_FEATURES
from careerpath.linking.title_roles import (
    TitleCrosswalk,
    build_encoder_role_tier,
    build_role_title_tier,
    crosswalk_problems,
    load_crosswalk,
    role_candidates,
    roles_for_titles,
)
from careerpath.roles.catalogue import load_roles
from careerpath.roles.titles import TitleNormalizer
from careerpath.skills.taxonomy import load_taxonomy

ESCO = "http://data.europa.eu/esco/occupation/"
STAT = ESCO + "ac8b3cd1-a127-4e6a-8208-5cfcf7111955"
BACT = ESCO + "00000000-0000-4000-8000-000000000001"
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[3] / "../shared/data"))
LABELLED = Path(__file__).resolve().parents[2] / "data" / "role_titles"


@pytest.fixture(scope="module")
def roles():
    return list(load_roles(load_taxonomy()))


@pytest.fixture
def small_esco() -> EscoTaxonomy:
    occupations = [
        EscoOccupation(STAT, "statistician", ("statistics analyst",), isco_group="2120"),
        EscoOccupation(BACT, "bacteriologist", ("bacteriology scientist",), isco_group="2131"),
    ]
    return EscoTaxonomy("test", [], occupations, fingerprint="t1")


def _crosswalk() -> TitleCrosswalk:
    return TitleCrosswalk.model_validate(
        {"version": "t", "occupations": [{"uri": STAT, "label": "statistician", "role": "data_scientist"}]}
    )


def test_a_title_goes_to_its_role_and_an_unlisted_occupation_to_no_role(roles, small_esco, tmp_path):
    tier = build_encoder_role_tier(
        roles, small_esco, threshold=0.5, encoder=HashingEncoder(), crosswalk=_crosswalk(), cache_dir=tmp_path
    )
    data, bacteria, nothing = tier.guess(["Statistics Analyst", "Bacteriology Scientist", "zzz qqq"])
    assert (data.candidate, data.role_id) == ("statistician", "data_scientist")  # through the crosswalk
    assert bacteria.candidate == "bacteriologist" and bacteria.role_id is None  # ESCO absorbs it: no role
    assert nothing.role_id is None  # nothing near enough
    assert tier.guess(["Machine Learning Engineer"])[0].role_id == "ml_engineer"  # a role's own aliases compete


def test_the_threshold_keeps_weak_guesses_out(roles, small_esco, tmp_path):
    tier = build_encoder_role_tier(
        roles, small_esco, threshold=1.9, encoder=HashingEncoder(), crosswalk=_crosswalk(), cache_dir=tmp_path
    )
    guess = tier.guess(["Statistics Analyst"])[0]
    assert guess.candidate_role == "data_scientist" and guess.role_id is None


def test_crosswalk_is_validated_as_data(tmp_path, roles):
    bad = tmp_path / "crosswalk.yaml"
    bad.write_text(f'version: "1"\noccupations:\n  - {{uri: "{STAT}", label: x, role: data_scientist}}\n' * 1)
    bad.write_text(bad.read_text() + f'  - {{uri: "{STAT}", label: y, role: data_analyst}}\n')
    with pytest.raises(TaxonomyError, match="listed twice"):
        load_crosswalk(bad)
    bad.write_text('version: "1"\noccupations:\n  - {uri: "o:ds", label: x, role: data_scientist}\n')
    with pytest.raises(TaxonomyError, match="not an ESCO occupation URI"):
        load_crosswalk(bad)
    unknown = TitleCrosswalk.model_validate(
        {"version": "t", "occupations": [{"uri": STAT, "label": "data scientist", "role": "astronaut"}]}
    )
    assert crosswalk_problems(unknown, [r.id for r in roles], None) == ["data scientist: unknown role 'astronaut'"]
    with pytest.raises(TaxonomyError, match="unknown role 'astronaut'"):
        build_encoder_role_tier(roles, EscoTaxonomy("t", [], []), threshold=1.0, crosswalk=unknown)


def test_bundled_crosswalk_fits_the_roles_and_the_esco_release(roles):
    crosswalk = load_crosswalk()
    assert crosswalk_problems(crosswalk, [r.id for r in roles], None) == []
    if not (SHARED / "esco_v1_1_1").is_dir():
        pytest.skip(f"ESCO 1.1.1 is not under {SHARED} (set CAREERPATH_SHARED_DATA)")
    from careerpath.esco import load_esco

    assert crosswalk_problems(crosswalk, [r.id for r in roles], load_esco(SHARED / "esco_v1_1_1")) == []


def test_only_titles_no_rule_speaks_for_are_undecided(roles):
    normalizer = TitleNormalizer(roles)
    assert normalizer.normalize("Scientist, Bacteriology").undecided
    assert not normalizer.normalize("Sales Representative - Data").undecided  # a rule: no role
    assert not normalizer.normalize("Senior Data Scientist").undecided


def test_unmapped_set_is_what_its_readme_says(roles):
    """126 titles, each left without a role by the rules, labelled with real role ids or '-'."""
    from careerpath.evaluation.role_titles import read_labelled_titles

    items = read_labelled_titles(LABELLED / "unmapped_titles.tsv")
    assert len(items) >= 100
    known = {r.id for r in roles} | {"-"}
    assert all(item.expected <= known for item in items)
    normalizer = TitleNormalizer(roles)
    assert all(normalizer.normalize(item.title).role_id is None for item in items)


# --- role-titles.v3: titles.v6 (a re-ranker over v4's shortlist); the confidence is the re-ranker's probability ---


@dataclass
class ToyRole:
    id: str
    name: str
    title_aliases: list[str] = field(default_factory=list)
    esco_occupations: list[SimpleNamespace] = field(default_factory=list)


def _head_reranker(k: int = 50) -> RerankerModel:
    """A logistic re-ranker that trusts one thing: the title's head word is the candidate's ("analyst")."""
    weights = np.zeros(len(TITLE_RERANK_FEATURES))
    weights[TITLE_RERANK_FEATURES.index("head-preferred")] = 10.0
    zeros, ones = np.zeros_like(weights), np.ones_like(weights)
    return RerankerModel("toy", "titles.v4", k, TITLE_RERANK_FEATURES, "logistic", weights, zeros, ones)


@pytest.fixture
def toy_roles() -> list[ToyRole]:
    return [
        ToyRole("data_scientist", "Data Scientist", ["statistical modeller"], [SimpleNamespace(uri=STAT)]),
        ToyRole("data_analyst", "Data Analyst"),
    ]


def _toy_tier(toy_roles, small_esco, tmp_path, threshold: float, reranker: RerankerModel | None = None):
    options = {"reranker": reranker} if reranker is not None else {}
    return build_encoder_role_tier(
        toy_roles,
        small_esco,
        threshold=threshold,
        encoder=HashingEncoder(),
        crosswalk=_crosswalk(),
        cache_dir=tmp_path,
        **options,
    )


def test_the_reranked_tier_answers_with_the_rerankers_top_candidate_and_its_probability(
    toy_roles, small_esco, tmp_path
):
    # titles.v4 alone puts "statistician" first ("statistics analyst" is its label): data scientist via the crosswalk
    plain = _toy_tier(toy_roles, small_esco, tmp_path, threshold=0.5).guess(["Statistics Analyst"])[0]
    assert (plain.candidate, plain.role_id) == ("statistician", "data_scientist")
    # the re-ranker trusts the head word: only the role "Data Analyst" shares "analyst"
    tier = _toy_tier(toy_roles, small_esco, tmp_path, threshold=0.9, reranker=_head_reranker())
    guess = tier.guess(["Statistics Analyst"])[0]
    assert (guess.candidate, guess.role_id) == ("Data Analyst", "data_analyst")
    assert guess.score == pytest.approx(1 / (1 + math.exp(-10.0)))  # the probability, not a re-ranked position
    # no head word matches: every candidate is 0.5, v4's order breaks the tie, and 0.5 is below the threshold
    unsure = tier.guess(["Bacteriology Statistics"])[0]
    assert unsure.score == pytest.approx(0.5) and unsure.role_id is None
    strict = _toy_tier(toy_roles, small_esco, tmp_path, threshold=0.99999, reranker=_head_reranker())
    assert strict.guess(["Statistics Analyst"])[0].role_id is None  # below the threshold: no role


def test_the_tier_feeds_a_reranker_the_features_it_names(toy_roles, small_esco, tmp_path):
    # titles.v7's re-ranker reads 26 features, v7-only ones among them, in its own order: the tier must pass them by
    # name (role-titles.v4), not titles.v6's 18 in v6's order
    names = ("group-rank", "head-preferred")
    weights, zeros, ones = np.array([0.0, 10.0]), np.zeros(2), np.ones(2)
    model = RerankerModel("toy-v7", "titles.v4", 50, names, "logistic", weights, zeros, ones)
    tier = _toy_tier(toy_roles, small_esco, tmp_path, threshold=0.9, reranker=model)
    guess = tier.guess(["Statistics Analyst"])[0]
    assert (guess.candidate, guess.role_id) == ("Data Analyst", "data_analyst")
    assert guess.score == pytest.approx(1 / (1 + math.exp(-10.0)))


def test_a_role_candidate_takes_the_isco_group_of_its_esco_occupation(toy_roles, small_esco):
    scientist, analyst = role_candidates(toy_roles, small_esco)
    assert scientist.isco_group == "2120" and analyst.isco_group == ""  # the re-ranker counts same-group candidates
    assert [c.isco_group for c in role_candidates(toy_roles)] == ["", ""]


def test_the_tier_only_speaks_for_titles_the_rules_leave_undecided(toy_roles, small_esco, tmp_path):
    decided = {"Senior Data Scientist": SimpleNamespace(undecided=False, role_id="data_scientist")}
    normalizer = SimpleNamespace(normalize=lambda t: decided.get(t, SimpleNamespace(undecided=True, role_id=None)))
    tier = _toy_tier(toy_roles, small_esco, tmp_path, threshold=0.9, reranker=_head_reranker())
    titles = ["Senior Data Scientist", "Statistics Analyst", "Bacteriology Statistics"]
    assert roles_for_titles(titles, normalizer, tier) == ["data_scientist", "data_analyst", None]
    assert roles_for_titles(titles, normalizer, None) == ["data_scientist", None, None]  # role-titles.v1


def test_an_unknown_design_or_a_tier_without_esco_is_a_clear_error(roles):
    from careerpath.errors import InputError

    assert build_role_title_tier("role-titles.v1", roles, None) is None  # the rules need no ESCO
    with pytest.raises(InputError, match="needs the ESCO release"):
        build_role_title_tier("role-titles.v3", roles, None)
    with pytest.raises(InputError, match=r"role-titles\.v1, role-titles\.v2, role-titles\.v3, role-titles\.v4"):
        build_role_title_tier("role-titles.v9", roles, None)


# --- the calibration (scripts/calibrate_title_tier.py) on toy guesses ---


@pytest.fixture(scope="module")
def calibration():
    path = Path(__file__).resolve().parents[3] / "scripts" / "calibrate_title_tier.py"
    spec = importlib.util.spec_from_file_location("calibrate_title_tier", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _toy_calibration_set():
    """Four undecided titles with the tier's best guess and one the rules decide (its guess must be ignored)."""
    rows = [  # title, acceptable answers, the tier's role and confidence
        ("gain high", {"data_analyst"}, "data_analyst", 0.9),
        ("loss", {"-"}, "data_engineer", 0.8),
        ("gain low", {"data_analyst"}, "data_analyst", 0.5),
        ("no role", {"-"}, None, 0.95),  # the best candidate is an unlisted ESCO occupation
        ("decided", {"ml_engineer"}, "data_engineer", 0.99),
    ]
    items = [LabelledTitle("toy", title, frozenset(expected)) for title, expected, _, _ in rows]
    guesses = {title: SimpleNamespace(candidate_role=role, score=score) for title, _, role, score in rows}
    rules = {"decided": SimpleNamespace(undecided=False, role_id="ml_engineer")}
    normalizer = SimpleNamespace(normalize=lambda t: rules.get(t, SimpleNamespace(undecided=True, role_id=None)))
    return items, normalizer, guesses


def test_calibration_picks_the_highest_of_the_best_thresholds(calibration):
    items, normalizer, guesses = _toy_calibration_set()
    grid = [0.5, 0.8, 0.9, 0.99, math.inf]
    assert calibration.predictions(items, normalizer, guesses, math.inf) == ["-", "-", "-", "-", "ml_engineer"]
    assert calibration.predictions(items, normalizer, guesses, 0.5) == [
        "data_analyst",
        "data_engineer",
        "data_analyst",
        "-",
        "ml_engineer",  # a rule decided: the tier's 0.99 guess is never used
    ]
    # 0.9 and 0.5 both score 4/5 (0.5 also gains "gain low" but loses "loss"): the higher, fewer roles guessed
    assert calibration.pick_threshold(items, normalizer, guesses, grid) == 0.9


def test_calibration_picks_never_when_no_threshold_gains(calibration):
    items, normalizer, guesses = _toy_calibration_set()
    keep = [i for i in items if i.title in {"loss", "no role", "decided"}]
    assert calibration.pick_threshold(keep, normalizer, guesses, [0.5, 0.8, 0.9, math.inf]) == math.inf


# --- the real data: the shipped tiers over ESCO 1.1.1 and the role catalogue ---


@pytest.fixture(scope="module")
def tier_cache(tmp_path_factory) -> Path:
    """One label-vector cache for the module: the first build encodes ~33,000 ESCO and role labels."""
    return tmp_path_factory.mktemp("title-tier") / "embeddings"


@pytest.mark.slow
@pytest.mark.parametrize(("design", "threshold"), [("role-titles.v3", 0.341), ("role-titles.v4", 0.553)])
def test_the_reranked_tiers_give_an_undecided_title_its_role_and_a_lab_title_none(
    roles, shared_data, tier_cache, design, threshold
):
    from careerpath.esco import load_esco

    normalizer = TitleNormalizer(roles)
    titles = ["R&D Data Analysis Scientist", "Scientist, Bacteriology"]
    assert all(normalizer.normalize(t).undecided for t in titles)  # the rules leave both to the tier
    tier = build_role_title_tier(design, roles, load_esco(shared_data / "esco_v1_1_1"), cache_dir=tier_cache)
    assert tier is not None and tier.threshold == threshold
    data, lab = tier.guess(titles)
    assert (data.candidate, data.role_id) == ("Data Scientist", "data_scientist")  # p 0.41 (v3), 0.78 (v4)
    assert threshold <= data.score <= 1
    assert lab.candidate_role is None and lab.role_id is None  # an ESCO lab occupation: no careerpath role
    assert roles_for_titles(titles, normalizer, tier) == ["data_scientist", None]
    assert roles_for_titles(titles, normalizer, None) == [None, None]  # the rules alone (role-titles.v1)


@pytest.mark.slow
def test_eval_role_titles_selects_a_tier_design_and_reports_it(shared_data, tier_cache, tmp_path):
    from typer.testing import CliRunner

    from careerpath.cli.eval_cmd import eval_app

    runner = CliRunner()
    labelled = str(LABELLED / "labelled_titles.tsv")
    esco = ["--esco", str(shared_data / "esco_v1_1_1"), "--cache-dir", str(tier_cache)]
    rules = runner.invoke(eval_app, ["role-titles", labelled, "--format", "json"])
    tiered = runner.invoke(eval_app, ["role-titles", labelled, "--design", "role-titles.v3", *esco, "--format", "json"])
    assert rules.exit_code == 0 and tiered.exit_code == 0, tiered.output
    before, after = (json.loads(r.output.strip().splitlines()[-1]) for r in (rules, tiered))
    assert before["design"] == "role-titles.v1" and after["design"] == "role-titles.v3"
    # docs/benchmarks.md section 3: the tier gives one role on the 320 titles, and it is right
    assert (before["n"], round(before["accuracy"] * 320), round(after["accuracy"] * 320)) == (320, 311, 312)
    missing = runner.invoke(eval_app, ["role-titles", labelled, "--design", "role-titles.v3"])
    assert missing.exit_code == 2 and "--esco" in missing.output and len(missing.output.strip().splitlines()) == 1
