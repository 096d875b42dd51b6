"""Under a bounded load of concurrent clients mixing checks and ingests, a real server answers no
5xx and loses no write it acknowledged; the latency percentiles of each kind are printed."""

import asyncio
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.durability.listing import listed_reports
from tests.serving import served

ROOT = Path(__file__).resolve().parents[2]
SEED = 20240612
DURATION_SECONDS = 30.0
CLIENTS = 8
CHECK_SHARE = 0.7  # of requests; the rest ingest one report, or a small bulk
BULK_REPORTS = (2, 4)

STATEMENTS: list[Callable[[random.Random], str]] = [
    lambda r: (
        f"North Korea sent {r.choice([1_500, 6_000, 10_000, 12_000, 50_000]):,} troops to Russia"
    ),
    lambda r: (
        f"Pyongyang sent about {r.choice(['ten', 'twelve', 'fifty'])} thousand soldiers to Russia"
    ),
    lambda r: f"North Korea to send {r.randint(1, 9) * 1_000:,} military engineers to Russia",
    lambda r: f"Shoigu visited Pyongyang on June {r.randint(1, 30)}",
    lambda r: (
        f"About {r.randint(1, 20) * 500:,} North Korean soldiers were moved in the first phase"
    ),
    lambda r: "The NIS says North Korea has decided to send roughly 10,000 soldiers to Russia.",
    lambda r: (
        f"North Korean troops are trained in {r.choice(['Vladivostok', 'Kursk', 'Ussuriysk'])}"
    ),
]


@dataclass
class Load:
    rng: random.Random
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # transport errors: no status at all
    acknowledged: dict[str, int] = field(default_factory=dict)  # external_id -> report id
    _reports: int = 0

    def report(self) -> dict[str, str]:
        self._reports += 1
        n = self._reports
        return {
            "text": f"Officials in Load Town {n} said {n * 3 + 11} buses and {n % 97 + 2} ferries "
            f"carried {n * 40 + 500:,} passengers on Tuesday, the Example Herald reported.",
            "source": "Example Herald",
            "external_id": f"load-{n}",
        }

    async def client(self, url: str, deadline: float) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            while time.monotonic() < deadline:
                draw = self.rng.random()
                if draw < CHECK_SHARE:
                    statement = self.rng.choice(STATEMENTS)(self.rng)
                    await self._send(client, "check", "/v1/check", {"statement": statement})
                elif draw < (1 + CHECK_SHARE) / 2:
                    await self._send(client, "report", "/v1/reports", self.report())
                else:
                    batch = [self.report() for _ in range(self.rng.randint(*BULK_REPORTS))]
                    await self._send(client, "bulk", "/v1/reports/bulk", batch)

    async def _send(self, client: httpx.AsyncClient, kind: str, path: str, body: Any) -> None:
        started = time.perf_counter()
        try:
            response = await client.post(path, json=body)
        except httpx.TransportError as exc:
            self.failures.append(f"{kind}: {exc!r}")
            return
        self.latencies.setdefault(kind, []).append(time.perf_counter() - started)
        self.statuses[kind, response.status_code] += 1
        if kind == "report" and response.status_code == 201:
            self.acknowledged[body["external_id"]] = response.json()["id"]
        elif kind == "bulk" and response.status_code == 200:
            for sent, item in zip(body, response.json()["items"], strict=True):
                if item["status"] == 201:
                    self.acknowledged[sent["external_id"]] = item["report"]["id"]

    def summary(self, seconds: float) -> str:
        total = sum(self.statuses.values())
        lines = [
            f"load: {CLIENTS} clients, {seconds:.1f} s, {total} requests ({total / seconds:.0f}/s)"
        ]
        for kind, latencies in sorted(self.latencies.items()):
            cuts = statistics.quantiles(latencies, n=100, method="inclusive")
            statuses = {s: c for (k, s), c in sorted(self.statuses.items()) if k == kind}
            lines.append(
                f"  {kind:<6} n={len(latencies):<5} p50={cuts[49] * 1000:6.1f} ms  "
                f"p95={cuts[94] * 1000:6.1f} ms  p99={cuts[98] * 1000:6.1f} ms  "
                f"max={max(latencies) * 1000:6.1f} ms  statuses={statuses}"
            )
        lines.append(f"  reports acknowledged: {len(self.acknowledged)}")
        return "\n".join(lines)


@pytest.mark.slow
async def test_concurrent_checks_and_ingests_answer_no_5xx_and_lose_no_write(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{tmp_path}/load.db",
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
        "FACTCHECK_RATE_LIMIT_PER_MINUTE": "0",
    }
    load = Load(random.Random(SEED))
    with served(env) as url:
        started = time.monotonic()
        deadline = started + DURATION_SECONDS
        await asyncio.gather(*(load.client(url, deadline) for _ in range(CLIENTS)))
        elapsed = time.monotonic() - started
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            listed = await listed_reports(client)
    summary = load.summary(elapsed)
    record_property("load", summary)
    with capsys.disabled():
        print(f"\n{summary}")

    assert not load.failures, f"{len(load.failures)} requests got no answer: {load.failures[:3]}"
    server_errors = {key: count for key, count in load.statuses.items() if key[1] >= 500}
    assert not server_errors, f"5xx answers {server_errors}\n{summary}"
    unexpected = {key: n for key, n in load.statuses.items() if key[1] not in {200, 201}}
    assert not unexpected, f"unexpected answers {unexpected}\n{summary}"
    lost = {ext: rid for ext, rid in load.acknowledged.items() if listed.get(ext) != rid}
    assert not lost, f"{len(lost)} acknowledged reports missing, e.g. {list(lost.items())[:3]}"
    assert load.acknowledged, summary
    assert load.statuses, summary
