"""Running careerpath as a service: Prometheus metrics, JSON logs, readiness and model rollout wiring.

Needs the ``api`` extra; ``/metrics`` also needs ``ops`` (prometheus-client). Nothing in the core
imports this package: careerpath.server.app installs it on the app (``install_operations``).
"""
