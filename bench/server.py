"""The service as a real process on a free loopback port: `factcheck serve` (uvicorn) or granian."""

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bench.measure import descendants, peak_rss_mib

ServerKind = Literal["uvicorn", "granian"]
READY_CHECKS = 12  # fresh connections that must all answer, so every worker is up


@dataclass
class Running:
    kind: ServerKind
    process: subprocess.Popen[bytes]
    port: int
    started: float  # time.monotonic() at launch
    ready_after_s: float = 0.0

    def worker_pids(self) -> list[int]:
        # uvicorn with one worker serves in the launched process; otherwise in its children.
        children = descendants(self.process.pid)
        return children or [self.process.pid]

    def peak_rss_mib(self) -> float:
        """The largest high-water RSS among the serving processes."""
        return max((peak_rss_mib(pid) for pid in self.worker_pids()), default=0.0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def service_env(database_url: str, index_dir: Path | None, workers: int) -> dict[str, str]:
    """The FACTCHECK_* settings of a benchmark server: no seeds, no rate limit, quiet logs."""
    env = {
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_SEEDS_DIR": "none",
        "FACTCHECK_RATE_LIMIT_PER_MINUTE": "0",
        "FACTCHECK_LOG_LEVEL": "warning",
        "FACTCHECK_WORKERS": str(workers),
        "FACTCHECK_HOST": "127.0.0.1",
        # The lexical path: embedding a whole corpus in the background would load the machine
        # during the HTTP runs. bench/semantic.py measures semantic matching in process.
        "FACTCHECK_SEMANTIC": "off",
    }
    if index_dir is not None:
        env["FACTCHECK_INDEX_DIR"] = str(index_dir)
    return env


def _command(kind: ServerKind, port: int, workers: int) -> list[str]:
    if kind == "uvicorn":
        return [sys.executable, "-m", "service", "serve", "--port", str(port)]
    return [
        sys.executable, "-m", "granian", "--interface", "asgi", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--loop", "uvloop", "--http", "1", "--no-ws", "--log-level", "warning",
        "service.app:create_app",
    ]  # fmt: skip


@contextmanager
def serving(
    kind: ServerKind,
    env: Mapping[str, str],
    log_path: Path,
    *,
    timeout: float = 900.0,
) -> Iterator[Running]:
    """Start a server, wait until every worker answers /ready, stop it on exit."""
    port = free_port()
    workers = int(env.get("FACTCHECK_WORKERS", "1"))
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            _command(kind, port, workers),
            env={**os.environ, **env, "FACTCHECK_PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    running = Running(kind, process, port, time.monotonic())
    try:
        _wait_ready(running, timeout, log_path)
        running.ready_after_s = round(time.monotonic() - running.started, 2)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ready(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/ready")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _wait_ready(running: Running, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{running.kind} exited with {running.process.returncode}:\n{tail}")
        if _ready(running.port) and all(_ready(running.port) for _ in range(READY_CHECKS)):
            return
        time.sleep(0.05)
    raise TimeoutError(f"{running.kind} on port {running.port} not ready within {timeout} s")
