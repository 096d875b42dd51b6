"""One async client built from `create_app`, on a throw-away SQLite file with the seeds."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.edge_apps import ClientFactory, client_factory

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # The lexical path: the API's own behaviour, with results that do not depend on how far the
    # background embedder has got. Semantic matching, through the API too, is tested in
    # tests/matching/semantic/.
    return Settings(
        database_url=f"sqlite:///{tmp_path}/factcheck.db", seeds_dir=str(SEEDS), semantic="off"
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
        yield client


@pytest.fixture
async def empty_client(tmp_path: Path) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    settings = Settings(
        database_url=f"sqlite:///{tmp_path}/empty.db", seeds_dir=None, semantic="off"
    )
    async with AsyncTestClient(base_url="http://127.0.0.1", app=create_app(settings)) as client:
        yield client


@pytest.fixture
def make_client(tmp_path: Path) -> ClientFactory:
    """`async with make_client(**settings) as client`: an app with the edge as configured, on a
    fresh store per client."""
    return client_factory(tmp_path)
