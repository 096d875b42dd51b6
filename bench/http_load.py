"""Concurrent HTTP/1.1 clients on 127.0.0.1, closed loop (throughput) and open loop (latency at a
fixed rate). Every loop is bounded by a duration and a request count.

The client is a few lines over asyncio streams with keep-alive rather than a general HTTP library:
on a 2-core machine the load generator shares the CPU with the server, and a heavy client would
measure itself.
"""

import asyncio
import time
from collections.abc import Iterator, Sequence

import msgspec

from bench.measure import Latency

RAMP_STEP_S = 0.02  # between connections opened (see balanced_pool)
JSON = "application/json"


class LoadResult(msgspec.Struct, kw_only=True):
    mode: str  # "closed" (as fast as the clients go) or "open" (requests at a fixed rate)
    connections: int
    seconds: float
    completed: int
    errors: int
    throughput: float  # completed requests per second
    latency: Latency
    offered_rate: float | None = None
    dropped: int = 0  # open loop: requests still queued when the loop's time was up, never sent

    @classmethod
    def measured(
        cls,
        mode: str,
        connections: int,
        elapsed: float,
        samples: Sequence[float],
        errors: int,
        *,
        offered_rate: float | None = None,
        dropped: int = 0,
    ) -> "LoadResult":
        """The result of a load that completed `samples` (latencies in ms) in `elapsed` s."""
        return cls(
            mode=mode,
            connections=connections,
            seconds=round(elapsed, 2),
            completed=len(samples),
            errors=errors,
            throughput=round(len(samples) / elapsed, 1),
            latency=Latency.of(samples),
            offered_rate=offered_rate,
            dropped=dropped,
        )


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> "Connection":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nAccept: application/json\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        length = 0
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


async def balanced_pool(port: int, connections: int, bodies: Sequence[bytes]) -> list[Connection]:
    """Keep-alive connections opened one at a time while the earlier ones keep the server busy.

    Workers sharing a listening socket accept whatever is pending when they are idle; opened all
    at once, every connection can land on one worker (uvicorn does exactly that) and a second
    worker would serve nothing. Clients arriving while others are being served is also how real
    traffic looks. The checks sent while ramping up are not measured.
    """
    pool: list[Connection] = []
    stop = asyncio.Event()

    async def keep_busy(conn: Connection) -> None:
        sent = 0
        while not stop.is_set():
            # From the end of the list: the measured loop starts at its head.
            await conn.post("/v1/check", bodies[-1 - sent % len(bodies)], JSON)
            sent += 1

    busy: list[asyncio.Task[None]] = []
    for _ in range(connections):
        pool.append(await Connection.open(port))
        busy.append(asyncio.create_task(keep_busy(pool[-1])))
        await asyncio.sleep(RAMP_STEP_S)
    stop.set()
    await asyncio.gather(*busy)
    return pool


def check_bodies(statements: Sequence[str], limit: int = 5) -> list[bytes]:
    return [msgspec.json.encode({"statement": s, "limit": limit}) for s in statements]


async def closed_loop(
    port: int, bodies: Sequence[bytes], *, connections: int, seconds: float, max_requests: int
) -> LoadResult:
    """`connections` clients, each sending its next check as soon as the last is answered."""
    samples: list[float] = []
    errors = 0
    sent = 0
    deadline = 0.0

    async def client(conn: Connection) -> None:
        nonlocal errors, sent
        while sent < max_requests and time.perf_counter() < deadline:
            body = bodies[sent % len(bodies)]
            sent += 1
            begun = time.perf_counter()
            status, _ = await conn.post("/v1/check", body, JSON)
            samples.append((time.perf_counter() - begun) * 1000)
            errors += status != 200

    pool = await balanced_pool(port, connections, bodies)
    started = time.perf_counter()
    deadline = started + seconds
    try:
        await asyncio.gather(*(client(conn) for conn in pool))
    finally:
        await asyncio.gather(*(conn.close() for conn in pool))
    elapsed = time.perf_counter() - started
    return LoadResult.measured("closed", connections, elapsed, samples, errors)


async def open_loop(
    port: int, bodies: Sequence[bytes], *, rate: float, seconds: float, connections: int
) -> LoadResult:
    """Checks sent at `rate` per second whatever the answers do; latency counts from when each
    request was due, so a stalled server is charged for the queue it builds (no coordinated
    omission)."""
    total = int(rate * seconds)
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for conn in await balanced_pool(port, connections, bodies):
        idle.put_nowait(conn)
    samples: list[float] = []
    errors = 0
    started = time.perf_counter()

    # Bounded: the queue of a server slower than the rate is dropped at twice the planned time.
    cutoff = started + 2 * seconds
    dropped = 0

    async def one(number: int) -> None:
        nonlocal errors, dropped
        due = started + number / rate
        conn = await idle.get()
        if time.perf_counter() > cutoff:
            dropped += 1
            idle.put_nowait(conn)
            return
        try:
            status, _ = await conn.post(
                "/v1/check", bodies[number % len(bodies)], "application/json"
            )
        finally:
            idle.put_nowait(conn)
        samples.append((time.perf_counter() - due) * 1000)
        errors += status != 200

    tasks: list[asyncio.Task[None]] = []
    for number in range(total):
        delay = started + number / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(number)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    while not idle.empty():
        await idle.get_nowait().close()
    return LoadResult.measured(
        "open", connections, elapsed, samples, errors, offered_rate=rate, dropped=dropped
    )


async def bulk_post(port: int, batches: Iterator[bytes], *, connections: int) -> tuple[int, int]:
    """NDJSON bodies to /v1/reports/bulk over `connections` clients; (reports, claims) stored."""
    reports = claims = 0
    decoder = msgspec.json.Decoder(_Bulk)

    async def client(conn: Connection) -> None:
        nonlocal reports, claims
        # One event loop: the clients take turns drawing from the same (lazy) batches.
        for batch in batches:
            status, body = await conn.post("/v1/reports/bulk", batch, "application/x-ndjson")
            result = decoder.decode(body)
            if status != 200 or result.errors:
                raise RuntimeError(f"bulk ingest failed with {status}: {body[:500]!r}")
            reports += len(result.items)
            claims += sum(item.report.claim_count for item in result.items if item.report)

    pool = [await Connection.open(port) for _ in range(connections)]
    try:
        await asyncio.gather(*(client(conn) for conn in pool))
    finally:
        await asyncio.gather(*(conn.close() for conn in pool))
    return reports, claims


class _Summary(msgspec.Struct):
    claim_count: int


class _Item(msgspec.Struct):
    report: _Summary | None = None


class _Bulk(msgspec.Struct):
    errors: bool
    items: list[_Item]
