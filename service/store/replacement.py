"""Which stored report each incoming report replaces, and how much of a batch to write at once.

The rule, the same in every backend:
1. a report replaces the stored report with the same `external_id`;
2. failing that, the stored report with the same text (`content_hash`) and `source` (None
   matches None), the oldest first, unless both carry an external_id: two different
   external ids name two different documents, even when their text is the same.
The replacement keeps the stored id, created_at and, when the new report has none, its
external_id.

A batch is written as if its reports were stored one by one, in order. Backends write it in
rounds, each round in bulk: a round ends before the first report that could collide with one
already in the round, so the later report sees the earlier one in the database and replaces it.
"""

from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from service.store.codec import claim_from_values, claim_values, report_record
from service.store.records import NewReport, PutResult


class StoredReport(msgspec.Struct, frozen=True, kw_only=True):
    """The identity of a stored report, enough to decide a replacement."""

    id: int
    external_id: str | None
    content_hash: str
    source: str | None
    created_at: str


class Placement(msgspec.Struct, frozen=True, kw_only=True):
    """Where one incoming report goes: a new row, or over `replaces`."""

    report: NewReport
    replaces: StoredReport | None

    @property
    def external_id(self) -> str | None:
        if self.report.external_id is None and self.replaces is not None:
            return self.replaces.external_id
        return self.report.external_id


class StoredIndex:
    """Stored reports looked up by the two keys a replacement can match on."""

    def __init__(self, stored: Sequence[StoredReport]) -> None:
        self._by_external_id = {s.external_id: s for s in stored if s.external_id is not None}
        self._by_content: dict[tuple[str, str | None], list[StoredReport]] = {}
        for candidate in sorted(stored, key=lambda s: s.id):
            self._by_content.setdefault((candidate.content_hash, candidate.source), []).append(
                candidate
            )

    def match(self, report: NewReport) -> StoredReport | None:
        if report.external_id is not None and report.external_id in self._by_external_id:
            return self._by_external_id[report.external_id]
        for candidate in self._by_content.get((report.content_hash, report.source), ()):
            if candidate.external_id is None or report.external_id is None:
                return candidate
        return None


def lookup_keys(reports: Sequence[NewReport]) -> tuple[list[str], list[str]]:
    """The external ids and content hashes to fetch stored candidates for."""
    external_ids = sorted({r.external_id for r in reports if r.external_id is not None})
    content_hashes = sorted({r.content_hash for r in reports})
    return external_ids, content_hashes


def plan_round(pending: Sequence[NewReport], stored: Sequence[StoredReport]) -> list[Placement]:
    """The longest prefix of `pending` (at least one report) that can be written in bulk.

    `stored` holds the stored reports sharing an external id or content hash with `pending`.
    """
    index = StoredIndex(stored)
    placements: list[Placement] = []
    keys_in_round: set[tuple[str | None, ...]] = set()
    targets_in_round: set[int] = set()
    for report in pending:
        # Conservative: reports sharing either key may collide, so they go to the next round.
        keys: set[tuple[str | None, ...]] = {("content", report.content_hash, report.source)}
        if report.external_id is not None:
            keys.add(("external", report.external_id))
        target = index.match(report)
        if placements and (
            keys & keys_in_round or (target is not None and target.id in targets_in_round)
        ):
            break
        placements.append(Placement(report=report, replaces=target))
        keys_in_round |= keys
        if target is not None:
            targets_in_round.add(target.id)
    return placements


class RoundRows(msgspec.Struct, kw_only=True):
    """The rows one round writes, in the column orders every backend's statements use.

    report_inserts: (id, external_id, content_hash, source, title, url, published_at,
    language, text, claim_count, created_at, updated_at); report_updates: the same fields from
    external_id to claim_count, then updated_at and id; claim_inserts: `codec.CLAIM_COLUMNS`.
    """

    report_inserts: list[tuple[Any, ...]]
    report_updates: list[tuple[Any, ...]]
    claim_inserts: list[tuple[Any, ...]]
    results: list[PutResult]


def round_rows(
    placements: Sequence[Placement],
    *,
    now: str,
    report_ids: Iterable[int],
    claim_ids: Iterable[int],
) -> RoundRows:
    """Rows and results for `placements`; new reports and all claims take the given ids."""
    new_report_ids, new_claim_ids = iter(report_ids), iter(claim_ids)
    rows = RoundRows(report_inserts=[], report_updates=[], claim_inserts=[], results=[])
    for placement in placements:
        report, replaces = placement.report, placement.replaces
        report_id = next(new_report_ids) if replaces is None else replaces.id
        created_at = now if replaces is None else replaces.created_at
        fields = (
            placement.external_id,
            report.content_hash,
            report.source,
            report.title,
            report.url,
            report.published_at,
            report.language,
            report.text,
            len(report.claims),
        )
        if replaces is None:
            rows.report_inserts.append((report_id, *fields, created_at, now))
        else:
            rows.report_updates.append((*fields, now, report_id))
        claims = []
        for claim in report.claims:
            values = claim_values(
                claim,
                claim_id=next(new_claim_ids),
                report_id=report_id,
                report=report,
                created_at=now,
            )
            rows.claim_inserts.append(values)
            claims.append(claim_from_values(values, claim.analysis, claim.rating, now))
        record = report_record(
            report,
            report_id=report_id,
            external_id=placement.external_id,
            created_at=created_at,
            updated_at=now,
        )
        rows.results.append(PutResult(report=record, claims=claims, replaced=replaces is not None))
    return rows
