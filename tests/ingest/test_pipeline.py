"""The one ingest path: every item prepared and stored, or rejected with a domain error."""

from collections.abc import AsyncIterator, Sequence

import msgspec
import pytest

from schemas.claimreview import ClaimReviewIn
from schemas.claims import ClaimIn
from schemas.reports import ReportIn
from service.errors import InvalidInput
from service.ingest.pipeline import (
    ClaimStored,
    Item,
    NotJson,
    Outcome,
    Rejected,
    ReportStored,
    UncheckedReport,
    ingest,
)
from service.ingest.preparing import ReportPreparer
from service.store.sqlite.store import SqliteStore

REVIEW = {
    "@type": "ClaimReview",
    "claimReviewed": "North Korea has sent 100,000 soldiers to fight for Russia.",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "url": "https://factcheck.example/nk-100000",
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}


class Seen:
    def __init__(self) -> None:
        self.outcomes: list[Outcome] = []

    def ingested(self, outcomes: Sequence[Outcome]) -> None:
        self.outcomes.extend(outcomes)


@pytest.fixture
async def store() -> AsyncIterator[SqliteStore]:
    store = SqliteStore("sqlite:///:memory:")
    await store.open()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def preparer() -> ReportPreparer:
    return ReportPreparer(processes=1)


def impossible_date(report: ReportIn) -> ReportIn:
    """A report the wire type would refuse, as a caller holding a struct could still pass it."""
    return msgspec.structs.replace(report, published_at="2019-02-30")


async def test_every_item_gets_one_outcome_in_order_and_the_observer_sees_them(
    store: SqliteStore, preparer: ReportPreparer
) -> None:
    seen = Seen()
    report = ReportIn(text="Officials said 40 ships docked in May.", external_id="r-1")
    items: list[Item] = [
        report,
        UncheckedReport({"text": "   "}),
        impossible_date(ReportIn(text="Officials said 12 trains left.")),
        NotJson(b"{not json"),
        ClaimIn(text="The port handled 1,200 ships in May."),
        msgspec.convert(REVIEW, ClaimReviewIn),
        UncheckedReport({"text": "Officials said 41 ships docked.", "external_id": "r-1"}),
    ]

    outcomes = await ingest(store, preparer, items, observer=seen)

    assert [type(o).__name__ for o in outcomes] == [
        "ReportStored",
        "Rejected",
        "Rejected",
        "Rejected",
        "ClaimStored",
        "ReportStored",
        "ReportStored",
    ]
    assert [(o.kind, o.outcome) for o in outcomes] == [
        ("report", "created"),
        ("report", "rejected"),
        ("report", "rejected"),
        ("report", "rejected"),
        ("claim", "created"),
        ("claim", "created"),  # a review is stored as a one-claim report, and counted as a claim
        ("report", "replaced"),
    ]
    wire, invalid, undecodable = outcomes[1:4]
    assert isinstance(wire, Rejected)
    assert wire.reason == "wire"
    assert isinstance(invalid, Rejected)
    assert invalid.reason == "invalid"
    assert invalid.field == "published_at"
    assert isinstance(undecodable, Rejected)
    assert undecodable.reason == "undecodable"
    assert seen.outcomes == outcomes
    assert await store.count_reports() == 2  # r-1 (replaced) and the review's
    claim = outcomes[4]
    assert isinstance(claim, ClaimStored)
    assert await store.get_claim(claim.claim.id) == claim.claim


async def test_an_atomic_ingest_with_a_rejected_item_stores_nothing_and_raises_it(
    store: SqliteStore, preparer: ReportPreparer
) -> None:
    seen = Seen()
    good = ReportIn(text="Officials said 40 ships docked in May.")
    bad = impossible_date(ReportIn(text="Officials said 12 trains left."))

    with pytest.raises(InvalidInput, match="published_at") as raised:
        await ingest(store, preparer, [good, bad], observer=seen, atomic=True)

    assert raised.value.field == "published_at"
    assert await store.count_reports() == 0
    assert [(o.kind, o.outcome) for o in seen.outcomes] == [("report", "rejected")]


async def test_reports_prepared_in_worker_processes_are_stored_alike(
    store: SqliteStore,
) -> None:
    """The pool is what a large bulk uses; its outcomes are those of the thread."""
    reports = [ReportIn(text=f"Officials said {n} ships docked in May.") for n in range(40)]
    pooled = ReportPreparer(processes=2, pool_after=0)
    try:
        outcomes = await ingest(store, pooled, [*reports[:20], impossible_date(reports[20])])
    finally:
        pooled.close()
    assert all(isinstance(o, ReportStored) for o in outcomes[:20])
    assert isinstance(outcomes[20], Rejected)
    assert outcomes[20].field == "published_at"
