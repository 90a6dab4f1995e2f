"""Seconds per MB of a whole assessment (read, parse, extract, fit, plan, JSON) from 0.25 to 8 MB.

Usage: nice python benchmarks/bench_linear.py [--sizes 0.25,0.5,1,2,4,8] [--shape sample|flood|dates]

The input is the bundled sample resume repeated to each size (``--shape flood``: "Python " repeated;
``dates``: one line of "Jan 2019 - Present"). The text budget is lifted for the sweep so the
whole text is processed; the slope of log(time) against log(size) is 1.0 for linear work, 2.0
for quadratic (issue 16: it was ~1.7, 23 s at 2 MB). Last, the default budgets on a 10 MiB text
file: the time to an answer a user of `careerpath assess` would wait.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile_inputs as hostile
from careerpath.budgets import Budgets
from careerpath.errors import CareerpathWarning
from careerpath.navigator import Navigator
from careerpath.reports.serialize import assessment_dict

MB = 1024 * 1024


def make(shape: str, size: int) -> bytes:
    if shape == "flood":
        return hostile.word_flood(count=size // 7)
    if shape == "dates":
        return b"Jordan Lee\n" + b"Jan 2019 - Present " * (size // 19)
    return hostile.repeated_sample(size)


def timed_assessment(navigator: Navigator, path: Path, max_bytes: int) -> tuple[float, int]:
    start = time.perf_counter()
    result = navigator.assess(path, max_bytes=max_bytes)
    body = json.dumps(assessment_dict(result))
    return time.perf_counter() - start, len(body)


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(seconds) against log(MB)."""
    xs = [math.log(mb) for mb, _ in points]
    ys = [math.log(seconds) for _, seconds in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2,4,8", help="MB, comma-separated")
    parser.add_argument("--shape", choices=("sample", "flood", "dates"), default="sample")
    args = parser.parse_args()
    warnings.simplefilter("ignore", CareerpathWarning)
    sizes = [float(s) for s in args.sizes.split(",")]
    unlimited = Navigator(budgets=Budgets(max_text_chars=10**9, assessment_seconds=3600))
    points = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"shape={args.shape}  (text budget lifted)")
        print(f"{'MB':>6} {'seconds':>8} {'s/MB':>6} {'JSON KB':>8}")
        for mb in sizes:
            path = Path(folder) / "resume.md"
            path.write_bytes(make(args.shape, int(mb * MB)))
            seconds, body = timed_assessment(unlimited, path, max_bytes=int(mb * MB) + MB)
            points.append((mb, seconds))
            print(f"{mb:6.2f} {seconds:8.2f} {seconds / mb:6.2f} {body / 1024:8.0f}", flush=True)
        print(f"slope of log(time) on log(size): {slope(points):.2f}  (1.0 = linear)")
        path = Path(folder) / "resume.txt"
        path.write_bytes(make(args.shape, 10 * MB - 4096))
        seconds, body = timed_assessment(Navigator(), path, max_bytes=10 * MB)
        print(f"10 MiB text, default budgets: {seconds:.2f} s, JSON {body / 1024:.0f} KB")


if __name__ == "__main__":
    main()
