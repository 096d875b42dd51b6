"""Ingest throughput: the API's bulk endpoint on a real server, and `factcheck ingest`."""

import asyncio
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench.http_load import bulk_post
from bench.results import Ingest
from bench.server import service_env, serving

REPORTS_PER_REQUEST = 200  # the CLI's batch too, so both paths write the same transactions
BULK_CONNECTIONS = 2  # one request is prepared while the previous one is written


def ndjson_batches(path: Path, per_request: int = REPORTS_PER_REQUEST) -> Iterator[bytes]:
    """The file's lines in NDJSON bodies of `per_request` reports, read lazily."""
    batch: list[bytes] = []
    with path.open("rb") as lines:
        for line in lines:
            batch.append(line)
            if len(batch) == per_request:
                yield b"".join(batch)
                batch = []
    if batch:
        yield b"".join(batch)


def api_ingest(reports: Path, database_url: str, log: Path) -> Ingest:
    """POST every report to /v1/reports/bulk of a one-worker server, as fast as it answers."""
    with serving("uvicorn", service_env(database_url, None, workers=1), log) as server:
        started = time.perf_counter()
        stored, claims = asyncio.run(
            bulk_post(server.port, ndjson_batches(reports), connections=BULK_CONNECTIONS)
        )
        seconds = time.perf_counter() - started
    return Ingest(
        path="api-bulk",
        reports=stored,
        claims=claims,
        seconds=round(seconds, 2),
        claims_per_s=round(claims / seconds, 1),
    )


_SUMMARY = re.compile(r"ingested (\d+) new and (\d+) replaced reports, (\d+) claims")


def cli_ingest(reports: Path, database_url: str, log: Path) -> Ingest:
    """`factcheck ingest reports.ndjson` into a fresh store, timed from launch to exit."""
    env = {**os.environ, **service_env(database_url, None, workers=1)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "service", "ingest", str(reports)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    log.write_text(done.stdout + done.stderr)
    found = _SUMMARY.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"factcheck ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    created, replaced, claims = map(int, found.groups())
    return Ingest(
        path="cli",
        reports=created + replaced,
        claims=claims,
        seconds=round(seconds, 2),
        claims_per_s=round(claims / seconds, 1),
    )
