"""Long fuzz run over every reader: hostile resumes through the whole assessment, hostile postings
files through the postings readers. Reports cases, crashes, hangs and peak memory.

Usage: nice python benchmarks/fuzz_readers.py --minutes 20 [--seed 1] [--hang-seconds 10] [--no-huge]

Each case runs in a worker process (restarted after a hang):

- resumes (tests/hostile_inputs.random_case: truncations, bit flips, splices of real PDF, DOCX,
  text and JSON Resume files; random bytes; odd encodings and degenerate texts; DOCX grid spans,
  vertical merges and zip bombs; PDF page floods and deflate bombs; deep or huge JSON; texts up to
  10 MiB): read → parse → ``Navigator.assess`` → JSON. Anything but a CareerpathError is a crash;
  a JSON answer over 5 MB is an output failure.
- postings: mutated CSV / JSONL / gzip / Parquet files through ``read_postings_file``; anything
  but a PostingInputError while reading every record is a crash.

A case that takes longer than --hang-seconds is a hang. Peak memory is the worker's peak RSS
(ru_maxrss), which bounds every single case it ran. Crashing inputs are saved under --save.
"""

from __future__ import annotations

import argparse
import collections
import json
import multiprocessing as mp
import random
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

MAX_RESPONSE_BYTES = 5 * 1024 * 1024


def _worker(tasks: Any, results: Any, huge: bool) -> None:
    import warnings

    import hostile_inputs as hostile
    from careerpath.errors import CareerpathError
    from careerpath.navigator import Navigator
    from careerpath.reports.serialize import assessment_dict
    from careerpath.resumes import parse_profile, read_resume_bytes

    warnings.simplefilter("ignore")
    navigator = Navigator()
    seeds = hostile.seed_corpus()
    folder = Path(__import__("tempfile").mkdtemp())
    while (seed := tasks.get()) is not None:
        rng = random.Random(seed)
        if rng.random() < 0.15:
            kind, name, data = hostile.postings_case(rng)
        else:
            kind, name, data = hostile.random_case(rng, seeds, huge=huge)
        results.put(("start", seed, kind, len(data)))
        outcome, detail, size = "ok", "", 0
        try:
            if name.startswith("postings."):
                from careerpath.market.readers import read_postings_file

                path = folder / name
                path.write_bytes(data)
                _, records = read_postings_file(path)
                for _ in records:
                    pass
            else:
                result = navigator.assess(parse_profile(read_resume_bytes(data, name)))
                size = len(json.dumps(assessment_dict(result)))
                if size > MAX_RESPONSE_BYTES:
                    outcome, detail = "too_large", f"{size:,} bytes of JSON"
        except CareerpathError as exc:
            outcome, detail = "refused", exc.code
        except Exception:
            outcome, detail = "crash", traceback.format_exc(limit=4)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results.put(("done", seed, kind, outcome, detail, size, peak_mb))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hang-seconds", type=float, default=10.0)
    parser.add_argument("--no-huge", action="store_true", help="no multi-MB texts (faster cases)")
    parser.add_argument("--save", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args()

    ctx = mp.get_context("spawn")
    deadline = time.monotonic() + args.minutes * 60
    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    codes: collections.Counter[str] = collections.Counter()
    failures: list[tuple[int, str, str, str]] = []
    peak_mb = 0.0
    slowest = (0.0, "")
    seed = args.seed * 1_000_000

    def start() -> tuple[Any, Any, Any]:
        tasks, results = ctx.Queue(), ctx.Queue()
        process = ctx.Process(target=_worker, args=(tasks, results, not args.no_huge), daemon=True)
        process.start()
        return process, tasks, results

    process, tasks, results = start()
    began = time.monotonic()
    while time.monotonic() < deadline:
        seed += 1
        tasks.put(seed)
        case_start = None
        kind = "?"
        while True:
            timeout = args.hang_seconds + (120 if case_start is None else 0)  # the first case loads the navigator
            try:
                message = results.get(timeout=timeout)
            except Exception:  # queue.Empty: a hang (or a dead worker)
                counts["hang"] += 1
                failures.append((seed, kind, "hang", f"over {args.hang_seconds:g} s"))
                process.kill()
                process.join()
                process, tasks, results = start()
                break
            if message[0] == "start":
                case_start, kind = time.monotonic(), message[2]
                continue
            _, _, kind, outcome, detail, _size, case_peak = message
            elapsed = time.monotonic() - (case_start or time.monotonic())
            slowest = max(slowest, (elapsed, kind))
            peak_mb = max(peak_mb, case_peak)
            counts[outcome] += 1
            kinds[kind] += 1
            if outcome == "refused":
                codes[detail] += 1
            if outcome in ("crash", "too_large"):
                failures.append((seed, kind, outcome, detail))
            break
    tasks.put(None)
    process.join(timeout=10)
    cases = sum(counts.values())
    print(f"cases: {cases} in {(time.monotonic() - began) / 60:.1f} min (seed base {args.seed})")
    print(f"outcomes: {dict(counts)}")
    print(
        f"crashes: {counts['crash']}  hangs (> {args.hang_seconds:g} s): {counts['hang']}  "
        f"outputs over 5 MB: {counts['too_large']}"
    )
    print(f"peak memory of a worker (RSS): {peak_mb:.0f} MB; slowest case: {slowest[0]:.1f} s ({slowest[1]})")
    print(f"kinds: {dict(kinds.most_common())}")
    print(f"refusal codes: {dict(codes.most_common())}")
    if failures:
        args.save.mkdir(parents=True, exist_ok=True)
        for failure_seed, kind, outcome, detail in failures[:50]:
            print(f"--- seed {failure_seed} {kind} {outcome}\n{detail}")
        (args.save / "failures.json").write_text(json.dumps(failures, indent=1))
        print(
            f"seeds saved to {args.save / 'failures.json'} (re-create a case: _worker logic with random.Random(seed))"
        )


if __name__ == "__main__":
    main()
