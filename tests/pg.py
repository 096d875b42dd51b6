"""Throw-away databases on the test PostgreSQL server (127.0.0.1:5432, or TEST_POSTGRES_ADMIN_URL).

An unreachable server fails the tests that need it with a message saying so; they are never
skipped (`.ci/run` starts the server).
"""

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def database_name(url: str) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(url)["dbname"])


def with_database(url: str, name: str) -> str:
    """The admin URL pointing at another database: FACTCHECK_DATABASE_URL takes URLs only."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def create_database(prefix: str) -> str:
    """A new empty database on the test server; its conninfo."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {ADMIN_URL} ({exc}); the postgres tests need it "
            "(start the server, or deselect them with -m 'not postgres')",
            pytrace=False,
        )
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(ADMIN_URL, name)


def drop_database(url: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(url))
            )
        )


def set_connections_allowed(url: str, allowed: bool) -> None:
    """Refuse (or allow again) new connections to the database, as an outage would."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(
            sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(
                sql.Identifier(database_name(url)), sql.SQL("true" if allowed else "false")
            )
        )


def terminate_sessions(url: str) -> int:
    """Terminate every server session on the database; how many there were."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database_name(url),),
        ).fetchall()
    return len(rows)
