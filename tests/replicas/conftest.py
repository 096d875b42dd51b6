"""Two app instances on one throw-away PostgreSQL database, as two replicas would run."""

from collections.abc import Iterator

import pytest

from service.settings import Settings
from tests.pg import create_database, drop_database


@pytest.fixture
def shared_database() -> Iterator[str]:
    url = create_database("factcheck_replicas")
    yield url
    drop_database(url)


@pytest.fixture
def replica_settings(shared_database: str) -> Settings:
    return Settings(database_url=shared_database, seeds_dir=None)
