"""The conv2 label layer: named products lose the skill of their kind unless ESCO names them, nothing else moves."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT / "../shared/data"))


def load_script():
    sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module("relabel_linking_products")


def row(span: str, label: str, sub_span: str = "", sentence: str = "s1") -> dict[str, str]:
    return {"sentence": sentence, "span": span, "sub_span": sub_span, "label": label}


def write_yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "products.yaml"
    path.write_text(text, encoding="utf-8")
    return path


PRODUCTS = """products:
  - surface: aws
    esco_skill: null
    esco_label: null
  - surface: tomcat
    esco_skill: Apache Tomcat
    esco_label: Apache Tomcat
  - surface: cloudwatch
    esco_skill: null
    esco_label: null
"""


@pytest.mark.parametrize(
    ("surface", "expected"),
    [("AWS )", "aws"), ("AWS .", "aws"), ("  Docker)", "docker"), ("Net/.Net core )", "net/.net core"), ("C++", "c++")],
)
def test_span_surfaces_normalise_to_the_listed_form(surface: str, expected: str) -> None:
    assert load_script().normalise(surface) == expected


def test_products_lose_their_kind_and_named_ones_keep_the_naming_skill(tmp_path: Path) -> None:
    script = load_script()
    products = script.load_products(write_yaml(tmp_path, PRODUCTS))
    rows = [
        row("AWS )", "cloud technologies"),
        row("AWS", "UNDERSPECIFIED", sentence="s2"),  # a special label stays as it is
        row("Tomcat", "web programming"),
        row("cloud services", "cloud technologies"),  # a kind, not a product: untouched
        row("Cloudwatch", "cloud technologies"),  # two kind labels on one product span collapse into one LNP row
        row("Cloudwatch", "monitor system performance"),
        row("Amazon Cloudwatch and AWS", "cloud technologies", sub_span="AWS"),  # the sub-span decides
    ]
    out, changed = script.relabel(rows, products)
    assert [(r["span"], r["sub_span"], r["label"]) for r in out] == [
        ("AWS )", "", "LABEL NOT PRESENT"),
        ("AWS", "", "UNDERSPECIFIED"),
        ("Tomcat", "", "Apache Tomcat"),
        ("cloud services", "", "cloud technologies"),
        ("Cloudwatch", "", "LABEL NOT PRESENT"),
        ("Amazon Cloudwatch and AWS", "AWS", "LABEL NOT PRESENT"),
    ]
    assert changed == 5
    assert rows[0]["label"] == "cloud technologies"  # the input rows are not edited


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("products:\n  - surface: AWS\n    esco_skill: null\n    esco_label: null\n", "not normalised"),
        ("products:\n" + "  - {surface: aws, esco_skill: null, esco_label: null}\n" * 2, "listed twice"),
        (
            "products:\n  - {surface: aws, esco_skill: cloud, esco_label: null}\n",
            "both strings or both null",
        ),
        ("products:\n  - {surface: aws, skill: null}\n", "keys are"),
        ("items: []\n", "non-empty 'products' list"),
    ],
)
def test_a_malformed_products_file_is_one_clear_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    script = load_script()
    path = write_yaml(tmp_path, text)
    with pytest.raises(script.ProductsError, match=message):
        script.load_products(path)
    assert script.main(["--products", str(path), "--out", str(tmp_path / "out"), "--esco", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_the_committed_conv2_files_are_what_the_originals_and_the_yaml_give(capsys: pytest.CaptureFixture[str]) -> None:
    script = load_script()
    assert script.main(["--check", "--esco", str(ROOT / "no-esco-here")]) == 0, capsys.readouterr().err
    products = script.load_products(script.CONV2 / "products.yaml")
    allowed = {script.LNP} | {p.esco_skill for p in products.values() if p.esco_skill}
    for name in script.FILES:  # the same spans, row for row, with a label changed only to LNP or a naming skill
        original = script.read_rows(script.LINKING_DEV / name)
        derived = iter(script.read_rows(script.CONV2 / name))
        current = next(derived, None)
        for before in original:
            if current is not None and all(current[f] == before[f] for f in ("sentence", "span", "sub_span")):
                assert current["label"] == before["label"] or current["label"] in allowed, (name, current)
                current = next(derived, None)
        assert current is None, f"{name}: a conv2 row that is not an original span: {current}"


@pytest.mark.slow
def test_every_named_product_is_named_by_that_esco_skill() -> None:
    skills = SHARED / "esco_v1_1_1" / "skills_en.csv.gz"
    if not skills.exists():
        pytest.skip(f"ESCO v1.1.1 not in the shared data ({skills})")
    script = load_script()
    products = script.load_products(script.CONV2 / "products.yaml")
    script.check_against_esco(products, skills)  # raises on a skill or label ESCO does not have
    for product in products.values():
        if product.esco_label is not None:  # the label must actually name the product ("macos" in "Mac OS X")
            label = product.esco_label.lower().replace(" ", "")
            assert any(len(word) > 1 and word in label for word in product.surface.replace("/", " ").split()), product
