# careerpath service image: `docker build -t careerpath .` (lean + api + ops extras),
# `docker build --target semantic -t careerpath:semantic .` (adds the dense ESCO linking models).
# Linted in CI with hadolint (tests/deploy/test_container.py); the entry command is run there too.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# Build stage: a virtual environment with careerpath and its extras, no compilers left behind.
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements/constraints.txt ./requirements/
COPY src ./src
# The project is installed from its source tree, its dependencies at the tested versions of the lock.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir -c requirements/constraints.txt ".[api,ops]"

FROM build AS build-semantic
# The lock pins the CPU build of PyTorch, which is not on PyPI: pass the index that serves it, e.g.
# docker build --target semantic --build-arg PIP_EXTRA_INDEX_URL=<CPU wheel index> .
ARG PIP_EXTRA_INDEX_URL=""
# hadolint ignore=DL3013
RUN pip install --no-cache-dir -c requirements/constraints.txt ".[api,ops,semantic]"

# Runtime stage: only the venv, a non-root user and one writable data folder.
FROM ${PYTHON_IMAGE} AS service
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin careerpath \
    && mkdir -p /data \
    && chown careerpath:careerpath /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CAREERPATH_HOME=/data \
    CAREERPATH_LOG_FORMAT=json
USER 10001
WORKDIR /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/ready', timeout=4)"]
ENTRYPOINT ["careerpath"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]

# Same service with the semantic extra (PyTorch, sentence-transformers, ONNX Runtime).
FROM service AS semantic
COPY --from=build-semantic /opt/venv /opt/venv

# The default target, built when no --target is given.
FROM service AS default
