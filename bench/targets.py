"""The issue's targets, each judged met or missed on the measured figures."""

from collections.abc import Callable, Sequence

import msgspec

from bench.measure import recall
from bench.results import SizeResult, SystemRun

MILLION = 1_000_000
HUNDRED_THOUSAND = 100_000
LARGEST = 0  # judged at the largest size measured


class TargetCheck(msgspec.Struct, kw_only=True):
    target: str
    size: int
    measured: str
    met: bool | None  # None: not measured at this size in the saved results

    @property
    def verdict(self) -> str:
        return "not measured" if self.met is None else "met" if self.met else "**missed**"


def best_pg_trgm(result: SizeResult) -> SystemRun | None:
    """pg_trgm at its best recall; of equal recalls, the fastest."""
    runs = [run for run in result.alternatives if run.system == "pg_trgm"]
    return max(runs, key=lambda run: (recall(run.hits), -run.latency.p50), default=None)


def _rapidfuzz(result: SizeResult) -> SystemRun | None:
    return next((run for run in result.alternatives if run.system == "rapidfuzz scan"), None)


def _speedup(result: SizeResult, other: SystemRun | None, factor: float) -> tuple[str, bool]:
    if other is None:
        return "not run", False
    ratio = other.latency.p50 / result.in_process.latency.p50
    return (
        f"{ratio:,.0f}× (p50 {other.latency.p50:,.1f} vs {result.in_process.latency.p50:.2f} ms)",
        (ratio >= factor),
    )


def _as_good(result: SizeResult, other: SystemRun | None) -> tuple[str, bool]:
    if other is None:
        return "not run", False
    ours = recall(result.in_process.hits[: len(other.hits)])
    theirs = recall(other.hits)
    return f"{ours:.3f} vs {theirs:.3f} on {len(other.hits)} queries", ours >= theirs


def _http(result: SizeResult) -> tuple[str, bool]:
    two = [run for run in result.servers if run.workers == 2]
    if not two:
        return "not run", False
    best = max(two, key=lambda run: run.closed.throughput)
    return f"{best.closed.throughput:,.0f} checks/s ({best.server})", best.closed.throughput >= 500


def _http_p99(result: SizeResult) -> tuple[str, bool]:
    loaded = [run for run in result.servers if run.workers == 2 and run.open is not None]
    if not loaded:
        return "not run", False
    best = min(loaded, key=lambda run: run.open.latency.p99 if run.open else float("inf"))
    assert best.open is not None
    load = best.open
    return (
        f"p99 {load.latency.p99:,.1f} ms at {load.throughput:,.0f}/s ({best.server})",
        load.latency.p99 <= 50 and load.throughput >= 0.95 * (load.offered_rate or 0),
    )


def _peak_rss(result: SizeResult) -> tuple[str, bool]:
    peak = max([result.startup.rebuild_peak_rss_mib, *(run.peak_rss_mib for run in result.servers)])
    return f"{peak:,.0f} MiB", peak <= 2048


Judge = Callable[[SizeResult], tuple[str, bool]]
RULES: list[tuple[str, int, Judge]] = [
    (
        "check p50 ≤ 10 ms in process",
        MILLION,
        lambda r: (f"{r.in_process.latency.p50:.2f} ms", r.in_process.latency.p50 <= 10),
    ),
    (
        "check p99 ≤ 40 ms in process",
        MILLION,
        lambda r: (f"{r.in_process.latency.p99:.2f} ms", r.in_process.latency.p99 <= 40),
    ),
    ("≥ 100× faster than the rapidfuzz scan", MILLION, lambda r: _speedup(r, _rapidfuzz(r), 100)),
    ("recall@5 ≥ the rapidfuzz scan's", MILLION, lambda r: _as_good(r, _rapidfuzz(r))),
    (
        "≥ 20× faster than pg_trgm at its best recall",
        MILLION,
        lambda r: _speedup(r, best_pg_trgm(r), 20),
    ),
    ("recall@5 ≥ pg_trgm's at its best recall", MILLION, lambda r: _as_good(r, best_pg_trgm(r))),
    ("≥ 500 checks/s over HTTP with 2 workers", HUNDRED_THOUSAND, _http),
    ("p99 ≤ 50 ms at 500 checks/s, 2 workers", HUNDRED_THOUSAND, _http_p99),
    (
        "bulk ingest ≥ 5,000 claims/s with claim extraction (API)",
        LARGEST,
        lambda r: _ingest(r, "api-bulk"),
    ),
    ("ingest ≥ 5,000 claims/s (factcheck ingest)", LARGEST, lambda r: _ingest(r, "cli")),
    (
        "cold start to ready ≤ 30 s",
        MILLION,
        lambda r: (
            f"{r.startup.cold_start_warm_index_s:.1f} s (index on disk; "
            f"{r.startup.cold_start_rebuild_s:.1f} s rebuilding)",
            r.startup.cold_start_warm_index_s <= 30,
        ),
    ),
    ("peak RSS ≤ 2 GB", MILLION, _peak_rss),
]


def _ingest(result: SizeResult, path: str) -> tuple[str, bool]:
    found = next((i for i in result.ingest if i.path == path), None)
    if found is None:
        return "not run", False
    return f"{found.claims_per_s:,.0f} claims/s", found.claims_per_s >= 5_000


def evaluate(results: Sequence[SizeResult]) -> list[TargetCheck]:
    """Each target at its size; a target of a size not measured says so."""
    by_size = {result.size: result for result in results}
    checks: list[TargetCheck] = []
    for target, size, judge in RULES:
        result = by_size.get(size) if size != LARGEST else by_size.get(max(by_size, default=0))
        if result is None:
            checks.append(TargetCheck(target=target, size=size, measured="—", met=None))
            continue
        measured, met = judge(result)
        checks.append(TargetCheck(target=target, size=result.size, measured=measured, met=met))
    return checks
