"""Install operations on the app: request ids, access logs, /metrics, /ready, /feedback, rollout routing.

``install_operations(app, settings)`` is the one call careerpath.server.app makes.
"""

from __future__ import annotations

import inspect
import logging
import re
import threading
import time
import uuid
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from careerpath.app import Careerpath
from careerpath.errors import AccountError, CareerpathError
from careerpath.navigator import Navigator
from careerpath.ops.logs import access_logger, request_id
from careerpath.ops.readiness import Readiness
from careerpath.ops.serving import RolloutRuntime, build_runtime
from careerpath.rollout import load_plan
from careerpath.server.deps import get_navigator
from careerpath.server.security import same_token
from careerpath.settings import Settings

REQUEST_ID_HEADER = "X-Request-ID"
ROLLOUT_KEY_HEADER = "X-Rollout-Key"  # a stable user or client key: the same key always gets the same version
ARM_HEADER = "X-Model-Arm"
VERSION_HEADER = "X-Model-Version"
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # a client's id is echoed and logged only if it is this plain
MODELS = "models"

logger = logging.getLogger("careerpath.ops")


class RequestContext:
    """ASGI middleware: request id, per-route counts and latency, one JSON-safe access log line."""

    def __init__(self, app: ASGIApp, metrics: Any = None) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        rid = given if given and _SAFE_ID.match(given) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        token = request_id.set(rid)
        status, started, response_started = 500, time.perf_counter(), False

        async def send_with_headers(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = rid
                arm = state.get("rollout_arm")
                if arm is not None:
                    headers[ARM_HEADER] = arm.name
                    headers[VERSION_HEADER] = arm.version
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            status = 500
            if not response_started:
                # Answer here, through the app's own 500 handler, so the reply carries the request id
                # and the version that failed; the error still propagates to the server's log.
                await (await _error_response(scope, exc))(scope, receive, send_with_headers)
            raise
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"  # templates only: bounded labels
            method = scope["method"]
            if self.metrics is not None:
                self.metrics.requests.labels(method, route, str(status)).inc()
                self.metrics.latency.labels(method, route).observe(seconds)
            arm = state.get("rollout_arm")
            access_logger().info(
                "request",
                extra={
                    "event": "request",
                    "request_id": rid,
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "arm": None if arm is None else arm.name,
                    "version": None if arm is None else arm.version,
                },
            )
            request_id.reset(token)


async def _error_response(scope: Scope, exc: Exception) -> Response:
    handler = getattr(scope.get("app"), "exception_handlers", {}).get(Exception)
    if handler is not None:
        response = handler(Request(scope), exc)
        if inspect.isawaitable(response):
            response = await response
        if isinstance(response, Response):
            return response
    body = {"error": {"code": "internal_error", "message": "Internal error.", "details": {}}}
    return JSONResponse(body, status_code=500)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def rollout_navigator(request: Request) -> Navigator:
    """Replace the app's navigator dependency: route the request's key to its arm's navigator."""
    runtime: RolloutRuntime | None = getattr(request.app.state, "rollout", None)
    if runtime is None:
        navigator: Navigator = request.app.state.navigator
        return navigator
    key = request.headers.get(ROLLOUT_KEY_HEADER) or request.state.request_id
    arm = runtime.arm_for(key)
    request.state.rollout_arm = arm
    return arm.navigator


class Feedback(BaseModel):
    helpful: bool


def _ops_token_given(request: Request, settings: Settings) -> bool:
    """Whether the request carries ``Authorization: Bearer <CAREERPATH_METRICS_TOKEN>``."""
    authorization = request.headers.get("authorization", "")
    given = authorization[7:].strip() if authorization.lower().startswith("bearer ") else None
    return same_token(settings.metrics_token, given)


def _require_metrics_access(request: Request, settings: Settings) -> None:
    """/metrics: open unless CAREERPATH_METRICS_TOKEN is set, then that bearer token only."""
    if settings.metrics_token and not _ops_token_given(request, settings):
        raise AccountError(
            "GET /metrics needs Authorization: Bearer <CAREERPATH_METRICS_TOKEN>.", code="unauthenticated"
        )


def _require_rollout_access(request: Request, settings: Settings) -> None:
    """/rollout: open on the single-user server; on the multi-user one an administrator or the metrics token."""
    if getattr(request.app.state, "store", None) is None or _ops_token_given(request, settings):
        return
    from careerpath.server.auth import admin_account, api_account

    admin_account(api_account(request))  # 401 anonymous, 403 for a signed-in non-administrator


def operations_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/ready")
    def read_ready(request: Request) -> JSONResponse:
        """200 once knowledge and models are loaded; 503 while they load or when one failed."""
        ready, details = request.app.state.readiness.report()
        if ready:
            return JSONResponse({"status": "ready"})
        loading = details["loading"]
        message = f"Still loading: {', '.join(loading)}." if loading else "A model failed to load."
        return JSONResponse({"error": {"code": "not_ready", "message": message, "details": details}}, status_code=503)

    @router.get("/metrics", include_in_schema=False)
    def read_metrics(request: Request) -> Response:
        """Prometheus text format (with CAREERPATH_METRICS_TOKEN set: that bearer token only)."""
        _require_metrics_access(request, settings)
        metrics = request.app.state.metrics
        if metrics is None:
            message = "Metrics need prometheus-client: pip install 'careerpath[ops]'"
            body = {"error": {"code": "backend_unavailable", "message": message, "details": {}}}
            return JSONResponse(body, status_code=501)
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @router.post("/feedback", status_code=202)
    def create_feedback(body: Feedback, request: Request) -> dict[str, str]:
        """Record whether an answer helped, for the version that gave it (send the same X-Rollout-Key)."""
        runtime: RolloutRuntime | None = request.app.state.rollout
        if runtime is None:
            return {"arm": "none", "version": "none"}
        arm = runtime.arm_for(request.headers.get(ROLLOUT_KEY_HEADER) or request.state.request_id)
        arm.observe_feedback(body.helpful)
        return {"arm": arm.name, "version": arm.version}

    @router.get(
        "/rollout",
        responses={
            401: {"description": "Multi-user service: sign in as an administrator or send the metrics token"},
            403: {"description": "Multi-user service: only an administrator may read the rollout"},
        },
    )
    def read_rollout(request: Request) -> dict[str, Any]:
        """The live rollout: mode, candidate share and each arm's statistics.

        On the multi-user service: an administrator's session or API token, or the metrics token."""
        _require_rollout_access(request, settings)
        runtime: RolloutRuntime | None = request.app.state.rollout
        return {"mode": "loading", "arms": {}} if runtime is None else runtime.status()

    return router


def _metrics(settings: Settings) -> Any:
    try:
        from careerpath.ops.metrics import ServiceMetrics
    except ImportError:
        return None
    metrics = ServiceMetrics()
    metrics.watch_files(
        "careerpath_store_size_bytes",
        "Size of careerpath's stores on disk (market postings, ESCO)",
        lambda: {"market": settings.market_store, "esco": settings.esco_store},
    )
    metrics.watch_ingest_runs(lambda: settings.home)
    return metrics


def _linker_factory(root: Careerpath) -> Any:
    """Build a variant's ESCO tier through the composition root, when an ESCO folder is configured."""
    if root.settings.esco_dir is None:
        return None
    return lambda design: root.esco_linker(design=design)


def install_operations(app: FastAPI, settings: Settings, *, background: bool = True) -> None:
    """Add request ids, logs, metrics, /ready and rollout routing to ``app``.

    The rollout's versions load on a thread (``background``): /ready answers 503 until they have,
    and requests are served by the app's plain navigator meanwhile.
    """
    root: Careerpath = getattr(app.state, "careerpath", None) or Careerpath(settings)
    app.state.metrics = metrics = _metrics(settings)
    app.state.readiness = readiness = Readiness()
    app.state.rollout = None
    app.add_middleware(RequestContext, metrics=metrics)
    app.include_router(operations_router(settings))
    app.dependency_overrides[get_navigator] = rollout_navigator
    readiness.loading(MODELS)

    def load() -> None:
        try:
            plan_path = settings.rollout_path
            runtime = build_runtime(
                load_plan(plan_path),
                app.state.navigator,
                linker_factory=_linker_factory(root),
                metrics=metrics,
                plan_path=plan_path,
            )
            if not getattr(app.state, "rollout_pinned", False):
                app.state.rollout = runtime
        except CareerpathError as exc:
            readiness.failed(MODELS, exc.message)
            logger.error("rollout failed to load", extra={"event": "load_failed", "error_code": exc.code})
        except Exception as exc:  # a bug: /ready must say so rather than the thread dying silently
            readiness.failed(MODELS, type(exc).__name__)
            logger.exception("rollout failed to load", extra={"event": "load_failed"})
        else:
            readiness.loaded(MODELS)

    if background:
        threading.Thread(target=load, name="careerpath-models", daemon=True).start()
    else:
        load()


def use_rollout(app: FastAPI, runtime: RolloutRuntime) -> None:
    """Serve ``runtime`` instead of the plan file's (tests and embedding applications)."""
    app.state.rollout_pinned = True
    app.state.rollout = runtime
    app.state.readiness.loaded(MODELS)
