"""deploy/k8s: every manifest validates against the Kubernetes schemas and agrees with the app and image."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.30.0"  # the oldest minor still supported upstream at the time of writing


def _documents() -> list[tuple[str, dict[str, Any]]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        docs += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    return docs


def _kind(kind: str) -> dict[str, Any]:
    (doc,) = [doc for _name, doc in _documents() if doc["kind"] == kind]
    return doc


@pytest.mark.parametrize("name, doc", _documents(), ids=lambda value: value if isinstance(value, str) else "")
def test_manifest_validates_against_kubernetes_schemas(name: str, doc: dict[str, Any]) -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)  # raises on any schema error


def test_validator_rejects_a_broken_manifest() -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    broken = json.loads(json.dumps(_kind("Deployment")))
    broken["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "eight thousand"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files
    kinds = {doc["kind"] for _name, doc in _documents()}
    wanted = {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap", "Secret"}
    assert kinds >= wanted | {"NetworkPolicy", "CronJob"}


def test_deployment_probes_answer_on_the_real_app_and_match_the_image() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from careerpath.server.app import create_app
    from careerpath.settings import Settings

    pod = _kind("Deployment")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["resources"]["requests"] and container["resources"]["limits"]
    assert pod["securityContext"]["runAsUser"] == 10001  # the image's USER
    dockerfile = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    cmd = json.loads(re.findall(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)[-1])
    assert container["args"] == cmd
    port = container["ports"][0]
    assert str(port["containerPort"]) in cmd
    assert _kind("Service")["spec"]["ports"][0]["targetPort"] == port["name"]
    settings = Settings(home=ROOT / "nonexistent-home")
    with TestClient(create_app(settings=settings)) as client:
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            path = container[probe]["httpGet"]["path"]
            for _ in range(100):
                if client.get(path).status_code == 200:
                    break
                time.sleep(0.05)  # /ready waits for the models' loading thread
            assert client.get(path).status_code == 200, path


def test_cronjob_runs_a_real_cli_command_and_settings_are_real_settings() -> None:
    import typer.main

    from careerpath.cli.app import app
    from careerpath.settings import Settings

    (container,) = _kind("CronJob")["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    group, command, _path = container["args"]
    click_app = typer.main.get_command(app)
    assert command in click_app.commands[group].commands  # type: ignore[attr-defined]
    fields = {f"CAREERPATH_{name.upper()}" for name in Settings.model_fields}
    env = {k for k in _kind("ConfigMap")["data"] if k.startswith("CAREERPATH_")}
    assert env <= fields, env - fields
    plan = json.loads(_kind("ConfigMap")["data"]["rollout.json"])
    from careerpath.rollout import RolloutPlan

    assert RolloutPlan.model_validate(plan).mode == "off"
