"""What a user would use instead of factcheck, on the same claims and queries.

- a brute-force rapidfuzz scan: `process.extract` over every claim (WRatio, default processing),
  the obvious implementation;
- SQLite FTS5 ranked by bm25 (porter stemming), the statement's words OR-ed;
- PostgreSQL pg_trgm: `%` with a GIN trigram index, ranked by similarity, at several thresholds
  (lower finds more and reads more), on a throw-away database.

Each runs the queries in order until its time budget is spent, so the slow ones answer a prefix
of the queries; the report compares recall on the same prefix.
"""

import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import psycopg
from psycopg import sql
from rapidfuzz import fuzz, process, utils

from bench.corpus import Query
from bench.measure import Latency, disk_mib
from bench.results import SystemRun

TOP = 5
MIN_QUERIES = 10  # answered even past the budget, so every system has some figures
PG_THRESHOLDS = (0.3, 0.2, 0.1)
PG_TIMEOUT_MS = 20_000
_WORDS = re.compile(r"\w+")


def _timed(
    name: str,
    setting: str,
    queries: Sequence[Query],
    budget_s: float,
    top: Callable[[str], list[str]],
) -> SystemRun:
    samples: list[float] = []
    hits: list[bool] = []
    deadline = time.perf_counter() + budget_s
    for query in queries:
        if len(samples) >= MIN_QUERIES and time.perf_counter() > deadline:
            break
        begun = time.perf_counter()
        found = top(query.statement)
        samples.append((time.perf_counter() - begun) * 1000)
        hits.append(query.answer in found)
    return SystemRun(system=name, setting=setting, latency=Latency.of(samples), hits=hits)


def rapidfuzz_scan(claims: Sequence[str], queries: Sequence[Query], budget_s: float) -> SystemRun:
    def top(statement: str) -> list[str]:
        found = process.extract(
            statement, claims, scorer=fuzz.WRatio, processor=utils.default_process, limit=TOP
        )
        return [choice for choice, _, _ in found]

    return _timed("rapidfuzz scan", "WRatio, process.extract", queries, budget_s, top)


def fts5_query(statement: str) -> str:
    """The statement's words, each quoted (FTS5 syntax stays inert), OR-ed."""
    return " OR ".join(f'"{word}"' for word in _WORDS.findall(statement.lower()))


def sqlite_fts5(
    claims: Sequence[str], queries: Sequence[Query], budget_s: float, path: Path
) -> SystemRun:
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        db.execute("CREATE VIRTUAL TABLE claims USING fts5(text, tokenize='porter unicode61')")
        db.executemany("INSERT INTO claims(text) VALUES (?)", ((text,) for text in claims))
        db.commit()
        build = time.perf_counter() - started

        def top(statement: str) -> list[str]:
            rows = db.execute(
                "SELECT text FROM claims WHERE claims MATCH ? ORDER BY bm25(claims) LIMIT ?",
                (fts5_query(statement), TOP),
            )
            return [text for (text,) in rows]

        run = _timed("SQLite FTS5", "bm25, porter, words OR-ed", queries, budget_s, top)
    finally:
        db.close()
    run.build_s = round(build, 2)
    run.disk_mib = disk_mib(path)
    return run


def pg_trgm(
    claims: Sequence[str], queries: Sequence[Query], budget_s: float, admin_url: str
) -> list[SystemRun]:
    """One run per similarity threshold, on a database created and dropped here."""
    name = f"factcheck_bench_{int(time.time())}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(_with_database(admin_url, name), autocommit=True) as db:
            build = _load_trigrams(db, claims)
            size = db.execute("SELECT pg_total_relation_size('claims')").fetchone()
            runs = [_trgm_run(db, queries, budget_s, threshold) for threshold in PG_THRESHOLDS]
        for run in runs:
            run.build_s = build
            run.disk_mib = round((size[0] if size else 0) / 2**20, 1)
        return runs
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def _with_database(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


def _load_trigrams(db: psycopg.Connection[tuple[object, ...]], claims: Sequence[str]) -> float:
    started = time.perf_counter()
    db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    db.execute("CREATE TABLE claims (id bigint PRIMARY KEY, text text NOT NULL)")
    with db.cursor() as cursor, cursor.copy("COPY claims (id, text) FROM STDIN") as copy:
        for number, text in enumerate(claims):
            copy.write_row((number, text))
    db.execute("CREATE INDEX claims_trgm ON claims USING gin (text gin_trgm_ops)")
    db.execute("ANALYZE claims")
    return round(time.perf_counter() - started, 2)


def _trgm_run(
    db: psycopg.Connection[tuple[object, ...]],
    queries: Sequence[Query],
    budget_s: float,
    threshold: float,
) -> SystemRun:
    db.execute(sql.SQL("SET pg_trgm.similarity_threshold = {}").format(sql.Literal(threshold)))
    db.execute(sql.SQL("SET statement_timeout = {}").format(sql.Literal(PG_TIMEOUT_MS)))
    timeouts = 0

    def top(statement: str) -> list[str]:
        nonlocal timeouts
        try:
            rows = db.execute(
                "SELECT text FROM claims WHERE text %% %(q)s "
                "ORDER BY similarity(text, %(q)s) DESC LIMIT %(n)s",
                {"q": statement, "n": TOP},
            ).fetchall()
        except psycopg.errors.QueryCanceled:
            timeouts += 1
            return []
        return [str(text) for (text,) in rows]

    run = _timed("pg_trgm", f"similarity ≥ {threshold}, GIN", queries, budget_s, top)
    run.timeouts = timeouts
    return run
