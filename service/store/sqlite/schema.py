"""The SQLite schema, as an ordered list of migrations (append only; never edit a shipped one)."""

from service.store.codec import Migration
from service.store.watch_sql import watch_tables

WATCH_TABLES = watch_tables(id_column="INTEGER PRIMARY KEY AUTOINCREMENT", id_type="INTEGER")

SCHEMA_MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""

# AUTOINCREMENT: ids and revisions are never reused, even after the newest row is deleted, so
# a claim id held by the search index or a client can never come to mean another claim.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "reports, claims and the change feed",
        (
            """
            CREATE TABLE reports (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                external_id TEXT UNIQUE,
                content_hash TEXT NOT NULL,
                source TEXT,
                title TEXT,
                url TEXT,
                published_at TEXT,
                language TEXT NOT NULL,
                text TEXT NOT NULL,
                claim_count INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX reports_content ON reports (content_hash, source)",
            """
            CREATE TABLE claims (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                report_id INTEGER REFERENCES reports (id) ON DELETE CASCADE,
                text TEXT NOT NULL,
                checkworthiness REAL NOT NULL,
                analysis TEXT NOT NULL,
                span_start INTEGER,
                span_end INTEGER,
                source TEXT,
                url TEXT,
                published_at TEXT,
                claimant TEXT,
                report_title TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX claims_report ON claims (report_id, id)",
            "CREATE INDEX claims_source ON claims (source)",
            # The `since` filter compares the date part; the index is on that same expression.
            "CREATE INDEX claims_published ON claims (substr(published_at, 1, 10))",
            """
            CREATE TABLE changes (
                revision INTEGER PRIMARY KEY AUTOINCREMENT,
                claim_id INTEGER NOT NULL,
                op TEXT NOT NULL CHECK (op IN ('upsert', 'delete'))
            )
            """,
        ),
    ),
    Migration(
        2,
        "a fact-checker's rating on claims",
        ("ALTER TABLE claims ADD COLUMN rating TEXT",),
    ),
    # Version 3 is another branch's; numbers are shared with the PostgreSQL schema.
    Migration(3, "watches, their matches, and the event outbox", WATCH_TABLES),
    # Version 4 is another branch's (claim facts). Migrations apply by version, skipping the
    # applied ones, so a gap or a version merged in later is applied all the same.
    Migration(
        5,
        "claims listed by the time they were stored, and the key that signs page cursors",
        (
            "CREATE INDEX claims_created ON claims (created_at)",
            """
            CREATE TABLE store_keys (
                purpose TEXT PRIMARY KEY,
                key BLOB NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
        ),
    ),
)

# The highest version, not the last listed: versions are not contiguous (see version 5).
CURRENT_VERSION = max(migration.version for migration in MIGRATIONS)
KNOWN_VERSIONS = frozenset(migration.version for migration in MIGRATIONS)
