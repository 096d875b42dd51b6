"""The benchmark suite: for each corpus size, one run measures ingest, index, checks in process and
over HTTP, memory, disk, recall, and the same checks with the alternatives; RESULTS.md is rewritten.

    python -m bench.run                      # 10,000 and 100,000 claims
    python -m bench.run --sizes 10000        # one size
    python -m bench.run --full               # adds 1,000,000 (tens of minutes)
"""

import argparse
import asyncio
import importlib.util
import shutil
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench import alternatives, machine, report
from bench.corpus import read_queries, write_corpus
from bench.http_load import LoadResult, check_bodies, closed_loop, open_loop
from bench.ingest import api_ingest, cli_ingest
from bench.inprocess import bench_settings, build_index, check_in_process, stored_claims
from bench.measure import disk_mib, recall
from bench.results import Ingest, ServerRun, SizeResult, Startup, load_all, save
from bench.server import service_env, serving

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (10_000, 100_000)
FULL_SIZE = 1_000_000


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"  # an absolute path gives the four slashes


def _store_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def measure_size(size: int, args: argparse.Namespace) -> SizeResult:
    began = time.perf_counter()
    work = args.work / str(size)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _log(f"{size:,}: generating the corpus")
    write_corpus(work, size, args.queries, args.seed, load=args.load_statements)
    reports = work / "reports.ndjson"

    ingests: list[Ingest] = []
    if not args.skip_api_ingest:
        _log(f"{size:,}: ingest through POST /v1/reports/bulk")
        api_db = work / "api.db"
        ingests.append(api_ingest(reports, _sqlite_url(api_db), work / "api-ingest.log"))
        for path in _store_files(api_db):
            path.unlink(missing_ok=True)
    _log(f"{size:,}: ingest through factcheck ingest")
    store = work / "store.db"
    url = _sqlite_url(store)
    ingests.append(cli_ingest(reports, url, work / "cli-ingest.log"))

    startup = _startup(url, work)
    texts, present = asyncio.run(
        stored_claims(url, {q.answer for q in read_queries(work / "queries.jsonl")})
    )
    queries = [q for q in read_queries(work / "queries.jsonl") if q.answer in present]

    _log(f"{size:,}: {len(queries)} checks in process")
    in_process = check_in_process(bench_settings(url, work / "index"), queries)
    servers = _servers(url, work, (work / "load.txt").read_text().splitlines(), args)

    _log(f"{size:,}: the alternatives")
    others = [alternatives.rapidfuzz_scan(texts, queries, args.alt_budget)]
    others.append(alternatives.sqlite_fts5(texts, queries, args.alt_budget, work / "fts5.db"))
    if _postgres_version(args.postgres_url):
        try:
            others.extend(alternatives.pg_trgm(texts, queries, args.alt_budget, args.postgres_url))
        except psycopg.Error as exc:  # e.g. no right to create a database: the rest still counts
            _log(f"pg_trgm skipped: {exc}")
    else:
        _log(f"pg_trgm skipped: no PostgreSQL at {args.postgres_url!r}")
    claims_stored = len(texts)
    del texts

    by_kind: dict[str, list[bool]] = {}
    for query, hit in zip(queries, in_process.hits, strict=True):
        by_kind.setdefault(query.kind, []).append(hit)
    return SizeResult(
        size=size,
        claims_stored=claims_stored,
        queries=len(queries),
        queries_by_kind=dict(Counter(q.kind for q in queries)),
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        seconds=round(time.perf_counter() - began, 1),
        machine=machine.describe(_postgres_version(args.postgres_url)),
        ingest=ingests,
        startup=startup,
        in_process=in_process,
        alternatives=others,
        servers=servers,
        recall_by_kind={kind: recall(hits) for kind, hits in sorted(by_kind.items())},
    )


def _startup(url: str, work: Path) -> Startup:
    index_root = work / "index"
    _log("index build from the store")
    build_s = asyncio.run(build_index(url, index_root / "slot-0"))
    # A second worker takes the next slot; a copy spares it a rebuild, as a restart would.
    shutil.copytree(index_root / "slot-0", index_root / "slot-1")
    _log("cold starts")
    with serving("uvicorn", service_env(url, index_root, 1), work / "cold.log") as server:
        warm = server.ready_after_s
    fresh = work / "index-fresh"
    with serving("uvicorn", service_env(url, fresh, 1), work / "cold.log") as server:
        rebuilt, rebuild_rss = server.ready_after_s, server.peak_rss_mib()
    shutil.rmtree(fresh)
    return Startup(
        index_build_s=build_s,
        cold_start_warm_index_s=warm,
        cold_start_rebuild_s=rebuilt,
        rebuild_peak_rss_mib=rebuild_rss,
        store_mib=disk_mib(*_store_files(work / "store.db")),
        index_mib=disk_mib(index_root / "slot-0"),
    )


def _servers(
    url: str, work: Path, statements: list[str], args: argparse.Namespace
) -> list[ServerRun]:
    runs: list[ServerRun] = []
    for kind in args.servers:
        if kind == "granian" and importlib.util.find_spec("granian") is None:
            _log("granian skipped: not installed (pip install granian)")
            continue
        for workers in (1, 2):
            _log(f"HTTP: {kind}, {workers} worker(s)")
            env = service_env(url, work / "index", workers)
            with serving(kind, env, work / f"{kind}-{workers}.log") as server:
                closed, loaded = asyncio.run(_load(server.port, statements, args, workers))
                runs.append(
                    ServerRun(
                        server=kind,
                        workers=workers,
                        ready_s=server.ready_after_s,
                        peak_rss_mib=server.peak_rss_mib(),
                        closed=closed,
                        open=loaded,
                    )
                )
    return runs


async def _load(
    port: int, statements: list[str], args: argparse.Namespace, workers: int
) -> tuple[LoadResult, LoadResult | None]:
    """Warm-up, closed loop, and (2 workers) open loop at --rate. Each phase takes statements of
    its own part of the list, so none is answered from a cache warmed by an earlier phase."""
    bodies = check_bodies(statements)
    half = len(bodies) // 2
    connections = args.connections
    await closed_loop(
        port, bodies[half + half // 2 :], connections=connections, seconds=2, max_requests=2_000
    )
    closed = await closed_loop(
        port, bodies, connections=connections, seconds=args.http_seconds, max_requests=half
    )
    if workers < 2:
        return closed, None
    loaded = await open_loop(
        port, bodies[half:], rate=args.rate, seconds=args.http_seconds, connections=4 * connections
    )
    return closed, loaded


def _postgres_version(url: str | None) -> str | None:
    if not url:
        return None
    try:
        with psycopg.connect(url) as db:
            row = db.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else None
    except psycopg.OperationalError:
        return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--sizes",
        type=lambda s: [int(x.replace("_", "")) for x in s.split(",")],
        default=list(DEFAULT_SIZES),
        help="comma-separated claim counts",
    )
    parser.add_argument("--full", action="store_true", help=f"add {FULL_SIZE:,} claims")
    parser.add_argument("--queries", type=int, default=300, help="generated queries per size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--load-statements", type=int, default=20_000, help="distinct statements for HTTP load"
    )
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/factcheck-bench"), help="scratch folder"
    )
    parser.add_argument(
        "--results", type=Path, default=HERE / "results", help="saved JSON per size"
    )
    parser.add_argument("--servers", type=lambda s: s.split(","), default=["uvicorn", "granian"])
    parser.add_argument("--connections", type=int, default=8, help="concurrent HTTP clients")
    parser.add_argument("--http-seconds", type=float, default=10.0, help="length of each HTTP load")
    parser.add_argument("--rate", type=float, default=500.0, help="open-loop checks per second")
    parser.add_argument("--alt-budget", type=float, default=30.0, help="seconds per alternative")
    parser.add_argument(
        "--postgres-url",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="admin URL for the throw-away pg_trgm database; '' skips it",
    )
    parser.add_argument("--skip-api-ingest", action="store_true", help="only `factcheck ingest`")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    return parser


def main() -> None:
    args = _parser().parse_args()
    sizes = sorted(set(args.sizes) | ({FULL_SIZE} if args.full else set()))
    for size in sizes:
        result = measure_size(size, args)
        save(result, args.results)
        report.write(load_all(args.results), HERE / "RESULTS.md")
        print("\n".join(report.size_section(result)), flush=True)
        if not args.keep:
            shutil.rmtree(args.work / str(size), ignore_errors=True)
    _log(f"written {HERE / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
