"""The storage protocol every backend implements; the core and the edge see only this."""

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from schemas.analysis import Analysis
from service.store.records import (
    Change,
    ClaimFilter,
    ClaimRecord,
    NewClaim,
    NewReport,
    PutResult,
    ReportRecord,
)
from service.store.watch_base import WatchStore


class Store(WatchStore, Protocol):
    """Durable reports and claims, a change feed of claims keyed by a store revision, and
    watches (see WatchStore).

    Every write that touches claims bumps the revision (monotonic, never reused) and records one
    `Change` per claim touched, in the same transaction as the write itself.
    Pagination is by id: `after_id` is the last id of the previous page, ids ascend.
    """

    async def open(self) -> None:
        """Connect and apply pending migrations (idempotent)."""

    async def close(self) -> None: ...

    async def ready(self) -> bool:
        """True when the store answers and its schema is at the current version."""

    async def put_reports(self, reports: Sequence[NewReport]) -> list[PutResult]:
        """Store reports in one transaction, in order. A report whose external_id, or whose
        (content_hash, source), matches a stored one replaces it: same id, new text and claims."""

    async def get_report(self, report_id: int) -> ReportRecord | None: ...

    async def get_report_by_external_id(self, external_id: str) -> ReportRecord | None: ...

    async def list_reports(
        self, *, limit: int, after_id: int | None = None, updated_since: str | None = None
    ) -> list[ReportRecord]:
        """Reports by id after `after_id`; with `updated_since` (an ISO date or date-time,
        UTC unless it has an offset), only those stored or replaced since then."""

    async def delete_report(self, report_id: int) -> bool:
        """Delete a report and its claims; False when there was none."""

    async def put_claim(self, claim: NewClaim) -> ClaimRecord:
        """Store a claim that belongs to no report."""

    async def get_claim(self, claim_id: int) -> ClaimRecord | None: ...

    async def replace_analyses(self, analyses: Sequence[tuple[int, Analysis]]) -> int:
        """Store a new analysis for each (claim id, analysis) of claims that exist (an analyser
        upgrade: `factcheck reanalyse`); how many were replaced. Texts, ids and the change feed
        stay as they are: the search index reads texts only."""

    async def get_claims(self, claim_ids: Sequence[int]) -> list[ClaimRecord]:
        """The claims that exist among `claim_ids`, in no particular order."""

    async def claim_languages(self, claim_ids: Sequence[int]) -> dict[int, str]:
        """The language of each claim that exists among `claim_ids`: its report's language,
        "en" for a claim posted on its own (those are matched as English)."""

    async def report_claims(self, report_id: int) -> list[ClaimRecord]:
        """A report's claims in text order."""

    async def list_claims(
        self, *, limit: int, after_id: int | None = None, where: ClaimFilter | None = None
    ) -> list[ClaimRecord]: ...

    async def delete_claim(self, claim_id: int) -> bool: ...

    async def signing_key(self, purpose: str) -> bytes:
        """A random 32-byte key for `purpose`, made on first use and kept in the store: every
        process serving the same store gets the same key (the first writer's, if two race)."""

    async def revision(self) -> int:
        """The current store revision (0 for an empty, never-written store)."""

    async def wait_for_change(self, revision: int, timeout: float) -> int:  # noqa: ASYNC109 - returns a value at the deadline
        """The current revision as soon as it is greater than `revision`, or after `timeout`
        seconds, whichever comes first; writes by other processes are seen too."""

    async def changes_since(self, revision: int, *, limit: int = 10_000) -> list[Change]:
        """Changes with a revision greater than `revision`, oldest first."""

    def iter_claims(self, *, batch_size: int = 5_000) -> AsyncIterator[list[ClaimRecord]]:
        """Every stored claim, in id order, in batches: for rebuilding the search index."""

    async def count_claims(self) -> int: ...

    async def count_reports(self) -> int: ...

    async def backup(self, target: str) -> None:
        """Write a consistent copy of the store to the new file `target`, while it serves.

        SQLite: a compacted database file (`VACUUM INTO`); PostgreSQL: a `pg_dump` archive in
        custom format (restore with `pg_restore`). An existing `target` is refused.
        """
