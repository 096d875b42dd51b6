"""Finding the watches a new claim bears on, from the store's change feed.

Every ingest path (API, bulk, CLI, ClaimReview import, seeding, another replica) writes its
claims with a change-feed entry in the same transaction, so following the feed sees them all.
The cursor moves in the transaction that records the hits, so a process killed mid-scan
rescans from the last recorded revision: no claim is skipped, and the (statement, claim) row
keeps a hit from firing twice.

Per new claim: the watch index proposes the statements sharing its words; each is judged by
the same stance rules as a check (cheap, off the event loop); the few that support or conflict
are confirmed by a real check of the statement, whose match and verdict the event carries.
"""

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

import msgspec
from rapidfuzz import fuzz

from schemas.analysis import Span
from schemas.check import CheckRequest
from schemas.limits import MAX_MATCHES
from schemas.watches import WatchedStatement, WatchEventData
from service.errors import StoreUnavailable
from service.matching.checker import Checker
from service.matching.ratings import apply_rating
from service.matching.score import Features, FusionWeights, fused_score, load_weights
from service.matching.stance import judge
from service.matching.terms import content_terms, normalized_statement
from service.store.base import Store
from service.store.records import Change, ClaimRecord
from service.store.watch_records import NewWatchHit, WatchStatementRecord
from service.text.normalize import mask_numbers
from service.watches.index import StatementSide, WatchIndex
from service.watches.pulse import Pulse

log = logging.getLogger("factcheck.watches")

PAGE = 2_000  # changes scanned per transaction
LOOKUP = 10  # statements proposed per new claim
JUDGED = 10  # of those, judged by the stance rules, closest first
CHUNK = 50  # claims looked up per thread hop
DUTY = 0.05  # the share of time the scan may take while ingest goes on
# The cheap relevance is computed from the claim's side of BM25; keep candidates somewhat
# below the check's threshold, the confirming check applies the real one.
PREFILTER = 0.8
# BM25 of the claim's words in a statement over the claim's self-score: below this the
# statement shares too little with the claim to be about it (bench corpus, 1,500 claims and
# 10,000 watches: the lowest share of a confirmed hit was 0.18, of any candidate 0.13).
MIN_SHARE = 0.1
WAIT_SECONDS = 30.0
MAX_BACKOFF = 30.0


class Pair(msgspec.Struct, frozen=True):
    statement: WatchStatementRecord
    claim: ClaimRecord


class WatchScanner:
    def __init__(
        self, store: Store, checker: Checker, index: WatchIndex, *, min_score: float
    ) -> None:
        self._store = store
        self._checker = checker
        self._index = index
        self._min_score = min_score
        self._lock = asyncio.Lock()
        self.recorded = Pulse()  # notified whenever this process records new events

    async def scan(self) -> int:
        """Scan the feed up to the current revision; the number of events recorded."""
        async with self._lock:
            total = 0
            while True:
                cursor = await self._store.watch_cursor()
                # The target revision is read before the statements: a watch made after this
                # point has a created_revision at or beyond it, so it can miss nothing here.
                current = await self._store.revision()
                if current <= cursor:
                    return total
                await self._index.refresh(self._store)
                changes, to_revision = await self._whole_revisions(cursor, current)
                upserts = {c.claim_id: c.revision for c in changes if c.op == "upsert"}
                hits = await self._hits(upserts)
                recorded = await self._store.record_watch_hits(cursor, to_revision, hits)
                if recorded:
                    total += len(recorded)
                    self.recorded.notify()

    async def _whole_revisions(self, cursor: int, current: int) -> tuple[list[Change], int]:
        """The next page of changes up to `current`, cut at a revision boundary, and the
        revision the cursor may move to once they are scanned."""
        limit = PAGE
        while True:
            changes = await self._store.changes_since(cursor, limit=limit)
            if len(changes) < limit:
                return [c for c in changes if c.revision <= current], current
            last = changes[-1].revision
            whole = [c for c in changes if c.revision < last and c.revision <= current]
            if whole:
                return whole, whole[-1].revision
            limit *= 2  # one write touched more claims than a page holds

    async def follow(self, stop: asyncio.Event) -> None:
        backoff = 0.5
        while not stop.is_set():
            try:
                await self.scan()
                backoff = 0.5
                cursor = await self._store.watch_cursor()
                await _until(stop, self._store.wait_for_change(cursor, WAIT_SECONDS))
            except StoreUnavailable as exc:
                log.warning("watch scan: store unavailable (%s); retrying in %.1fs", exc, backoff)
                await _sleep_unless(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            except Exception:
                log.exception("watch scan failed; retrying in %.1fs", backoff)
                await _sleep_unless(stop, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    async def _hits(self, revisions: dict[int, int]) -> list[NewWatchHit]:
        if not revisions or not len(self._index):
            return []
        claims = await self._store.get_claims(list(revisions))
        pace = _Pace(self._store)
        pairs: list[Pair] = []
        for at in range(0, len(claims), CHUNK):
            async with pace:
                pairs += await asyncio.to_thread(
                    self._candidates, claims[at : at + CHUNK], revisions
                )
        # One confirming check per statement, however many new claims it met in this batch.
        by_statement: dict[int, list[Pair]] = {}
        for pair in pairs:
            by_statement.setdefault(pair.statement.id, []).append(pair)
        hits: list[NewWatchHit] = []
        for group in by_statement.values():
            async with pace:
                hits.extend(await self._confirm(group))
        return hits

    def _candidates(self, claims: list[ClaimRecord], revisions: dict[int, int]) -> list[Pair]:
        """(statement, claim) pairs the stance rules put in a stance the watch wants."""
        pairs: list[Pair] = []
        floor = self._min_score * PREFILTER
        weights = load_weights()
        for claim in claims:
            claim_side: tuple[str, set[str]] | None = None
            scored: list[tuple[float, WatchStatementRecord]] = []
            for statement, candidate in self._index.lookup(claim.text, LOOKUP):
                if revisions[claim.id] <= statement.created_revision:
                    continue  # stored before the watch was made: its baseline saw it
                if candidate.bm25_norm < MIN_SHARE:
                    continue  # the statement holds little of what the claim says
                if claim_side is None:
                    masked = mask_numbers(normalized_statement(claim.text))
                    claim_side = (masked, set(content_terms(masked)))
                relevance = _relevance(self._index.side(statement.id), claim_side, weights)
                if relevance >= floor:
                    scored.append((relevance, statement))
            # Judging is the costly step: only the statements closest to the claim.
            scored.sort(key=lambda item: -item[0])
            for relevance, statement in scored[:JUDGED]:
                stance = judge(
                    statement.text,
                    statement.analysis,
                    claim.text,
                    claim.analysis,
                    relevance=relevance,
                )
                stance = apply_rating(stance, claim.rating)
                if stance.stance in statement.stances:
                    pairs.append(Pair(statement, claim))
        return pairs

    async def _confirm(self, pairs: list[Pair]) -> list[NewWatchHit]:
        """The pairs a real check of the statement agrees with, as hits with its verdict."""
        statement = pairs[0].statement
        result = await self._checker.check(
            CheckRequest(statement=statement.text, limit=MAX_MATCHES)
        )
        hits: list[NewWatchHit] = []
        for pair in pairs:
            match = next((m for m in result.matches if m.claim.id == pair.claim.id), None)
            if match is None or match.stance not in statement.stances:
                continue
            data = WatchEventData(
                watch_id=statement.watch_id,
                statement=watched_statement(statement),
                match=match,
                verdict=result.verdict,
            )
            hits.append(
                NewWatchHit(
                    statement_id=statement.id,
                    claim_id=pair.claim.id,
                    stance=match.stance,
                    payload=msgspec.json.encode(data).decode(),
                )
            )
        return hits


class _Pace:
    """While reports keep arriving, ingest comes first: each step of the scan is followed by a
    pause, so the scan takes at most DUTY of the time; once the writes stop it runs flat out
    (events then come a few seconds after a burst of ingest, never lost: the cursor waits)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._revision: int | None = None
        self._began = 0.0

    async def __aenter__(self) -> None:
        self._began = asyncio.get_running_loop().time()

    async def __aexit__(self, *exc: object) -> None:
        busy = asyncio.get_running_loop().time() - self._began
        revision = await self._store.revision()
        if self._revision is not None and revision != self._revision:
            await asyncio.sleep(busy * (1 - DUTY) / DUTY)
        self._revision = revision


def watched_statement(statement: WatchStatementRecord) -> WatchedStatement:
    span = None
    if statement.start is not None and statement.end is not None:
        span = Span(statement.start, statement.end)
    return WatchedStatement(id=statement.id, text=statement.text, span=span)


def _relevance(
    statement: StatementSide, claim: tuple[str, set[str]], weights: FusionWeights
) -> float:
    """The check's fused score with the BM25 share estimated as the share of the statement's
    content words the claim holds: the watch index ranks the other way round (claim to
    statements), and its small corpus makes BM25 weights meaningless for this pair."""
    masked_claim, claim_words = claim
    words = statement.words
    share = len(words & claim_words) / len(words) if words else 0.0
    item = Features(
        claim_id=0,
        bm25=0.0,
        bm25_norm=share,
        fuzzy=fuzz.partial_ratio(statement.masked, masked_claim),
        query_terms=statement.query_terms,
    )
    return fused_score(item, weights)


async def _until(stop: asyncio.Event, waiting: Coroutine[Any, Any, int]) -> None:
    task = asyncio.ensure_future(waiting)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for pending in (task, stopping):
            pending.cancel()
        await asyncio.gather(task, stopping, return_exceptions=True)
    if task.done() and not task.cancelled():
        task.result()  # re-raises the store's error, if any


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
