"""What one run measures at one corpus size; saved as JSON, rendered into RESULTS.md."""

from pathlib import Path

import msgspec

from bench.http_load import LoadResult
from bench.measure import Latency


class Ingest(msgspec.Struct, kw_only=True):
    path: str  # "api-bulk" or "cli"
    reports: int
    claims: int
    seconds: float
    claims_per_s: float


class Startup(msgspec.Struct, kw_only=True):
    index_build_s: float  # every stored claim re-indexed, in process
    cold_start_warm_index_s: float  # `factcheck serve` launch to /ready, index on disk
    cold_start_rebuild_s: float  # the same with no index on disk: rebuilt from the store
    rebuild_peak_rss_mib: float  # of that server, which indexed every claim at start
    store_mib: float
    index_mib: float


class SystemRun(msgspec.Struct, kw_only=True):
    """One way of answering the queries: factcheck in process, or an alternative."""

    system: str
    setting: str = ""
    latency: Latency
    hits: list[bool]  # per query, in query order: the known answer is in the top 5
    build_s: float = 0.0
    disk_mib: float = 0.0
    timeouts: int = 0


class ServerRun(msgspec.Struct, kw_only=True):
    server: str  # "uvicorn" or "granian"
    workers: int
    ready_s: float
    peak_rss_mib: float
    closed: LoadResult
    open: LoadResult | None = None


class Machine(msgspec.Struct, kw_only=True):
    cpu: str
    cores: int
    memory_gib: float
    os: str
    python: str
    versions: dict[str, str]


class SizeResult(msgspec.Struct, kw_only=True):
    size: int  # claims generated
    claims_stored: int
    queries: int
    queries_by_kind: dict[str, int]
    date: str
    seconds: float  # the whole run at this size
    machine: Machine
    ingest: list[Ingest]
    startup: Startup
    in_process: SystemRun
    alternatives: list[SystemRun]
    servers: list[ServerRun]
    recall_by_kind: dict[str, float]


def save(result: SizeResult, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"size-{result.size}.json"
    path.write_bytes(msgspec.json.format(msgspec.json.encode(result)) + b"\n")
    return path


def load_all(folder: Path) -> list[SizeResult]:
    return sorted(
        (
            msgspec.json.decode(path.read_bytes(), type=SizeResult)
            for path in folder.glob("size-*.json")
        ),
        key=lambda result: result.size,
    )
