"""The README's "Watches" section stays true: its curl commands, run in order against a fresh
server, make a watch whose event appears; its Python snippet verifies real signatures."""

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.watches.signing import sign
from tests.serving import served
from tests.test_readme import run_curl

ROOT = Path(__file__).resolve().parents[2]


def section() -> str:
    text = (ROOT / "README.md").read_text()
    return text.split("## Watches\n", 1)[1].split("\n## ", 1)[0]


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section(), flags=re.S)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("readme-watches")
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{folder}/watches.db",
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
    }
    with served(env) as url:
        yield url


def test_the_watch_examples_make_a_watch_that_gets_a_conflict_event(base_url: str) -> None:
    commands = [line for b in blocks("sh") for line in b.splitlines() if line.startswith("curl ")]
    assert len(commands) >= 3
    made_status, made = run_curl(commands[0], base_url)
    assert made_status == 201, made
    watch = json.loads(made)
    assert watch["secret"] == "whsec-change-me-to-a-long-random-string"
    report_status, _ = run_curl(commands[1], base_url)
    assert report_status == 201

    deadline = time.monotonic() + 30
    events: list[Any] = []
    while not events and time.monotonic() < deadline:
        status, body = run_curl(commands[2], base_url)
        assert status == 200
        events = json.loads(body)["items"]
        time.sleep(0.1)
    assert len(events) == 1
    match = events[0]["data"]["match"]
    assert match["stance"] == "conflicts"
    assert "15,000" in match["claim"]["text"]
    for command in commands[3:]:
        status, body = run_curl(command, base_url)
        assert status == 200, body
    listed = httpx.get(f"{base_url}/v1/watches").json()["items"]
    assert [w["id"] for w in listed] == [watch["id"]]


def test_the_python_snippet_accepts_a_real_signature_and_refuses_others() -> None:
    [snippet] = blocks("python")
    namespace: dict[str, Any] = {}
    exec(snippet, namespace)
    verify = namespace["verify"]
    body = b'{"id":7,"type":"watch.match"}'
    header = sign("whsec-secret", body)

    assert verify("whsec-secret", header, body) is True
    assert verify("whsec-other", header, body) is False
    assert verify("whsec-secret", header, body + b" ") is False
    stale = sign("whsec-secret", body, now=time.time() - 3_600)
    assert verify("whsec-secret", stale, body) is False
