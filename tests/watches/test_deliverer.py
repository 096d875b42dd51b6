"""The deliverer against a real store: refused and failed attempts, retries, and death."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from service.store.sqlite.store import SqliteStore
from service.store.watch_records import NewWatch, NewWatchHit, NewWatchStatement
from service.watches.callbacks import CallbackPolicy
from service.watches.delivery import Deliverer, DeliveryPolicy
from service.watches.pulse import Pulse
from tests.serving import free_port
from tests.store.conftest import sample_analysis

PAYLOAD = (
    '{"watch_id":1,"statement":{"id":1,"text":"x"},"match":{"claim":{"id":5,"text":"y"},'
    '"report":{},"score":80.0,"stance":"conflicts","hedged":false,"reasons":[]},'
    '"verdict":"contradicted"}'
)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    store = SqliteStore(f"sqlite:///{tmp_path}/d.db")
    await store.open()
    yield store
    await store.close()


async def an_event(store: SqliteStore, callback: str) -> int:
    watch = await store.put_watch(
        NewWatch(
            statements=[NewWatchStatement(text="x", analysis=sample_analysis())],
            stances=("conflicts",),
            created_revision=0,
            callback_url=callback,
            secret="s" * 20,
        )
    )
    cursor = await store.watch_cursor()
    hit = NewWatchHit(
        statement_id=watch.statements[0].id, claim_id=5, stance="conflicts", payload=PAYLOAD
    )
    await store.record_watch_hits(cursor, cursor + 1, [hit])
    return watch.id


async def test_an_unreachable_receiver_is_retried_later_then_given_up(store: SqliteStore) -> None:
    closed_port = free_port()
    watch_id = await an_event(store, f"http://127.0.0.1:{closed_port}/hook")
    allowed = CallbackPolicy.from_entries(True, ("127.0.0.0/8",))
    patient = Deliverer(
        store, DeliveryPolicy(callbacks=allowed, timeout=2, first_retry=60), wake=Pulse()
    )
    try:
        assert await patient.deliver_due() == 1
        assert await patient.deliver_due() == 0  # not due again before the backoff
    finally:
        await patient.close()
    [event] = await store.list_watch_events(watch_id, limit=5)
    assert event.status == "pending"
    assert event.attempts[0].status_code is None
    assert "Connect" in (event.attempts[0].error or "")
    assert event.next_attempt_at is not None
    assert event.next_attempt_at > event.attempts[0].attempted_at


async def test_after_the_retry_period_an_event_is_dead(store: SqliteStore) -> None:
    watch_id = await an_event(store, f"http://127.0.0.1:{free_port()}/hook")
    allowed = CallbackPolicy.from_entries(True, ("127.0.0.0/8",))
    brief = DeliveryPolicy(callbacks=allowed, timeout=2, first_retry=1, give_up_after=0.5)
    deliverer = Deliverer(store, brief, wake=Pulse())
    try:
        await deliverer.deliver_due()
    finally:
        await deliverer.close()
    [event] = await store.list_watch_events(watch_id, limit=5)
    assert event.status == "dead"
    assert await store.next_event_due() is None


async def test_a_private_callback_is_refused_at_delivery_without_a_request(
    store: SqliteStore,
) -> None:
    watch_id = await an_event(store, f"http://127.0.0.1:{free_port()}/hook")
    strict = Deliverer(
        store, DeliveryPolicy(callbacks=CallbackPolicy(allow_http=True)), wake=Pulse()
    )
    try:
        await strict.deliver_due()
    finally:
        await strict.close()
    [event] = await store.list_watch_events(watch_id, limit=5)
    assert (event.attempts[0].error or "").startswith("refused: 127.0.0.1 is not a public")
