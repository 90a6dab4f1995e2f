"""The encoder tier of title -> role (role-titles.v2) and its crosswalk, measured in docs/benchmarks.md section 3."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careerpath.errors import TaxonomyError
from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.title_roles import (
    TitleCrosswalk,
    build_encoder_role_tier,
    crosswalk_problems,
    load_crosswalk,
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
