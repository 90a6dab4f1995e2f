"""Derived label layer ``conv2``: our linking_dev annotation files under GUIDELINE-DELTA.md's rule 1 only.

    python scripts/relabel_linking_products.py [--products YAML] [--out DIR] [--esco DIR] [--check]

Rule 1 (benchmarks/linking_dev/decorte_convention/GUIDELINE-DELTA.md): a named product, framework, service or tool
links only to an ESCO skill whose preferred or alternative label names it; otherwise ``LABEL NOT PRESENT``. Which
span surfaces are such products is data, reviewed by hand: ``benchmarks/linking_dev/conv2/products.yaml``. A row
whose span (or sub-span, where it has one) normalises to a listed surface and carries an ESCO label gets the entry's
``esco_skill``, or ``LABEL NOT PRESENT`` where the entry has none; special labels stay; a span left with the same
label twice keeps one row. The originals are never written; the conv2 files take their names under ``--out``.
``--check`` writes nothing and exits 1 when a committed conv2 file differs from what the originals + YAML give.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LINKING_DEV = ROOT / "benchmarks" / "linking_dev"
CONV2 = LINKING_DEV / "conv2"
SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", ROOT.parent / "shared" / "data"))
SUBSETS = ("tech", "house")
KINDS = ("dev", "confirm", "dev2", "fresh8", "fresh9", "fresh10", "fresh11")
FILES = tuple(f"{subset}_{kind}_annotations.csv" for subset in SUBSETS for kind in KINDS)
LNP = "LABEL NOT PRESENT"
SPECIAL = frozenset({LNP, "UNDERSPECIFIED"})
FIELDS = ("sentence", "span", "sub_span", "label")
_EDGE = " ()[]{}:;,?!\"'"  # punctuation the span boundaries of SkillSpan leave around a name


class ProductsError(ValueError):
    """The products YAML breaks its schema (one line, for the user)."""


def normalise(surface: str) -> str:
    """Lower case, single spaces, no stray brackets or punctuation at the ends ("AWS )" -> "aws")."""
    text = re.sub(r"\s+", " ", surface.replace("\x1a", " ")).strip().lower().strip(_EDGE)
    return re.sub(r" \.$", "", text).strip(_EDGE)


@dataclass(frozen=True)
class Product:
    surface: str  # normalised span surface
    esco_skill: str | None  # the ESCO skill whose label names it, or None: LABEL NOT PRESENT
    esco_label: str | None  # that label (evidence), None with esco_skill


def load_products(path: Path) -> dict[str, Product]:
    """The validated YAML: ``products: [{surface, esco_skill, esco_label, note?}]``, surfaces normalised, unique."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ProductsError(f"{path}: cannot read ({error.__class__.__name__})") from error
    entries = data.get("products") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ProductsError(f"{path}: needs a non-empty 'products' list")
    products: dict[str, Product] = {}
    for number, entry in enumerate(entries, 1):
        where = f"{path}: entry {number}"
        if not isinstance(entry, dict) or set(entry) - {"surface", "esco_skill", "esco_label", "note"}:
            raise ProductsError(f"{where}: keys are surface, esco_skill, esco_label and an optional note")
        surface, skill, label = entry.get("surface"), entry.get("esco_skill"), entry.get("esco_label")
        if not isinstance(surface, str) or normalise(surface) != surface or not surface:
            raise ProductsError(
                f"{where}: surface {surface!r} is not normalised (expected {normalise(str(surface))!r})"
            )
        if surface in products:
            raise ProductsError(f"{where}: surface {surface!r} is listed twice")
        if (skill is None) != (label is None) or not all(v is None or isinstance(v, str) for v in (skill, label)):
            raise ProductsError(f"{where}: esco_skill and esco_label are both strings or both null")
        products[surface] = Product(surface, skill, label)
    return products


def check_against_esco(products: dict[str, Product], skills_csv: Path) -> None:
    """Each esco_skill is an ESCO preferred label and its esco_label one of that skill's labels."""
    labels: dict[str, set[str]] = {}
    with gzip.open(skills_csv, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            alternatives = {a.strip() for a in row["altLabels"].split("\n") if a.strip()}
            labels[row["preferredLabel"]] = {row["preferredLabel"], *alternatives}
    for product in products.values():
        if product.esco_skill is None:
            continue
        if product.esco_skill not in labels:
            raise ProductsError(f"{product.surface!r}: {product.esco_skill!r} is not an ESCO preferred label")
        if product.esco_label not in labels[product.esco_skill]:
            raise ProductsError(f"{product.surface!r}: {product.esco_label!r} is not a label of {product.esco_skill!r}")


def relabel(rows: Sequence[dict[str, str]], products: dict[str, Product]) -> tuple[list[dict[str, str]], int]:
    """The conv2 rows (same order) and how many original rows changed or were dropped as repeats."""
    out: list[dict[str, str]] = []
    written: set[tuple[str, ...]] = set()
    changed = 0
    for row in rows:
        new = {field: row.get(field) or "" for field in FIELDS}
        product = products.get(normalise(new["sub_span"] or new["span"]))
        if product is not None and new["label"] not in SPECIAL:
            new["label"] = product.esco_skill or LNP
        key = tuple(new[field] for field in FIELDS)
        if new["label"] != row["label"]:
            changed += 1
            if key in written:  # the span already has this label from an earlier row
                continue
        written.add(key)
        out.append(new)
    return out, changed


def render(rows: Sequence[dict[str, str]], newline: str = "\r\n") -> str:
    """CSV text in the originals' form (CRLF, minimal quoting), so a conv2 file diffs against its original by label."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sentences_changed(before: Sequence[dict[str, str]], after: Sequence[dict[str, str]]) -> int:
    def labels_by_sentence(rows: Sequence[dict[str, str]]) -> dict[str, list[tuple[str, ...]]]:
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for row in rows:
            grouped.setdefault(row["sentence"], []).append(tuple(row[f] or "" for f in FIELDS))
        return grouped

    old, new = labels_by_sentence(before), labels_by_sentence(after)
    return sum(old[sentence] != new.get(sentence) for sentence in old)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=Path, default=CONV2 / "products.yaml")
    parser.add_argument("--source", type=Path, default=LINKING_DEV, help="folder of the original files")
    parser.add_argument("--out", type=Path, default=CONV2)
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1", help="ESCO folder (checked if present)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a conv2 file is stale")
    args = parser.parse_args(argv)
    try:
        products = load_products(args.products)
        if (args.esco / "skills_en.csv.gz").exists():
            check_against_esco(products, args.esco / "skills_en.csv.gz")
    except ProductsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    missing = [name for name in FILES if not (args.source / name).exists()]
    if missing:
        print(f"error: {args.source} lacks {', '.join(missing)}", file=sys.stderr)
        return 2
    used: set[str] = set()
    stale = []
    print("file | rows | rows changed | sentences changed")
    for name in FILES:
        rows = read_rows(args.source / name)
        new, changed = relabel(rows, products)
        used.update(normalise(r["sub_span"] or r["span"]) for r in rows if r["label"] not in SPECIAL)
        print(f"{name} | {len(rows)} | {changed} | {sentences_changed(rows, new)}")
        target = args.out / name
        if args.check:
            if not target.exists() or target.read_bytes() != render(new).encode("utf-8"):
                stale.append(name)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            target.write_bytes(render(new).encode("utf-8"))
    unused = sorted(set(products) - used)
    if unused:  # an entry that matches no linked span is a typo or a stale entry
        print(f"error: products.yaml surfaces match no linked span: {', '.join(unused)}", file=sys.stderr)
        return 2
    if stale:
        print(f"stale conv2 files (rerun without --check): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
