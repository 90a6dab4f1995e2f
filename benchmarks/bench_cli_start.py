"""Cold start of the CLI: fresh `careerpath` processes, as a user at a shell meets them.

Each command runs RUNS times as a new process; the figures are the median wall time and the median
CPU time (user + system of the child: less sensitive than wall time to the load of a shared
machine), with the load average. With ``--compare SRC_A SRC_B`` the runs alternate between two
source trees (PYTHONPATH), e.g. before and after a change, so both meet the same load. Then
``python -X importtime`` of the CLI module: the total and the careerpath modules that cost most.

    python benchmarks/bench_cli_start.py [STORE]
    git archive HEAD~1 src | tar -x -C /tmp/before && \\
        python benchmarks/bench_cli_start.py STORE --compare /tmp/before/src src
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 7
SAMPLE = Path(__file__).resolve().parents[1] / "src" / "careerpath" / "data" / "sample_resume.md"


def run_once(args: list[str], src: str | None) -> tuple[float, float]:
    env = dict(os.environ, **({"PYTHONPATH": src} if src else {}))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "careerpath", *args], check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_profile(src: str | None) -> tuple[float, list[tuple[float, str]]]:
    env = dict(os.environ, **({"PYTHONPATH": src} if src else {}))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import careerpath.cli.app"], capture_output=True, text=True, env=env
    )
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative) / 1e6, name.rstrip()))
    total = next(seconds for seconds, name in rows if name.strip() == "careerpath.cli.app")
    heavy = {"duckdb", "pyarrow", "onnxruntime", "usearch"}
    loaded = sorted({name.strip() for _, name in rows if name.strip() in heavy})
    top = sorted((r for r in rows if r[1].strip().startswith("careerpath")), reverse=True)[:6]
    top.append((0.0, f"  (heavy modules imported: {', '.join(loaded) or 'none'})"))
    return total, top


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sources: list[str | None] = [None]
    if "--compare" in sys.argv:
        sources = args[-2:]
        args = args[:-2]
    commands = {"--help": ["--help"], "assess --format json": ["assess", str(SAMPLE), "--format", "json"]}
    if args:
        commands["match --top 5"] = ["match", str(SAMPLE), "--store", args[0], "--top", "5"]
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; {RUNS} cold runs per command and tree")
    for label, command in commands.items():
        samples: dict[str | None, list[tuple[float, float]]] = {src: [] for src in sources}
        for _ in range(RUNS):
            for src in sources:  # alternate, so that both trees meet the same load
                samples[src].append(run_once(command, src))
        for src, values in samples.items():
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            print(f"careerpath {label:22s} [{src or 'PYTHONPATH'}] wall {wall:.2f} s   cpu {cpu:.2f} s")
    for src in sources:
        total, top = import_profile(src)
        print(f"[{src or 'PYTHONPATH'}] import careerpath.cli.app: {total:.2f} s wall; largest careerpath modules:")
        for seconds, name in top:
            print(f"  {seconds:6.2f} s {name}" if seconds else f"         {name}")
    print(f"load average after {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
