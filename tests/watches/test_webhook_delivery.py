"""Webhook delivery end to end: real server processes, a real local HTTP receiver.

A watch is made on one process, the conflicting report arrives through another writer (a
second replica on PostgreSQL; the CLI on SQLite), the first delivery is cut off by SIGKILL,
the receiver then fails twice more and succeeds: the event arrives, signed, and is
acknowledged exactly once.
"""

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.watches.signing import SIGNATURE_HEADER, verify
from tests.pg import create_database, drop_database
from tests.serving import ServerProcess
from tests.watches.receiver import receiving

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-receiver-secret-of-some-length"
WATCHED = "The NIS says that North Korea has decided to send around 10,000 troops to Russia."
CONFLICTING = (
    "Seoul's spy agency said on Monday that North Korea has decided to send around 15,000 "
    "troops to Russia, far more than first thought."
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/webhooks.db"
        return
    url = create_database("factcheck_webhooks")
    try:
        yield url
    finally:
        drop_database(url)


def events_until(base: str, watch_id: int, status: str, timeout: float) -> list[Any]:
    deadline = time.monotonic() + timeout
    while True:
        items: list[Any] = httpx.get(f"{base}/v1/watches/{watch_id}/events").json()["items"]
        if (items and items[0]["status"] == status) or time.monotonic() > deadline:
            return items
        time.sleep(0.1)


@pytest.mark.slow
def test_an_event_survives_sigkill_and_failures_and_is_delivered_once_signed(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
        "FACTCHECK_ALLOW_HTTP_CALLBACKS": "true",
        "FACTCHECK_CALLBACK_ALLOW": "127.0.0.0/8",
        "FACTCHECK_DELIVERY_FIRST_RETRY_SECONDS": "0.2",
        "FACTCHECK_DELIVERY_TIMEOUT_SECONDS": "2",
    }
    replicated = database_url.startswith("postgresql")
    with receiving(failures=3, hang_first=True) as receiver:
        first = ServerProcess(env, tmp_path / "first.log")
        second = ServerProcess(env, tmp_path / "second.log")
        try:
            first.start()
            made = httpx.post(
                f"{first.url}/v1/watches",
                json={"statement": WATCHED, "callback_url": receiver.url, "secret": SECRET},
            )
            assert made.status_code == 201, made.text
            watch_id = made.json()["id"]

            if replicated:
                second.start()
                ack = httpx.post(
                    f"{second.url}/v1/reports", json={"text": CONFLICTING, "source": "Wire"}
                )
                assert ack.status_code == 201
            else:
                report = tmp_path / "wire.txt"
                report.write_text(CONFLICTING)
                ingested = subprocess.run(
                    [sys.executable, "-m", "service", "ingest", str(report), "--source", "Wire"],
                    env={**env, "PATH": "/usr/bin:/bin"},
                    capture_output=True,
                    timeout=120,
                )
                assert ingested.returncode == 0, ingested.stderr.decode()

            # The report is acknowledged; its event is on the wire: kill every process now.
            assert receiver.first_arrived.wait(60), first.output() + second.output()
            first.kill()
            second.kill()
            receiver.release.set()

            first.start()
            delivered = receiver.wait_for(
                lambda found: any(d.answered == 204 for d in found), timeout=90
            )
            assert delivered, first.output()
            [event] = events_until(first.url, watch_id, "delivered", timeout=30)
        finally:
            first.kill()
            second.kill()

    deliveries = receiver.deliveries
    # The first answer went to a killed process; the receiver cannot tell, the service can.
    assert [d.answered for d in deliveries] == [500, 500, 500, 204]
    assert {d.headers["Factcheck-Event-Id"] for d in deliveries} == {str(event["id"])}
    for delivery in deliveries:
        verify(SECRET, delivery.headers[SIGNATURE_HEADER], delivery.body)
    body = json.loads(deliveries[-1].body)
    assert body["id"] == event["id"]
    assert body["type"] == "watch.match"
    assert body["data"]["match"]["stance"] == "conflicts"
    assert "15,000" in body["data"]["match"]["claim"]["text"]
    assert body["data"]["watch_id"] == watch_id
    # The killed attempt left no record; the three after the restart are listed.
    assert event["status"] == "delivered"
    assert [a.get("status_code") for a in event["attempts"]] == [500, 500, 204]
    assert event["attempt_count"] == 3
