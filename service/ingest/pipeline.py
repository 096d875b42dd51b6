"""Reports, claims and reviews -> stored claims: the one path the API, the CLI, the seeder and
the ClaimReview import all take.

`ingest(store, preparer, items)` prepares every item (clean, split, select, analyse: on every
core for a large batch), stores what was prepared, and answers one outcome per item, in order:
stored, or rejected with a domain error (`Rejected`) that the HTTP edge words as problem+json.
It tells its observer (`IngestObserver`: the metrics, given by `runtime`) what it stored, so
every ingest is counted wherever it came from. Nothing here knows of HTTP: the preparing
worker processes import this module and must never import the edge.

Claim analysis happens here, once, and is stored; a check later analyses only its statement.
"""

import hashlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Literal, Protocol, TypeVar

import msgspec

from schemas.analysis import Analysis
from schemas.claimreview import ClaimReviewIn
from schemas.claims import ClaimIn
from schemas.reports import ReportIn
from service.errors import InvalidInput
from service.store.base import Store
from service.store.records import ClaimRecord, NewClaim, NewReport, PutResult
from service.text.analyse import analyse
from service.text.claims import extract_claims

T = TypeVar("T")
R = TypeVar("R")


def reference_date(published_at: str | None, field: str = "published_at") -> date | None:
    """The calendar date of an ISO date or date-time, to resolve "June 4" or "last year"."""
    if published_at is None:
        return None
    try:
        return date.fromisoformat(published_at[:10])
    except ValueError as exc:
        raise InvalidInput(field, f"{published_at!r} is not a real calendar date") from exc


def normalised_timestamp(value: str | None, field: str = "published_at") -> str | None:
    """An ISO date as given; a date-time read by `datetime` and written back in RFC 3339 form
    ("2024-10-18 09:30" -> "2024-10-18T09:30:00", "+0900" -> "+09:00"), so stored dates
    compare and filter alike. What `datetime` cannot read is refused in words."""
    if value is None or len(value) == len("2024-10-18"):
        return value
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise InvalidInput(
            field,
            f"{value!r} is not a date-time: expected a date such as 2024-10-18, or a date and "
            "time such as 2024-10-18T09:30:00+09:00",
        ) from exc


def _reject_control_characters(field: str, value: str | None) -> None:
    # NUL cannot be stored by PostgreSQL and is never part of an article; refuse it up front so
    # both backends behave the same and nothing is silently altered.
    if value is not None and "\x00" in value:
        raise InvalidInput(field, "contains a NUL character")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def prepare_report(report: ReportIn) -> NewReport:
    """Clean, split, select and analyse: everything but the write. Pure and CPU-bound."""
    for field in ("text", "title", "source", "url", "external_id"):
        _reject_control_characters(field, getattr(report, field))
    when = reference_date(report.published_at)
    claims = [
        NewClaim(
            text=found.text,
            checkworthiness=round(found.checkworthiness, 4),
            analysis=analyse(found.text, when),
            start=found.start,
            end=found.end,
        )
        for found in extract_claims(report.text)
    ]
    return NewReport(
        text=report.text,
        content_hash=content_hash(report.text),
        claims=claims,
        title=report.title,
        source=report.source,
        url=report.url,
        published_at=normalised_timestamp(report.published_at),
        language=report.language,
        external_id=report.external_id,
    )


def reanalysed(claims: Sequence[ClaimRecord]) -> list[tuple[int, Analysis]]:
    """Stored claims analysed again, as ingest analyses them (against their report's date): the
    upgrade path when the analyser has learnt more than the stored analyses hold."""
    return [(c.id, analyse(c.text, _stored_date(c.published_at))) for c in claims]


def _stored_date(published_at: str | None) -> date | None:
    try:
        return reference_date(published_at)
    except InvalidInput:
        return None  # stored before dates were checked: read like a claim with no date


def prepare_claim(claim: ClaimIn) -> NewClaim:
    """A single claim posted by another app: analysed as is, whatever its check-worthiness."""
    for field in ("text", "source", "url", "claimant"):
        _reject_control_characters(field, getattr(claim, field))
    when = reference_date(claim.published_at)
    return NewClaim(
        text=claim.text,
        checkworthiness=1.0,
        analysis=analyse(claim.text, when),
        source=claim.source,
        url=claim.url,
        published_at=normalised_timestamp(claim.published_at),
        claimant=claim.claimant,
    )


# What can be ingested


class UncheckedReport(msgspec.Struct, frozen=True):
    """A decoded JSON value meant as a report (an item of a bulk body): checked against the wire
    type when it is prepared, so that a bad item fails alone."""

    value: Any


class NotJson(msgspec.Struct, frozen=True):
    """A line of an NDJSON body that is not UTF-8 JSON: rejected as an item, not as the body."""

    raw: bytes


Item = ReportIn | ClaimIn | ClaimReviewIn | UncheckedReport | NotJson
# What an item is counted as: a ClaimReview is stored as a one-claim report, but it is a claim.
ItemKind = Literal["report", "claim"]


def kind_of(item: Item) -> ItemKind:
    return "claim" if isinstance(item, ClaimIn | ClaimReviewIn) else "report"


# What came of it


class ReportStored(msgspec.Struct, frozen=True, kw_only=True):
    kind: ItemKind
    result: PutResult

    @property
    def outcome(self) -> Literal["created", "replaced"]:
        return "replaced" if self.result.replaced else "created"


class ClaimStored(msgspec.Struct, frozen=True, kw_only=True):
    claim: ClaimRecord
    kind: ItemKind = "claim"
    outcome: Literal["created"] = "created"


class Rejected(msgspec.Struct, frozen=True, kw_only=True):
    """An item that was not stored, and why: `undecodable` (not UTF-8 JSON), `wire` (not of
    the wire type: `detail` is msgspec's message) or `invalid` (of the wire type, but wrong:
    `field` and `detail` say how, as `InvalidInput` does)."""

    kind: ItemKind
    reason: Literal["undecodable", "wire", "invalid"]
    detail: str
    field: str | None = None
    outcome: Literal["rejected"] = "rejected"

    def error(self) -> InvalidInput:
        return InvalidInput(self.field or "body", self.detail)


Outcome = ReportStored | ClaimStored | Rejected
Prepared = NewReport | NewClaim | Rejected


class IngestObserver(Protocol):
    """Told of every ingest's outcomes once they are stored (the metrics count them)."""

    def ingested(self, outcomes: Sequence[Outcome]) -> None: ...


class Preparer(Protocol):
    """Maps a module-level function over chunks of items, in worker processes or a thread
    (`service.ingest.preparing.ReportPreparer`)."""

    async def map(self, work: Callable[[list[T]], list[R]], items: Sequence[T]) -> list[R]: ...


# The path


async def ingest(
    store: Store,
    preparer: Preparer,
    items: Sequence[Item],
    *,
    observer: IngestObserver | None = None,
    atomic: bool = False,
) -> list[Outcome]:
    """Prepare and store `items`; one outcome per item, in order. The reports go in one
    transaction. `atomic`: when any item is rejected nothing is stored, and the first
    rejection is raised (`InvalidInput`), as for a single posted report."""
    prepared = await prepare(preparer, items)
    rejected = [p for p in prepared if isinstance(p, Rejected)]
    if atomic and rejected:
        if observer is not None:
            observer.ingested(rejected)
        raise rejected[0].error()
    return await store_prepared(store, items, prepared, observer=observer)


async def prepare(preparer: Preparer, items: Sequence[Item]) -> list[Prepared]:
    """The first half of `ingest`: each item prepared, or rejected."""
    return await preparer.map(prepare_items, items)


async def store_prepared(
    store: Store,
    items: Sequence[Item],
    prepared: Sequence[Prepared],
    *,
    observer: IngestObserver | None = None,
) -> list[Outcome]:
    """The second half of `ingest` (`factcheck ingest` prepares the next batch meanwhile)."""
    reports = [p for p in prepared if isinstance(p, NewReport)]
    stored = iter(await store.put_reports(reports)) if reports else iter(())
    outcomes: list[Outcome] = []
    for item, ready in zip(items, prepared, strict=True):
        if isinstance(ready, NewReport):
            outcomes.append(ReportStored(kind=kind_of(item), result=next(stored)))
        elif isinstance(ready, NewClaim):
            outcomes.append(ClaimStored(claim=await store.put_claim(ready)))
        else:
            outcomes.append(ready)
    if observer is not None:
        observer.ingested(outcomes)
    return outcomes


def prepare_items(items: list[Item]) -> list[Prepared]:
    """Run in the preparing worker processes: pure, CPU-bound, and free of the HTTP edge."""
    return [_prepare(item) for item in items]


def _prepare(item: Item) -> Prepared:
    kind = kind_of(item)
    if isinstance(item, NotJson):
        return Rejected(kind=kind, reason="undecodable", detail="this line is not UTF-8 JSON")
    try:
        if isinstance(item, UncheckedReport):
            item = msgspec.convert(item.value, ReportIn)
        if isinstance(item, ReportIn):
            return prepare_report(item)
        if isinstance(item, ClaimIn):
            return prepare_claim(item)
        # Imported here: service.ingest.claimreview builds on this module's helpers.
        from service.ingest.claimreview import prepare_claimreview

        return prepare_claimreview(item)
    except msgspec.ValidationError as exc:
        return Rejected(kind=kind, reason="wire", detail=str(exc))
    except InvalidInput as exc:
        return Rejected(kind=kind, reason="invalid", detail=exc.reason, field=exc.field)
