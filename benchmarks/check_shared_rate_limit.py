"""Does a log-in limit hold across worker processes? Start `careerpath serve --multi-user --workers N` with
CAREERPATH_AUTH_RATE_PER_MINUTE=LIMIT on a fresh home and send wrong log-ins, one connection each (uvicorn's
workers take turns), then print how many got through before the first 429.

Usage: python benchmarks/check_shared_rate_limit.py [--workers 2] [--limit 5] [--attempts 12]

With the counters in the database the answer is LIMIT whatever N is; counted per process, it was up
to N x LIMIT.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--attempts", type=int, default=12)
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="careerpath-limit-") as home:
        env = {**os.environ, "CAREERPATH_HOME": home, "CAREERPATH_AUTH_RATE_PER_MINUTE": str(args.limit)}
        command = [sys.executable, "-m", "careerpath", "serve", "--multi-user", "--workers", str(args.workers)]
        server = subprocess.Popen(
            [*command, "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            statuses = []
            for _ in range(args.attempts):
                with httpx.Client() as client:  # a new connection each time
                    body = {"email": "someone@example.org", "password": "not the password"}
                    statuses.append(client.post(f"{base}/auth/login", json=body).status_code)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    through = statuses.index(429) if 429 in statuses else len(statuses)
    print(f"workers {args.workers}, limit {args.limit}/min: statuses {statuses}")
    print(f"attempts let through before the first 429: {through}; let through in all: {statuses.count(401)}")


if __name__ == "__main__":
    main()
