"""The edge's tests: apps with keys, limits and the other protections switched on."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.edge_apps import KEYS, Client, ClientFactory, client_factory


@pytest.fixture
def make_client(tmp_path: Path) -> ClientFactory:
    """`async with make_client(**settings) as client`: a fresh store per client."""
    return client_factory(tmp_path)


@pytest.fixture
async def secured(make_client: ClientFactory) -> AsyncIterator[Client]:
    """Seeded, with read+write, read-only and write-only keys; no rate limit."""
    async with make_client(seeded=True, api_keys=KEYS) as client:
        yield client
