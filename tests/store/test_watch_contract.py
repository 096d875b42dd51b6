"""The watch part of the storage contract, run against every backend (the `store` fixture)."""

import asyncio

from service.store.base import Store
from service.store.watch_records import (
    AttemptOutcome,
    AttemptRecord,
    BaselineMatch,
    NewWatch,
    NewWatchHit,
    NewWatchStatement,
)
from tests.store.conftest import new_report, sample_analysis

EARLY = "2000-01-01T00:00:00.000000Z"
NOW = "2030-01-01T00:00:00.000000Z"
LATER = "2030-01-01T00:01:00.000000Z"


def a_watch(
    *texts: str, callback: str | None = "https://example.org/hook", **kw: object
) -> NewWatch:
    return NewWatch(
        statements=[NewWatchStatement(text=t, analysis=sample_analysis()) for t in texts],
        stances=("conflicts",),
        created_revision=0,
        callback_url=callback,
        secret="s3cret" if callback else None,
        **kw,  # type: ignore[arg-type]
    )


def hit(statement_id: int, claim_id: int, payload: str = '{"type":"watch.match"}') -> NewWatchHit:
    return NewWatchHit(
        statement_id=statement_id, claim_id=claim_id, stance="conflicts", payload=payload
    )


async def test_a_watch_reads_back_with_its_statements_and_baseline_matches(store: Store) -> None:
    [stored] = await store.put_reports([new_report("Troops", claims=2)])
    watch = a_watch(
        "About 11,000 troops were sent",
        "Four ships carried them",
        baseline=[BaselineMatch(1, stored.claims[0].id, "supports")],
    )

    record = await store.put_watch(watch)

    assert await store.get_watch(record.id) == record
    texts = [s.text for s in record.statements]
    assert texts == ["About 11,000 troops were sent", "Four ships carried them"]
    assert all(s.watch_id == record.id for s in record.statements)
    assert [(m.statement_id, m.claim_id, m.stance) for m in record.matches] == [
        (record.statements[1].id, stored.claims[0].id, "supports")
    ]
    assert (record.callback_url, record.secret, record.stances) == (
        "https://example.org/hook",
        "s3cret",
        ("conflicts",),
    )


async def test_watches_page_by_id_and_delete_removes_everything(store: Store) -> None:
    first = await store.put_watch(a_watch("one"))
    second = await store.put_watch(a_watch("two"))

    assert [w.id for w in await store.list_watches(limit=1)] == [first.id]
    assert [w.id for w in await store.list_watches(limit=5, after_id=first.id)] == [second.id]
    assert await store.delete_watch(first.id) is True
    assert await store.delete_watch(first.id) is False
    assert await store.get_watch(first.id) is None
    live = await store.watch_statements_after(0, limit=10)
    assert [s.watch_id for s in live] == [second.id]


async def test_a_hit_fires_one_event_once_and_moves_the_cursor(store: Store) -> None:
    watch = await store.put_watch(a_watch("Troops: 11,000"))
    statement = watch.statements[0].id
    start = await store.watch_cursor()

    first = await store.record_watch_hits(
        start, start + 5, [hit(statement, 42), hit(statement, 42)]
    )
    again = await store.record_watch_hits(start + 5, start + 6, [hit(statement, 42)])

    assert first is not None
    assert len(first) == 1
    assert again == []
    assert await store.watch_cursor() == start + 6
    [event] = await store.list_watch_events(watch.id, limit=10)
    assert (event.id, event.claim_id, event.status, event.attempt_count) == (
        first[0],
        42,
        "pending",
        0,
    )
    assert event.payload == '{"type":"watch.match"}'
    assert (await store.get_watch(watch.id)).matches[0].claim_id == 42  # type: ignore[union-attr]


async def test_a_stale_cursor_records_nothing(store: Store) -> None:
    watch = await store.put_watch(a_watch("x"))
    start = await store.watch_cursor()
    await store.record_watch_hits(start, start + 2, [])

    stale = await store.record_watch_hits(start, start + 3, [hit(watch.statements[0].id, 7)])

    assert stale is None
    assert await store.watch_cursor() == start + 2
    assert await store.list_watch_events(watch.id, limit=10) == []


async def test_a_watch_without_callback_gets_stream_events_never_leased(store: Store) -> None:
    watch = await store.put_watch(a_watch("x", callback=None))
    start = await store.watch_cursor()
    await store.record_watch_hits(start, start + 1, [hit(watch.statements[0].id, 9)])

    [event] = await store.list_watch_events(watch.id, limit=10)

    assert event.status == "stream"
    assert await store.lease_due_events(now=NOW, lease_until=LATER, limit=10) == []
    assert await store.next_event_due() is None


async def test_due_events_are_leased_once_until_the_lease_ends(store: Store) -> None:
    watch = await store.put_watch(a_watch("x"))
    start = await store.watch_cursor()
    [event_id] = await store.record_watch_hits(start, start + 1, [hit(watch.statements[0].id, 9)])  # type: ignore[misc]

    assert await store.lease_due_events(now=EARLY, lease_until=LATER, limit=10) == []
    [due] = await store.lease_due_events(now=NOW, lease_until=LATER, limit=10)
    during = await store.lease_due_events(now=NOW, lease_until=LATER, limit=10)
    after = await store.lease_due_events(now=LATER, lease_until="2031", limit=10)

    assert (due.id, due.callback_url, due.secret, due.attempt_count) == (
        event_id,
        "https://example.org/hook",
        "s3cret",
        0,
    )
    assert during == []
    assert [d.id for d in after] == [event_id]


async def test_concurrent_leases_hand_each_event_to_one_deliverer(store: Store) -> None:
    watch = await store.put_watch(a_watch("x"))
    start = await store.watch_cursor()
    hits = [hit(watch.statements[0].id, claim) for claim in range(1, 21)]
    await store.record_watch_hits(start, start + 1, hits)

    leases = await asyncio.gather(
        *(store.lease_due_events(now=NOW, lease_until=LATER, limit=3) for _ in range(10))
    )

    ids = [due.id for lease in leases for due in lease]
    assert len(ids) == 20
    assert len(set(ids)) == 20


async def test_attempts_are_listed_with_the_event_and_finish_it(store: Store) -> None:
    watch = await store.put_watch(a_watch("x"))
    start = await store.watch_cursor()
    [event_id] = await store.record_watch_hits(start, start + 1, [hit(watch.statements[0].id, 3)])  # type: ignore[misc]
    failed = AttemptRecord(attempted_at=NOW, duration_ms=12.5, status_code=500)
    refused = AttemptRecord(attempted_at=LATER, duration_ms=1.0, error="connection refused")

    await store.finish_attempt(
        AttemptOutcome(event_id=event_id, attempt=failed, status="pending", next_attempt_at=LATER)
    )
    assert await store.next_event_due() == LATER
    await store.finish_attempt(AttemptOutcome(event_id=event_id, attempt=refused, status="dead"))

    [event] = await store.list_watch_events(watch.id, limit=10)
    assert event.status == "dead"
    assert event.attempt_count == 2
    assert event.attempts == [failed, refused]
    assert event.delivered_at is None
    assert await store.next_event_due() is None


async def test_a_delivered_event_records_when(store: Store) -> None:
    watch = await store.put_watch(a_watch("x"))
    start = await store.watch_cursor()
    [event_id] = await store.record_watch_hits(start, start + 1, [hit(watch.statements[0].id, 3)])  # type: ignore[misc]
    ok = AttemptRecord(attempted_at=NOW, duration_ms=3.0, status_code=204)

    await store.finish_attempt(AttemptOutcome(event_id=event_id, attempt=ok, status="delivered"))

    [event] = await store.list_watch_events(watch.id, limit=10)
    assert (event.status, event.delivered_at) == ("delivered", NOW)
    assert await store.latest_event_id() == event_id


async def test_the_watch_cursor_starts_at_the_revision_of_the_migration(store: Store) -> None:
    assert await store.watch_cursor() == await store.revision()
