"""The machine and the versions a run was measured with."""

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path

from bench.results import Machine

PACKAGES = (
    "factcheck", "litestar", "msgspec", "tantivy", "rapidfuzz", "uvicorn", "uvloop", "httptools",
    "granian", "psycopg",
)  # fmt: skip


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 2**20, 1)
    return 0.0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(postgres_version: str | None = None) -> Machine:
    from service import __version__

    versions = {package: _version(package) for package in PACKAGES}
    versions["factcheck"] = __version__
    versions["sqlite"] = sqlite3.sqlite_version
    if postgres_version:
        versions["postgresql"] = postgres_version
    return Machine(
        cpu=_cpu(),
        cores=os.cpu_count() or 0,
        memory_gib=_memory_gib(),
        os=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
        versions=versions,
    )
