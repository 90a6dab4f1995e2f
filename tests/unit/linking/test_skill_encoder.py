"""The trained skill query encoder (scripts/train_skill_encoder.py) and its design ``alt-max+desc+lex+trained``.

The file tests need nothing but the weights; the linking test needs the semantic extra and a real ESCO
subset (its MiniLM taxonomy vectors take about a CPU-minute), so it runs with --slow, as in CI.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import struct
from pathlib import Path

import pytest

from careerpath.components import registry
from careerpath.data_files import bundled_path
from careerpath.linking.encoders import semantic_available
from careerpath.linking.query_encoder import shipped_query_layers
from careerpath.linking.sentence_encoders import SKILL_QUERY_FILE

TRAINED = bundled_path(f"models/{SKILL_QUERY_FILE}")


def _tensors(path: Path) -> dict[str, dict]:
    with path.open("rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(size))
    return {name: spec for name, spec in header.items() if name != "__metadata__"}


def test_trained_weights_fit_the_student_and_the_size_budget():
    assert TRAINED.stat().st_size <= 25 * 1024 * 1024
    trained, base = _tensors(TRAINED), _tensors(shipped_query_layers())
    # Same layout as the distilled student it was fine-tuned from, so the same loader and export serve it.
    assert {name: spec["shape"] for name, spec in trained.items()} == {
        name: spec["shape"] for name, spec in base.items()
    }
    assert {spec["dtype"] for spec in trained.values()} == {"F16"}


def test_trained_weights_are_not_the_base_students():
    torch = pytest.importorskip("torch")
    safetensors_torch = pytest.importorskip("safetensors.torch")
    trained = safetensors_torch.load_file(str(TRAINED))
    base = safetensors_torch.load_file(str(shipped_query_layers()))
    moved = [
        name for name, tensor in trained.items() if name.startswith("encoder.") and not torch.equal(tensor, base[name])
    ]
    # Every trained layer moved (only the unused pooler is copied unchanged).
    assert {int(name.split(".")[2]) for name in moved} == {0, 1, 2}


def test_the_trained_design_is_registered_with_its_encoder():
    design = registry().resolve("design", "alt-max+desc+lex+trained")
    assert design.name == "alt-max+desc+lex+trained.v1"
    assert design.value.query_encoder == "skill-query-trained.v1"
    assert registry().resolve("encoder", "skill-query-trained").retired is None
    # The design it improves on stays selectable.
    assert registry().resolve("design", "alt-max+desc+lex+distilled").retired is None


# Sentences that name their skill without its ESCO label, and the skill a reader would link.
UNAMBIGUOUS = {
    "You will write and maintain Python scripts for data analysis.": "Python (computer programming)",
    "Keep track of spending and make sure the project stays within its budget.": "manage budgets",
    "Drive the company van to deliver goods to our clients.": "drive vehicles",
    "Fluent in German, both written and spoken.": "German",
    "Build monthly reports in Excel with pivot tables.": "use spreadsheets software",
}


@pytest.fixture(scope="module")
def skills_subset(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gold skills above among 300 real ESCO skills (distractors), with their occupations' relations dropped."""
    esco = shared_data / "esco_v1_1_1"
    rows = list(csv.DictReader(io.StringIO(gzip.decompress((esco / "skills_en.csv.gz").read_bytes()).decode())))
    kept = [row for index, row in enumerate(rows) if index < 300 or row["preferredLabel"] in UNAMBIGUOUS.values()]
    out = tmp_path_factory.mktemp("esco_subset")
    with (out / "skills_en.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    for name in ("occupations_en.csv", "occupationSkillRelations.csv"):
        source = gzip.decompress((esco / f"{name}.gz").read_bytes()).decode()
        (out / name).write_text(source.splitlines()[0] + "\n", encoding="utf-8")  # header only
    return out


@pytest.mark.slow
@pytest.mark.skipif(not semantic_available(), reason="the semantic extra is not installed")
def test_trained_design_links_unambiguous_sentences(skills_subset, tmp_path):
    from careerpath.esco import load_esco
    from careerpath.linking import build_skill_linker

    linker = build_skill_linker(load_esco(skills_subset), "alt-max+desc+lex+trained", cache_dir=tmp_path / "emb")
    ranked = linker.link_skills(list(UNAMBIGUOUS), top_k=3)
    found = {sentence: [link.label for link in links] for sentence, links in zip(UNAMBIGUOUS, ranked, strict=True)}
    assert all(gold in found[sentence] for sentence, gold in UNAMBIGUOUS.items()), found
