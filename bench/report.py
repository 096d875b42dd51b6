"""RESULTS.md from the saved results: the machine, one table per size, and the targets."""

from collections.abc import Callable, Sequence
from pathlib import Path

from bench.measure import recall
from bench.results import ServerRun, SizeResult
from bench.targets import best_pg_trgm, evaluate


def _n(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _system_rows(result: SizeResult) -> list[str]:
    base = result.in_process
    rows = [
        "| system | setting | queries | p50 ms | p95 ms | p99 ms | recall@5 | factcheck recall@5, "
        "same queries | build s | disk MiB | p50 ÷ factcheck p50 |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in [base, *result.alternatives]:
        same = recall(base.hits[: len(run.hits)])
        ratio = run.latency.p50 / base.latency.p50 if base.latency.p50 else 0.0
        build = result.startup.index_build_s if run is base else run.build_s
        disk = result.startup.index_mib if run is base else run.disk_mib
        note = f" ({run.timeouts} timed out)" if run.timeouts else ""
        rows.append(
            f"| {run.system} | {run.setting or 'in process, Checker.check'} | {run.latency.count}"
            f"{note} | {_n(run.latency.p50, 2)} | {_n(run.latency.p95, 2)} | "
            f"{_n(run.latency.p99, 2)} | {recall(run.hits):.3f} | {same:.3f} | {_n(build)} | "
            f"{_n(disk)} | {ratio:,.1f}× |"
        )
    return rows


def _server_rows(servers: Sequence[ServerRun]) -> list[str]:
    rows = [
        "| server | workers | load | connections | checks/s | p50 ms | p95 ms | p99 ms | errors "
        "| peak RSS MiB (largest worker) |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in servers:
        for load in (run.closed, run.open):
            if load is None:
                continue
            kind = "as fast as possible" if load.mode == "closed" else f"{load.offered_rate:g}/s"
            if load.dropped:
                kind += f" ({load.dropped:,} not sent in time)"
            rows.append(
                f"| {run.server} | {run.workers} | {kind} | {load.connections} | "
                f"{_n(load.throughput)} | {_n(load.latency.p50, 2)} | {_n(load.latency.p95, 2)} | "
                f"{_n(load.latency.p99, 2)} | {load.errors} | {_n(run.peak_rss_mib)} |"
            )
    return rows


def size_section(result: SizeResult) -> list[str]:
    startup = result.startup
    ingest = " · ".join(
        f"{i.path}: {_n(i.claims_per_s, 0)} claims/s ({i.claims:,} claims in {_n(i.seconds)} s)"
        for i in result.ingest
    )
    kinds = ", ".join(f"{kind} {value:.3f}" for kind, value in result.recall_by_kind.items())
    counts = ", ".join(f"{kind} {count}" for kind, count in result.queries_by_kind.items())
    return [
        f"## {result.size:,} claims",
        "",
        f"Measured {result.date} in {_n(result.seconds / 60)} min; {result.claims_stored:,} claims "
        f"stored (claim extraction keeps the check-worthy sentences of the generated reports); "
        f"{result.queries} queries ({counts}).",
        "",
        f"- ingest: {ingest}",
        f"- index: built from the store in {_n(startup.index_build_s)} s; cold start to ready "
        f"{_n(startup.cold_start_warm_index_s)} s with the index on disk, "
        f"{_n(startup.cold_start_rebuild_s)} s rebuilding it (peak RSS "
        f"{_n(startup.rebuild_peak_rss_mib)} MiB)",
        f"- disk: store {_n(startup.store_mib)} MiB, index {_n(startup.index_mib)} MiB",
        f"- factcheck recall@5 by query kind: {kinds}",
        "",
        "### Checks: factcheck and the alternatives",
        "",
        *_system_rows(result),
        "",
        "### Checks over HTTP (127.0.0.1, POST /v1/check)",
        "",
        *_server_rows(result.servers),
        "",
        *(
            [f"Faster with 2 workers: {pick_note(result.servers)}.", ""]
            if pick_note(result.servers)
            else []
        ),
    ]


def _alternative(result: SizeResult, system: str) -> str:
    runs = [run for run in result.alternatives if run.system == system]
    if not runs:
        return "not run"
    run = best_pg_trgm(result) if system == "pg_trgm" else runs[0]
    assert run is not None
    ratio = run.latency.p50 / result.in_process.latency.p50
    return f"{run.latency.p50:,.1f} ms ({ratio:,.1f}×), recall {recall(run.hits):.3f}"


def _best_server(result: SizeResult, workers: int) -> ServerRun | None:
    runs = [run for run in result.servers if run.workers == workers]
    return max(runs, key=lambda run: run.closed.throughput, default=None)


def _http(result: SizeResult, workers: int) -> str:
    run = _best_server(result, workers)
    if run is None:
        return "not run"
    return f"{run.closed.throughput:,.0f}/s, p99 {run.closed.latency.p99:,.1f} ms ({run.server})"


def _open(result: SizeResult) -> str:
    loaded = [run for run in result.servers if run.open is not None]
    if not loaded:
        return "not run"
    parts = []
    for run in loaded:
        assert run.open is not None
        parts.append(
            f"{run.server}: p99 {run.open.latency.p99:,.1f} ms at {run.open.throughput:,.0f}/s"
        )
    return "; ".join(parts)


SUMMARY: list[tuple[str, Callable[[SizeResult], str]]] = [
    ("claims stored", lambda r: f"{r.claims_stored:,}"),
    ("ingest, API bulk (claims/s)", lambda r: _ingest(r, "api-bulk")),
    ("ingest, factcheck ingest (claims/s)", lambda r: _ingest(r, "cli")),
    ("index build from the store", lambda r: f"{r.startup.index_build_s:,.1f} s"),
    ("cold start to ready, index on disk", lambda r: f"{r.startup.cold_start_warm_index_s:.1f} s"),
    ("cold start to ready, index rebuilt", lambda r: f"{r.startup.cold_start_rebuild_s:,.1f} s"),
    (
        "check in process p50 / p95 / p99",
        lambda r: (
            f"{r.in_process.latency.p50:.2f} / {r.in_process.latency.p95:.2f} / "
            f"{r.in_process.latency.p99:.2f} ms"
        ),
    ),
    ("recall@5 (factcheck)", lambda r: f"{recall(r.in_process.hits):.3f}"),
    ("HTTP, 1 worker, closed loop", lambda r: _http(r, 1)),
    ("HTTP, 2 workers, closed loop", lambda r: _http(r, 2)),
    ("HTTP, 2 workers, open loop", _open),
    ("peak RSS of a serving process", lambda r: f"{_peak(r):,.0f} MiB"),
    (
        "store / index on disk",
        lambda r: f"{r.startup.store_mib:,.0f} / {r.startup.index_mib:,.0f} MiB",
    ),
    ("rapidfuzz scan p50 (× factcheck)", lambda r: _alternative(r, "rapidfuzz scan")),
    ("SQLite FTS5 p50 (× factcheck)", lambda r: _alternative(r, "SQLite FTS5")),
    ("pg_trgm at best recall p50 (× factcheck)", lambda r: _alternative(r, "pg_trgm")),
]


def _ingest(result: SizeResult, path: str) -> str:
    found = next((i for i in result.ingest if i.path == path), None)
    return f"{found.claims_per_s:,.0f}" if found else "not run"


def _peak(result: SizeResult) -> float:
    return max([result.startup.rebuild_peak_rss_mib, *(run.peak_rss_mib for run in result.servers)])


def summary_table(results: Sequence[SizeResult]) -> list[str]:
    head = "| | " + " | ".join(f"{r.size:,} claims" for r in results) + " |"
    rule = "|---|" + "---|" * len(results)
    rows = [f"| {name} | " + " | ".join(cell(r) for r in results) + " |" for name, cell in SUMMARY]
    return [head, rule, *rows]


def render(results: Sequence[SizeResult]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench.run` (`make bench`); every figure measured on the machine "
        "below. See README.md in this folder for what each figure means and how it is measured.",
        "",
    ]
    if results:
        machine = results[-1].machine
        versions = ", ".join(f"{name} {version}" for name, version in machine.versions.items())
        lines += [
            f"Machine: {machine.cpu}, {machine.cores} cores, {machine.memory_gib} GiB RAM, "
            f"{machine.os}, Python {machine.python}.",
            "",
            f"Versions: {versions}.",
            "",
            "## Summary",
            "",
            *summary_table(results),
            "",
            "## Targets",
            "",
            "| target | size | measured | |",
            "|---|--:|---|---|",
            *(
                f"| {t.target} | {t.size:,} | {t.measured} | {t.verdict} |"
                for t in evaluate(results)
            ),
            "",
        ]
    for result in results:
        lines += size_section(result)
    return "\n".join(lines)


def write(results: Sequence[SizeResult], path: Path) -> None:
    path.write_text(render(results))


def pick_note(servers: Sequence[ServerRun]) -> str:
    """Which server answers more checks per second with 2 workers, and by how much."""
    two = [run for run in servers if run.workers == 2]
    if len(two) < 2:
        return ""
    best, other = sorted(two, key=lambda run: -run.closed.throughput)[:2]
    gain = best.closed.throughput / other.closed.throughput if other.closed.throughput else 0.0
    return f"{best.server} ({gain:.2f}× the checks/s of {other.server} with 2 workers)"
