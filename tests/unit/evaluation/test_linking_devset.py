"""The human-annotated linking dev sets (benchmarks/linking_dev) are valid, held-apart benchmark files."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

from careerpath.esco import load_esco
from careerpath.evaluation.readers import SPECIAL_LABELS, read_linking_examples

DEV = Path(__file__).resolve().parents[3] / "benchmarks" / "linking_dev"
FILES = [DEV / "tech_dev_annotations.csv", DEV / "house_dev_annotations.csv"]
CONFIRM = [DEV / "tech_confirm_annotations.csv", DEV / "house_confirm_annotations.csv"]
DEV2 = [DEV / "tech_dev2_annotations.csv", DEV / "house_dev2_annotations.csv"]  # session 7, seed 17
SPAN_FILES = FILES + CONFIRM + DEV2  # Decorte TECH/HOUSE format: sentence,span,sub_span,label
SPAN_FILES += [DEV / "tech_fresh8_annotations.csv"]  # session 8 fresh confirmation file, TECH, seed 19
SPAN_FILES += [DEV / "tech_fresh9_annotations.csv"]  # session 8 second fresh confirmation file, TECH, seed 20
SPAN_FILES += [DEV / "tech_fresh10_annotations.csv"]  # session 9 fresh confirmation file, SkillSpan dev TECH, seed 21
SPAN_FILES += [DEV / "tech_fresh11_annotations.csv"]  # session 9 second fresh file, SkillSpan dev TECH, seed 22
SPAN_FILES += [DEV / "house_fresh8_annotations.csv"]  # session 8 fresh confirmation file, HOUSE, seed 19
SPAN_FILES += [DEV / "house_fresh9_annotations.csv"]  # session 8 second fresh confirmation file, HOUSE, seed 20
SPAN_FILES += [DEV / "house_fresh10_annotations.csv"]  # session 9 fresh file, HOUSE, SkillSpan dev, seed 21
SPAN_FILES += [DEV / "house_fresh11_annotations.csv"]  # session 9 second fresh file, HOUSE, SkillSpan dev, seed 22
JOBS_LABELS = DEV / "jobs_dev_labels.csv"  # references into the Glassdoor copy + labels (the text is not ours to ship)
SCRIPT = DEV.parents[1] / "scripts" / "jobs_linking_devset.py"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sentences(path: Path) -> set[str]:
    return {" ".join(row["sentence"].lower().split()) for row in rows(path)}


@pytest.mark.parametrize("path", SPAN_FILES, ids=lambda p: p.name)
def test_every_span_is_in_its_sentence_and_every_sentence_is_scored_or_explained(path):
    table = rows(path)
    assert table, f"{path} is empty"
    for row in table:
        assert row["span"] and row["span"] in row["sentence"], row
        assert row["label"], row
    assert len(read_linking_examples(path)) >= 30  # sentences with at least one ESCO label


def build_jobs(shared_data: Path, out: Path, labels: Path = JOBS_LABELS) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "build", str(out), "--labels", str(labels)]
    env = {"CAREERPATH_SHARED_DATA": str(shared_data), "PATH": ""}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module")
def jobs_file(shared_data, tmp_path_factory) -> Path:
    """The jobs split in the TECHWOLF format, re-cut from the local Glassdoor copy as a user would."""
    out = tmp_path_factory.mktemp("jobs") / "jobs_dev_annotations.csv"
    done = build_jobs(shared_data, out)
    assert done.returncode == 0, done.stderr
    return out


def test_the_jobs_split_rebuilds_in_the_techwolf_format_that_the_evaluator_reads(jobs_file):
    table = rows(jobs_file)
    assert list(table[0]) == ["sentence", "label"]
    assert len(table) == len(rows(JOBS_LABELS))
    examples = read_linking_examples(jobs_file)
    assert len(examples) >= 120  # sentences with at least one ESCO label, of the 160 drawn
    assert all(1 <= len(e.gold_labels) <= 5 for e in examples)  # sentence-level labels, as in TECHWOLF


def test_a_jobs_reference_that_no_longer_matches_its_sentence_is_refused(shared_data, tmp_path):
    table = rows(JOBS_LABELS)
    table[0]["sentence_no"] = str(int(table[0]["sentence_no"]) + 1)  # points at a neighbouring sentence
    labels = tmp_path / "labels.csv"
    with labels.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    done = build_jobs(shared_data, tmp_path / "out.csv", labels)
    assert done.returncode != 0
    assert "does not match its SHA-1" in done.stderr


def test_every_label_is_an_esco_preferred_label(shared_data, jobs_file):
    preferred = {s.label for s in load_esco(shared_data / "esco_v1_1_1").skills}
    labels = {row["label"] for path in [*SPAN_FILES, jobs_file] for row in rows(path)}
    unknown = labels - SPECIAL_LABELS - preferred
    assert not unknown


def test_no_sentence_is_shared_between_validation_dev_and_confirmation(shared_data, jobs_file):
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    validation = {
        " ".join(e.sentence.lower().split())
        for name in ("tech", "house")
        for e in read_linking_examples(decorte / f"{name}_validation_annotations.csv")
    }
    all_files = [*SPAN_FILES, jobs_file]
    for path in all_files:
        assert not sentences(path) & validation, path.name
    for one, other in combinations(all_files, 2):
        assert not sentences(one) & sentences(other), (one.name, other.name)


# The session-8 fresh files were drawn when benchmarks/linking_dev held only these six span files.
BEFORE_FRESH8 = FILES + CONFIRM + DEV2


# The fresh9 files (seed 20) were drawn when benchmarks/linking_dev held these eight span files.
BEFORE_FRESH9 = [*BEFORE_FRESH8, DEV / "tech_fresh8_annotations.csv", DEV / "house_fresh8_annotations.csv"]

# name -> (seed, sentences asked per subset, the files the draw excluded, sentences drawn per subset)
FRESH_DRAWS = {
    "fresh8": ("19", "120", BEFORE_FRESH8, {"tech": 120, "house": 120}),
    "fresh9": ("20", "150", BEFORE_FRESH9, {"tech": 150, "house": 99}),  # HOUSE: the pool ran dry at 99
}


@pytest.mark.parametrize("subset", ["tech", "house"])
@pytest.mark.parametrize("fresh", sorted(FRESH_DRAWS))
def test_a_fresh_file_is_its_seeded_draw_in_order_with_nothing_skipped(shared_data, tmp_path, fresh, subset):
    """Re-drawing reproduces the file's sentences and spans in order: none skipped, none chosen by hand. A subset
    with fewer candidates left than asked is drawn whole, and the user is told."""
    seed, asked, excluded, expected = FRESH_DRAWS[fresh]
    out = tmp_path / "draw.csv"
    command = [sys.executable, str(DEV.parents[1] / "scripts" / "sample_linking_annotation.py"), str(out)]
    command += ["--seed", seed, "--per-subset", asked, "--exclude", *map(str, excluded)]
    env = {**os.environ, "CAREERPATH_SHARED_DATA": str(shared_data)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    drawn = [(row["sentence"], row["span"]) for row in rows(out) if row["subset"] == subset]
    fresh_rows = rows(DEV / f"{subset}_{fresh}_annotations.csv")
    annotated = list(dict.fromkeys((row["sentence"], row["span"]) for row in fresh_rows))  # one row per label
    assert annotated == drawn
    assert len(dict.fromkeys(sentence for sentence, _ in drawn)) == expected[subset]
    ran_dry = f"{subset}: only {expected[subset]} candidates left, all drawn"
    assert (ran_dry in done.stdout) == (expected[subset] < int(asked))


# Session 8: a fresh jobs confirmation split (seed 19), drawn apart from the session-7 jobs split.
JOBS_FRESH_LABELS = DEV / "jobs_fresh8_labels.csv"


def draw_jobs(shared_data: Path, out: Path, *options: str) -> list[dict[str, str]]:
    command = [sys.executable, str(SCRIPT), "draw", str(out), *options]
    env = {"CAREERPATH_SHARED_DATA": str(shared_data), "PATH": ""}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return rows(out)


def references(path: Path) -> list[tuple[str, str, str]]:
    """The distinct (posting, sentence_no, sha1) of a labels file, in file order."""
    return list(dict.fromkeys((row["posting"], row["sentence_no"], row["sha1"]) for row in rows(path)))


def test_drawing_with_exclude_avoids_every_posting_and_sentence_of_the_excluded_split(shared_data, tmp_path):
    plain = draw_jobs(shared_data, tmp_path / "plain.csv", "--n", "140", "--seed", "19")
    apart = draw_jobs(shared_data, tmp_path / "apart.csv", "--n", "140", "--seed", "19", "--exclude", str(JOBS_LABELS))
    old = rows(JOBS_LABELS)
    old_postings, old_hashes = {row["posting"] for row in old}, {row["sha1"] for row in old}
    assert any(row["posting"] in old_postings for row in plain)  # without --exclude the seed-19 draw meets them
    assert len(apart) == 140
    assert not any(row["posting"] in old_postings or row["sha1"] in old_hashes for row in apart)


def test_drawing_without_exclude_still_gives_the_session_7_jobs_split(shared_data, tmp_path):
    drawn = draw_jobs(shared_data, tmp_path / "jobs.csv", "--n", "160", "--seed", "17")
    assert [(row["posting"], row["sentence_no"], row["sha1"]) for row in drawn] == references(JOBS_LABELS)


def test_the_fresh_jobs_split_is_the_seed_19_draw_in_order_and_shares_nothing(shared_data, jobs_file, tmp_path):
    drawn = draw_jobs(shared_data, tmp_path / "fresh.csv", "--n", "150", "--seed", "19", "--exclude", str(JOBS_LABELS))
    assert references(JOBS_FRESH_LABELS) == [(r["posting"], r["sentence_no"], r["sha1"]) for r in drawn]
    out = tmp_path / "jobs_fresh8_annotations.csv"
    done = build_jobs(shared_data, out, JOBS_FRESH_LABELS)
    assert done.returncode == 0, done.stderr
    examples = read_linking_examples(out)
    assert len(examples) >= 110  # scored sentences of the 150 drawn
    assert all(1 <= len(e.gold_labels) <= 5 for e in examples)
    preferred = {s.label for s in load_esco(shared_data / "esco_v1_1_1").skills}
    assert not {row["label"] for row in rows(out)} - SPECIAL_LABELS - preferred
    for path in [*SPAN_FILES, jobs_file]:
        assert not sentences(out) & sentences(path), path.name


# Session 8, round 2: a second fresh jobs confirmation split (seed 20), drawn apart from both earlier jobs splits.
JOBS_FRESH9_LABELS = DEV / "jobs_fresh9_labels.csv"
BEFORE_JOBS_FRESH9 = ["--exclude", str(JOBS_LABELS), "--exclude", str(JOBS_FRESH_LABELS)]


def test_the_fresh9_jobs_split_is_the_seed_20_draw_in_order_with_nothing_skipped(shared_data, tmp_path):
    drawn = draw_jobs(shared_data, tmp_path / "fresh9.csv", "--n", "170", "--seed", "20", *BEFORE_JOBS_FRESH9)
    assert references(JOBS_FRESH9_LABELS) == [(r["posting"], r["sentence_no"], r["sha1"]) for r in drawn]


def test_the_fresh9_jobs_split_rebuilds_with_esco_labels_only(shared_data, tmp_path):
    out = tmp_path / "jobs_fresh9_annotations.csv"
    done = build_jobs(shared_data, out, JOBS_FRESH9_LABELS)
    assert done.returncode == 0, done.stderr
    assert len(rows(out)) == len(rows(JOBS_FRESH9_LABELS))
    examples = read_linking_examples(out)
    assert len(examples) >= 120  # scored sentences of the 170 drawn
    assert all(1 <= len(e.gold_labels) <= 5 for e in examples)
    preferred = {s.label for s in load_esco(shared_data / "esco_v1_1_1").skills}
    assert not {row["label"] for row in rows(out)} - SPECIAL_LABELS - preferred


def test_the_fresh9_jobs_split_shares_no_posting_or_sentence_with_any_earlier_file(shared_data, jobs_file, tmp_path):
    fresh9 = rows(JOBS_FRESH9_LABELS)
    for earlier in (JOBS_LABELS, JOBS_FRESH_LABELS):
        old = rows(earlier)
        assert not {r["posting"] for r in fresh9} & {r["posting"] for r in old}, earlier.name
        assert not {r["sha1"] for r in fresh9} & {r["sha1"] for r in old}, earlier.name
    fresh8 = tmp_path / "jobs_fresh8_annotations.csv"
    out = tmp_path / "jobs_fresh9_annotations.csv"
    for labels, built in ((JOBS_FRESH_LABELS, fresh8), (JOBS_FRESH9_LABELS, out)):
        done = build_jobs(shared_data, built, labels)
        assert done.returncode == 0, done.stderr
    for path in [*SPAN_FILES, jobs_file, fresh8]:
        assert not sentences(out) & sentences(path), path.name  # also no duplicate posting text under another row id


def draw_spans(shared_data: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(DEV.parents[1] / "scripts" / "sample_linking_annotation.py"), str(out), *options]
    env = {**os.environ, "CAREERPATH_SHARED_DATA": str(shared_data)}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def conll_sentences(path: Path) -> set[str]:
    from careerpath.evaluation.readers import read_conll

    return {" ".join(" ".join(tagged.tokens).lower().split()) for tagged in read_conll(path)}


def test_drawing_from_skillspan_dev_keeps_validation_and_every_earlier_file_out(shared_data, tmp_path):
    """Session 9: ``--split dev`` draws SkillSpan dev sentences, never one of the Decorte validation files (scored
    or not) nor one of the earlier annotation files, and the default still draws from train."""
    # fresh11 holds every HOUSE dev sentence left: exclude the files before it (the fresh11 tests check its own draw).
    before_fresh11 = [path for path in SPAN_FILES if "fresh11" not in path.name]
    done = draw_spans(shared_data, tmp_path / "dev.csv", "--split", "dev", "--seed", "21", "--per-subset", "60",
                      "--exclude", *map(str, before_fresh11))  # fmt: skip
    assert done.returncode == 0, done.stderr
    drawn = rows(tmp_path / "dev.csv")
    conll = shared_data / "skillspan" / "conll"
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    validation = set().union(*(sentences(decorte / f"{name}_validation_annotations.csv") for name in ("tech", "house")))
    earlier = set().union(*map(sentences, before_fresh11))
    for subset in ("tech", "house"):
        dev = {" ".join(row["sentence"].lower().split()) for row in drawn if row["subset"] == subset}
        assert len(dev) == 60
        assert dev <= conll_sentences(conll / f"skillspan_{subset}_dev.conll")
        assert not dev & validation
        assert not dev & earlier
    default = draw_spans(shared_data, tmp_path / "default.csv", "--seed", "21", "--per-subset", "60")
    train = draw_spans(shared_data, tmp_path / "train.csv", "--split", "train", "--seed", "21", "--per-subset", "60")
    assert default.returncode == train.returncode == 0
    assert rows(tmp_path / "default.csv") == rows(tmp_path / "train.csv") != drawn


def test_an_unknown_split_is_refused_with_one_clear_line(shared_data, tmp_path):
    done = draw_spans(shared_data, tmp_path / "out.csv", "--split", "test")
    assert done.returncode == 2
    assert "invalid choice: 'test'" in done.stderr
    assert not (tmp_path / "out.csv").exists()


# Session 9: the fresh10 TECH confirmation file is the seed-21 draw from SkillSpan *dev*, drawn when
# benchmarks/linking_dev held these ten span files.
BEFORE_TECH_FRESH10 = [*BEFORE_FRESH9, DEV / "tech_fresh9_annotations.csv", DEV / "house_fresh9_annotations.csv"]
TECH_FRESH10 = DEV / "tech_fresh10_annotations.csv"


def test_the_tech_fresh10_file_is_the_seed_21_dev_draw_in_order_with_nothing_skipped(shared_data, tmp_path):
    """Re-drawing reproduces the file's TECH sentences and spans in order (none skipped, none chosen by hand); every
    sentence is SkillSpan dev TECH and none is in a Decorte validation file (scored or not) or an earlier file."""
    options = ["--split", "dev", "--seed", "21", "--per-subset", "150", "--exclude", *map(str, BEFORE_TECH_FRESH10)]
    done = draw_spans(shared_data, tmp_path / "draw.csv", *options)
    assert done.returncode == 0, done.stderr
    drawn = [(row["sentence"], row["span"]) for row in rows(tmp_path / "draw.csv") if row["subset"] == "tech"]
    annotated = list(dict.fromkeys((row["sentence"], row["span"]) for row in rows(TECH_FRESH10)))  # one row per label
    assert annotated == drawn
    assert len(sentences(TECH_FRESH10)) == 150
    dev = conll_sentences(shared_data / "skillspan" / "conll" / "skillspan_tech_dev.conll")
    assert sentences(TECH_FRESH10) <= dev
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    validation = set().union(*(sentences(decorte / f"{name}_validation_annotations.csv") for name in ("tech", "house")))
    assert not sentences(TECH_FRESH10) & validation
    for path in BEFORE_TECH_FRESH10:
        assert not sentences(TECH_FRESH10) & sentences(path), path.name


def test_the_tech_fresh10_file_scores_at_least_100_sentences_with_exact_esco_preferred_labels(shared_data):
    examples = read_linking_examples(TECH_FRESH10)
    assert len(examples) >= 100  # sentences with at least one ESCO label, of the 150 drawn
    preferred = {s.label for s in load_esco(shared_data / "esco_v1_1_1").skills}
    assert all(label in preferred for e in examples for label in e.gold_labels)
    assert not {row["label"] for row in rows(TECH_FRESH10)} - SPECIAL_LABELS - preferred


# The HOUSE rows of the same seed-21 dev draw (the draw gives both subsets; 15t10 annotated TECH, 15h10 HOUSE).
HOUSE_FRESH10 = DEV / "house_fresh10_annotations.csv"


def test_the_house_fresh10_file_is_the_seed_21_dev_draw_in_order_with_nothing_skipped(shared_data, tmp_path):
    """The file holds exactly the drawn SkillSpan dev HOUSE sentences and spans, in the drawn order (none skipped,
    none chosen by hand), 150 sentences, at least 100 of them scored (as `careerpath eval skill-linking` counts)."""
    options = ["--split", "dev", "--seed", "21", "--per-subset", "150", "--exclude", *map(str, BEFORE_TECH_FRESH10)]
    done = draw_spans(shared_data, tmp_path / "draw.csv", *options)
    assert done.returncode == 0, done.stderr
    assert "candidates left" not in done.stdout  # the HOUSE dev pool holds more than 150
    drawn = [(row["sentence"], row["span"]) for row in rows(tmp_path / "draw.csv") if row["subset"] == "house"]
    annotated = list(dict.fromkeys((row["sentence"], row["span"]) for row in rows(HOUSE_FRESH10)))  # one row per label
    assert annotated == drawn
    assert len(dict.fromkeys(sentence for sentence, _ in drawn)) == 150
    assert len(read_linking_examples(HOUSE_FRESH10)) >= 100


def test_the_house_fresh10_file_is_from_skillspan_dev_and_new_to_every_file_and_split(shared_data):
    """Nothing of SkillSpan train (where every earlier span file comes from) nor of Decorte validation."""
    fresh = sentences(HOUSE_FRESH10)
    conll = shared_data / "skillspan" / "conll"
    assert fresh <= conll_sentences(conll / "skillspan_house_dev.conll")
    assert not fresh & conll_sentences(conll / "skillspan_house_train.conll")
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    assert not fresh & set().union(*(sentences(decorte / f"{n}_validation_annotations.csv") for n in ("tech", "house")))


# Session 9: a third fresh jobs confirmation split (seed 21), drawn apart from all three earlier jobs splits. After
# them only 113 distinct postings with a candidate sentence are left, so `--n 150` draws all 113 (one sentence each).
JOBS_FRESH10_LABELS = DEV / "jobs_fresh10_labels.csv"
JOBS_BEFORE_FRESH10 = [JOBS_LABELS, JOBS_FRESH_LABELS, JOBS_FRESH9_LABELS]


def exclude_options(paths: list[Path]) -> list[str]:
    return [option for path in paths for option in ("--exclude", str(path))]


def test_the_fresh10_jobs_split_is_the_seed_21_draw_in_order_with_nothing_skipped(shared_data, tmp_path):
    options = exclude_options(JOBS_BEFORE_FRESH10)
    drawn = draw_jobs(shared_data, tmp_path / "fresh10.csv", "--n", "150", "--seed", "21", *options)
    assert references(JOBS_FRESH10_LABELS) == [(r["posting"], r["sentence_no"], r["sha1"]) for r in drawn]
    assert len(drawn) == 113 == len({r["posting"] for r in drawn})  # one sentence from each posting left
    more = draw_jobs(shared_data, tmp_path / "more.csv", "--n", "400", "--seed", "21", *options)
    assert more == drawn  # the pool is used up: asking for more gives nothing else


def test_the_fresh10_jobs_split_rebuilds_with_esco_labels_only(shared_data, tmp_path):
    out = tmp_path / "jobs_fresh10_annotations.csv"
    done = build_jobs(shared_data, out, JOBS_FRESH10_LABELS)
    assert done.returncode == 0, done.stderr
    table = rows(out)
    assert len(table) == len(rows(JOBS_FRESH10_LABELS))
    assert len(dict.fromkeys(row["sentence"] for row in table)) == 113  # every drawn sentence annotated
    examples = read_linking_examples(out)
    assert len(examples) >= 90  # scored sentences of the 113 drawn
    assert all(1 <= len(e.gold_labels) <= 6 for e in examples)
    preferred = {s.label for s in load_esco(shared_data / "esco_v1_1_1").skills}
    assert not {row["label"] for row in table} - SPECIAL_LABELS - preferred


def test_the_fresh10_jobs_split_shares_no_posting_or_sentence_with_any_earlier_file(shared_data, jobs_file, tmp_path):
    fresh10 = rows(JOBS_FRESH10_LABELS)
    for earlier in JOBS_BEFORE_FRESH10:
        old = rows(earlier)
        assert not {r["posting"] for r in fresh10} & {r["posting"] for r in old}, earlier.name
        assert not {r["sha1"] for r in fresh10} & {r["sha1"] for r in old}, earlier.name
    built = []
    for labels in [*JOBS_BEFORE_FRESH10[1:], JOBS_FRESH10_LABELS]:
        out = tmp_path / labels.name.replace("_labels", "_annotations")
        done = build_jobs(shared_data, out, labels)
        assert done.returncode == 0, done.stderr
        built.append(out)
    *earlier_jobs, out = built
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    validation = {
        " ".join(e.sentence.lower().split())
        for name in ("tech", "house")
        for e in read_linking_examples(decorte / f"{name}_validation_annotations.csv")
    }
    assert not sentences(out) & validation
    for path in [*SPAN_FILES, jobs_file, *earlier_jobs]:
        assert not sentences(out) & sentences(path), path.name  # also no duplicate posting text under another row id


# Session 9 round 2: the fresh11 HOUSE file is the seed-22 SkillSpan dev draw, drawn when benchmarks/linking_dev held
# the twelve span files below (fresh10 included). Only 142 HOUSE dev candidates were left, so it holds all of them.
BEFORE_HOUSE_FRESH11 = [*BEFORE_TECH_FRESH10, TECH_FRESH10, HOUSE_FRESH10]
HOUSE_FRESH11 = DEV / "house_fresh11_annotations.csv"


def test_the_house_fresh11_file_is_every_house_dev_sentence_left_in_the_seed_22_draw_order(shared_data, tmp_path):
    """The file holds exactly the drawn SkillSpan dev HOUSE sentences and spans, in the drawn order (none skipped,
    none chosen by hand): all 142 left after the earlier files, at least 100 of them scored."""
    options = ["--split", "dev", "--seed", "22", "--per-subset", "150", "--exclude", *map(str, BEFORE_HOUSE_FRESH11)]
    done = draw_spans(shared_data, tmp_path / "draw.csv", *options)
    assert done.returncode == 0, done.stderr
    assert "house: only 142 candidates left, all drawn" in done.stdout
    drawn = [(row["sentence"], row["span"]) for row in rows(tmp_path / "draw.csv") if row["subset"] == "house"]
    annotated = list(dict.fromkeys((row["sentence"], row["span"]) for row in rows(HOUSE_FRESH11)))  # one row per label
    assert annotated == drawn
    assert len(dict.fromkeys(sentence for sentence, _ in drawn)) == 142
    assert len(read_linking_examples(HOUSE_FRESH11)) >= 100


def test_the_house_fresh11_file_is_from_skillspan_dev_and_new_to_every_earlier_file_and_split(shared_data):
    """SkillSpan dev only; nothing of SkillSpan train, Decorte validation or any earlier linking_dev span file."""
    fresh = sentences(HOUSE_FRESH11)
    conll = shared_data / "skillspan" / "conll"
    assert fresh <= conll_sentences(conll / "skillspan_house_dev.conll")
    assert not fresh & conll_sentences(conll / "skillspan_house_train.conll")
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    assert not fresh & set().union(*(sentences(decorte / f"{n}_validation_annotations.csv") for n in ("tech", "house")))
    for path in BEFORE_HOUSE_FRESH11:
        assert not fresh & sentences(path), path.name


# Session 9, round 2: the fresh11 TECH confirmation file is the TECH side of the same seed-22 SkillSpan *dev* draw.
BEFORE_TECH_FRESH11 = BEFORE_HOUSE_FRESH11
TECH_FRESH11 = DEV / "tech_fresh11_annotations.csv"


def test_the_tech_fresh11_file_is_the_seed_22_dev_draw_in_order_with_nothing_skipped(shared_data, tmp_path):
    """Re-drawing reproduces the file's TECH sentences and spans in order (none skipped, none chosen by hand); every
    sentence is SkillSpan dev TECH and none is in a Decorte validation file (scored or not) or an earlier file."""
    options = ["--split", "dev", "--seed", "22", "--per-subset", "150", "--exclude", *map(str, BEFORE_TECH_FRESH11)]
    done = draw_spans(shared_data, tmp_path / "draw.csv", *options)
    assert done.returncode == 0, done.stderr
    drawn = [(row["sentence"], row["span"]) for row in rows(tmp_path / "draw.csv") if row["subset"] == "tech"]
    annotated = list(dict.fromkeys((row["sentence"], row["span"]) for row in rows(TECH_FRESH11)))  # one row per label
    assert annotated == drawn
    assert len(sentences(TECH_FRESH11)) == 150
    conll = shared_data / "skillspan" / "conll"
    assert sentences(TECH_FRESH11) <= conll_sentences(conll / "skillspan_tech_dev.conll")
    assert not sentences(TECH_FRESH11) & conll_sentences(conll / "skillspan_tech_train.conll")
    decorte = shared_data / "decorte_skill_extraction_benchmark"
    validation = set().union(*(sentences(decorte / f"{name}_validation_annotations.csv") for name in ("tech", "house")))
    assert not sentences(TECH_FRESH11) & validation
    for path in BEFORE_TECH_FRESH11:
        assert not sentences(TECH_FRESH11) & sentences(path), path.name


def test_the_tech_fresh11_file_scores_at_least_100_sentences_with_exact_esco_preferred_labels(shared_data):
    examples = read_linking_examples(TECH_FRESH11)
    assert len(examples) >= 100  # sentences with at least one ESCO label, of the 150 drawn
    preferred = {s.label for s in load_esco(shared_data / "esco_v1_1_1").skills}
    assert all(label in preferred for e in examples for label in e.gold_labels)
    assert not {row["label"] for row in rows(TECH_FRESH11)} - SPECIAL_LABELS - preferred
