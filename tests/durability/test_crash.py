"""A server SIGKILLed while it ingests loses no report it acknowledged, and its store and index
recover: after each restart every acknowledged report is listed and matched by a check, and
`PRAGMA integrity_check` says `ok`."""

import asyncio
import random
import shutil
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import httpx
import msgspec
import pytest

from tests.durability.listing import listed_reports
from tests.serving import ServerProcess

SEED = 20240611
KILLS = 4
SENDERS = 3  # concurrent bulk requests in flight
REPORTS_PER_REQUEST = (1, 4)
PAUSE_SECONDS = 0.05  # at most, between one sender's requests: bounds the reports to verify
INGEST_SECONDS = (0.3, 1.2)  # how long each run ingests before its SIGKILL, drawn at random
CHECKS_IN_FLIGHT = 8
OLDER_SAMPLE = 40  # reports from earlier runs re-checked after each restart; all at the end
NDJSON = "application/x-ndjson"

_ONSETS = "bdfgklmnprstvz"
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Acknowledged:
    report_id: int
    external_id: str
    sentence: str


class Reports:
    """Distinct check-worthy reports: made-up names that no other report holds, and figures."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._names: set[str] = set()
        self._count = 0

    def _name(self) -> str:
        while True:
            syllables = self._rng.randint(3, 4)
            name = "".join(
                self._rng.choice(_ONSETS) + self._rng.choice(_VOWELS) for _ in range(syllables)
            ).capitalize()
            if name not in self._names:
                self._names.add(name)
                return name

    def next(self) -> dict[str, str]:
        self._count += 1
        rng = self._rng
        sentence = (
            f"Port director {self._name()} said {rng.randint(20, 990)} cargo ships carrying "
            f"{rng.randint(1_000, 99_000):,} tonnes of copper ore docked at {self._name()} "
            f"harbour in {rng.choice(['March', 'April', 'May', 'June'])} {rng.randint(2019, 2024)}."
        )
        return {
            "text": sentence,
            "source": "Crash Test Wire",
            "external_id": f"crash-{self._count}",
        }


class Ingest:
    """Bulk requests from several senders until the server dies under them."""

    def __init__(self, reports: Reports, rng: random.Random) -> None:
        self.reports = reports
        self.rng = rng
        self.acknowledged: list[Acknowledged] = []
        self.in_flight = 0
        self.sending = asyncio.Event()  # set while a request is in flight
        self.requests = 0
        self.cut_off = 0  # requests the server died under: stored or not, never acknowledged
        self.in_flight_at_kills: list[int] = []

    async def send_until_killed(self, client: httpx.AsyncClient) -> None:
        while True:
            batch = [self.reports.next() for _ in range(self.rng.randint(*REPORTS_PER_REQUEST))]
            self.in_flight += 1
            self.sending.set()
            try:
                response = await self._post(client, batch)
            except httpx.ConnectError:
                return  # sent after the kill: the server was gone
            except httpx.TransportError:
                self.cut_off += 1
                return
            finally:
                self.in_flight -= 1
                if self.in_flight == 0:
                    self.sending.clear()
            self.requests += 1
            assert response.status_code == 200, response.text
            items = response.json()["items"]
            assert [item["status"] for item in items] == [201] * len(batch), items
            for report, item in zip(batch, items, strict=True):
                assert item["report"]["claim_count"] >= 1, report["text"]
                self.acknowledged.append(
                    Acknowledged(item["report"]["id"], report["external_id"], report["text"])
                )
            await asyncio.sleep(self.rng.uniform(0, PAUSE_SECONDS))

    async def _post(self, client: httpx.AsyncClient, batch: list[dict[str, str]]) -> httpx.Response:
        if self.rng.random() < 0.5:
            return await client.post("/v1/reports/bulk", json=batch)
        lines = b"\n".join(msgspec.json.encode(report) for report in batch)
        return await client.post(
            "/v1/reports/bulk", content=lines, headers={"Content-Type": NDJSON}
        )

    async def run_then_kill(self, server: ServerProcess) -> None:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
            senders = [asyncio.create_task(self.send_until_killed(client)) for _ in range(SENDERS)]
            await asyncio.sleep(self.rng.uniform(*INGEST_SECONDS))
            await self.sending.wait()
            self.in_flight_at_kills.append(self.in_flight)
            server.kill()
            await asyncio.gather(*senders)


async def unmatched(client: httpx.AsyncClient, reports: list[Acknowledged]) -> list[Acknowledged]:
    """The reports whose own sentence, checked, does not bring back their claim."""
    slots = asyncio.Semaphore(CHECKS_IN_FLIGHT)

    async def matched(report: Acknowledged) -> bool:
        async with slots:
            response = await client.post("/v1/check", json={"statement": report.sentence})
        assert response.status_code == 200, response.text
        return any(
            m["claim"].get("report_id") == report.report_id for m in response.json()["matches"]
        )

    found = await asyncio.gather(*(matched(report) for report in reports))
    return [report for report, ok in zip(reports, found, strict=True) if not ok]


async def verify(
    server: ServerProcess, acknowledged: list[Acknowledged], to_match: list[Acknowledged]
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        listed = await listed_reports(client)
        lost = [a for a in acknowledged if listed.get(a.external_id) != a.report_id]
        assert not lost, f"{len(lost)} acknowledged reports lost, first {lost[:3]}"
        missed = await unmatched(client, to_match)
        assert not missed, f"{len(missed)} acknowledged reports not matched, first {missed[:3]}"


def integrity(database: Path) -> list[str]:
    with closing(sqlite3.connect(database)) as conn:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def integrity_of_a_copy(database: Path, folder: Path) -> list[str]:
    """integrity_check on a copy of the file and its WAL, as the next start will find them.

    Checking the file itself would replay and checkpoint its WAL on close, sparing the
    restarted server the recovery it is there to exercise.
    """
    folder.mkdir()
    for suffix in ("", "-wal"):
        source = database.with_name(database.name + suffix)
        if source.exists():
            shutil.copyfile(source, folder / source.name)
    return integrity(folder / database.name)


@pytest.mark.slow
async def test_reports_acknowledged_before_a_sigkill_survive_it_listed_and_matched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "crash.db"
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{database}",
        "FACTCHECK_SEEDS_DIR": "none",
        "FACTCHECK_INDEX_DIR": str(tmp_path / "index"),
        "FACTCHECK_RATE_LIMIT_PER_MINUTE": "0",
    }
    rng = random.Random(SEED)
    ingest = Ingest(Reports(rng), rng)
    server = ServerProcess(env, tmp_path / "server.log")
    started = time.monotonic()
    verified = 0  # reports acknowledged before the last run, each verified after a restart
    try:
        for kill in range(KILLS):
            await asyncio.to_thread(server.start)
            # The last run's reports, acknowledged up to the kill, are the ones at risk.
            older = rng.sample(ingest.acknowledged[:verified], min(OLDER_SAMPLE, verified))
            await verify(server, ingest.acknowledged, ingest.acknowledged[verified:] + older)
            verified = len(ingest.acknowledged)
            await ingest.run_then_kill(server)
            if kill < KILLS - 1:
                assert integrity_of_a_copy(database, tmp_path / f"copy-{kill}") == ["ok"]
        assert integrity(database) == ["ok"]
        await asyncio.to_thread(server.start)
        await verify(server, ingest.acknowledged, ingest.acknowledged)
    except BaseException:
        print(f"server output, last lines:\n{server.output()[-4000:]}")  # shown on failure
        raise
    finally:
        server.stop()
    with capsys.disabled():
        print(
            f"\ncrash: {KILLS} SIGKILLs with {ingest.in_flight_at_kills} requests in flight, "
            f"{ingest.requests} bulk requests ({len(ingest.acknowledged)} reports) acknowledged "
            f"and found after restarts, {ingest.cut_off} cut off; "
            f"{time.monotonic() - started:.1f} s"
        )
