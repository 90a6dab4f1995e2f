"""Candidate new skills on the first N Glassdoor postings: the capitalisation rules vs the span tagger, judged blind.

    nice python scripts/compare_candidate_finders.py pool [--postings 300] [--tagger span-tagger-int8] OUT.tsv
    (label OUT.tsv by hand: 1 = a skill, 0 = not, by the rule below, without looking at OUT.json)
    python scripts/compare_candidate_finders.py score OUT.tsv
    nice python scripts/compare_candidate_finders.py extend LABELLED.tsv NEW.tsv [--postings 300]
    (label NEW.tsv by the same rule) python scripts/compare_candidate_finders.py score NEW.tsv --labels LABELLED.tsv

``pool`` runs both finders as ``market emerging`` does (known terms: the bundled taxonomy's ids, names and
aliases) and writes the union of their top 25 candidates in alphabetical order to OUT.tsv, with an empty
label column and nothing that says which finder proposed a phrase; OUT.json keeps that. It prints the
tagger's CPU seconds (one thread). ``score`` reads the labels and prints, per finder, how many of its
top 25 are skills (precision at 25 with a 95% Wilson interval) and which.

Labelling rule (written before the first labels): a candidate is a **skill** (1) when a job seeker could
learn it and name it on a resume as a skill or an area of knowledge: a tool, product or platform, a
programming or query language, a library, a method or technique (e.g. "SQL Server", "D3.js",
"PowerPoint", "Naive Bayes", "A/B testing", "time series"). It is **not** (0): a name of an employer,
person, place or programme; a generic word or heading ("Internet", "Notice"); a phrase that describes data
or work without naming a skill ("large data sets", "data tools"); an academic discipline named as a
degree subject ("physics", "economics"); a job title, degree, certification level, benefit or legal
text. A phrase that is a skill only with a word it lacks is 0.

Session 7, a combination (rule written before ``extend`` ran): ``rules+tagger`` = the rules' phrases that
the int8 tagger also tags as a Knowledge span in the same posting (``emerging.confirmed_phrases``), with
every rule filter, the lower-case check included. ``extend`` writes the phrases of its top 25 that the
earlier list did not label, mixed alphabetically with the rules' candidates ranked 26-40 (so that a new
phrase is not known to be the combination's), for labelling by the rule above before ``score``. It
**wins** only if more of its top 25 are skills than of the rules' top 25 (19 on the first 300 postings)
and it keeps at least 15 of the rules' 19 skills; only then may ingestion (``market emerging``) use it.
Twenty-five phrases cannot show a small gain: a win by this rule is a direction, not a proof.
Outcome (labels in ``benchmarks/candidates_dev/glassdoor300_combined_labels.tsv``): 24 of its 25 are skills
(rules 19), but it keeps only 13 of the rules' 19 (GIS, GMP, IoT, RDBMS, Ruby, Salesforce fall below its
top 25), so by the rule it does **not** win, and ingestion keeps the rules.

Follow-up (written after that outcome, before the run): the same two finders on **fresh** postings, the
next 300 (``--offset 300``), pooled blind with ``pool --combined`` and labelled by the same rule; the
combination wins there if more of its top 25 are skills than of the rules' top 25 (no keep condition:
on the first sample its lost skills were replaced by others). Outcome (labels in
``benchmarks/candidates_dev/glassdoor300to600_combined_labels.tsv``): rules 23 of 25, rules+tagger 25 of 25:
a win, so ``market emerging --phrases auto`` now runs the combination.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import os
import time
from pathlib import Path

from careerpath.components import registry
from careerpath.market.emerging import candidate_skills, confirmed_phrases, tagged_phrases
from careerpath.market.postings import JobPosting
from careerpath.skills.taxonomy import load_taxonomy

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
TOP = 25


def postings(count: int, offset: int = 0) -> list[JobPosting]:
    with gzip.open(SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz", "rt", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[offset : offset + count]
    return [
        JobPosting(
            posting_id=str(i),
            title=row["Job Title"],
            company=row["Company Name"].split("\n")[0],
            location=row["Location"],
            description=row["Job Description"],
        )
        for i, row in enumerate(rows)
    ]


def pool(out: Path, count: int, tagger_name: str, offset: int = 0, combined: bool = False) -> None:
    import torch

    torch.set_num_threads(1)
    items = postings(count, offset)
    terms: list[str] = []
    for skill in load_taxonomy():
        terms.extend([skill.id.replace("_", " "), skill.name, *skill.aliases, *skill.ambiguous_aliases])
    rules = [c.phrase for c in candidate_skills(items, terms, top=TOP)]
    tagger = registry().get("tagger", tagger_name)(threads=1)
    started = time.process_time()
    if combined:
        finder, case_check, label = confirmed_phrases(tagger.tag_many), True, f"rules+{tagger.name}"
    else:
        finder, case_check, label = tagged_phrases(tagger.tag_many), None, tagger.name
    tagged = [c.phrase for c in candidate_skills(items, terms, top=TOP, finder=finder, case_check=case_check)]
    seconds = time.process_time() - started
    print(f"{len(items)} postings; {tagger.name} took {seconds:.0f} CPU s (load {os.getloadavg()[0]:.1f})")
    with out.open("w", encoding="utf-8") as handle:
        handle.write("phrase\tlabel\n")
        for phrase in sorted(set(rules) | set(tagged), key=str.lower):
            handle.write(f"{phrase}\t\n")
    finders = {"rules": rules, label: tagged}
    out.with_suffix(".json").write_text(json.dumps({"postings": len(items), "finders": finders}, indent=1))
    print(f"wrote {out} ({len(set(rules) | set(tagged))} phrases to label) and {out.with_suffix('.json')}")


def extend(labelled: Path, out: Path, count: int, tagger_name: str) -> None:
    """The combination's top 25 and the rules' 26-40: the phrases not yet labelled, alphabetical, to label."""
    import torch

    torch.set_num_threads(1)
    items = postings(count)
    terms: list[str] = []
    for skill in load_taxonomy():
        terms.extend([skill.id.replace("_", " "), skill.name, *skill.aliases, *skill.ambiguous_aliases])
    rules = [c.phrase for c in candidate_skills(items, terms, top=40)]
    tagger = registry().get("tagger", tagger_name)(threads=1)
    started = time.process_time()
    finder = confirmed_phrases(tagger.tag_many)
    combined = [c.phrase for c in candidate_skills(items, terms, top=TOP, finder=finder, case_check=True)]
    seconds = time.process_time() - started
    print(f"{len(items)} postings; rules+{tagger.name} took {seconds:.0f} CPU s (load {os.getloadavg()[0]:.1f})")
    with labelled.open(encoding="utf-8") as handle:
        known = {row["phrase"] for row in csv.DictReader(handle, delimiter="\t")}
    new = sorted((set(combined) | set(rules[TOP:])) - known, key=str.lower)
    with out.open("w", encoding="utf-8") as handle:
        handle.write("phrase\tlabel\n")
        handle.writelines(f"{phrase}\t\n" for phrase in new)
    finders = {"rules": rules[:TOP], f"rules+{tagger.name}": combined}
    out.with_suffix(".json").write_text(json.dumps({"postings": len(items), "finders": finders}, indent=1))
    print(f"wrote {out} ({len(new)} phrases to label) and {out.with_suffix('.json')}")


def wilson(hits: int, n: int) -> str:
    if not n:
        return "–"
    z, p = 1.96, hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return f"{100 * p:.0f}% [{100 * (centre - half):.0f}, {100 * (centre + half):.0f}]"


def score(labelled: Path, earlier: Path | None = None) -> None:
    labels: dict[str, str] = {}
    for path in (earlier, labelled):
        if path is not None:
            with path.open(encoding="utf-8") as handle:
                labels |= {row["phrase"]: row["label"].strip() for row in csv.DictReader(handle, delimiter="\t")}
    missing = [phrase for phrase, label in labels.items() if label not in {"0", "1"}]
    if missing:
        raise SystemExit(f"label every phrase 0 or 1 first; unlabelled: {missing}")
    finders = json.loads(labelled.with_suffix(".json").read_text())["finders"]
    for name, phrases in finders.items():
        skills = [p for p in phrases if labels[p] == "1"]
        print(f"{name}: {len(skills)} of {len(phrases)} are skills, precision {wilson(len(skills), len(phrases))}")
        print(f"  skills: {', '.join(skills)}")
        print(f"  not: {', '.join(p for p in phrases if labels[p] == '0')}")
    only = {name: set(p for p in phrases if labels[p] == "1") for name, phrases in finders.items()}
    first, second = list(only)
    print(f"skills only {first} finds: {sorted(only[first] - only[second])}")
    print(f"skills only {second} finds: {sorted(only[second] - only[first])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    pooled = commands.add_parser("pool")
    pooled.add_argument("out", type=Path)
    pooled.add_argument("--postings", type=int, default=300)
    pooled.add_argument("--tagger", default="span-tagger-int8")
    pooled.add_argument("--offset", type=int, default=0, help="skip this many postings first (a fresh sample)")
    pooled.add_argument("--combined", action="store_true", help="the rules+tagger combination instead of the tagger")
    scored = commands.add_parser("score")
    scored.add_argument("labelled", type=Path)
    scored.add_argument("--labels", type=Path, help="an earlier labelled list whose labels also count")
    extended = commands.add_parser("extend")
    extended.add_argument("labelled", type=Path)
    extended.add_argument("out", type=Path)
    extended.add_argument("--postings", type=int, default=300)
    extended.add_argument("--tagger", default="span-tagger-int8")
    args = parser.parse_args()
    if args.command == "pool":
        pool(args.out, args.postings, args.tagger, args.offset, args.combined)
    elif args.command == "extend":
        extend(args.labelled, args.out, args.postings, args.tagger)
    else:
        score(args.labelled, args.labels)


if __name__ == "__main__":
    main()
