"""Stores for the contract suite: a SQLite file, SQLite in memory, and a real PostgreSQL.

PostgreSQL runs on a throw-away database created for the session on the server at
127.0.0.1:5432 (or TEST_POSTGRES_ADMIN_URL) and dropped at the end. An unreachable server fails
the postgres tests with a message saying so; they are never skipped.
"""

import hashlib
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import psycopg
import pytest

from schemas.analysis import Analysis, Entity, Quantity, Span
from service.store.base import Store
from service.store.postgres.store import PostgresStore
from service.store.records import NewClaim, NewReport
from service.store.sqlite.store import SqliteStore


def application_name() -> str:
    """A label unique to one store, to find (and terminate) its server sessions."""
    return f"factcheck_test_{secrets.token_hex(4)}"


async def open_postgres(
    url: str, *, poll_interval: float = 0.5, pool_timeout: float = 5.0
) -> PostgresStore:
    store = PostgresStore(
        url,
        application_name=application_name(),
        poll_interval=poll_interval,
        pool_timeout=pool_timeout,
    )
    await store.open()
    return store


async def truncate(url: str) -> None:
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await conn.execute(
            "TRUNCATE reports, claims, changes, watches, watch_statements, watch_matches, "
            "watch_events, watch_attempts RESTART IDENTITY CASCADE"
        )
        await conn.execute("UPDATE watch_cursor SET revision = 0")


@pytest.fixture(
    params=["sqlite-file", "sqlite-memory", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    backend: Store
    if request.param == "sqlite-file":
        backend = SqliteStore(f"sqlite:///{tmp_path}/store.db", poll_interval=0.05)
    elif request.param == "sqlite-memory":
        backend = SqliteStore("sqlite:///:memory:", poll_interval=0.05)
    else:
        url: str = request.getfixturevalue("postgres_url")
        backend = PostgresStore(url, application_name=application_name())
    await backend.open()
    if request.param == "postgres":
        await truncate(url)
    try:
        yield backend
    finally:
        await backend.close()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def sample_analysis(figure: float = 10_000) -> Analysis:
    return Analysis(
        quantities=[
            Quantity(
                text=f"{figure:,.0f} troops",
                value=figure,
                span=Span(start=6, end=19),
                unit="troop",
                unit_text="troops",
                qualifier="about",
                low=figure * 0.9,
                high=figure * 1.1,
            )
        ],
        entities=[Entity(text="Kyiv", canonical="Kyiv", span=Span(start=0, end=4), role="agent")],
        hedged=True,
    )


def new_claim(text: str, *, start: int | None = None, **fields: object) -> NewClaim:
    return NewClaim(
        text=text,
        checkworthiness=0.75,
        analysis=sample_analysis(),
        start=start,
        end=None if start is None else start + len(text),
        **fields,  # type: ignore[arg-type]
    )


def new_report(
    text: str,
    *,
    claims: int | list[str] = 2,
    source: str | None = "Wire",
    external_id: str | None = None,
    published_at: str | None = "2024-03-05",
    title: str | None = "A title",
) -> NewReport:
    claim_texts = (
        [f"{text}: claim {n}" for n in range(claims)] if isinstance(claims, int) else claims
    )
    return NewReport(
        text=text,
        content_hash=content_hash(text),
        claims=[new_claim(t, start=n * 100) for n, t in enumerate(claim_texts)],
        title=title,
        source=source,
        url="https://example.org/a",
        published_at=published_at,
        external_id=external_id,
    )
