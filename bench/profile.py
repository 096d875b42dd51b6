"""Profile the check path with pyinstrument: where the time of `Checker.check` goes.

    python -m bench.profile --claims 10000           # builds a corpus and store on first use
    python -m bench.profile --claims 10000 --html profile.html

The corpus, store and index are kept under --work, so later runs profile at once.
"""

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from pyinstrument import Profiler

from bench.corpus import read_queries, write_corpus
from bench.inprocess import bench_settings
from bench.server import service_env
from bench.stages import judged_per_check, stage_times
from schemas.check import CheckRequest
from service.runtime import running


def _prepare(work: Path, claims: int) -> str:
    store = work / "store.db"
    url = f"sqlite:///{store.resolve()}"
    if not store.exists():
        write_corpus(work, claims, 300)
        subprocess.run(
            [sys.executable, "-m", "service", "ingest", str(work / "reports.ndjson")],
            env={**os.environ, **service_env(url, None, 1)},
            check=True,
            capture_output=True,
        )
    return url


async def _profile(url: str, work: Path, rounds: int) -> Profiler:
    statements = [q.statement for q in read_queries(work / "queries.jsonl")]
    async with running(bench_settings(url, work / "index"), follow=False) as services:
        checker = services.checker
        for statement in statements[:20]:
            await checker.check(CheckRequest(statement=statement))
        print("stage                                   ms per check (fastest of 5 passes)")
        for stage, ms in (await stage_times(services, statements)).items():
            print(f"  {stage:<70} {ms:8.3f}")
        print(f"  candidates judged per check, mean: {judged_per_check(services, statements):.1f}")
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        started = time.perf_counter()
        with profiler:
            for _ in range(rounds):
                for statement in statements:
                    await checker.check(CheckRequest(statement=statement))
        per_check = (time.perf_counter() - started) * 1000 / (rounds * len(statements))
    print(f"{rounds * len(statements)} checks, {per_check:.2f} ms each under the profiler")
    return profiler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/factcheck-profile"))
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML report")
    args = parser.parse_args()
    work = args.work / str(args.claims)
    work.mkdir(parents=True, exist_ok=True)
    url = _prepare(work, args.claims)
    profiler = asyncio.run(_profile(url, work, args.rounds))
    if args.html is not None:
        args.html.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
