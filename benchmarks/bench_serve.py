"""Load test of the multi-user service on 127.0.0.1: a fixed arrival rate of mixed traffic for a while.

Usage: python benchmarks/bench_serve.py [--rate 8] [--seconds 300] [--workers 2] [--users 20]

Starts `careerpath serve --multi-user --workers N` on a free port with a fresh CAREERPATH_HOME (SQLite;
set CAREERPATH_DATABASE_URL for PostgreSQL), signs up --users accounts, then sends requests at a
fixed rate (an open model: arrivals do not wait for answers, so a slow server shows as latency, not
as a lower offered rate). The mix per request: 10% log-in (Argon2 verify), 40% list roles, 30% typed
assessment (saved in the person's history), 20% resume upload (the bundled sample, saved).
Prints throughput, p50/p95/p99 latency per kind and overall, errors, and the server's memory (sum of
the resident set sizes of its processes) before and after. Rate limits are lifted for the run
(every request comes from 127.0.0.1).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from careerpath.data_files import bundled_path

PASSWORD = "correct horse battery staple"
MIX = (("login", 0.10), ("roles", 0.40), ("typed", 0.30), ("upload", 0.20))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (the uvicorn workers), from /proc."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def sign_up_all(base: str, users: int) -> list[dict[str, str]]:
    accounts = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for i in range(users):
            email = f"load{i}@example.org"
            response = await client.post("/auth/signup", json={"email": email, "password": PASSWORD})
            response.raise_for_status()
            session = {"email": email, "csrf": response.json()["csrf_token"]}
            token = await client.post("/me/tokens", json={"name": "load"}, headers={"X-CSRF-Token": session["csrf"]})
            token.raise_for_status()
            session["token"] = token.json()["token"]
            accounts.append(session)
            client.cookies.clear()
    return accounts


async def one_request(client: httpx.AsyncClient, kind: str, account: dict[str, str], resume: bytes) -> int:
    auth = {"Authorization": f"Bearer {account['token']}"}
    if kind == "login":
        response = await client.post("/auth/login", json={"email": account["email"], "password": PASSWORD})
    elif kind == "roles":
        response = await client.get("/roles")
    elif kind == "typed":
        body = {"skills": random.sample(["python", "sql", "pandas", "pytorch", "docker", "statistics"], 3)}
        response = await client.post("/assessments/typed", json=body, headers=auth)
    else:
        files = {"file": ("resume.md", resume, "text/markdown")}
        response = await client.post("/assessments", files=files, headers=auth)
    return response.status_code


async def run_load(base: str, rate: float, seconds: float, accounts: list[dict[str, str]]) -> dict[str, list]:
    resume = bundled_path("sample_resume.md").read_bytes()
    kinds, weights = zip(*MIX, strict=True)
    results: dict[str, list] = {"latency": [], "kind": [], "status": []}
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        tasks = []
        start = time.perf_counter()
        n = 0
        while (now := time.perf_counter() - start) < seconds:
            due = n / rate
            if due > now:
                await asyncio.sleep(due - now)
            kind = random.choices(kinds, weights)[0]

            async def timed(kind: str = kind) -> None:
                t0 = time.perf_counter()
                try:
                    status = await one_request(client, kind, random.choice(accounts), resume)
                except httpx.HTTPError:
                    status = 0
                results["latency"].append(time.perf_counter() - t0)
                results["kind"].append(kind)
                results["status"].append(status)

            tasks.append(asyncio.create_task(timed()))
            n += 1
        await asyncio.gather(*tasks)
        results["elapsed"] = [time.perf_counter() - start]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=8.0, help="requests per second offered")
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    random.seed(7)

    port = free_port()
    home = tempfile.mkdtemp(prefix="careerpath-bench-serve-")
    env = {
        **os.environ,
        "CAREERPATH_HOME": home,
        "CAREERPATH_AUTH_RATE_PER_MINUTE": "1000000",
        "CAREERPATH_ASSESS_RATE_PER_MINUTE": "1000000",
    }
    command = [
        sys.executable,
        "-m",
        "careerpath",
        "serve",
        "--multi-user",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            problem = server.stderr.read(2000).decode() if server.stderr else ""
            raise SystemExit("the server did not start: " + problem)
        accounts = asyncio.run(sign_up_all(base, args.users))
        memory_before = tree_rss_mb(server.pid)
        results = asyncio.run(run_load(base, args.rate, args.seconds, accounts))
        memory_after = tree_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    latencies, kinds, statuses = results["latency"], results["kind"], results["status"]
    elapsed = results["elapsed"][0]
    errors = sum(1 for s in statuses if not 200 <= s < 300)
    print(
        f"careerpath serve --multi-user --workers {args.workers} (SQLite unless CAREERPATH_DATABASE_URL), "
        f"{os.cpu_count()} CPUs, {args.users} accounts"
    )
    print(
        f"offered {args.rate:g} req/s for {args.seconds:g} s: {len(statuses)} requests in {elapsed:.1f} s = "
        f"{len(statuses) / elapsed:.2f} req/s, errors {errors}"
    )
    print(f"{'kind':8} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for kind in [k for k, _ in MIX] + ["all"]:
        values = [lat for lat, k in zip(latencies, kinds, strict=True) if kind in ("all", k)]
        if values:
            print(
                f"{kind:8} {len(values):>6} {1000 * percentile(values, 0.50):>8.1f} "
                f"{1000 * percentile(values, 0.95):>8.1f} {1000 * percentile(values, 0.99):>8.1f} "
                f"{1000 * statistics.fmean(values):>8.1f}"
            )
    print(f"server memory (RSS, all processes): {memory_before:.0f} MB before, {memory_after:.0f} MB after")
    if errors:
        counts: dict[int, int] = {}
        for s in statuses:
            if not 200 <= s < 300:
                counts[s] = counts.get(s, 0) + 1
        print("error statuses:", counts)


if __name__ == "__main__":
    main()
