"""Writing a batch in bulk rounds ends as if its reports had been stored one by one."""

from collections.abc import Sequence

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from service.store.records import NewReport
from service.store.replacement import StoredIndex, StoredReport, plan_round

reports = st.builds(
    NewReport,
    text=st.just("body"),
    content_hash=st.sampled_from(["h1", "h2"]),
    claims=st.just([]),
    source=st.sampled_from([None, "A", "B"]),
    external_id=st.sampled_from([None, "e1", "e2", "e3"]),
)


class Model:
    """Stored reports as identities only, with ids handed out in order."""

    def __init__(self) -> None:
        self.rows: dict[int, StoredReport] = {}

    def store(self, report: NewReport, replaces: StoredReport | None) -> tuple[int, bool]:
        report_id = replaces.id if replaces is not None else len(self.rows) + 1
        external_id = report.external_id
        if external_id is None and replaces is not None:
            external_id = replaces.external_id
        self.rows[report_id] = StoredReport(
            id=report_id,
            external_id=external_id,
            content_hash=report.content_hash,
            source=report.source,
            created_at="t",
        )
        return report_id, replaces is not None

    def one_by_one(self, batch: Sequence[NewReport]) -> list[tuple[int, bool]]:
        return [self.store(r, StoredIndex(list(self.rows.values())).match(r)) for r in batch]

    def in_rounds(self, batch: Sequence[NewReport]) -> list[tuple[int, bool]]:
        outcomes: list[tuple[int, bool]] = []
        while len(outcomes) < len(batch):
            placements = plan_round(batch[len(outcomes) :], list(self.rows.values()))
            outcomes.extend(self.store(p.report, p.replaces) for p in placements)
        return outcomes


@given(st.lists(reports, max_size=6), st.lists(reports, min_size=1, max_size=8))
def test_bulk_rounds_store_a_batch_as_one_by_one_would(
    earlier: list[NewReport], batch: list[NewReport]
) -> None:
    sequential, bulk = Model(), Model()
    sequential.one_by_one(earlier)
    bulk.one_by_one(earlier)

    assert bulk.in_rounds(batch) == sequential.one_by_one(batch)
    assert bulk.rows == sequential.rows


@given(st.lists(reports, min_size=1, max_size=8))
def test_a_round_always_takes_at_least_one_report(batch: list[NewReport]) -> None:
    model = Model()
    model.one_by_one(batch)

    assert len(plan_round(batch, list(model.rows.values()))) >= 1


def test_different_external_ids_never_replace_each_other_by_text() -> None:
    stored = StoredReport(id=1, external_id="a", content_hash="h", source="S", created_at="t")
    report = NewReport(text="x", content_hash="h", claims=[], source="S", external_id="b")

    assert StoredIndex([stored]).match(report) is None
    assert StoredIndex([stored]).match(msgspec.structs.replace(report, external_id=None)) == stored
