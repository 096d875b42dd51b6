"""The image's Python environment, built from the Dockerfile's own lines in a fresh venv, starts
and serves: what the build stage copies, what its RUN installs, the runtime stage's ENV and
CMD, and its HEALTHCHECK passes. No Docker engine runs here, so the lines are replayed with
the image's paths mapped into a temporary folder. Its log is JSON lines only, uvicorn's too.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.serving import free_port, wait_ready

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()

pytestmark = pytest.mark.slow


def stages() -> list[str]:
    return re.split(r"^FROM ", DOCKERFILE, flags=re.M)[1:]


def joined_lines(stage: str) -> list[str]:
    return stage.replace("\\\n", " ").splitlines()


def env_of(stage: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in joined_lines(stage):
        if line.startswith("ENV "):
            for pair in shlex.split(line[4:]):
                name, _, value = pair.partition("=")
                env[name] = value
    return env


def test_the_images_environment_builds_in_a_fresh_venv_and_serves(tmp_path: Path) -> None:
    build, runtime = stages()[0], stages()[-1]
    source, venv, data = tmp_path / "src", tmp_path / "venv", tmp_path / "data"
    source.mkdir()
    data.mkdir()
    for line in joined_lines(build):
        if line.startswith("COPY "):
            *items, _ = line[5:].split()
            for item in items:
                origin = ROOT / item
                if origin.is_dir():
                    ignore = shutil.ignore_patterns("__pycache__")
                    shutil.copytree(origin, source / item, ignore=ignore)
                else:
                    shutil.copy(origin, source / item)
    [install] = [line[4:] for line in joined_lines(build) if line.startswith("RUN ")]
    assert "pip install ." in install
    # `python` of the image is the machine's interpreter here; /opt/venv is the temporary one.
    script = install.replace("/opt/venv", str(venv)).replace("python ", f"{sys.executable} ", 1)
    subprocess.run(
        ["bash", "-c", script],
        cwd=source,
        check=True,
        capture_output=True,
        timeout=900,
        env={**os.environ, **env_of(build)},
    )

    env = {
        key: value.replace("/data", str(data)).replace("/app/seeds", str(ROOT / "seeds"))
        for key, value in env_of(runtime).items()
        if key.startswith("FACTCHECK_")
    }
    assert env["FACTCHECK_SEEDS_DIR"] == "none"
    port = free_port()
    env.update(
        FACTCHECK_HOST="127.0.0.1",
        FACTCHECK_PORT=str(port),
        PATH=f"{venv / 'bin'}:{os.environ['PATH']}",
    )
    commands = [json.loads(line[4:]) for line in joined_lines(runtime) if line.startswith("CMD ")]
    command = commands[-1]
    log_path = tmp_path / "server.log"
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(venv / "bin" / command[0]), *command[1:]],
            env={**clean_env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process, 60, log_path.read_text)
        assert httpx.get(f"{base}/v1/reports").json() == {"items": []}  # no demo articles
        assert httpx.get(f"{base}/schema/assets/swagger-ui-bundle.js").status_code == 200
        [check] = re.findall(r"^HEALTHCHECK .*\n\s+CMD (.+)$", DOCKERFILE, flags=re.M)
        probe = json.loads(check)
        probe[-1] = probe[-1].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        healthcheck = subprocess.run([str(venv / "bin" / probe[0]), *probe[1:]], timeout=30)
        assert healthcheck.returncode == 0
    finally:
        process.terminate()
        process.wait(15)
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    assert any("Uvicorn running" in line or "Application startup" in line for line in lines)
    for line in lines:
        json.loads(line)  # one format: every line is a JSON object
