"""The "jobs" skill-linking dev split: real vacancy sentences with sentence-level ESCO labels, like TECHWOLF.

    python scripts/jobs_linking_devset.py draw OUT.csv [--n 80] [--seed 17] [--exclude LABELS.csv ...]
    python scripts/jobs_linking_devset.py build OUT.csv [--labels benchmarks/linking_dev/jobs_dev_labels.csv]

Source: the Glassdoor 2020 data-science postings in ``$CAREERPATH_SHARED_DATA/glassdoor_ds_jobs_2020``. They
carry no licence (scraped; "use only for internal evaluation, and do not republish"), so the repository keeps
**references and labels only** (``jobs_dev_labels.csv``: posting row, sentence number, a SHA-1 of the sentence,
ESCO label); ``build`` re-cuts the sentences from the local copy, checks each against its SHA-1, and writes the
Decorte TECHWOLF format (``sentence,label``) that ``careerpath eval skill-linking FILE --esco DIR`` reads.

``draw`` (for annotating; nothing careerpath-made is run): every description is cut into lines and sentences;
a sentence is a candidate if it has 6-40 words, asks for something (a requirement/responsibility cue word) and
is not boilerplate (equal opportunity, benefits, work authorisation, links, company blurbs). Duplicate
postings are collapsed (same description text); the distinct postings are shuffled with the seed, and each
gives one candidate sentence at random until N are drawn: N sentences from N different postings.
``--exclude LABELS.csv`` (repeatable) keeps an earlier split apart: its postings (by row id, and every duplicate
of them) give no sentence, and no sentence with one of its SHA-1s is drawn from any other posting either.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import os
import random
import re
import sys
from pathlib import Path

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
GLASSDOOR = Path("glassdoor_ds_jobs_2020") / "glassdoor_jobs.csv.gz"
LABELS = Path(__file__).resolve().parents[1] / "benchmarks" / "linking_dev" / "jobs_dev_labels.csv"

CUE = re.compile(
    r"\b(experience|knowledge|skill|proficien|familiar|understand|abilit|able to|expert|develop|design|build|"
    r"analy[sz]|manag|collaborat|responsib|communicat|implement|maintain|lead|support|creat|perform|conduct|"
    r"apply|applying|use|using|write|writing|work|degree|must|should|will|strong|excellent)\w*",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"equal opportunit|\bEEO|affirmative action|benefit|401\(?k|insurance|salary|compensation|vacation|"
    r"paid time|\bPTO\b|disabilit|veteran|gender|\brace\b|religion|sexual orientation|national origin|"
    r"sponsor|authori[sz]ed to work|citizenship|clearance|background check|drug|https?:|www\.|@|click|"
    r"founded|headquarter|our mission|we are a|we're a|is a leading|award",
    re.IGNORECASE,
)


def postings(shared: Path) -> list[tuple[str, str]]:
    """(row id, description) of every Glassdoor posting, in file order."""
    with gzip.open(shared / GLASSDOOR, "rt", encoding="utf-8", newline="") as handle:
        return [(row[""], row["Job Description"]) for row in csv.DictReader(handle)]


def sentences(description: str) -> list[str]:
    """Lines of the description, cut further at sentence ends; bullets and outer spaces stripped."""
    out = []
    for line in description.splitlines():
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z(])", line):
            text = " ".join(part.strip(" \t•*·–-").split())
            if text:
                out.append(text)
    return out


def candidate(sentence: str) -> bool:
    return 6 <= len(sentence.split()) <= 40 and bool(CUE.search(sentence)) and not BOILERPLATE.search(sentence)


def sha1(sentence: str) -> str:
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12]


def excluded(labels: list[Path]) -> tuple[set[str], set[str]]:
    """(posting row ids, sentence SHA-1s) referenced by earlier labels files."""
    rows_, hashes = set(), set()
    for path in labels:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows_.add(row["posting"])
                hashes.add(row["sha1"])
    return rows_, hashes


def draw(shared: Path, n: int, seed: int, exclude: list[Path] | None = None) -> list[dict[str, str]]:
    skip_rows, skip_hashes = excluded(exclude or [])
    distinct: dict[str, str] = {}
    skip_texts = set()
    for row_id, description in postings(shared):
        distinct.setdefault(description, row_id)  # duplicate postings: the first row stands for all
        if row_id in skip_rows:
            skip_texts.add(description)  # an excluded row also excludes its duplicates
    order = sorted(distinct.items(), key=lambda item: int(item[1]))
    rng = random.Random(seed)
    rng.shuffle(order)
    seen: set[str] = set()
    drawn = []
    for description, row_id in order:
        if description in skip_texts:
            continue
        pool = [
            (i, s)
            for i, s in enumerate(sentences(description))
            if candidate(s) and s.lower() not in seen and sha1(s) not in skip_hashes
        ]
        if not pool:
            continue
        number, sentence = rng.choice(pool)
        seen.add(sentence.lower())
        drawn.append({"posting": row_id, "sentence_no": str(number), "sha1": sha1(sentence), "sentence": sentence})
        if len(drawn) == n:
            break
    return drawn


def build(shared: Path, labels: Path) -> list[dict[str, str]]:
    """The ``sentence,label`` rows of the labels file, sentences re-cut from the local Glassdoor copy."""
    cut = {row_id: sentences(description) for row_id, description in postings(shared)}
    out = []
    with labels.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            parts = cut.get(row["posting"], [])
            number = int(row["sentence_no"])
            sentence = parts[number] if number < len(parts) else ""
            if sha1(sentence) != row["sha1"]:
                sys.exit(
                    f"{labels}:{line}: posting {row['posting']} sentence {number} does not match its SHA-1; "
                    f"is {shared / GLASSDOOR} the copy named in its SOURCE.md?"
                )
            out.append({"sentence": sentence, "label": row["label"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    draw_cmd = commands.add_parser("draw", help="draw sentences to annotate")
    draw_cmd.add_argument("out", type=Path)
    draw_cmd.add_argument("--n", type=int, default=80)
    draw_cmd.add_argument("--seed", type=int, default=17)
    draw_cmd.add_argument(
        "--exclude", type=Path, action="append", default=[], help="labels file whose postings and sentences to avoid"
    )
    build_cmd = commands.add_parser("build", help="write the sentence,label file from the committed labels")
    build_cmd.add_argument("out", type=Path)
    build_cmd.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args()
    if args.command == "draw":
        rows = draw(SHARED, args.n, args.seed, args.exclude)
        fields = ["posting", "sentence_no", "sha1", "sentence"]
    else:
        rows = build(SHARED, args.labels)
        fields = ["sentence", "label"]
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{args.out}: {len(rows)} rows")


if __name__ == "__main__":
    main()
