from __future__ import annotations

from careerpath.linking.encoders import HashingEncoder
from careerpath.linking.titles import OccupationLinker, clean_title, normalize_title_to_esco


def test_clean_title_drops_noise():
    assert clean_title("URGENT!! Senior Data Scientist (Remote)") == "senior data scientist"


def test_normalize_title_to_esco_ranks_the_matching_occupation(esco, tmp_path):
    linker = OccupationLinker(esco, HashingEncoder(), cache_dir=tmp_path)
    result = normalize_title_to_esco("Software Engineer (m/f)", linker, top_k=2)
    assert result.occupations[0].uri == "o:dev"
    assert result.role_id is None
    assert normalize_title_to_esco("DATA SCIENTIST", linker).occupations[0].isco_group == "2511"
