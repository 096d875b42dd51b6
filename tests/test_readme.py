"""The README stays true: its curl examples run against a real server and succeed."""

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import served

ROOT = Path(__file__).resolve().parents[1]


def readme_curl_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("curl ")]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("readme")
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{folder}/readme.db",
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
    }
    with served(env) as url:
        yield url


def run_curl(command: str, base_url: str) -> tuple[int, str]:
    command = command.replace("localhost:8000", base_url.removeprefix("http://"))
    completed = subprocess.run(
        ["bash", "-c", command + " -w '\\n%{http_code}'"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    body, _, status = completed.stdout.rpartition("\n")
    return int(status), body


def test_the_readme_has_curl_examples() -> None:
    assert len(readme_curl_commands()) >= 8


@pytest.mark.parametrize("command", readme_curl_commands())
def test_each_readme_curl_example_succeeds(command: str, base_url: str) -> None:
    status, body = run_curl(command, base_url)
    assert 200 <= status < 300, body
    if "text/plain" not in command:
        assert json.loads(body) is not None


def test_the_readme_check_example_is_contradicted_by_the_nis_figure(base_url: str) -> None:
    command = next(c for c in readme_curl_commands() if "50,000" in c)
    _, body = run_curl(command, base_url)
    result = json.loads(body)
    # The 2023 report that 50,000 "may be dispatched" is speculation: related, not support.
    assert result["verdict"] == "contradicted"
    conflicting = [m for m in result["matches"] if m["stance"] == "conflicts"]
    assert any("10,000" in m["claim"]["text"] and m["reasons"] for m in conflicting)
    maybe = [m for m in result["matches"] if "may be dispatched" in m["claim"]["text"]]
    assert all(m["stance"] == "related" for m in maybe)


def test_the_readme_date_example_is_contradicted_by_the_june_4_visit(base_url: str) -> None:
    command = next(c for c in readme_curl_commands() if "June 14" in c)
    _, body = run_curl(command, base_url)
    result = json.loads(body)
    assert result["verdict"] == "contradicted"
    conflicting = [m for m in result["matches"] if m["stance"] == "conflicts"]
    assert any("June 4" in m["claim"]["text"] for m in conflicting)
    assert not any(m["stance"] == "supports" for m in result["matches"])


def test_the_layout_list_names_every_folder_of_the_service() -> None:
    """ "How it works" is the map of the tree: a folder added or moved must show on it."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## How it works", 1)[1].split("\n## ", 1)[0]
    service = ROOT / "service"
    folders = [
        path.parent.relative_to(service).as_posix()
        for path in sorted(service.rglob("__init__.py"))
        if path.parent != service
    ]
    assert folders, "no package found under service/"
    missing = [f for f in folders if f"{f.rsplit('/', 1)[-1]}/" not in section]
    assert missing == []
