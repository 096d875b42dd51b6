"""One entry point from a database URL to an unopened store of the matching backend.

Backends are imported on demand: a SQLite deployment never imports psycopg.
"""

from pathlib import Path

from service.errors import InvalidInput
from service.store.base import Store

_SETTING = "FACTCHECK_DATABASE_URL"
_SYNCHRONOUS_MODES = ("full", "normal")


def create_store(database_url: str, *, sqlite_synchronous: str = "full") -> Store:
    """A `Store` for `database_url`: `sqlite:///…`, `postgresql://…` or `postgres://…`.

    The store is not opened; call `await store.open()`.
    """
    scheme = database_url.partition("://")[0].lower() if "://" in database_url else ""
    if scheme == "sqlite":
        if sqlite_synchronous not in _SYNCHRONOUS_MODES:
            raise InvalidInput(
                "FACTCHECK_SQLITE_SYNCHRONOUS",
                f"must be one of {', '.join(_SYNCHRONOUS_MODES)}, not {sqlite_synchronous!r}",
            )
        from service.store.sqlite.store import SqliteStore

        return SqliteStore(
            database_url, synchronous="full" if sqlite_synchronous == "full" else "normal"
        )
    if scheme in {"postgresql", "postgres"}:
        from service.store.postgres.store import PostgresStore

        return PostgresStore(database_url)
    raise InvalidInput(
        _SETTING,
        "unknown database URL scheme; use sqlite:///path.db, sqlite:///:memory: "
        "or postgresql://user@host:port/dbname",
    )


def missing_store_file(database_url: str) -> Path | None:
    """The file a `sqlite:///` URL names when it does not exist yet (opening it would create an
    empty store); None when it exists, is in memory, or the store is not SQLite."""
    if not database_url.startswith("sqlite://"):
        return None
    from service.store.sqlite.connections import MEMORY, sqlite_path

    location = sqlite_path(database_url)
    path = Path(location)
    if location == MEMORY or location.startswith("file:") or path.exists():
        return None
    return path
