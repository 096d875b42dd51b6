"""Store records -> wire types: the one conversion, for the API and the CLI alike."""

import msgspec

from schemas.analysis import Span
from schemas.claims import ClaimOut
from schemas.reports import ReportOut, ReportSummary
from schemas.watches import (
    DeliveryAttempt,
    WatchEventData,
    WatchEventOut,
    WatchMatchOut,
    WatchOut,
)
from service.store.records import ClaimRecord, ReportRecord
from service.store.watch_records import WatchEventRecord, WatchRecord
from service.watches.scanner import watched_statement


def claim_out(claim: ClaimRecord) -> ClaimOut:
    span = None
    if claim.start is not None and claim.end is not None:
        span = Span(claim.start, claim.end)
    return ClaimOut(
        id=claim.id,
        text=claim.text,
        checkworthiness=claim.checkworthiness,
        analysis=claim.analysis,
        created_at=claim.created_at,
        report_id=claim.report_id,
        span=span,
        source=claim.source,
        url=claim.url,
        published_at=claim.published_at,
        claimant=claim.claimant,
        report_title=claim.report_title,
        rating=claim.rating,
    )


def report_summary(report: ReportRecord) -> ReportSummary:
    return ReportSummary(
        id=report.id,
        claim_count=report.claim_count,
        created_at=report.created_at,
        updated_at=report.updated_at,
        language=report.language,
        external_id=report.external_id,
        title=report.title,
        source=report.source,
        url=report.url,
        published_at=report.published_at,
    )


def report_out(
    report: ReportRecord, claims: list[ClaimRecord], *, replaced: bool = False
) -> ReportOut:
    return ReportOut(
        id=report.id,
        text=report.text,
        claims=[claim_out(c) for c in claims],
        created_at=report.created_at,
        updated_at=report.updated_at,
        language=report.language,
        external_id=report.external_id,
        title=report.title,
        source=report.source,
        url=report.url,
        published_at=report.published_at,
        replaced=replaced,
    )


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
        data=event_data(event),
        next_attempt_at=event.next_attempt_at if event.status == "pending" else None,
        delivered_at=event.delivered_at,
    )


_EVENT_DATA = msgspec.json.Decoder(WatchEventData)


def event_data(event: WatchEventRecord) -> WatchEventData:
    """What an event tells, stored as its delivered JSON payload."""
    return _EVENT_DATA.decode(event.payload)
