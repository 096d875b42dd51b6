"""Apps with the hardened edge switched on, built from Settings like any other test app: the
keys, and a factory of clients each on a fresh store (the `make_client` fixtures)."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

READ_WRITE_KEY = "rw-key-for-tests-0123456789"
READ_KEY = "read-key-for-tests-0123456789"
WRITE_KEY = "write-key-for-tests-0123456789"
KEYS = f"read+write:{READ_WRITE_KEY},read:{READ_KEY},write:{WRITE_KEY}"

Client = AsyncTestClient[Litestar]
ClientFactory = Callable[..., AbstractAsyncContextManager[Client]]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def client_factory(tmp_path: Path) -> ClientFactory:
    """`async with make_client(**settings) as client`: a fresh store per client."""
    counter = iter(range(1_000))

    @asynccontextmanager
    async def build(seeded: bool = False, **overrides: Any) -> AsyncIterator[Client]:
        values: dict[str, Any] = {
            "database_url": f"sqlite:///{tmp_path}/edge-{next(counter)}.db",
            "seeds_dir": str(SEEDS) if seeded else None,
            "rate_limit_per_minute": 0,
            **overrides,
        }
        async with AsyncTestClient(
            base_url="http://127.0.0.1", app=create_app(Settings(**values))
        ) as client:
            yield client

    return build
