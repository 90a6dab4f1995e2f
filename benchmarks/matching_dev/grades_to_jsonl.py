"""Turn a grading sheet's answers (grades*.txt: ``resume: G:line grade A:line grade ...``) into judgments
JSONL, checking that every pooled posting (pools*.json) got exactly one grade.

    python benchmarks/matching_dev/grades_to_jsonl.py grades_round2.txt pools_round2.json > judgments_round2.jsonl
    python benchmarks/matching_dev/grades_to_jsonl.py grades_heldout.txt pools_heldout.json resumes_heldout \
        > judgments_heldout.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PREFIX = {"G": "09e185bbf798d805", "A": "d5a7a68e86b8b38e"}  # the two files of make_store.py


def main() -> None:
    grades_path, pools_path = (Path(a) for a in sys.argv[1:3])
    folder = sys.argv[3] if len(sys.argv) > 3 else "resumes"  # where the resumes are, relative to the JSONL
    pools = json.loads(pools_path.read_text(encoding="utf-8"))
    for line in grades_path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        resume, rest = line.split(":", 1)
        tokens = rest.split()
        grades = {}
        for posting, grade in zip(tokens[0::2], tokens[1::2], strict=True):
            source, number = posting.split(":")
            grades[f"{PREFIX[source]}:{number}"] = int(grade)
        if set(grades) != set(pools[resume]):
            raise SystemExit(f"{resume}: graded and pooled postings differ: {sorted(set(grades) ^ set(pools[resume]))}")
        for posting in pools[resume]:
            print(json.dumps({"resume": f"{folder}/{resume}", "posting_id": posting, "grade": grades[posting]}))


if __name__ == "__main__":
    main()
