"""Run `factcheck serve` as a real process on a free loopback port, for end-to-end tests.

The server's output goes to a file, never to an unread pipe: the service logs a JSON line per
request, and once a pipe's buffer (64 KiB, a couple of hundred requests) is full the server
blocks on its next log line and stops answering.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerProcess:
    """`factcheck serve` on one port, which a test can start, SIGKILL and start again."""

    def __init__(self, env: Mapping[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._env = {
            **os.environ,
            **env,
            "FACTCHECK_PORT": str(self.port),
            "FACTCHECK_HOST": "127.0.0.1",
        }
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError("the server is not running")
        return self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self, timeout: float = 60.0) -> None:
        if self.running:
            raise RuntimeError("the server is already running")
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "service", "serve"],
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_ready(self.url, self._process, timeout, self.output)
        except BaseException:
            self.kill()
            raise

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash or an OOM kill."""
        if self._process is not None:
            if self._process.poll() is None:
                self._process.send_signal(signal.SIGKILL)
            self._process.wait()
            self._process = None

    def stop(self) -> None:
        """SIGTERM, a graceful shutdown; SIGKILL if it takes more than 10 s."""
        if self._process is not None:
            self._process.terminate()
            with suppress(subprocess.TimeoutExpired):
                self._process.wait(10)
            self.kill()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@contextmanager
def served(env: Mapping[str, str], *, timeout: float = 60.0) -> Iterator[str]:
    """Start the service with `env` added to the environment; yield its base URL."""
    with tempfile.TemporaryDirectory(prefix="factcheck-serve-") as folder:
        server = ServerProcess(env, Path(folder, "server.log"))
        server.start(timeout)
        try:
            yield server.url
        finally:
            server.stop()


def wait_ready(
    base: str, process: subprocess.Popen[bytes], timeout: float, output: Callable[[], str]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{output()}")
        try:
            if httpx.get(f"{base}/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{base} was not ready within {timeout} s")
