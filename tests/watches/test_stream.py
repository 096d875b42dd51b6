"""GET /v1/watches/{id}/stream: Server-Sent Events from a real server, resumed by Last-Event-ID."""

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.serving import served

ROOT = Path(__file__).resolve().parents[2]
WATCHED = "The NIS says that North Korea has decided to send around 10,000 troops to Russia."


def conflicting(figure: str) -> str:
    return (
        f"Seoul's spy agency said that North Korea has decided to send around {figure} troops "
        "to Russia, more than first thought."
    )


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("stream")
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{folder}/stream.db",
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
    }
    with served(env) as url:
        yield url


def first_event(base_url: str, watch_id: int, last_event_id: str | None) -> dict[str, Any]:
    """The first `watch.match` message of a fresh connection (its id, event name and data)."""
    headers = {"Accept": "text/event-stream"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    message: dict[str, Any] = {}
    timeout = httpx.Timeout(10.0, read=40.0)
    url = f"{base_url}/v1/watches/{watch_id}/stream"
    with httpx.stream("GET", url, headers=headers, timeout=timeout) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for line in response.iter_lines():
            if line.startswith("id:"):
                message["id"] = line.split(":", 1)[1].strip()
            elif line.startswith("event:"):
                message["event"] = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                message["data"] = json.loads(line.split(":", 1)[1])
            elif not line and "data" in message:
                return message
    raise AssertionError("the stream ended without an event")


def test_the_stream_sends_events_and_resumes_after_the_last_one_seen(base_url: str) -> None:
    watch = httpx.post(f"{base_url}/v1/watches", json={"statement": WATCHED}).json()
    httpx.post(f"{base_url}/v1/reports", json={"text": conflicting("15,000")})

    first = first_event(base_url, watch["id"], "0")
    assert first["event"] == "watch.match"
    assert first["data"]["id"] == int(first["id"])
    assert "15,000" in first["data"]["data"]["match"]["claim"]["text"]

    httpx.post(f"{base_url}/v1/reports", json={"text": conflicting("25,000")})
    resumed = first_event(base_url, watch["id"], first["id"])
    assert int(resumed["id"]) > int(first["id"])
    assert "25,000" in resumed["data"]["data"]["match"]["claim"]["text"]


def test_a_stream_of_a_missing_watch_is_a_problem(base_url: str) -> None:
    response = httpx.get(f"{base_url}/v1/watches/999999/stream")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_without_event_stream_accepted_the_answer_is_the_backlog_and_ends(base_url: str) -> None:
    watch = httpx.post(f"{base_url}/v1/watches", json={"statement": WATCHED}).json()
    httpx.post(f"{base_url}/v1/reports", json={"text": conflicting("35,000")})
    deadline = time.monotonic() + 30
    body = ""
    while "35,000" not in body and time.monotonic() < deadline:
        body = httpx.get(f"{base_url}/v1/watches/{watch['id']}/stream", timeout=10).text
        time.sleep(0.2)
    assert "event: watch.match" in body
    assert "35,000" in body
