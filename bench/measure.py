"""Small measuring tools: latency summaries, peak memory of a process tree, size on disk."""

import os
from collections.abc import Sequence
from pathlib import Path

import msgspec


class Latency(msgspec.Struct, kw_only=True):
    """Milliseconds over `count` samples."""

    count: int
    p50: float
    p95: float
    p99: float
    mean: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> "Latency":
        if not samples_ms:
            return cls(count=0, p50=0.0, p95=0.0, p99=0.0, mean=0.0)
        ordered = sorted(samples_ms)
        return cls(
            count=len(ordered),
            p50=round(percentile(ordered, 50), 3),
            p95=round(percentile(ordered, 95), 3),
            p99=round(percentile(ordered, 99), 3),
            mean=round(sum(ordered) / len(ordered), 3),
        )


def percentile(ordered: Sequence[float], rank: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), on sorted samples."""
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * rank / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def recall(hits: Sequence[bool]) -> float:
    return round(sum(hits) / len(hits), 4) if hits else 0.0


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def peak_rss_mib(pid: int) -> float:
    """The process's high-water resident set (VmHWM), in MiB."""
    return round(_status_kib(pid, "VmHWM") / 1024, 1)


def descendants(pid: int) -> list[int]:
    """Every live descendant of `pid` (worker processes of a server), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        # The command name may hold spaces and parentheses; fields resume after the last ")".
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = [pid]
    while pending:
        children = parents.get(pending.pop(), [])
        found.extend(children)
        pending.extend(children)
    return found


def disk_mib(*paths: Path) -> float:
    """Bytes on disk under the paths (files or folders), in MiB."""
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_blocks * 512
        elif path.is_dir():
            for folder, _, files in os.walk(path):
                total += sum((Path(folder) / name).stat().st_blocks * 512 for name in files)
    return round(total / 2**20, 1)
