"""/v1/watches: make, list, read and delete watches; their events, and a live event stream."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.params import JSONBody
from litestar.response import ServerSentEvent, ServerSentEventMessage

from schemas.limits import DEFAULT_PAGE_SIZE
from schemas.watches import (
    WatchEventPage,
    WatchIn,
    WatchOut,
    WatchPage,
)
from service.api.deps import ServicesDep
from service.api.pagination import Cursor, PageLimit, RowId
from service.api.policy import WRITE
from service.api.problems import responses
from service.cursors import Listing
from service.errors import NotFound
from service.present.wire import event_data, event_out, watch_out
from service.store.watch_records import WatchEventRecord, WatchRecord
from service.watches.making import make_watch

STREAM_BATCH = 100
# The stream re-reads the events this often when nothing woke it: events recorded by another
# replica are seen within this delay. A comment line keeps proxies from closing an idle stream.
STREAM_POLL_SECONDS = 1.0
HEARTBEAT_SECONDS = 15.0


class WatchController(Controller):
    path = "/v1/watches"
    tags = ("watches",)
    # Watches hold callback URLs and deliver to them: every watch route needs `write`.
    opt = WRITE

    @post(
        "/",
        status_code=201,
        summary="Watch a statement or a text",
        description="The statement, or each check-worthy sentence of the text, is checked again "
        "whenever a report is ingested; a new claim that takes one of the watched stances makes "
        "an event, POSTed signed to `callback_url` (when given) and sent on the stream. The "
        "answer holds the signing `secret`, shown only here.",
        responses=responses(400, 413, 422, 503),
    )
    async def create(self, data: JSONBody[WatchIn], services: ServicesDep) -> WatchOut:
        watch = await make_watch(data, services.store, services.checker, services.callbacks)
        await services.watch_index.refresh(services.store)
        return watch_out(watch, with_secret=True)

    @get("/", summary="List watches", responses=responses(400, 422))
    async def list(
        self, services: ServicesDep, limit: PageLimit = DEFAULT_PAGE_SIZE, cursor: Cursor = None
    ) -> WatchPage:
        after_id = services.cursors.decode(cursor, Listing.WATCHES)
        rows = await services.store.list_watches(limit=limit + 1, after_id=after_id)
        page = rows[:limit]
        next_cursor = (
            services.cursors.encode(Listing.WATCHES, page[-1].id) if len(rows) > limit else None
        )
        return WatchPage(items=[watch_out(w) for w in page], next_cursor=next_cursor)

    @get("/{watch_id:int}", summary="A watch", responses=responses(404))
    async def read(self, watch_id: RowId, services: ServicesDep) -> WatchOut:
        return watch_out(await _watch(services, watch_id))

    @delete("/{watch_id:int}", summary="Stop watching", responses=responses(404))
    async def remove(self, watch_id: RowId, services: ServicesDep) -> None:
        watch = await _watch(services, watch_id)
        if not await services.store.delete_watch(watch_id):
            raise NotFound("watch", watch_id)
        await services.watch_index.forget([s.id for s in watch.statements])

    @get(
        "/{watch_id:int}/events",
        summary="A watch's events with their delivery attempts",
        responses=responses(400, 404, 422),
    )
    async def events(
        self,
        watch_id: RowId,
        services: ServicesDep,
        limit: PageLimit = DEFAULT_PAGE_SIZE,
        cursor: Cursor = None,
    ) -> WatchEventPage:
        await _watch(services, watch_id)
        rows = await services.store.list_watch_events(
            watch_id,
            limit=limit + 1,
            after_id=services.cursors.decode(cursor, Listing.WATCH_EVENTS, scope=watch_id),
        )
        page = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            next_cursor = services.cursors.encode(Listing.WATCH_EVENTS, page[-1].id, scope=watch_id)
        return WatchEventPage(items=[event_out(e) for e in page], next_cursor=next_cursor)

    @get(
        "/{watch_id:int}/stream",
        summary="A watch's events as Server-Sent Events",
        description="Each event is a `watch.match` message whose `id` is the event id and whose "
        "data is the event (as POSTed to the callback). With `Accept: text/event-stream` (what "
        "EventSource sends) the stream stays open and sends events as they are recorded; "
        "otherwise the answer holds the events recorded so far and ends, for clients that poll. "
        "`Last-Event-ID` resumes after that event; without it a live stream starts with the "
        "events recorded from now on, and a poll with every event.",
        responses=responses(404),
        media_type="text/event-stream",
    )
    async def stream(
        self, watch_id: RowId, request: Request[Any, Any, Any], services: ServicesDep
    ) -> ServerSentEvent:
        await _watch(services, watch_id)
        live = "text/event-stream" in request.headers.get("accept", "")
        last = request.headers.get("last-event-id", "").strip()
        after = int(last) if last.isdigit() and len(last) < 19 else None
        if after is None:
            after = await services.store.latest_event_id() if live else 0
        events = _follow(services, watch_id, after) if live else _backlog(services, watch_id, after)
        return ServerSentEvent(events, retry_duration=2_000)


def _message(event: WatchEventRecord) -> ServerSentEventMessage:
    body = msgspec.json.encode(
        {"id": event.id, "type": "watch.match", "created_at": event.created_at}
        | {"data": event_data(event)}
    )
    return ServerSentEventMessage(data=body.decode(), event="watch.match", id=event.id)


async def _backlog(
    services: ServicesDep, watch_id: int, after: int
) -> AsyncIterator[ServerSentEventMessage]:
    while events := await services.store.list_watch_events(
        watch_id, limit=STREAM_BATCH, after_id=after
    ):
        for event in events:
            yield _message(event)
        after = events[-1].id


async def _watch(services: ServicesDep, watch_id: int) -> WatchRecord:
    watch = await services.store.get_watch(watch_id)
    if watch is None:
        raise NotFound("watch", watch_id)
    return watch


async def _follow(
    services: ServicesDep, watch_id: int, after: int
) -> AsyncIterator[ServerSentEventMessage]:
    loop = asyncio.get_running_loop()
    quiet_since = loop.time()
    while True:
        events = await services.store.list_watch_events(
            watch_id, limit=STREAM_BATCH, after_id=after
        )
        for event in events:
            yield _message(event)
            after = event.id
        if events:
            quiet_since = loop.time()
            continue
        if loop.time() - quiet_since >= HEARTBEAT_SECONDS:
            yield ServerSentEventMessage(comment="keep-alive")
            quiet_since = loop.time()
            if await services.store.get_watch(watch_id) is None:
                return  # the watch was deleted
        await services.scanner.recorded.wait(STREAM_POLL_SECONDS)
