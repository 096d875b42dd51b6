"""`create_store` picks the backend from the URL scheme and loads only that backend."""

import subprocess
import sys
from pathlib import Path

import pytest

from service.errors import InvalidInput
from service.store.factory import create_store
from service.store.postgres.store import PostgresStore
from service.store.sqlite.store import SqliteStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("sqlite:///data/f.db", SqliteStore),
        ("sqlite:///:memory:", SqliteStore),
        ("postgresql://postgres@127.0.0.1:5432/db", PostgresStore),
        ("postgres://postgres@127.0.0.1/db", PostgresStore),
        ("PostgreSQL://postgres@127.0.0.1/db", PostgresStore),
    ],
)
def test_the_url_scheme_chooses_the_backend(url: str, backend: type[object]) -> None:
    assert isinstance(create_store(url), backend)


@pytest.mark.parametrize("url", ["mysql://x/db", "data/f.db", "", "sqlite:/f.db"])
def test_an_unknown_scheme_names_the_setting(url: str) -> None:
    with pytest.raises(InvalidInput, match="FACTCHECK_DATABASE_URL"):
        create_store(url)


def test_an_unknown_sqlite_synchronous_mode_names_its_setting() -> None:
    with pytest.raises(InvalidInput, match="FACTCHECK_SQLITE_SYNCHRONOUS"):
        create_store("sqlite:///:memory:", sqlite_synchronous="off")


def test_a_sqlite_store_never_imports_the_postgresql_driver() -> None:
    script = (
        "import sys\n"
        "from service.store.factory import create_store\n"
        "create_store('sqlite:///:memory:')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('psycopg', 'psycopg_pool'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert done.stdout.strip() == "[]"
