"""`factcheck-client` installs alone into a fresh venv and checks a statement against a real
server; the README's "Use it from Python" example runs there as written."""

import re
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serving import served

ROOT = Path(__file__).resolve().parents[2]
SERVER_ONLY = ("litestar", "tantivy", "psycopg", "uvicorn", "rapidfuzz", "faker")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with `pip install ./client` and nothing else."""
    folder = tmp_path_factory.mktemp("client-venv")
    venv.create(folder, with_pip=True)
    python = folder / "bin" / "python"
    # A copy (the `schemas` link resolved), so that pip's in-tree build leaves nothing behind.
    source = folder / "client-source"
    shutil.copytree(ROOT / "client", source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", source],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return python


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("client-server")
    env = {
        "FACTCHECK_DATABASE_URL": f"sqlite:///{folder}/client.db",
        "FACTCHECK_SEEDS_DIR": str(ROOT / "seeds"),
    }
    with served(env) as url:
        yield url


def run(python: Path, code: str) -> str:
    completed = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, timeout=120, cwd="/"
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def readme_python_example() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    [example] = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return str(example)


def test_the_client_installs_without_the_servers_dependencies(client_python: Path) -> None:
    code = (
        "import importlib.util, pathlib, factcheck_client, schemas\n"
        f"print([m for m in {SERVER_ONLY!r} if importlib.util.find_spec(m)])\n"
        "print(all((pathlib.Path(p.__file__).parent / 'py.typed').exists()"
        " for p in (factcheck_client, schemas)))\n"
    )
    assert run(client_python, code).split("\n")[:2] == ["[]", "True"]
    assert sys.prefix not in str(client_python)


def test_the_client_checks_a_statement_against_a_real_server(
    client_python: Path, base_url: str
) -> None:
    code = (
        "import asyncio\n"
        "from factcheck_client import AsyncClient, Client\n"
        f"with Client({base_url!r}) as c:\n"
        "    r = c.check('North Korea sent 50,000 troops to Russia', limit=5)\n"
        "    conflicting = sum(m.stance == 'conflicts' for m in r.matches)\n"
        "    print(r.verdict, type(r).__module__, conflicting)\n"
        "async def main():\n"
        f"    async with AsyncClient({base_url!r}) as c:\n"
        "        return [x.id async for x in c.iter_reports(page_size=2)]\n"
        "print(len(asyncio.run(main())))\n"
    )
    verdict, module, conflicting, reports = run(client_python, code).split()
    assert verdict in {"contradicted", "disputed"}
    assert module == "schemas.check"
    assert int(conflicting) >= 1
    assert int(reports) == 5  # the seeds, over three pages


def test_the_readme_python_example_runs(client_python: Path, base_url: str) -> None:
    example = readme_python_example().replace("http://localhost:8000", base_url)
    lines = run(client_python, example).splitlines()
    assert lines[0] in {"contradicted", "disputed"}
    assert any(line.startswith("conflicts ") for line in lines[1:])
    assert lines[-1].startswith("422 ")
