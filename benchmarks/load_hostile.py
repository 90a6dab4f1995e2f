"""Bounded local load test: normal resume uploads mixed with hostile ones against a real server.

Usage: nice python benchmarks/load_hostile.py [--seconds 60] [--clients 4] [--hostile-clients 2]

Starts `uvicorn` on the app (careerpath.server.app:create_app, default settings) on a free local
port, then for --seconds runs --clients threads that upload ordinary resumes (the sample resume,
small variations) in a loop, and --hostile-clients threads that upload hostile files in a loop
(zip bombs, 9 MB texts, 10^9-column DOCX spans, word floods, broken PDFs, page floods).
Prints p50/p95/p99 latency of the normal uploads, the status counts of both kinds, the number of
5xx answers and the largest response body.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile_inputs as hostile


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hostile_files() -> list[tuple[str, bytes]]:
    return [
        ("bomb.docx", hostile.docx_zip_bomb(48 * 1024 * 1024)),
        ("huge.txt", hostile.repeated_sample(9 * 1024 * 1024)),
        ("flood.txt", hostile.word_flood(count=1_000_000)),
        ("span.docx", hostile.docx_grid_span(2_000_000_000)),
        ("merged.docx", hostile.docx_vmerge_rows(20_000)),
        ("pages.pdf", hostile.pdf_many_pages(3_000)),
        ("xref.pdf", hostile.pdf_startxref_overflow()),
        ("deep.json", hostile.json_deep(100_000)),
    ]


def normal_files() -> list[tuple[str, bytes]]:
    sample = hostile.SAMPLE_RESUME
    return [
        ("resume.md", sample),
        ("resume.txt", sample.replace(b"Python", b"Python, Go and Rust")),
        ("resume.pdf", hostile.pdf_bytes([line.decode("latin-1") for line in sample.splitlines()[:40]])),
        ("resume.docx", hostile.docx_bytes([line.decode() for line in sample.splitlines()[:40]])),
        ("resume.json", hostile.json_resume()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--hostile-clients", type=int, default=2)
    args = parser.parse_args()

    port = free_port()
    home = tempfile.mkdtemp(prefix="careerpath-load-")
    env = {**os.environ, "CAREERPATH_HOME": home}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "careerpath.server.app:create_app", "--factory", "--port", str(port),
         "--log-level", "warning"],
        env=env,
        start_new_session=True,  # its worker processes too are stopped at the end
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        normal, bad = normal_files(), hostile_files()
        latencies: list[float] = []
        statuses: dict[str, collections.Counter[int]] = {
            "normal": collections.Counter(),
            "hostile": collections.Counter(),
        }
        largest = [0]
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(kind: str, files: list[tuple[str, bytes]], seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=base, timeout=120) as http:
                while time.monotonic() < stop:
                    name, data = rng.choice(files)
                    start = time.perf_counter()
                    response = http.post("/assessments", files={"file": (name, data)})
                    elapsed = time.perf_counter() - start
                    with lock:
                        statuses[kind][response.status_code] += 1
                        largest[0] = max(largest[0], len(response.content))
                        if kind == "normal":
                            latencies.append(elapsed)

        threads = [threading.Thread(target=client, args=("normal", normal, i)) for i in range(args.clients)]
        threads += [
            threading.Thread(target=client, args=("hostile", bad, 1000 + i)) for i in range(args.hostile_clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    server_errors = sum(n for counts in statuses.values() for code, n in counts.items() if code >= 500)
    print(f"{args.seconds:g} s, {args.clients} normal + {args.hostile_clients} hostile clients, {os.cpu_count()} CPUs")
    print(
        f"normal uploads: {len(latencies)}  p50 {statistics.median(latencies):.3f} s  p95 {p(0.95):.3f} s  "
        f"p99 {p(0.99):.3f} s  max {latencies[-1]:.3f} s"
    )
    print(f"statuses: normal {dict(statuses['normal'])}  hostile {dict(statuses['hostile'])}")
    print(f"5xx answers: {server_errors}; largest response: {largest[0] / 1024:.0f} KB")


if __name__ == "__main__":
    main()
