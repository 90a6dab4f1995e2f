"""Running careerpath as a service: Prometheus metrics, JSON logs, readiness and the rollout runtime.

Nothing here imports an interface; careerpath.server.operations installs it on the app
(``install_operations``). ``/metrics`` needs the ``ops`` extra (prometheus-client).
"""
