"""Fixtures shared across test folders."""

from collections.abc import Iterator

import pytest

from tests.pg import create_database, drop_database


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One throw-away PostgreSQL database for the test session, dropped at the end."""
    url = create_database("factcheck_test")
    yield url
    drop_database(url)
