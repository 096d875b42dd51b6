"""The Dockerfile builds in stages, runs as a non-root user, checks /ready, ships the seeds
without loading them, and starts the service with the same command the tests run
(`factcheck serve`)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    """Each `name` instruction with its continuation lines joined."""
    return re.findall(rf"^{name}\s+(.+)$", DOCKERFILE.replace("\\\n", " "), flags=re.M)


def test_it_is_multi_stage_on_a_slim_python() -> None:
    stages = instructions("FROM")
    assert len(stages) >= 2
    assert all("python:3.11-slim" in stage for stage in stages)
    assert any("--from=build" in line for line in instructions("COPY"))


def test_it_runs_as_a_non_root_user() -> None:
    users = instructions("USER")
    assert users
    assert users[-1] not in {"root", "0"}


def test_its_healthcheck_asks_whether_the_service_is_ready() -> None:
    # /health is 200 while PostgreSQL is down; /ready is not, so traffic waits.
    [check] = re.findall(r"^HEALTHCHECK .*\n\s+CMD (.+)$", DOCKERFILE, flags=re.M)
    assert "/ready" in check
    assert "/health" not in check


def test_the_seeds_ship_but_are_not_loaded_unless_asked() -> None:
    assert any(line.startswith("seeds ") for line in instructions("COPY"))
    assert "FACTCHECK_SEEDS_DIR=none" in DOCKERFILE
    assert "FACTCHECK_SEEDS_DIR=/app/seeds" not in DOCKERFILE.replace(": FACTCHECK_SEEDS", "")


def test_it_starts_the_service_the_way_the_tests_do() -> None:
    assert instructions("CMD")[-1] == '["factcheck", "serve"]'
    # tests/serving.py starts `python -m service serve`, the same entry point as `factcheck`.
    serving = (ROOT / "tests" / "serving.py").read_text()
    assert '"-m", "service", "serve"' in serving
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'factcheck = "service.cli:main"' in pyproject


def test_it_installs_the_project_as_the_makefile_does() -> None:
    assert any("pip install ." in line for line in instructions("RUN"))
    assert "pip install --quiet -e '.[dev,fast]'" in (ROOT / "Makefile").read_text()


def test_the_index_is_kept_on_the_volume_so_a_restart_need_not_rebuild_it() -> None:
    # Rebuilding a million-claim index takes minutes; catching up an index on disk, a second.
    assert "FACTCHECK_INDEX_DIR=/data/index" in DOCKERFILE
    assert 'VOLUME ["/data"]' in DOCKERFILE


def test_the_language_detector_is_installed_by_hash_before_the_project() -> None:
    hashed = "--require-hashes -r requirements/language.txt"
    [install] = [line for line in instructions("RUN") if "pip install" in line]
    assert install.index(hashed) < install.index("pip install .")
    makefile = (ROOT / "Makefile").read_text()
    assert makefile.index(hashed) < makefile.index("pip install --quiet -e '.[dev")
    pins = (ROOT / "requirements" / "language.txt").read_text()
    assert "pycld2==0.42" in pins
    assert '"pycld2==0.42"' in (ROOT / "pyproject.toml").read_text()
