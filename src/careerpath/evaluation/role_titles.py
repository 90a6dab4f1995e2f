"""Title → careerpath role accuracy on a labelled TSV (``source``, ``title``, ``expected``).

``expected`` lists acceptable role ids separated by "|"; "-" means no careerpath role fits (the
mapping should return none). A title is correct when the predicted role (or none) is one of them.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.errors import InputError
from careerpath.roles.titles import RoleLike, TitleNormalizer

NONE = "-"


@dataclass(frozen=True)
class LabelledTitle:
    source: str
    title: str
    expected: frozenset[str]


@dataclass
class TitleRoleReport:
    n: int = 0
    correct: int = 0
    by_role: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (title, expected, predicted)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def interval(self, z: float = 1.96) -> tuple[float, float]:
        """Wilson 95% interval of the accuracy."""
        if not self.n:
            return (0.0, 0.0)
        p, n = self.accuracy, self.n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return (max(0.0, centre - half), min(1.0, centre + half))


def read_labelled_titles(path: Path) -> list[LabelledTitle]:
    if not path.is_file():
        raise InputError(f"Labelled title file {path} does not exist.")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if not reader.fieldnames or not {"title", "expected"} <= set(reader.fieldnames):
            raise InputError(f"{path} needs tab-separated columns 'title' and 'expected'.")
        return [
            LabelledTitle(row.get("source", ""), row["title"], frozenset(row["expected"].split("|")))
            for row in reader
            if row.get("title")
        ]


def evaluate_role_titles(
    items: Iterable[LabelledTitle], roles: Iterable[RoleLike], tier: Any = None
) -> TitleRoleReport:
    """Accuracy of the rules (``role-titles.v1``), or with ``tier`` (linking.title_roles.EncoderRoleTier) for the
    titles they leave undecided."""
    from careerpath.linking.title_roles import roles_for_titles

    items = list(items)
    predictions = roles_for_titles([item.title for item in items], TitleNormalizer(list(roles)), tier)
    report = TitleRoleReport()
    for item, role in zip(items, predictions, strict=True):
        predicted = role or NONE
        ok = predicted in item.expected
        first = sorted(item.expected)[0] if len(item.expected) == 1 else "|".join(sorted(item.expected))
        report.n += 1
        report.correct += ok
        stats = report.by_role[first]
        stats[0] += 1
        stats[1] += ok
        if not ok:
            report.confusion[first][predicted] += 1
            report.misses.append((item.title, first, predicted))
    return report
