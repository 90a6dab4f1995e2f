"""The MCP server through the SDK's own client: in-process, and over stdio as an assistant runs it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

pytest.importorskip("mcp")
pytest.importorskip("fastapi")

from careerpath.data_files import bundled_path
from careerpath.mcp_server import build_server
from careerpath.navigator import Navigator
from careerpath.settings import Settings
from mcp import Client, StdioServerParameters

TOOLS = {"assess", "assess_typed", "roles", "role", "skills", "plan"}


@pytest.fixture(scope="module")
def navigator() -> Navigator:
    return Navigator()


def _run(session: Any) -> Any:
    return anyio.run(session)


def test_a_client_lists_the_tools_and_assesses_the_bundled_sample_resume(navigator: Navigator, tmp_path: Path) -> None:
    server = build_server(navigator, Settings(home=tmp_path))
    expected = navigator.assess(bundled_path("sample_resume.md"))

    async def session() -> tuple[Any, Any, Any]:
        async with Client(server) as client:
            tools = await client.list_tools()
            by_path = await client.call_tool("assess", {"resume_path": str(bundled_path("sample_resume.md"))})
            default = await client.call_tool("assess", {})
            return tools, by_path, default

    tools, by_path, default = _run(session)
    listed = {tool.name: tool for tool in tools.tools}
    assert set(listed) >= TOOLS
    # The output schema is the API's AssessmentResponse model.
    assert {"fits", "skills", "plan", "target_role"} <= set(listed["assess"].output_schema["properties"])
    assert not by_path.is_error
    answer = by_path.structured_content
    assert answer["fits"][0]["role"] == expected.fits[0].role_id
    assert {s["id"] for s in answer["skills"]} == {m.skill_id for m in expected.skills}
    assert answer["plan"]["role"] == expected.target.role_id
    assert default.structured_content["fits"] == answer["fits"]  # no argument: the bundled sample


def test_text_resumes_roles_skills_plan_and_errors_through_the_tools(navigator: Navigator, tmp_path: Path) -> None:
    server = build_server(navigator, Settings(home=tmp_path), allow_paths=False)
    text = "Experience\n- Trained PyTorch models and deployed them with Docker and Kubernetes on AWS.\n"

    async def session() -> dict[str, Any]:
        async with Client(server) as client:
            return {
                "text": await client.call_tool("assess", {"resume_text": text}),
                "path": await client.call_tool("assess", {"resume_path": "/etc/passwd"}),
                "roles": await client.call_tool("roles", {}),
                "role": await client.call_tool("role", {"name": "ML Engineer"}),
                "unknown": await client.call_tool("role", {"name": "Astronaut"}),
                "skills": await client.call_tool("skills", {"query": "pytorch"}),
                "plan": await client.call_tool("plan", {"role": "mlops_engineer", "skills": ["python", "docker"]}),
                "catalogue": await client.read_resource("careerpath://roles"),
            }

    got = _run(session)
    skills = {s["id"] for s in got["text"].structured_content["skills"]}
    assert {"pytorch", "docker", "kubernetes"} <= skills
    assert got["path"].is_error and "resume_text" in got["path"].content[0].text  # no file reads over HTTP
    assert len(got["roles"].structured_content["roles"]) == len(navigator.roles)
    assert got["role"].structured_content["id"] == "ml_engineer"
    assert got["unknown"].is_error and "unknown_role" in got["unknown"].content[0].text
    assert got["skills"].structured_content["skills"][0]["id"] == "pytorch"
    plan = got["plan"].structured_content
    assert plan["role"] == "mlops_engineer" and plan["steps"]
    assert "mlops_engineer" in got["catalogue"].contents[0].text


def test_careerpath_mcp_serves_over_stdio(tmp_path: Path) -> None:
    """What an assistant does: launch `careerpath mcp` and talk to it over stdin/stdout."""
    env = {**os.environ, "CAREERPATH_HOME": str(tmp_path)}
    params = StdioServerParameters(command=sys.executable, args=["-m", "careerpath", "mcp"], env=env)

    async def session() -> tuple[set[str], Any]:
        async with Client(params) as client:
            tools = await client.list_tools()
            result = await client.call_tool("assess_typed", {"skills": ["python", "sql"], "role": "data_analyst"})
            return {tool.name for tool in tools.tools}, result

    names, result = _run(session)
    assert names >= TOOLS
    assert result.structured_content["target_role"] == "data_analyst"


def test_careerpath_mcp_serves_streamable_http_without_reading_files(tmp_path: Path) -> None:
    import socket
    import subprocess
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "CAREERPATH_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "careerpath", "mcp", "--transport", "streamable-http", "--port", str(port)]

    async def session() -> tuple[set[str], Any, Any]:
        async with Client(f"http://127.0.0.1:{port}/mcp") as client:
            tools = await client.list_tools()
            text = await client.call_tool("assess", {"resume_text": "Skills\nPython, SQL, Tableau, Excel\n"})
            path = await client.call_tool("assess", {"resume_path": "/etc/hostname"})
            return {tool.name for tool in tools.tools}, text, path

    log = tmp_path / "server.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, log.read_text()
            time.sleep(0.1)
        names, text, path = _run(session)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert names >= TOOLS
    assert {"python", "sql"} <= {s["id"] for s in text.structured_content["skills"]}
    assert path.is_error
