"""Ingest with watches: claims/s stored with 0 and with 10,000 watches, in one serving process.

    python -m bench.watches                   # 20,000 claims, 0 and 10,000 watches
    python -m bench.watches --claims 20000 --watches 10000

The first batches warm the process up untimed; each case runs twice, alternating with the
other, and the faster run counts. The process runs what a server runs beside ingest (index
follower, watch scanner, deliverer), so the scanner's work competes with ingest for the CPU.
Two figures per run: ingest
(reports prepared and stored, as `factcheck ingest` does, in batches of 200) and the scan
catching up (every stored claim looked up in the watch index, judged, the hits confirmed).
The watched statements come from the same generator as the corpus with another seed: the
same topics and often the same sentences with other figures, so many claims do hit a watch,
a harder case than a newsroom's. Results go to bench/WATCHES.md.
"""

import argparse
import asyncio
import shutil
import time
from pathlib import Path

import msgspec

from bench.corpus import base_sentences, claims, write_corpus
from bench.inprocess import bench_settings
from schemas.reports import ReportIn
from service.ingest.pipeline import prepare_report
from service.runtime import Services, running
from service.store.records import NewReport
from service.store.watch_records import NewWatch, NewWatchStatement
from service.text.analyse import analyse

HERE = Path(__file__).resolve().parent
BATCH = 200
WARM_UP = 200  # reports, in batches of WARM_UP_BATCH
WARM_UP_BATCH = 50
ROUNDS = 2  # each case runs this many times, alternating; the faster run counts
SCAN_DEADLINE_SECONDS = 3_600.0


class Run(msgspec.Struct, kw_only=True):
    watches: int
    claims: int
    ingest_s: float
    ingest_claims_per_s: float
    scan_s: float  # from the start of ingest until the scanner had seen every claim
    scan_claims_per_s: float
    events: int


async def _add_watches(services: Services, statements: list[str]) -> None:
    revision = await services.store.revision()
    for text in statements:
        await services.store.put_watch(
            NewWatch(
                statements=[NewWatchStatement(text=text, analysis=analyse(text))],
                stances=("conflicts",),
                created_revision=revision,
            )
        )
    await services.watch_index.refresh(services.store)


async def _events(services: Services) -> int:
    total = 0
    after: int | None = None
    while page := await services.store.list_watches(limit=500, after_id=after):
        for watch in page:
            total += len(await services.store.list_watch_events(watch.id, limit=100_000))
        after = page[-1].id
    return total


async def measure(decoded: list[ReportIn], statements: list[str], database: Path) -> Run:
    async with running(bench_settings(f"sqlite:///{database}", None)) as services:
        await _add_watches(services, statements)
        # The first batches warm up (worker processes start, caches fill) and are not timed.
        for at in range(0, WARM_UP, WARM_UP_BATCH):
            await services.store.put_reports(
                await services.preparer.map(_prepare, decoded[at : at + WARM_UP_BATCH])
            )
        started = time.perf_counter()
        stored = 0
        for at in range(WARM_UP, len(decoded), BATCH):
            batch = decoded[at : at + BATCH]
            prepared = await services.preparer.map(_prepare, batch)
            results = await services.store.put_reports(prepared)
            stored += sum(len(r.claims) for r in results)
        ingest_s = time.perf_counter() - started
        # The scanner follows in the background; this waits for it and scans what is left.
        await asyncio.wait_for(services.scanner.scan(), SCAN_DEADLINE_SECONDS)
        scan_s = time.perf_counter() - started
        events = await _events(services)
    return Run(
        watches=len(statements),
        claims=stored,
        ingest_s=round(ingest_s, 2),
        ingest_claims_per_s=round(stored / ingest_s, 1),
        scan_s=round(scan_s, 2),
        scan_claims_per_s=round(stored / scan_s, 1),
        events=events,
    )


def _prepare(batch: list[ReportIn]) -> list[NewReport]:
    return [prepare_report(report) for report in batch]


def report(runs: list[Run]) -> str:
    base = runs[0]
    lines = [
        "# Ingest with watches",
        "",
        "`python -m bench.watches` (run by `make bench`): one process ingests the corpus while",
        "its watch scanner runs; see bench/watches.py for what is measured.",
        "",
        "| Watches | Claims | Ingest s | Ingest claims/s | Change | Scan done s | Scan claims/s "
        "| Events |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        change = (run.ingest_claims_per_s / base.ingest_claims_per_s - 1) * 100
        lines.append(
            f"| {run.watches:,} | {run.claims:,} | {run.ingest_s} | {run.ingest_claims_per_s:,} "
            f"| {change:+.1f}% | {run.scan_s} | {run.scan_claims_per_s:,} | {run.events:,} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.watches")
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--watches", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/factcheck-bench-watches"))
    parser.add_argument("--out", type=Path, default=HERE / "WATCHES.md")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    write_corpus(args.work, args.claims, queries=10, seed=args.seed)
    statements = list(claims(args.watches, args.seed + 101, base_sentences()))
    work = args.work.resolve()  # absolute: the SQLite URL then has its four slashes
    lines = (work / "reports.ndjson").read_bytes().splitlines()
    decoded = [msgspec.json.decode(line, type=ReportIn) for line in lines if line.strip()]
    # Alternating rounds, the best of each case: the machine is shared, and a run slowed by
    # something else says nothing about watches.
    best: dict[int, Run] = {}
    for _ in range(ROUNDS):
        for count in (0, args.watches):
            database = work / f"watches-{count}.db"
            for path in work.glob(f"{database.name}*"):
                path.unlink()  # a fresh store each run: a second ingest would only replace
            run = asyncio.run(measure(decoded, statements[:count], database))
            if count not in best or run.ingest_claims_per_s > best[count].ingest_claims_per_s:
                best[count] = run
    runs = [best[0], best[args.watches]]
    text = report(runs)
    args.out.write_text(text)
    print(text, flush=True)
    shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
