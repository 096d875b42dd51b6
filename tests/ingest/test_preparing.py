"""Reports prepared in worker processes come back exactly as prepared in-process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from schemas.reports import ReportIn
from service.errors import InvalidInput
from service.ingest.pipeline import prepare_report
from service.ingest.preparing import CHUNK, ReportPreparer

TEXT = (
    "Reports indicate that North Korea is preparing to send approximately 6,000 military "
    "engineering personnel to Russia. The FDA has found cocaine in thousands of Capri Sun "
    "drinks, the agency said on Monday. Unemployment fell to 3.5 percent in June 2019."
)


def _reports(count: int) -> list[ReportIn]:
    return [
        ReportIn(text=f"{TEXT} Report {i} was filed by {i + 2} reporters.", title=f"r{i}")
        for i in range(count)
    ]


async def test_pool_prepares_what_the_process_prepares_byte_for_byte() -> None:
    reports = _reports(3 * CHUNK)
    preparer = ReportPreparer(processes=2, pool_after=0)
    try:
        pooled = await preparer.prepare(reports)
    finally:
        preparer.close()
    local = [prepare_report(report) for report in reports]
    assert pooled == local
    # The stored JSON too: default values omitted, integer figures kept integers.
    assert [msgspec.json.encode(r) for r in pooled] == [msgspec.json.encode(r) for r in local]


async def test_the_first_reports_are_prepared_in_a_thread() -> None:
    preparer = ReportPreparer(processes=2, pool_after=2 * CHUNK)
    try:
        await preparer.prepare(_reports(2 * CHUNK))
        assert preparer._pool is None
        await preparer.prepare(_reports(2 * CHUNK))
        assert preparer._pool is not None
    finally:
        preparer.close()


async def test_a_bad_report_raises_as_it_does_in_process() -> None:
    reports = _reports(3 * CHUNK)
    reports[CHUNK + 1] = msgspec.structs.replace(reports[CHUNK + 1], published_at="2019-02-30")
    preparer = ReportPreparer(processes=2, pool_after=0)
    try:
        with pytest.raises(InvalidInput, match="published_at"):
            await preparer.prepare(reports)
    finally:
        preparer.close()


_KILLED_PARENT = """
import asyncio, os, signal
from schemas.reports import ReportIn
from service.ingest.preparing import ReportPreparer

async def main():
    preparer = ReportPreparer(processes=2, pool_after=0)
    await preparer.prepare([ReportIn(text="Troops were sent in 2024.") for _ in range(40)])
    print(*preparer._pool._processes, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(_KILLED_PARENT)
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    workers = [int(pid) for pid in done.stdout.split()]
    assert len(workers) == 2, done.stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
