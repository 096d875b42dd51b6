# syntax=docker/dockerfile:1
# Multi-stage: build a wheel-installed virtualenv, then copy it into a slim runtime image.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY schemas ./schemas
COPY service ./service
# The language detector first, verified by hash (requirements/language.txt); then the project.
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-deps --require-hashes -r requirements/language.txt \
    && /opt/venv/bin/pip install .

FROM python:3.11-slim
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    FACTCHECK_HOST=0.0.0.0 \
    FACTCHECK_PORT=8000 \
    FACTCHECK_SEEDS_DIR=none \
    FACTCHECK_DATABASE_URL=sqlite:////data/factcheck.db \
    FACTCHECK_INDEX_DIR=/data/index
RUN groupadd --system factcheck && useradd --system --gid factcheck --home /app factcheck \
    && mkdir -p /data /app && chown factcheck:factcheck /data
COPY --from=build /opt/venv /opt/venv
# The demo articles, for a try-out only: FACTCHECK_SEEDS_DIR=/app/seeds. Off by default, so a
# production database never receives them.
COPY seeds /app/seeds
WORKDIR /app
USER factcheck
EXPOSE 8000
VOLUME ["/data"]
# /ready, not /health: healthy means able to answer (store reachable and migrated), so that
# compose and load balancers hold traffic while the database is down.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/ready', timeout=2).status == 200 else 1)"]
# Bound to 0.0.0.0, the service refuses to start without FACTCHECK_API_KEYS (or
# FACTCHECK_API_KEYS_FILE), unless FACTCHECK_ALLOW_ANONYMOUS=true says so on purpose.
CMD ["factcheck", "serve"]
