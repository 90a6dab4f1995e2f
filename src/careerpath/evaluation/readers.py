"""Readers for the benchmark formats: Decorte skill linking, CoNLL / token-table spans, JobBERT titles."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from careerpath.errors import InputError
from careerpath.esco.tables import open_text

SPECIAL_LABELS = frozenset({"LABEL NOT PRESENT", "UNDERSPECIFIED"})


class EvaluationInputError(InputError):
    """A benchmark file that is missing or not in the expected format."""

    code = "invalid_benchmark_file"


@dataclass(frozen=True)
class LinkingExample:
    """A sentence and the ESCO preferred labels annotated for it (gold, deduplicated, in file order)."""

    sentence: str
    gold_labels: tuple[str, ...]


@dataclass(frozen=True)
class TaggedSentence:
    """Tokens with one BIO tag sequence per annotation layer (SkillSpan has two: skill, knowledge)."""

    tokens: tuple[str, ...]
    layers: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TitleExample:
    title: str
    occupation_uri: str


def _existing(path: str | Path) -> Path:
    file = Path(path)
    if not file.is_file():
        raise EvaluationInputError(f"File {file} does not exist. Pass the path of a benchmark file.")
    return file


def _dict_rows(path: Path, required: list[str]) -> Iterator[dict[str, str]]:
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise EvaluationInputError(
                f"{path} lacks the column(s) {', '.join(missing)} (found: {', '.join(reader.fieldnames or [])})."
            )
        yield from reader


def read_linking_examples(path: str | Path) -> list[LinkingExample]:
    """Read a Decorte ``*_annotations.csv`` file: drop special labels, group gold labels per sentence.

    Sentences left with no gold label are dropped, as in Decorte et al.'s sentence-level evaluation.
    """
    file = _existing(path)
    grouped: dict[str, dict[str, None]] = {}
    for row in _dict_rows(file, ["sentence", "label"]):
        label = (row["label"] or "").strip()
        if not label or label in SPECIAL_LABELS:
            continue
        grouped.setdefault(row["sentence"], {}).setdefault(label, None)
    return [LinkingExample(sentence, tuple(labels)) for sentence, labels in grouped.items() if labels]


def read_conll(path: str | Path) -> list[TaggedSentence]:
    """Read a CoNLL file: ``token<TAB>tag[<TAB>tag...]``, blank line between sentences."""
    file = _existing(path)
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    columns: list[list[str]] = []

    def flush() -> None:
        if tokens:
            sentences.append(TaggedSentence(tuple(tokens), tuple(tuple(c) for c in columns)))
        tokens.clear()
        columns.clear()

    with open_text(file) as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip():
                flush()
                continue
            parts = line.split("\t")
            if len(parts) < 2:
                raise EvaluationInputError(
                    f"{file}:{number} has no tag column; expected token<TAB>tag (CoNLL, tab-separated)."
                )
            if not columns:
                columns.extend([] for _ in parts[1:])
            if len(parts) - 1 != len(columns):
                raise EvaluationInputError(
                    f"{file}:{number} has {len(parts)} columns; earlier lines have {len(columns) + 1}."
                )
            tokens.append(parts[0])
            for column, tag in zip(columns, parts[1:], strict=True):
                column.append(tag.strip() or "O")
    flush()
    return sentences


def read_token_table(path: str | Path) -> list[TaggedSentence]:
    """Read the Green et al. token table (columns sentence_id, word, tag; one row per token)."""
    file = _existing(path)
    order: list[str] = []
    grouped: dict[str, tuple[list[str], list[str]]] = {}
    for row in _dict_rows(file, ["sentence_id", "word", "tag"]):
        key = row["sentence_id"]
        if key not in grouped:
            order.append(key)
            grouped[key] = ([], [])
        grouped[key][0].append(row["word"])
        grouped[key][1].append((row["tag"] or "O").strip() or "O")
    return [TaggedSentence(tuple(grouped[k][0]), (tuple(grouped[k][1]),)) for k in order]


def read_tagged_sentences(path: str | Path) -> list[TaggedSentence]:
    """Read spans from a CoNLL file or, for ``.csv`` files, from a Green-style token table."""
    name = Path(path).name.lower()
    if name.endswith((".csv", ".csv.gz")):
        return read_token_table(path)
    return read_conll(path)


def read_title_examples(path: str | Path) -> list[TitleExample]:
    """Read the JobBERT title file (columns vacancyTitle, conceptUri; .csv or .csv.gz)."""
    file = _existing(path)
    return [
        TitleExample(row["vacancyTitle"].strip(), row["conceptUri"].strip())
        for row in _dict_rows(file, ["vacancyTitle", "conceptUri"])
        if row["vacancyTitle"].strip()
    ]
