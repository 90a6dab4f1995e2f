"""`careerpath mcp`: careerpath's answers as tools for AI assistants (Model Context Protocol).

Built with the official MCP Python SDK (``pip install 'careerpath[mcp]'``). The tools call the same
Navigator as the CLI and the API, and their output schemas are the API's response models, so an
assistant gets exactly the JSON of docs/json.md. Transports: stdio (an assistant launches
``careerpath mcp``) or streamable HTTP (``careerpath mcp --transport streamable-http``).

Example::

    from mcp import Client
    from careerpath.mcp_server import build_server

    async with Client(build_server()) as client:
        result = await client.call_tool("assess", {})  # the bundled sample resume
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from careerpath import __version__
from careerpath.api.schemas import (
    AssessmentResponse,
    PlanResponse,
    RoleResponse,
    RolesResponse,
    SkillsResponse,
    TypedProfileRequest,
)
from careerpath.app import Careerpath
from careerpath.data_files import bundled_path
from careerpath.errors import CareerpathError, InputError
from careerpath.navigator import Navigator
from careerpath.reports.serialize import assessment_dict, plan_dict, role_dict, skill_dict
from careerpath.resumes import parse_profile, read_resume_bytes
from careerpath.server.notices import call_with_notices
from careerpath.settings import Settings

T = TypeVar("T")
SAMPLE_RESUME = "sample_resume.md"
INSTRUCTIONS = (
    "careerpath assesses a resume against 22 AI/ML roles offline: skills with the sentence that supports "
    "each, ranked roles with matched and missing skills, and a learning plan. Use `assess` with resume "
    "text (or a file path when running locally), `assess_typed` for a list of skills, `roles`/`role` to "
    "browse roles, `skills` to search the taxonomy and `plan` for the plan to one role."
)


def _answer(call: Callable[[], T]) -> tuple[T, list[str]]:
    """Run a core call; a careerpath error becomes the tool's error with its one-line message."""
    try:
        return call_with_notices(call)
    except CareerpathError as exc:
        raise ToolError(f"[{exc.code}] {exc.message}") from None


def build_server(
    navigator: Navigator | None = None, settings: Settings | None = None, *, allow_paths: bool = True
) -> MCPServer:
    """Return the MCP server over ``navigator`` (default: the composition root's, as the CLI and API use).

    ``allow_paths`` lets `assess` read a file path; turned off when served over HTTP, where the
    caller is not the local user.
    """
    root = Careerpath.from_settings(settings)  # SettingsError on a bad CAREERPATH_*
    settings = root.settings
    nav = navigator or root.navigator
    server: MCPServer = MCPServer("careerpath", version=__version__, instructions=INSTRUCTIONS)

    def source(resume_text: str | None, resume_path: str | None) -> Any:
        if resume_text is not None and resume_path is not None:
            raise ToolError("Give resume_text or resume_path, not both.")
        if resume_text is not None:
            data = resume_text.encode("utf-8")
            return _answer(
                lambda: parse_profile(read_resume_bytes(data, "resume.txt", max_bytes=settings.max_resume_bytes))
            )[0]
        if resume_path is not None:
            if not allow_paths:
                raise ToolError("This server does not read files; send the resume as resume_text.")
            return Path(resume_path).expanduser()
        return bundled_path(SAMPLE_RESUME)

    @server.tool()
    def assess(
        resume_text: str | None = None,
        resume_path: str | None = None,
        role: str | None = None,
        hours_per_week: float = 10.0,
    ) -> AssessmentResponse:
        """Assess a resume (its text, or a local PDF/DOCX/TXT/JSON Resume path; neither: the bundled sample):
        skills with evidence, AI/ML roles ranked by fit with matched and missing skills, and a learning plan."""
        resume = source(resume_text, resume_path)
        result, notices = _answer(
            lambda: nav.assess(
                resume, role, hours_per_week=hours_per_week, done=root.done(), max_bytes=settings.max_resume_bytes
            )
        )
        return AssessmentResponse.model_validate({**assessment_dict(result), "warnings": notices})

    @server.tool()
    def assess_typed(
        skills: list[str],
        years_experience: float | None = None,
        degree: str | None = None,
        role: str | None = None,
        hours_per_week: float = 10.0,
    ) -> AssessmentResponse:
        """Assess a typed profile: skills (ids, names or aliases), years of experience, highest degree."""
        request = {"skills": skills, "years_experience": years_experience, "degree": degree, "fields": []}
        profile = TypedProfileRequest.model_validate(request).to_profile()  # checks the degree's spelling
        result, notices = _answer(lambda: nav.assess(profile, role, hours_per_week=hours_per_week, done=root.done()))
        return AssessmentResponse.model_validate({**assessment_dict(result), "warnings": notices})

    @server.tool()
    def roles() -> RolesResponse:
        """List the AI/ML roles careerpath knows, with pay and demand where the market snapshot has them."""
        return RolesResponse.model_validate(_roles_dict(nav))

    @server.tool()
    def role(name: str) -> RoleResponse:
        """One role by id, name or job title: responsibilities, skills with levels, education, experience."""
        found, _ = _answer(lambda: nav.roles.resolve(name))
        return RoleResponse.model_validate(role_dict(found, nav.market.get(found.id)))

    @server.tool()
    def skills(query: str | None = None, category: str | None = None) -> SkillsResponse:
        """Search the skills taxonomy by id, name, alias or text; optionally only one category."""
        found = nav.taxonomy.search(query) if query else list(nav.taxonomy)
        if category:
            found = [s for s in found if s.category == category]
        return SkillsResponse.model_validate(
            {"version": nav.taxonomy.version, "skills": [skill_dict(s) for s in found]}
        )

    @server.tool()
    def plan(
        role: str,
        resume_text: str | None = None,
        resume_path: str | None = None,
        skills: list[str] | None = None,
        hours_per_week: float = 10.0,
    ) -> PlanResponse:
        """The learning plan to a role, ordered by prerequisites, from a resume or a typed list of skills."""
        profile = (
            TypedProfileRequest(skills=skills, years_experience=None, degree=None, fields=[]).to_profile()
            if skills
            else source(resume_text, resume_path)
        )
        result, notices = _answer(lambda: nav.assess(profile, role, hours_per_week=hours_per_week, done=root.done()))
        return PlanResponse.model_validate({**plan_dict(result.plan), "warnings": notices})

    @server.resource("careerpath://roles", mime_type="application/json", description="The role catalogue")
    def role_catalogue() -> str:
        return json.dumps(_roles_dict(nav))

    @server.resource("careerpath://roles/{role_id}", mime_type="application/json", description="One role")
    def role_resource(role_id: str) -> str:
        try:
            found = nav.roles.resolve(role_id)
        except InputError as exc:
            raise ValueError(exc.message) from None
        return json.dumps(role_dict(found, nav.market.get(found.id)))

    return server


def _roles_dict(nav: Navigator) -> dict[str, Any]:
    return {"version": nav.roles.version, "roles": [role_dict(r, nav.market.get(r.id)) for r in nav.roles]}
