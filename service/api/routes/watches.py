"""/v1/watches: make, list, read and delete watches; their events, and a live event stream."""

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, post
from litestar.openapi.spec import Components, OpenAPI, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import JSONBody, PathParameter, QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from schemas.limits import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schemas.watches import (
    DeliveryAttempt,
    WatchEventData,
    WatchEventOut,
    WatchEventPage,
    WatchIn,
    WatchMatchOut,
    WatchOut,
    WatchPage,
)
from service.api.deps import ServicesDep
from service.api.policy import WRITE
from service.api.problems import responses
from service.api.routes.reports import Cursor
from service.cursors import Listing
from service.errors import NotFound
from service.present.wire import MAX_ROW_ID
from service.store.watch_records import WatchEventRecord, WatchRecord
from service.watches.callbacks import STRICT_CALLBACK_PATTERN, CallbackPolicy
from service.watches.making import make_watch
from service.watches.scanner import watched_statement

PageLimit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="Items per page.")]
RowId = Annotated[int, PathParameter(ge=1, le=MAX_ROW_ID)]
STREAM_BATCH = 100
# The stream re-reads the events this often when nothing woke it: events recorded by another
# replica are seen within this delay. A comment line keeps proxies from closing an idle stream.
STREAM_POLL_SECONDS = 1.0
HEARTBEAT_SECONDS = 15.0
_DATA = msgspec.json.Decoder(WatchEventData)


def watch_out(watch: WatchRecord, *, with_secret: bool = False) -> WatchOut:
    return WatchOut(
        id=watch.id,
        statements=[watched_statement(s) for s in watch.statements],
        stances=list(watch.stances),
        created_at=watch.created_at,
        matches=[
            WatchMatchOut(statement_id=m.statement_id, claim_id=m.claim_id, stance=m.stance)
            for m in watch.matches
        ],
        events_url=f"/v1/watches/{watch.id}/events",
        stream_url=f"/v1/watches/{watch.id}/stream",
        callback_url=watch.callback_url,
        secret=watch.secret if with_secret else None,
    )


def event_out(event: WatchEventRecord) -> WatchEventOut:
    return WatchEventOut(
        id=event.id,
        type="watch.match",
        created_at=event.created_at,
        status=event.status,
        attempt_count=event.attempt_count,
        attempts=[
            DeliveryAttempt(
                attempted_at=a.attempted_at,
                duration_ms=a.duration_ms,
                status_code=a.status_code,
                error=a.error,
            )
            for a in event.attempts
        ],
        data=_DATA.decode(event.payload),
        next_attempt_at=event.next_attempt_at if event.status == "pending" else None,
        delivered_at=event.delivered_at,
    )


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
        | {"data": _DATA.decode(event.payload)}
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


def document_watch_input(openapi: OpenAPI, policy: CallbackPolicy) -> None:
    """WatchIn takes exactly one of `statement` or `text`, and a `secret` only with a
    `callback_url`: say so in the document (litestar cannot derive it from the Struct)."""
    components = openapi.components
    schemas = components.schemas if isinstance(components, Components) else None
    schema = (schemas or {}).get("WatchIn")
    if schema is not None:
        string, null = Schema(type=OpenAPIType.STRING), Schema(type=OpenAPIType.NULL)
        schema.one_of = [
            Schema(required=["statement"], properties={"statement": string, "text": null}),
            Schema(required=["text"], properties={"text": string, "statement": null}),
        ]
        # A secret signs callbacks: without a callback_url (absent or null) it is refused.
        schema.dependent_required = {"secret": ["callback_url"]}
        schema.dependent_schemas = {"secret": Schema(properties={"callback_url": string})}
        callback = (schema.properties or {}).get("callback_url")
        if policy.strict and isinstance(callback, Schema):
            callback.pattern = STRICT_CALLBACK_PATTERN


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
